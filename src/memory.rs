//! A node's memory after start-up. Starting runs code that serving never runs again (migrations,
//! the install, configuration, the command line); its pages of the executable stayed resident,
//! about 4 MB of a node's RSS. Once started, the server lets go of the executable's code pages:
//! those a request runs are mapped again from the page cache (minor faults, no disk read), the
//! others stay out.
//!
//! Serving does the same on a smaller scale: a fault maps the 64 KiB around the page it needs
//! (the kernel's fault-around), mostly other functions' cold code, so each kind of call run once
//! left a few MB resident for good (16 MB of code after site info alone, 23 MB after the whole
//! bench). So the code pages are let go again every [`RELEASE_EVERY`]: the RSS holds the code the
//! node has run lately, not all it ever ran.

use std::time::Duration;

/// How often the code pages are let go while serving. What runs comes back at once by minor
/// faults (a few hundred, about a millisecond of one core per period).
pub const RELEASE_EVERY: Duration = Duration::from_secs(10);

/// Unmaps the resident pages of the executable's code (its `r-xp` mappings) now, and again every
/// [`RELEASE_EVERY`] on a thread of its own: once per process, later calls do nothing. Linux only;
/// elsewhere, and whenever `/proc` cannot be read, nothing happens.
pub fn release_code_pages() {
    #[cfg(target_os = "linux")]
    {
        static STARTED: std::sync::Once = std::sync::Once::new();
        STARTED.call_once(|| {
            linux::release_code();
            release_every(RELEASE_EVERY);
        });
    }
}

/// Lets go of the code pages every `period`, on a thread of its own.
#[cfg(target_os = "linux")]
fn release_every(period: Duration) {
    let spawned = std::thread::Builder::new().name("code-pages".into()).stack_size(64 << 10).spawn(move || {
        loop {
            std::thread::sleep(period);
            linux::release_code();
        }
    });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "code pages are released at start only");
    }
}

#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
mod linux {
    use nix::sys::mman::{MmapAdvise, madvise};

    /// The executable's code mappings (`r-xp`), as address ranges, from `/proc/self/maps`.
    pub(super) fn code_ranges() -> Vec<(usize, usize)> {
        let (Ok(exe), Ok(maps)) = (std::fs::read_link("/proc/self/exe"), std::fs::read_to_string("/proc/self/maps"))
        else {
            return Vec::new();
        };
        let Some(exe) = exe.to_str() else { return Vec::new() };
        maps.lines()
            .filter_map(|line| {
                // start-end perms offset device inode path
                let fields: Vec<&str> = line.split_whitespace().collect();
                let [range, "r-xp", _, _, _, path] = fields[..] else { return None };
                let (start, end) = range.split_once('-')?;
                let (start, end) = (usize::from_str_radix(start, 16).ok()?, usize::from_str_radix(end, 16).ok()?);
                (path == exe && end > start).then_some((start, end))
            })
            .collect()
    }

    pub fn release_code() {
        for (start, end) in code_ranges() {
            let Some(addr) = std::ptr::NonNull::new(start as *mut std::ffi::c_void) else { continue };
            // SAFETY: the range is a private, read-only, executable mapping of the executable's
            // file, which is never written: MADV_DONTNEED only unmaps its pages, and the next
            // access maps the same bytes again from the file. No Rust object lives in it.
            let _ = unsafe { madvise(addr, end - start, MmapAdvise::MADV_DONTNEED) };
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    /// Resident kB of the executable's code mappings, from `/proc/self/smaps`: counted from the
    /// page tables, exact (`RssFile` in `/proc/self/status` is an approximate per-CPU sum).
    fn resident_code_kb() -> u64 {
        let code: Vec<String> =
            super::linux::code_ranges().iter().map(|(start, end)| format!("{start:08x}-{end:08x}")).collect();
        let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap();
        let (mut in_code, mut total) = (false, 0);
        for line in smaps.lines() {
            let mut fields = line.split_whitespace();
            match fields.next() {
                Some("Rss:") if in_code => total += fields.next().unwrap().parse::<u64>().unwrap(),
                Some(first) if !first.ends_with(':') => in_code = code.iter().any(|range| range == first),
                _ => {}
            }
        }
        total
    }

    /// Reads a byte of every page of the executable's code, so that all of it is resident.
    #[allow(unsafe_code)]
    fn touch_all_code() {
        for (start, end) in super::linux::code_ranges() {
            for page in (start..end).step_by(4096) {
                // SAFETY: a readable mapping of this process, read in place.
                unsafe { std::ptr::read_volatile(page as *const u8) };
            }
        }
    }

    #[test]
    fn the_executables_code_pages_are_let_go_and_run_again_at_start_and_while_serving() {
        let code_kb = super::linux::code_ranges().iter().map(|(start, end)| (end - start) / 1024).sum::<usize>() as u64;
        touch_all_code();
        let before = resident_code_kb();
        assert_eq!(before, code_kb, "every code page is resident once touched");
        super::linux::release_code();
        // `resident_code_kb` ran before: its code is mapped back as it runs again.
        let after = resident_code_kb();
        assert!(after < before, "resident code {before} kB -> {after} kB");
        // And again while serving: with all of it touched, a page goes within a period (nothing
        // else unmaps code; how much of it the running threads fault back varies).
        super::release_every(std::time::Duration::from_millis(20));
        touch_all_code();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while resident_code_kb() >= code_kb {
            assert!(std::time::Instant::now() < deadline, "all {code_kb} kB of code stay resident");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }
}
