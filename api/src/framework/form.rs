//! Moodle's wire format for arguments: PHP bracket syntax (`users[0][username]=x`,
//! `userids[]=5`, `options[ids][0]=2`) decoded into a tree, then turned into JSON guided by the
//! function's own parameter schema, with Moodle's strict scalar rules (`"007"` is not an integer,
//! `"true"` is not a boolean). The result goes through the same typed parser as the typed API.
use poem_openapi::registry::{MetaSchema, MetaSchemaRef, Registry};
use serde_json::{Map, Number, Value};

/// Request variables read by default: the `max_input_vars` Moodle 4.5 requires of PHP (the
/// `limits.max_input_vars` setting changes it).
pub const MAX_VARS: usize = 5000;
/// PHP's nesting limit.
pub const MAX_DEPTH: usize = 64;

/// A decoded form value; maps keep first-appearance order (lists ignore their keys, as PHP's
/// `array_values` does in Moodle's validation).
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Leaf(String),
    Map(Vec<(String, Node)>),
}

/// Splits `a[b][c]` into `a`, `b`, `c`; `[]` gives an empty segment (append).
fn segments(key: &str) -> Option<Vec<&str>> {
    let (head, mut rest) = match key.find('[') {
        Some(i) => (&key[..i], &key[i..]),
        None => (key, ""),
    };
    if head.is_empty() {
        return None;
    }
    let mut out = vec![head];
    while let Some(stripped) = rest.strip_prefix('[') {
        let end = stripped.find(']')?;
        out.push(&stripped[..end]);
        rest = &stripped[end + 1..];
    }
    // PHP ignores anything after the last closing bracket.
    Some(out)
}

fn insert(map: &mut Vec<(String, Node)>, path: &[&str], value: String) -> Result<(), String> {
    let (first, rest) = path.split_first().expect("non-empty path");
    let key = if first.is_empty() { next_index(map) } else { (*first).to_string() };
    if rest.is_empty() {
        match map.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = Node::Leaf(value),
            None => map.push((key, Node::Leaf(value))),
        }
        return Ok(());
    }
    let child = match map.iter().position(|(k, _)| *k == key) {
        Some(i) => &mut map[i].1,
        None => {
            map.push((key, Node::Map(Vec::new())));
            &mut map.last_mut().expect("just pushed").1
        }
    };
    if let Node::Leaf(_) = child {
        *child = Node::Map(Vec::new());
    }
    let Node::Map(children) = child else { unreachable!("made a map above") };
    insert(children, rest, value)
}

fn next_index(map: &[(String, Node)]) -> String {
    let next = map.iter().filter_map(|(k, _)| k.parse::<u64>().ok()).max().map_or(0, |m| m + 1);
    next.to_string()
}

/// Decodes `(name, value)` pairs (already URL-decoded) into a tree.
/// Refuses more than `max_vars` of them (PHP's `max_input_vars`).
pub fn decode_pairs(pairs: &[(String, String)], max_vars: usize) -> Result<Vec<(String, Node)>, String> {
    if pairs.len() > max_vars {
        return Err(format!("Too many parameters: {} (at most {max_vars})", pairs.len()));
    }
    let mut root = Vec::new();
    for (key, value) in pairs {
        let Some(path) = segments(key) else { continue };
        if path.len() > MAX_DEPTH {
            return Err(format!("{key}: nested deeper than {MAX_DEPTH} levels"));
        }
        insert(&mut root, &path, value.clone())?;
    }
    Ok(root)
}

/// The schema a reference names, looking through the `allOf` wrapper poem-openapi puts around a
/// described `$ref`.
pub fn resolve<'a>(schema: &'a MetaSchemaRef, registry: &'a Registry) -> Option<&'a MetaSchema> {
    let s = match schema {
        MetaSchemaRef::Inline(s) => s.as_ref(),
        MetaSchemaRef::Reference(name) => registry.schemas.get(name)?,
    };
    match s.all_of.first() {
        Some(inner) if s.properties.is_empty() && (s.ty == "object" || s.ty.is_empty()) => resolve(inner, registry),
        _ => Some(s),
    }
}

fn scalar_error(value: &str, expected: &str) -> String {
    format!("Invalid external api parameter: the value is \"{value}\", the server was expecting \"{expected}\" type")
}

/// Turns the tree into JSON shaped by `schema`; `path` names the field in errors.
pub fn to_json(node: &Node, schema: Option<&MetaSchemaRef>, registry: &Registry, path: &str) -> Result<Value, String> {
    let s = schema.and_then(|s| resolve(s, registry));
    let at = |why: String| if path.is_empty() { why } else { format!("{path}: {why}") };
    match (node, s) {
        (Node::Map(children), Some(s)) if s.ty == "array" => {
            let mut items = Vec::with_capacity(children.len());
            for (i, (_, child)) in children.iter().enumerate() {
                items.push(to_json(child, s.items.as_deref(), registry, &format!("{path}[{i}]"))?);
            }
            Ok(Value::Array(items))
        }
        (Node::Map(children), s) if s.is_none_or(|s| s.ty == "object") => {
            let mut map = Map::new();
            for (key, child) in children {
                let prop = s.and_then(|s| s.properties.iter().find(|(p, _)| p == key)).map(|(_, p)| p);
                let sub = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                map.insert(key.clone(), to_json(child, prop, registry, &sub)?);
            }
            Ok(Value::Object(map))
        }
        (Node::Map(_), _) => Err(at("Scalar type expected, array or object received.".into())),
        (Node::Leaf(v), Some(s)) if s.ty == "array" || (s.ty == "object" && !s.properties.is_empty()) => {
            Err(at(format!("Only arrays accepted. The bad value is: '{v}'")))
        }
        (Node::Leaf(v), Some(s)) => match s.ty {
            "integer" => {
                let strict = v.strip_prefix('-').unwrap_or(v);
                let canonical = !strict.is_empty()
                    && strict.bytes().all(|b| b.is_ascii_digit())
                    && (strict == "0" || !strict.starts_with('0'))
                    && v != "-0";
                match v.parse::<i64>() {
                    Ok(n) if canonical => Ok(Value::Number(n.into())),
                    _ => Err(at(scalar_error(v, "int"))),
                }
            }
            "number" => v
                .parse::<f64>()
                .ok()
                .filter(|_| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b)))
                .and_then(Number::from_f64)
                .map(Value::Number)
                .ok_or_else(|| at(scalar_error(v, "float"))),
            "boolean" => match v.as_str() {
                "1" => Ok(Value::Bool(true)),
                "0" => Ok(Value::Bool(false)),
                _ => Err(at(scalar_error(v, "bool"))),
            },
            _ => Ok(Value::String(v.clone())),
        },
        (Node::Leaf(v), None) => Ok(Value::String(v.clone())),
    }
}

/// Form pairs → JSON arguments for a function whose parameters have `schema`.
pub fn arguments(
    pairs: &[(String, String)],
    max_vars: usize,
    schema: &MetaSchemaRef,
    registry: &Registry,
) -> Result<Value, String> {
    let tree = decode_pairs(pairs, max_vars)?;
    to_json(&Node::Map(tree), Some(schema), registry, "")
}

/// JSON arguments as Moodle's `validate_parameters` reads them (the app's batch sends `"2"` for
/// an int): a string where the schema wants a number or a boolean is read as a form value would
/// be, and a number or boolean where it wants a string becomes its text. Anything else is left
/// for the typed parse to judge.
pub fn moodle_json(
    value: Value,
    schema: Option<&MetaSchemaRef>,
    registry: &Registry,
    path: &str,
) -> Result<Value, String> {
    let Some(s) = schema.and_then(|s| resolve(s, registry)) else { return Ok(value) };
    Ok(match (value, s.ty) {
        (Value::Object(map), "object") => {
            let mut out = Map::new();
            for (key, v) in map {
                let prop = s.properties.iter().find(|(p, _)| *p == key).map(|(_, p)| p);
                let sub = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                out.insert(key, moodle_json(v, prop, registry, &sub)?);
            }
            Value::Object(out)
        }
        (Value::Array(items), "array") => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| moodle_json(v, s.items.as_deref(), registry, &format!("{path}[{i}]")))
                .collect::<Result<_, _>>()?,
        ),
        (Value::String(text), "integer" | "number" | "boolean") => to_json(&Node::Leaf(text), schema, registry, path)?,
        // PARAM_BOOL takes 1 and 0 as well as true and false.
        (Value::Number(n), "boolean") if n.as_u64().is_some_and(|n| n <= 1) => Value::Bool(n.as_u64() == Some(1)),
        (Value::Number(n), "string") => Value::String(n.to_string()),
        (Value::Bool(b), "string") => Value::String(if b { "1" } else { "0" }.into()),
        (value, _) => value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn brackets() {
        let tree = decode_pairs(
            &pairs(&[
                ("users[0][username]", "a"),
                ("users[0][email]", "e"),
                ("users[1][username]", "b"),
                ("userids[]", "5"),
                ("userids[]", "6"),
                ("options[ids][0]", "2"),
            ]),
            MAX_VARS,
        )
        .unwrap();
        let json = to_json(&Node::Map(tree), None, &Registry::new(), "").unwrap();
        assert_eq!(json["users"]["0"]["username"], "a");
        assert_eq!(json["userids"]["1"], "6");
        assert_eq!(json["options"]["ids"]["0"], "2");
    }

    #[test]
    fn limits() {
        let many: Vec<(String, String)> = (0..=MAX_VARS).map(|i| (format!("a[{i}]"), "x".into())).collect();
        assert!(decode_pairs(&many, MAX_VARS).unwrap_err().contains("Too many parameters"));
        let deep = format!("a{}", "[x]".repeat(MAX_DEPTH));
        assert!(decode_pairs(&[(deep, "1".into())], MAX_VARS).unwrap_err().contains("deeper"));
    }
}
