//! Shapes checked against Moodle: every implemented Moodle function's parameters and 200 answer in
//! the spec, key by key against Moodle 4.5's own description (`tests/data/moodle-4.5-functions.json.gz`,
//! dumped from a real Moodle with `external_api::external_function_info`; the same walk as
//! `shared/tools/moodle_conformance.py`). `tests/data/conformance-ratchet.json` records each
//! function's coverage: none may drop, and a function not yet recorded must be at 100%.
//! lmsgate's own functions (not in Moodle) are exempt. `LMSGATE_UPDATE_RATCHET=1` rewrites the
//! file after an improvement.
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use serde_json::{Map, Value, json};

#[derive(Default)]
struct Tally {
    ok: u32,
    total: u32,
    problems: Vec<String>,
}

struct Spec<'a> {
    schemas: &'a Map<String, Value>,
}

impl<'a> Spec<'a> {
    /// Follows `$ref` and single-element `allOf`/`anyOf`/`oneOf` wrappers.
    fn resolve(&self, mut s: &'a Value) -> &'a Value {
        for _ in 0..50 {
            if let Some(r) = s.get("$ref").and_then(Value::as_str) {
                s = self.schemas.get(r.rsplit('/').next().unwrap_or_default()).unwrap_or(&Value::Null);
                continue;
            }
            let inner = ["allOf", "anyOf", "oneOf"].iter().find_map(|c| {
                s.get(*c)?.as_array()?.iter().find(|p| {
                    p.get("type").and_then(Value::as_str) != Some("null")
                        && (p.get("$ref").is_some() || p.get("type").is_some() || p.get("properties").is_some())
                })
            });
            match inner {
                Some(next) => s = next,
                None => break,
            }
        }
        s
    }

    fn kind(&self, s: &Value) -> &'static str {
        let s = self.resolve(s);
        let t = match s.get("type") {
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).find(|t| *t != "null"),
            other => other.and_then(Value::as_str),
        };
        match t {
            Some("array") => "list",
            Some("object") => "object",
            _ if s.get("properties").is_some() => "object",
            Some("integer") => "integer",
            Some("number") => "number",
            Some("boolean") => "boolean",
            Some("string") => "string",
            None if s.get("enum").is_some() => "string",
            _ => "any",
        }
    }
}

fn family(moodle_type: &str) -> &'static str {
    match moodle_type.to_ascii_lowercase().as_str() {
        "int" => "integer",
        "float" => "number",
        "bool" => "boolean",
        _ => "string",
    }
}

fn count_nodes(d: &Value) -> u32 {
    match d["kind"].as_str() {
        Some("object") => 1 + d["keys"].as_object().map_or(0, |k| k.values().map(count_nodes).sum()),
        Some("list") => 1 + count_nodes(&d["content"]),
        _ => 1,
    }
}

fn walk(spec: &Spec, moodle: &Value, schema: Option<&Value>, path: &str, returns: bool, out: &mut Tally) {
    out.total += 1;
    let at = if path.is_empty() { "(root)" } else { path };
    let Some(schema) = schema else {
        out.problems.push(format!("missing: {at}"));
        return;
    };
    let s = spec.resolve(schema);
    let got = spec.kind(s);
    match moodle["kind"].as_str() {
        Some("object") => {
            if got != "object" {
                return out.problems.push(format!("type: {at}: Moodle object, lmsgate {got}"));
            }
            out.ok += 1;
            let empty = Map::new();
            let props = s.get("properties").and_then(Value::as_object).unwrap_or(&empty);
            let required: Vec<&str> = s
                .get("required")
                .and_then(Value::as_array)
                .map_or(vec![], |r| r.iter().filter_map(Value::as_str).collect());
            for (key, sub) in moodle["keys"].as_object().unwrap_or(&empty) {
                let sub_path = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                let Some(prop) = props.get(key) else {
                    out.total += count_nodes(sub);
                    out.problems.push(format!("missing: {sub_path}"));
                    continue;
                };
                let moodle_required = sub["required"] == "required";
                let ours = required.contains(&key.as_str());
                if returns && moodle_required && !ours {
                    out.problems
                        .push(format!("required: {sub_path}: Moodle always returns it, lmsgate marks it optional"));
                }
                if !returns && !moodle_required && ours {
                    out.problems.push(format!("required: {sub_path}: optional in Moodle, required by lmsgate"));
                }
                walk(spec, sub, Some(prop), &sub_path, returns, out);
            }
        }
        Some("list") => {
            if got != "list" {
                return out.problems.push(format!("type: {at}: Moodle list, lmsgate {got}"));
            }
            out.ok += 1;
            walk(spec, &moodle["content"], s.get("items"), &format!("{path}[]"), returns, out);
        }
        _ => {
            let moodle_type = moodle["type"].as_str().unwrap_or_default();
            let want = family(moodle_type);
            if got == "object" || got == "list" || (got != "any" && got != want) {
                return out.problems.push(format!("type: {at}: Moodle {moodle_type} ({want}), lmsgate {got}"));
            }
            out.ok += 1;
        }
    }
}

/// The JSON schema of an operation's request body or 200 answer.
fn body_schema<'a>(op: &'a Value, pointer: &str) -> Option<&'a Value> {
    op.pointer(pointer)?
        .as_object()?
        .iter()
        .find(|(media, _)| media.contains("json"))
        .and_then(|(_, b)| b.get("schema"))
}

/// (ok, total, problems) for every spec operation that Moodle describes.
fn coverage(spec_doc: &Value, moodle: &Map<String, Value>) -> BTreeMap<String, Tally> {
    let spec = Spec { schemas: spec_doc.pointer("/components/schemas").and_then(Value::as_object).expect("schemas") };
    let mut out = BTreeMap::new();
    for item in spec_doc["paths"].as_object().expect("paths").values() {
        for op in item.as_object().expect("path item").values() {
            let Some(name) = op.get("operationId").and_then(Value::as_str) else { continue };
            let Some(m) = moodle.get(name) else { continue };
            let mut tally = Tally::default();
            let no_params = json!({"kind": "object", "keys": {}});
            let empty = json!({"type": "object", "properties": {}});
            let params = if m["parameters"].is_null() { &no_params } else { &m["parameters"] };
            let request = body_schema(op, "/requestBody/content").unwrap_or(&empty);
            walk(&spec, params, Some(request), "", false, &mut tally);
            if !m["returns"].is_null() {
                walk(&spec, &m["returns"], body_schema(op, "/responses/200/content"), "", true, &mut tally);
            }
            out.insert(name.to_string(), tally);
        }
    }
    out
}

fn moodle_functions() -> Map<String, Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let gz = std::fs::read(root.join("tests/data/moodle-4.5-functions.json.gz")).expect("Moodle's descriptions");
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut text).expect("gzip");
    let mut all: Value = serde_json::from_str(&text).expect("JSON");
    all["functions"].take().as_object().cloned().expect("functions")
}

#[test]
fn implemented_moodle_functions_never_lose_conformance_and_new_ones_are_complete() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec: Value =
        serde_json::from_slice(&std::fs::read(root.join("openapi/lmsgate.openapi.json")).expect("spec snapshot"))
            .unwrap();
    let found = coverage(&spec, &moodle_functions());
    assert!(found.len() >= 39, "the catalogue's Moodle functions were found in the spec ({})", found.len());

    let ratchet_path = root.join("tests/data/conformance-ratchet.json");
    let now: BTreeMap<&str, [u32; 2]> = found.iter().map(|(n, t)| (n.as_str(), [t.ok, t.total])).collect();
    if std::env::var_os("LMSGATE_UPDATE_RATCHET").is_some() {
        std::fs::write(&ratchet_path, serde_json::to_string_pretty(&now).unwrap() + "\n").unwrap();
    }
    let recorded: BTreeMap<String, [u32; 2]> =
        serde_json::from_slice(&std::fs::read(&ratchet_path).expect("ratchet file")).expect("ratchet JSON");

    let mut failures = Vec::new();
    for (name, tally) in &found {
        let complete = tally.problems.is_empty() && tally.ok == tally.total;
        // `LMSGATE_CONFORMANCE_REPORT=1 cargo test --test it conformance -- --nocapture` lists
        // what still differs.
        if !complete && std::env::var_os("LMSGATE_CONFORMANCE_REPORT").is_some() {
            eprintln!("{name}: {}/{}\n    {}", tally.ok, tally.total, tally.problems.join("\n    "));
        }
        match recorded.get(name) {
            None if !complete => failures.push(format!(
                "{name}: a new function must match Moodle's description completely ({}/{}):\n    {}",
                tally.ok,
                tally.total,
                tally.problems.join("\n    ")
            )),
            Some(&[ok, total]) if tally.ok * total < ok * tally.total || tally.ok < ok => failures.push(format!(
                "{name}: conformance dropped from {ok}/{total} to {}/{}:\n    {}",
                tally.ok,
                tally.total,
                tally.problems.join("\n    ")
            )),
            Some(&[ok, total]) if [tally.ok, tally.total] != [ok, total] => failures.push(format!(
                "{name}: now {}/{} (recorded {ok}/{total}): raise the ratchet with LMSGATE_UPDATE_RATCHET=1",
                tally.ok, tally.total
            )),
            _ => {}
        }
    }
    for name in recorded.keys().filter(|n| !found.contains_key(n.as_str())) {
        failures.push(format!("{name}: recorded in the ratchet but no longer in the spec"));
    }
    assert!(failures.is_empty(), "Moodle conformance:\n{}", failures.join("\n"));
}

#[test]
fn the_walk_counts_what_moodle_describes() {
    // A spec that has one of Moodle's two keys, with the wrong kind for a third.
    let moodle = json!({"f": {
        "parameters": {"kind": "object", "keys": {"a": {"kind": "value", "type": "int", "required": "required"}}},
        "returns": {"kind": "object", "keys": {
            "x": {"kind": "value", "type": "int", "required": "required"},
            "y": {"kind": "list", "content": {"kind": "value", "type": "raw"}, "required": "required"},
            "z": {"kind": "value", "type": "bool", "required": "required"}}}}});
    let spec = json!({"paths": {"/f": {"post": {"operationId": "f",
        "requestBody": {"content": {"application/json": {"schema": {"type": "object",
            "properties": {"a": {"type": "integer"}}, "required": ["a"]}}}},
        "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/R"}}}}}}}},
        "components": {"schemas": {"R": {"type": "object", "required": ["x"],
            "properties": {"x": {"type": "integer"}, "z": {"type": "string"}}}}}});
    let t = &coverage(&spec, moodle.as_object().unwrap())["f"];
    assert_eq!((t.ok, t.total), (4, 7), "{:?}", t.problems);
    assert!(t.problems.iter().any(|p| p == "missing: y"), "{:?}", t.problems);
    assert!(t.problems.iter().any(|p| p.starts_with("type: z")), "{:?}", t.problems);
}

/// Functions lmsgate lets browser front ends call through AJAX that Moodle's AJAX refuses (reads
/// a course page needs, all checked as on every protocol).
const AJAX_BEYOND_MOODLE: &[&str] = &[
    "core_course_get_courses_by_field",
    "core_course_get_contents",
    "core_course_get_categories",
    "core_enrol_get_enrolled_users",
    "core_enrol_get_users_courses",
    "core_enrol_get_course_enrolment_methods",
];

/// Each implemented Moodle function is where Moodle has it: in the mobile service exactly when
/// Functions Moodle lets callers without a session reach, which lmsgate does not: preferences
/// belong to a signed-in user.
const LOGIN_BEYOND_MOODLE: &[&str] = &["core_user_set_user_preferences"];

/// Functions Moodle declares reads although they write (lmsgate runs them as writes, in a
/// transaction).
const WRITES_MOODLE_CALLS_READS: &[&str] = &["core_course_set_favourite_courses"];

/// Moodle's `moodle_mobile_app` holds it (the app calls only what site info lists), callable
/// from AJAX (besides `AJAX_BEYOND_MOODLE`) and without login exactly as Moodle allows, a read
/// or a write as Moodle declares.
#[test]
fn implemented_functions_have_moodles_services_ajax_login_and_kind() {
    let moodle = moodle_functions();
    let mut differences = Vec::new();
    for e in crate::common::catalogue() {
        let Some(m) = moodle.get(e.info.name) else { continue };
        let mobile = m["services"].as_array().is_some_and(|s| s.iter().any(|x| x == "moodle_mobile_app"));
        let ours = (e.info.services.contains(&"moodle_mobile_app"), e.info.ajax, e.info.login_required);
        let ajax = m["ajax"] == true || AJAX_BEYOND_MOODLE.contains(&e.info.name);
        let login = m["loginrequired"] == true || LOGIN_BEYOND_MOODLE.contains(&e.info.name);
        let theirs = (mobile, ajax, login);
        if ours != theirs {
            differences.push(format!("{}: (mobile, ajax, login) ours {ours:?}, Moodle's {theirs:?}", e.info.name));
        }
        if e.info.kind.as_str() != m["type"] && !WRITES_MOODLE_CALLS_READS.contains(&e.info.name) {
            differences.push(format!(
                "{}: a {} in lmsgate, a {} in Moodle",
                e.info.name,
                e.info.kind.as_str(),
                m["type"]
            ));
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}
