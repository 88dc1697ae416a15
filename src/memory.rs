//! A node's memory after start-up. Starting runs code that serving never runs again (migrations,
//! the install, configuration, the command line); its pages of the executable stayed resident,
//! about 4 MB of a node's RSS. Once started, the server lets go of the executable's code pages:
//! those a request runs are mapped again from the page cache (minor faults, no disk read), the
//! others stay out.

/// Unmaps the resident pages of the executable's code (its `r-xp` mappings). Linux only;
/// elsewhere, and whenever `/proc` cannot be read, nothing happens.
pub fn release_startup_code() {
    #[cfg(target_os = "linux")]
    linux::release_startup_code();
}

#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
mod linux {
    use nix::sys::mman::{MmapAdvise, madvise};

    pub fn release_startup_code() {
        let (Ok(exe), Ok(maps)) = (std::fs::read_link("/proc/self/exe"), std::fs::read_to_string("/proc/self/maps"))
        else {
            return;
        };
        let Some(exe) = exe.to_str() else { return };
        for line in maps.lines() {
            // start-end perms offset device inode path
            let fields: Vec<&str> = line.split_whitespace().collect();
            let [range, "r-xp", _, _, _, path] = fields[..] else { continue };
            let Some((start, end)) = range.split_once('-') else { continue };
            let (Ok(start), Ok(end)) = (usize::from_str_radix(start, 16), usize::from_str_radix(end, 16)) else {
                continue;
            };
            if path != exe || end <= start {
                continue;
            }
            // SAFETY: the range is a private, read-only, executable mapping of the executable's
            // file, which is never written: MADV_DONTNEED only unmaps its pages, and the next
            // access maps the same bytes again from the file. No Rust object lives in it.
            let Some(addr) = std::ptr::NonNull::new(start as *mut std::ffi::c_void) else { continue };
            let _ = unsafe { madvise(addr, end - start, MmapAdvise::MADV_DONTNEED) };
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    /// The process's resident pages of mapped files, in kB (`RssFile`).
    fn rss_file_kb() -> u64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let line = status.lines().find(|l| l.starts_with("RssFile:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }

    #[test]
    fn the_executables_code_pages_are_let_go_and_run_again() {
        let before = rss_file_kb();
        super::release_startup_code();
        // `rss_file_kb` ran before: its code is mapped back as it runs again.
        let after = rss_file_kb();
        assert!(after < before, "RssFile {before} kB -> {after} kB");
    }
}
