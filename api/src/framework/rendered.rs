//! A return value kept together with its JSON text, for an answer that is made once and handed
//! out many times (`AppState::per_token`): the spec and `to_json` are the value's, and the typed
//! API and REST JSON send the text as it is, neither written again nor copied.
use std::borrow::Cow;
use std::sync::Arc;

use bytes::Bytes;
use poem_openapi::registry::{MetaSchemaRef, Registry};
use poem_openapi::types::{ToJSON, Type};
use serde::Serialize;
use serde_json::Value;

#[derive(Debug)]
pub struct Rendered<T>(Arc<(T, Bytes)>);

impl<T> Clone for Rendered<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<T: Serialize> Rendered<T> {
    /// `value` with its text as `serde` writes it (which the function tests equal to `to_json`).
    pub fn new(value: T, capacity: usize) -> Self {
        let mut text = Vec::with_capacity(capacity);
        // Writing to a `Vec` fails only for a value serde cannot represent (none of ours).
        let _ = serde_json::to_writer(&mut text, &value);
        Self(Arc::new((value, text.into())))
    }
}

impl<T> Rendered<T> {
    pub fn value(&self) -> &T {
        &self.0.0
    }

    /// The JSON text: a reference to the kept bytes.
    pub fn json_text(&self) -> Bytes {
        self.0.1.clone()
    }
}

impl<T: Type> Type for Rendered<T> {
    const IS_REQUIRED: bool = T::IS_REQUIRED;
    type RawValueType = Self;
    type RawElementValueType = Self;

    fn name() -> Cow<'static, str> {
        T::name()
    }

    fn schema_ref() -> MetaSchemaRef {
        T::schema_ref()
    }

    fn register(registry: &mut Registry) {
        T::register(registry)
    }

    fn as_raw_value(&self) -> Option<&Self> {
        Some(self)
    }

    fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a Self> + 'a> {
        Box::new(self.as_raw_value().into_iter())
    }
}

impl<T: ToJSON> ToJSON for Rendered<T> {
    fn to_json(&self) -> Option<Value> {
        self.value().to_json()
    }
}
