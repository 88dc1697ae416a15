//! Existing Moodle client libraries, used unchanged against lmsgate.
use crate::common;

use std::path::Path;
use std::process::Command;

use common::TestServer;

#[tokio::test]
async fn node_moodle_client_works_unchanged() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients/node");
    if !dir.join("node_modules/moodle-client").exists() {
        assert!(std::env::var("CI").is_err(), "CI must install the client: npm ci --prefix tests/clients/node");
        eprintln!("skipped: run `npm ci --prefix tests/clients/node` to test with node-moodle-client");
        return;
    }
    let s = TestServer::start().await;
    let out = tokio::task::spawn_blocking({
        let (url, password) = (s.base.clone(), s.admin_password.clone());
        move || {
            Command::new("node")
                .arg("smoke.js")
                .current_dir(&dir)
                .env("LMSGATE_URL", url)
                .env("LMSGATE_ADMIN_PASSWORD", password)
                .output()
                .expect("node is installed")
        }
    })
    .await
    .unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "node-moodle-client failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("6 passed, 0 failed"), "{stdout}");
    s.stop().await;
}
