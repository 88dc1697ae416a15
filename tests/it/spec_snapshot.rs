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

/// Every property of every schema, and every operation parameter, has a description: SDK
/// generators turn them into the doc comments people read.
#[test]
fn every_field_is_described() {
    let out = Command::new(env!("CARGO_BIN_EXE_lmsgate")).arg("openapi").output().expect("lmsgate runs");
    let spec: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let mut missing = Vec::new();
    for (name, schema) in spec["components"]["schemas"].as_object().unwrap() {
        for (prop, value) in schema["properties"].as_object().into_iter().flatten() {
            if !value["description"].is_string() {
                missing.push(format!("{name}.{prop}"));
            }
        }
    }
    for (path, item) in spec["paths"].as_object().unwrap() {
        for op in item.as_object().unwrap().values() {
            for param in op["parameters"].as_array().into_iter().flatten() {
                if !param["description"].is_string() {
                    missing.push(format!("{path} {}", param["name"]));
                }
            }
        }
    }
    assert!(missing.is_empty(), "fields without a description: {missing:?}");
}
