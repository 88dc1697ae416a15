// mimalloc: allocation is a large share of a request's work (JSON trees), and it returns freed
// memory to the system more readily than glibc's arenas.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (the same index in its v2 and v3 headers).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> std::process::ExitCode {
    // Freed pages go back to the system at once, not after mimalloc v3's default second: after a
    // burst of large answers (a 1,000-user list on eight connections) the node's RSS falls back
    // instead of holding the burst's peak for the next one to stack on.
    // SAFETY: sets a plain integer option; mimalloc reads it at each purge.
    #[allow(unsafe_code)]
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0)
    };
    let server = lmsgate::Lmsgate::new();
    // The plugins this binary is built with.
    #[cfg(feature = "example-plugin")]
    let server = server.plugin(&local_example::PLUGIN);
    server.main()
}
