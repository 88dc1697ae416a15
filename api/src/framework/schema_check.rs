//! Checks a JSON value against the schema poem-openapi generated for a parameter struct, before
//! the typed parse. The spec and the check come from the same place, so they cannot disagree,
//! and a failure names the field path (`users[0].email`) and the reason, which poem-openapi's own
//! parse errors do not (PITFALLS 2, 14). Moodle's rules: no extra keys, strict scalar types.
use std::collections::HashMap;
use std::sync::{LazyLock, RwLock};

use poem_openapi::registry::{MetaSchema, MetaSchemaRef, Registry};
use regex::Regex;
use serde_json::Value;

pub fn check(value: &Value, schema: &MetaSchemaRef, registry: &Registry) -> Result<(), String> {
    let mut path = String::new();
    walk(value, schema, registry, &mut path).map_err(
        |reason| {
            if path.is_empty() { reason } else { format!("{path}: {reason}") }
        },
    )
}

fn resolve<'a>(schema: &'a MetaSchemaRef, registry: &'a Registry) -> Option<&'a MetaSchema> {
    match schema {
        MetaSchemaRef::Inline(s) => Some(s),
        MetaSchemaRef::Reference(name) => registry.schemas.get(name),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn walk(value: &Value, schema: &MetaSchemaRef, registry: &Registry, path: &mut String) -> Result<(), String> {
    let Some(s) = resolve(schema, registry) else {
        return Ok(());
    };
    for inner in &s.all_of {
        walk(value, inner, registry, path)?;
    }
    if value.is_null() {
        return if s.nullable { Ok(()) } else { Err("null is not allowed here".into()) };
    }
    if !s.enum_items.is_empty() && !s.enum_items.contains(value) {
        let allowed: Vec<String> = s.enum_items.iter().map(|v| v.to_string()).collect();
        return Err(format!("the value {value} is not one of {}", allowed.join(", ")));
    }
    match s.ty {
        "object" if !s.properties.is_empty() || s.all_of.is_empty() => {
            let Value::Object(map) = value else {
                return Err(format!("expected an object, got {}", kind(value)));
            };
            let unexpected: Vec<&str> =
                map.keys().filter(|k| !s.properties.iter().any(|(p, _)| p == k)).map(|k| k.as_str()).collect();
            if !unexpected.is_empty() && s.additional_properties.is_none() {
                return Err(format!("Unexpected keys ({}) detected in parameter array.", unexpected.join(", ")));
            }
            for (name, prop) in &s.properties {
                let base = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(name);
                match map.get(*name) {
                    None if s.required.contains(name) => {
                        return Err(format!("Missing required key in single structure: {name}"));
                    }
                    None => {}
                    Some(Value::Null) if !s.required.contains(name) => {}
                    Some(v) => walk(v, prop, registry, path)?,
                }
                path.truncate(base);
            }
            Ok(())
        }
        "array" => {
            let Value::Array(items) = value else {
                return Err(format!("expected a list, got {}", kind(value)));
            };
            if let Some(max) = s.max_items.filter(|m| items.len() > *m) {
                return Err(format!("at most {max} items are allowed, got {}", items.len()));
            }
            if let Some(min) = s.min_items.filter(|m| items.len() < *m) {
                return Err(format!("at least {min} items are required, got {}", items.len()));
            }
            if let Some(item) = &s.items {
                for (i, v) in items.iter().enumerate() {
                    let base = path.len();
                    path.push_str(&format!("[{i}]"));
                    walk(v, item, registry, path)?;
                    path.truncate(base);
                }
            }
            Ok(())
        }
        "string" => {
            let Value::String(text) = value else {
                return Err(format!("expected a string, got {}", kind(value)));
            };
            // Moodle's cleaning drops NUL bytes; PostgreSQL refuses them in text. Refused here, on
            // every backend, before anything reaches a query.
            if text.contains('\0') {
                return Err("the value contains a NUL character (\\u0000), which is not allowed".into());
            }
            let chars = text.chars().count();
            if let Some(max) = s.max_length.filter(|m| chars > *m) {
                return Err(format!("the value is longer than {max} characters"));
            }
            if let Some(min) = s.min_length.filter(|m| chars < *m) {
                return Err(format!("the value is shorter than {min} characters"));
            }
            if let Some(pattern) = &s.pattern
                && !matches(pattern, text)
            {
                let what = s.description.unwrap_or("the declared pattern");
                let shown: String = text.chars().take(100).collect();
                return Err(format!("the value \"{shown}\" is not valid: {what} (pattern {pattern})"));
            }
            Ok(())
        }
        "integer" => {
            let Some(n) = value.as_i64() else {
                return Err(format!("expected an integer, got {}: {value}", kind(value)));
            };
            range(n as f64, s)
        }
        "number" => {
            let Some(n) = value.as_f64() else {
                return Err(format!("expected a number, got {}: {value}", kind(value)));
            };
            range(n, s)
        }
        "boolean" if !value.is_boolean() => Err(format!("expected a boolean, got {}: {value}", kind(value))),
        _ => Ok(()),
    }
}

fn range(n: f64, s: &MetaSchema) -> Result<(), String> {
    if let Some(min) = s.minimum.filter(|m| n < *m) {
        return Err(format!("the value {n} is less than the minimum {min}"));
    }
    if let Some(max) = s.maximum.filter(|m| n > *m) {
        return Err(format!("the value {n} is greater than the maximum {max}"));
    }
    Ok(())
}

fn matches(pattern: &str, text: &str) -> bool {
    static CACHE: LazyLock<RwLock<HashMap<String, Option<Regex>>>> = LazyLock::new(Default::default);
    if let Some(re) = CACHE.read().expect("regex cache").get(pattern) {
        return re.as_ref().is_none_or(|re| re.is_match(text));
    }
    let re = Regex::new(pattern).ok();
    let ok = re.as_ref().is_none_or(|re| re.is_match(text));
    CACHE.write().expect("regex cache").insert(pattern.to_string(), re);
    ok
}
