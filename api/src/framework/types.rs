//! Moodle's parameter types (PARAM_*) as newtypes. Each one validates strictly on parse, as Moodle's
//! `validate_parameters` does (the value must equal its cleaned form), and shows its rule in the
//! schema as a `pattern`, so generated clients and fuzzers know it.
use std::borrow::Cow;
use std::sync::LazyLock;

use poem_openapi::registry::{MetaSchema, MetaSchemaRef};
use poem_openapi::types::{ParseError, ParseFromJSON, ParseResult, ToJSON, Type};
use regex::Regex;

macro_rules! moodle_string {
    ($(#[$doc:meta])* $name:ident, $param:literal, $pattern:literal, $max:expr, $desc:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
        pub struct $name(pub String);

        impl $name {
            pub const PARAM: &'static str = $param;
            pub const PATTERN: &'static str = $pattern;

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn is_valid(value: &str) -> bool {
                static RE: LazyLock<Regex> = LazyLock::new(|| Regex::new($pattern).expect("valid pattern"));
                let max: Option<usize> = $max;
                RE.is_match(value) && max.is_none_or(|m| value.chars().count() <= m)
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Type for $name {
            const IS_REQUIRED: bool = true;
            type RawValueType = Self;
            type RawElementValueType = Self;

            fn name() -> Cow<'static, str> {
                $param.into()
            }

            fn schema_ref() -> MetaSchemaRef {
                MetaSchemaRef::Inline(Box::new(MetaSchema {
                    description: Some($desc),
                    pattern: Some($pattern.to_string()),
                    max_length: $max,
                    ..MetaSchema::new("string")
                }))
            }

            fn as_raw_value(&self) -> Option<&Self::RawValueType> {
                Some(self)
            }

            fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a Self::RawElementValueType> + 'a> {
                Box::new(self.as_raw_value().into_iter())
            }
        }

        impl ParseFromJSON for $name {
            fn parse_from_json(value: Option<serde_json::Value>) -> ParseResult<Self> {
                match value {
                    Some(serde_json::Value::String(s)) if Self::is_valid(&s) => Ok(Self(s)),
                    Some(serde_json::Value::String(s)) => Err(ParseError::custom(format!(
                        "Invalid external api parameter: the value is \"{s}\", the server was expecting \"{}\" type",
                        $param.to_lowercase()
                    ))),
                    other => Err(ParseError::expected_type(other.unwrap_or_default())),
                }
            }
        }

        impl ToJSON for $name {
            fn to_json(&self) -> Option<serde_json::Value> {
                Some(serde_json::Value::String(self.0.clone()))
            }
        }
    };
}

moodle_string!(
    /// PARAM_USERNAME: lower case, no spaces, only `a-z 0-9 _ - . @`.
    Username, "USERNAME", "^[a-z0-9_.@-]+$", Some(100),
    "Moodle PARAM_USERNAME: lower-case letters, digits and `_ - . @`, at most 100 characters."
);
moodle_string!(
    /// PARAM_NOTAGS: text without HTML tags.
    NoTags, "NOTAGS", "^([^<]|<[^a-zA-Z/!?])*<?$", None,
    "Moodle PARAM_NOTAGS: plain text without HTML tags."
);
moodle_string!(
    /// PARAM_TEXT: text without HTML tags (multilang spans are not accepted here).
    Text, "TEXT", "^([^<]|<[^a-zA-Z/!?])*<?$", None,
    "Moodle PARAM_TEXT: plain text without HTML tags."
);
moodle_string!(
    /// PARAM_ALPHA.
    Alpha, "ALPHA", "^[a-zA-Z]*$", None, "Moodle PARAM_ALPHA: ASCII letters only."
);
moodle_string!(
    /// PARAM_ALPHANUMEXT.
    AlphanumExt, "ALPHANUMEXT", "^[A-Za-z0-9_-]*$", None,
    "Moodle PARAM_ALPHANUMEXT: ASCII letters, digits, `_` and `-`."
);
moodle_string!(
    /// PARAM_PLUGIN / PARAM_AUTH / PARAM_THEME: a plugin name (validity against installed plugins is
    /// checked by the function).
    Plugin, "PLUGIN", "^([a-z][a-z0-9_]*[a-z0-9])?$", Some(100),
    "Moodle PARAM_PLUGIN: a plugin name (lower-case letters, digits, `_`)."
);
moodle_string!(
    /// PARAM_LANG: a language code.
    Lang, "LANG", "^[a-z][a-z0-9_]*$", Some(30), "Moodle PARAM_LANG: an installed language code, e.g. `en`."
);
moodle_string!(
    /// PARAM_TIMEZONE.
    Timezone, "TIMEZONE",
    "^(([+-]?(0?[0-9](\\.[50])?|1[0-3](\\.0)?|1[0-2]\\.5))|(99)|[A-Za-z0-9]+(/?[A-Za-z_-])+)$", Some(100),
    "Moodle PARAM_TIMEZONE: `99` (server default), an offset such as `-5.5`, or a zone name such as `Europe/London`."
);
moodle_string!(
    /// PARAM_RAW_TRIMMED: any text without leading or trailing white space.
    Trimmed, "RAW_TRIMMED", "^(\\S(.*\\S)?)?$", None,
    "Moodle PARAM_RAW_TRIMMED: text without leading or trailing white space."
);

moodle_string!(
    /// PARAM_FILE: a file name without path separators or control characters, never `.` or `..`.
    FileName, "FILE", r#"^(|[^\x00-\x1f\x7f&<>"`|':\\/.][^\x00-\x1f\x7f&<>"`|':\\/]*|\.[^\x00-\x1f\x7f&<>"`|':\\/.][^\x00-\x1f\x7f&<>"`|':\\/]*|\.\.[^\x00-\x1f\x7f&<>"`|':\\/]+)$"#, Some(255),
    "Moodle PARAM_FILE: a file name: no control characters, none of `& < > \" ` | ' : \\ /`, not `.` or `..`."
);
moodle_string!(
    /// PARAM_PATH: `/`-separated file names (each a PARAM_FILE), no `//`, `.` or `..` segments.
    FilePath, "PATH", r#"^/?(([^\x00-\x1f\x7f&<>"`|':\\/.][^\x00-\x1f\x7f&<>"`|':\\/]*|\.[^\x00-\x1f\x7f&<>"`|':\\/.][^\x00-\x1f\x7f&<>"`|':\\/]*|\.\.[^\x00-\x1f\x7f&<>"`|':\\/]+)/)*([^\x00-\x1f\x7f&<>"`|':\\/.][^\x00-\x1f\x7f&<>"`|':\\/]*|\.[^\x00-\x1f\x7f&<>"`|':\\/.][^\x00-\x1f\x7f&<>"`|':\\/]*|\.\.[^\x00-\x1f\x7f&<>"`|':\\/]+)?$"#, Some(255),
    "Moodle PARAM_PATH: a folder path of PARAM_FILE names separated by `/` (file areas use `/` or `/a/b/`)."
);

/// Moodle's `validate_email`.
pub fn is_valid_email(email: &str) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
        )
        .expect("valid pattern")
    });
    email.len() <= 100 && RE.is_match(email)
}

/// Moodle's `clean_param($v, PARAM_USERNAME)`.
pub fn clean_username(value: &str) -> String {
    value
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_-.@".contains(*c))
        .collect()
}

/// A context level by the name Moodle's `contextlevel` parameters take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, poem_openapi::Enum)]
#[oai(rename = "context_level", rename_all = "lowercase")]
pub enum ContextLevel {
    System,
    User,
    Coursecat,
    Course,
    Module,
    Block,
}

impl ContextLevel {
    /// The level's number (`context.contextlevel`).
    pub fn id(self) -> i32 {
        use lmsgate_entities::contextlevel::*;
        match self {
            Self::System => SYSTEM,
            Self::User => USER,
            Self::Coursecat => COURSECAT,
            Self::Course => COURSE,
            Self::Module => MODULE,
            Self::Block => BLOCK,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_types() {
        assert!(Username::is_valid("jdoe.2@x"));
        assert!(!Username::is_valid("Bob"));
        assert!(!Username::is_valid(" bob"));
        assert!(NoTags::is_valid("a < b"));
        assert!(!NoTags::is_valid("<b>x</b>"));
        assert!(Timezone::is_valid("Europe/London") && Timezone::is_valid("99") && Timezone::is_valid("-5.5"));
        assert!(!Trimmed::is_valid(" a@b.c"));
        assert!(is_valid_email("admin@localhost") && !is_valid_email("nope"));
        assert_eq!(clean_username(" Bob Smith "), "bobsmith");
    }
}

/// A value Moodle always sends that may be `null` (a required key with `allownull`): required
/// and nullable in the schema, `null` when there is none.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrNull<T>(pub Option<T>);

impl<T: Type> Type for OrNull<T> {
    const IS_REQUIRED: bool = true;
    type RawValueType = T::RawValueType;
    type RawElementValueType = T::RawElementValueType;

    fn name() -> Cow<'static, str> {
        format!("nullable_{}", T::name()).into()
    }

    fn schema_ref() -> MetaSchemaRef {
        match T::schema_ref() {
            MetaSchemaRef::Inline(schema) => MetaSchemaRef::Inline(Box::new(MetaSchema { nullable: true, ..*schema })),
            reference => MetaSchemaRef::Inline(Box::new(MetaSchema {
                nullable: true,
                all_of: vec![reference],
                ..MetaSchema::ANY
            })),
        }
    }

    fn register(registry: &mut poem_openapi::registry::Registry) {
        T::register(registry);
    }

    fn as_raw_value(&self) -> Option<&Self::RawValueType> {
        self.0.as_ref().and_then(T::as_raw_value)
    }

    fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a Self::RawElementValueType> + 'a> {
        match &self.0 {
            Some(v) => v.raw_element_iter(),
            None => Box::new(std::iter::empty()),
        }
    }
}

impl<T: ToJSON> ToJSON for OrNull<T> {
    fn to_json(&self) -> Option<serde_json::Value> {
        Some(self.0.as_ref().and_then(ToJSON::to_json).unwrap_or(serde_json::Value::Null))
    }
}

impl<T: ParseFromJSON> ParseFromJSON for OrNull<T> {
    fn parse_from_json(value: Option<serde_json::Value>) -> ParseResult<Self> {
        match value {
            None | Some(serde_json::Value::Null) => Ok(Self(None)),
            value => T::parse_from_json(value).map(|v| Self(Some(v))).map_err(ParseError::propagate),
        }
    }
}
