// mimalloc: allocation is a large share of a request's work (JSON trees), and it returns freed
// memory to the system more readily than glibc's arenas.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let server = lmsgate::Lmsgate::new();
    // The plugins this binary is built with.
    #[cfg(feature = "example-plugin")]
    let server = server.plugin(&local_example::PLUGIN);
    server.main()
}
