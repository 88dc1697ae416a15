// mimalloc: allocation is a large share of a request's work (JSON trees), and it returns freed
// memory to the system more readily than glibc's arenas.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (the same index in its v2 and v3 headers).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> std::process::ExitCode {
    // Freed pages go back to the system at once, not after mimalloc v3's default second: after a
    // burst of large answers (a 1,000-user list on eight connections) the node's RSS falls back
    // instead of holding the burst's peak for the next one to stack on. mimalloc's own
    // `MIMALLOC_PURGE_DELAY` (milliseconds), when set, is left to decide.
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets a plain integer option; mimalloc reads it at each purge.
        #[allow(unsafe_code)]
        unsafe {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0)
        };
    }
    sqlite_on_mimalloc::install();
    let server = lmsgate::Lmsgate::new();
    // The plugins this binary is built with.
    #[cfg(feature = "example-plugin")]
    let server = server.plugin(&local_example::PLUGIN);
    server.main()
}

/// SQLite allocates through mimalloc as Rust does. Through glibc, each pooled connection's thread
/// kept an arena of its own, and freed memory stayed in it: about 5 MB a connection after a burst
/// of 1,000-user lists, never given back.
#[allow(unsafe_code)]
mod sqlite_on_mimalloc {
    use std::ffi::{c_int, c_void};

    use libmimalloc_sys as mi;
    use libsqlite3_sys as sqlite;

    // SQLite's sizes are `int`; it never asks for more than `i32::MAX` bytes.
    fn size(n: c_int) -> usize {
        usize::try_from(n).unwrap_or(0)
    }
    fn int(n: usize) -> c_int {
        c_int::try_from(n).unwrap_or(c_int::MAX)
    }
    unsafe extern "C" fn malloc(n: c_int) -> *mut c_void {
        unsafe { mi::mi_malloc(size(n)) }
    }
    unsafe extern "C" fn free(p: *mut c_void) {
        unsafe { mi::mi_free(p) }
    }
    unsafe extern "C" fn realloc(p: *mut c_void, n: c_int) -> *mut c_void {
        unsafe { mi::mi_realloc(p, size(n)) }
    }
    unsafe extern "C" fn usable_size(p: *mut c_void) -> c_int {
        int(unsafe { mi::mi_usable_size(p) })
    }
    unsafe extern "C" fn roundup(n: c_int) -> c_int {
        int(unsafe { mi::mi_good_size(size(n)) })
    }
    unsafe extern "C" fn init(_: *mut c_void) -> c_int {
        sqlite::SQLITE_OK
    }
    unsafe extern "C" fn shutdown(_: *mut c_void) {}

    /// Must run before SQLite's first use (SQLite refuses the change once initialised).
    pub fn install() {
        let methods = sqlite::sqlite3_mem_methods {
            xMalloc: Some(malloc),
            xFree: Some(free),
            xRealloc: Some(realloc),
            xSize: Some(usable_size),
            xRoundup: Some(roundup),
            xInit: Some(init),
            xShutdown: Some(shutdown),
            pAppData: std::ptr::null_mut(),
        };
        // SAFETY: called first thing in `main`, before any connection; SQLite copies the struct,
        // and the functions keep mimalloc's contract (sizes, alignment, `free` of null).
        let rc = unsafe { sqlite::sqlite3_config(sqlite::SQLITE_CONFIG_MALLOC, &methods as *const _) };
        debug_assert_eq!(rc, sqlite::SQLITE_OK);
    }
}
