//! The real `lmsgate` binary as a child process: started on a random port, its log (stderr)
//! captured for the test to read once it has ended.
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};

/// A running server: the child, its base URL, and its log once it has ended.
pub struct Server {
    pub child: Child,
    pub base: String,
    log: Option<std::thread::JoinHandle<String>>,
}

/// The binary, with no database or admin settings inherited from the test's environment.
pub fn binary() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lmsgate"));
    cmd.env_remove("LMSGATE_DATABASE_URL");
    cmd
}

/// Runs `cmd serve` on 127.0.0.1:0 and waits for its listening line.
pub fn serve(mut cmd: Command) -> Server {
    let mut child = cmd
        .args(["serve", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start lmsgate");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let base = line.trim().strip_prefix("lmsgate listening on ").unwrap_or_else(|| panic!("{line}")).to_string();
    // Keep draining stdout (the first-start banner) so the server never blocks on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let mut stderr = child.stderr.take().unwrap();
    let log = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    Server { child, base, log: Some(log) }
}

/// A failed test does not leave its server running.
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// The server's log, once it has ended.
    pub fn log(&mut self) -> String {
        self.log.take().expect("the log is read once").join().unwrap()
    }

    /// Sends a signal (`TERM`, `KILL`, ...) to the server.
    pub fn signal(&self, name: &str) {
        let ok = Command::new("kill").arg(format!("-{name}")).arg(self.child.id().to_string()).status().unwrap();
        assert!(ok.success());
    }
}

/// A figure of `/proc/<pid>/status` in MB, e.g. `VmHWM` (peak resident memory) or `VmRSS`.
pub fn memory_mb(pid: u32, field: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.strip_prefix(field).is_some_and(|rest| rest.starts_with(':')))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
