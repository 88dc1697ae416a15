//! The committed OpenAPI document is the one the code produces, so SDK users can diff and pin it.
use std::path::Path;
use std::process::Command;

#[test]
fn committed_spec_matches_the_code() {
    let out = Command::new(env!("CARGO_BIN_EXE_lmsgate")).arg("openapi").output().expect("lmsgate runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi/lmsgate.openapi.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let produced = String::from_utf8(out.stdout).expect("UTF-8");
    if committed != produced {
        let line = committed.lines().zip(produced.lines()).position(|(a, b)| a != b).map_or(0, |i| i + 1);
        panic!(
            "openapi/lmsgate.openapi.json is out of date (first difference near line {line}).\n\
             Refresh it with: cargo run -q -- openapi > openapi/lmsgate.openapi.json"
        );
    }
}
