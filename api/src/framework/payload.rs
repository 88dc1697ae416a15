//! `Params<T>`: the JSON request body of a typed operation. Its schema is `T`'s; parsing checks the
//! value against that schema first (field-path errors) and then runs poem-openapi's typed parse.
use poem::{FromRequest, Request, RequestBody};
use poem_openapi::payload::{ParsePayload, Payload};
use poem_openapi::registry::{MetaSchemaRef, Registry};
use poem_openapi::types::{ParseFromJSON, Type};
use serde_json::Value;
use validator::{Validate, ValidationErrors, ValidationErrorsKind};

use super::catalogue;
use super::error::ApiError;
use super::schema_check;

/// The decoded parameters, or why they could not be decoded. The error is kept, not raised, so
/// the pipeline reports it in Moodle's order: token, function access, then parameters.
pub struct Params<T>(pub Result<T, ApiError>);

impl<T: Type> Payload for Params<T> {
    const CONTENT_TYPE: &'static str = "application/json; charset=utf-8";

    fn check_content_type(content_type: &str) -> bool {
        matches!(content_type.parse::<mime::Mime>(), Ok(m) if m.type_() == "application"
            && (m.subtype() == "json" || m.suffix().is_some_and(|s| s == "json")))
    }

    fn schema_ref() -> MetaSchemaRef {
        T::schema_ref()
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}

impl<T: ParseFromJSON + Validate + Send> ParsePayload for Params<T> {
    const IS_REQUIRED: bool = true;

    async fn from_request(request: &Request, body: &mut RequestBody) -> poem::Result<Self> {
        let data = Vec::<u8>::from_request(request, body).await?;
        let value = if data.is_empty() {
            Ok(Value::Object(Default::default()))
        } else {
            serde_json::from_slice(&data)
                .map_err(|e| ApiError::invalid_parameter(format!("The request body is not valid JSON: {e}")))
        };
        Ok(Self(value.and_then(decode)))
    }
}

poem_openapi::impl_apirequest_for_payload!(Params<T>, T: ParseFromJSON + Validate + Send);

/// JSON value → typed parameters: the one parser every protocol uses. The schema check names
/// the field; the typed parse builds the value; `validator` checks the cross-field rules.
pub fn decode<T: ParseFromJSON + Validate>(value: Value) -> Result<T, ApiError> {
    schema_check::check(&value, &T::schema_ref(), catalogue::registry()).map_err(ApiError::invalid_parameter)?;
    let params = T::parse_from_json(Some(value)).map_err(|e| ApiError::invalid_parameter(e.into_message()))?;
    params.validate().map_err(|e| ApiError::invalid_parameter(first_violation(&e, "")))?;
    Ok(params)
}

/// The first rule broken, as `path: message`. A struct-level rule reports the field it is
/// about in its error code.
fn first_violation(errors: &ValidationErrors, path: &str) -> String {
    let join = |name: &str| if path.is_empty() { name.to_string() } else { format!("{path}.{name}") };
    let mut fields: Vec<_> = errors.errors().iter().collect();
    fields.sort_by(|a, b| a.0.cmp(b.0));
    for (field, kind) in fields {
        match kind {
            ValidationErrorsKind::Field(list) => {
                if let Some(e) = list.first() {
                    let name = if field == "__all__" { e.code.as_ref() } else { field.as_ref() };
                    let message = e.message.as_deref().unwrap_or(e.code.as_ref());
                    return format!("{}: {message}", join(name));
                }
            }
            ValidationErrorsKind::Struct(inner) => return first_violation(inner, &join(field)),
            ValidationErrorsKind::List(items) => {
                if let Some((i, inner)) = items.iter().next() {
                    return first_violation(inner, &format!("{}[{i}]", join(field)));
                }
            }
        }
    }
    format!("{path}: invalid")
}
