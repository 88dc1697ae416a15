//! Moodle's REST XML: `RESPONSE/SINGLE/MULTIPLE/KEY/VALUE`, every described key in the order of
//! the return description, absent keys as null values (absent lists as empty MULTIPLE), booleans
//! as 1/0; and the `EXCEPTION` document.
use poem_openapi::registry::{MetaSchema, MetaSchemaRef, Registry};

use lmsgate_api::framework::form::resolve;
use quick_xml::escape::escape;
use std::fmt::Write as _;

use serde_json::Value;

use lmsgate_api::framework::ApiError;

/// Appends the pieces (without a `format!` string for each element of a large answer).
fn push_all(out: &mut String, pieces: &[&str]) {
    for p in pieces {
        out.push_str(p);
    }
}

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n";

pub fn response(value: &Value, schema: &MetaSchemaRef, registry: &Registry) -> String {
    let mut out = String::from(HEAD);
    out.push_str("<RESPONSE>\n");
    if !value.is_null() {
        write(&mut out, value, resolve(schema, registry), registry);
    }
    out.push_str("</RESPONSE>\n");
    out
}

fn write(out: &mut String, value: &Value, schema: Option<&MetaSchema>, registry: &Registry) {
    match (value, schema) {
        (Value::Array(items), s) => {
            out.push_str("<MULTIPLE>\n");
            let item = s.and_then(|s| s.items.as_deref()).and_then(|i| resolve(i, registry));
            for v in items {
                write(out, v, item, registry);
            }
            out.push_str("</MULTIPLE>\n");
        }
        (Value::Object(map), Some(s)) if !s.properties.is_empty() => {
            out.push_str("<SINGLE>\n");
            for (name, prop) in &s.properties {
                push_all(out, &["<KEY name=\"", &escape(name), "\">"]);
                let prop = resolve(prop, registry);
                match map.get(*name) {
                    Some(v) => write(out, v, prop, registry),
                    None if prop.is_some_and(|p| p.ty == "array") => out.push_str("<MULTIPLE>\n</MULTIPLE>\n"),
                    None => out.push_str("<VALUE null=\"null\"/>\n"),
                }
                out.push_str("</KEY>\n");
            }
            out.push_str("</SINGLE>\n");
        }
        (Value::Object(map), _) => {
            out.push_str("<SINGLE>\n");
            for (name, v) in map {
                push_all(out, &["<KEY name=\"", &escape(name.as_str()), "\">"]);
                write(out, v, None, registry);
                out.push_str("</KEY>\n");
            }
            out.push_str("</SINGLE>\n");
        }
        (Value::Null, _) => out.push_str("<VALUE null=\"null\"/>\n"),
        (Value::Bool(b), _) => out.push_str(if *b { "<VALUE>1</VALUE>\n" } else { "<VALUE>0</VALUE>\n" }),
        (Value::Number(n), _) => {
            let _ = writeln!(out, "<VALUE>{n}</VALUE>");
        }
        (Value::String(s), _) => push_all(out, &["<VALUE>", &text(s), "</VALUE>\n"]),
    }
}

/// Text as XML 1.0 can carry it: escaped, and without the characters it cannot hold at all
/// (control characters other than tab and newlines, lone surrogates' replacements, U+FFFE/F),
/// which a stored value may contain.
fn text(s: &str) -> std::borrow::Cow<'_, str> {
    let allowed =
        |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
    if s.chars().all(allowed) {
        return escape(s);
    }
    let kept: String = s.chars().filter(|c| allowed(*c)).collect();
    std::borrow::Cow::Owned(escape(kept.as_str()).into_owned())
}

/// `<EXCEPTION>` with the message and `debuginfo` the site's debugging shows.
pub fn exception(e: &ApiError, message: &str, debuginfo: Option<&str>) -> String {
    let mut out = String::from(HEAD);
    out.push_str(&format!("<EXCEPTION class=\"{}\">\n", escape(e.exception())));
    out.push_str(&format!("<ERRORCODE>{}</ERRORCODE>\n", text(e.errorcode())));
    out.push_str(&format!("<MESSAGE>{}</MESSAGE>\n", text(message)));
    if let Some(d) = debuginfo {
        out.push_str(&format!("<DEBUGINFO>{}</DEBUGINFO>\n", text(d)));
    }
    out.push_str("</EXCEPTION>\n");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_drops_what_xml_cannot_carry() {
        assert_eq!(super::text("a\u{1}b\u{0}c<d\te\u{FFFE}"), "abc&lt;d\te");
        assert_eq!(super::text("plain & simple"), "plain &amp; simple");
    }
}
