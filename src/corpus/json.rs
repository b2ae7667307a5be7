//! Extracts the text and id fields of one JSON Lines record, skipping every other field
//! without building it.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// What a record yields.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Record<'a> {
    pub text: Cow<'a, str>,
    pub id: Option<String>,
}

/// Parses one JSON object and returns its `text_field` (which must be a string) and its
/// `id_field` (any scalar, as a string; None when absent or null).
pub(crate) fn parse_record<'a>(
    line: &'a str,
    text_field: &str,
    id_field: &str,
) -> Result<Record<'a>, String> {
    let mut de = serde_json::Deserializer::from_str(line);
    let seed = RecordSeed { text_field, id_field };
    let (text, id) = seed.deserialize(&mut de).map_err(|e| format!("malformed JSON: {e}"))?;
    de.end().map_err(|e| format!("malformed JSON: {e}"))?;
    match text {
        Field::Str(text) => Ok(Record { text, id: id.into_id() }),
        Field::Missing => Err(format!("no field {text_field:?}")),
        Field::Null => Err(format!("field {text_field:?} is null")),
        Field::Other(kind) => Err(format!("field {text_field:?} is a {kind}, not a string")),
        Field::Scalar(_) => {
            Err(format!("field {text_field:?} is a number or boolean, not a string"))
        }
    }
}

#[derive(Debug)]
enum Field<'a> {
    Missing,
    Null,
    Str(Cow<'a, str>),
    Scalar(String),
    Other(&'static str),
}

impl Field<'_> {
    fn into_id(self) -> Option<String> {
        match self {
            Field::Str(s) => Some(s.into_owned()),
            Field::Scalar(s) => Some(s),
            _ => None,
        }
    }
}

struct RecordSeed<'f> {
    text_field: &'f str,
    id_field: &'f str,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = (Field<'de>, Field<'de>);

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_> {
    type Value = (Field<'de>, Field<'de>);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut text, mut id) = (Field::Missing, Field::Missing);
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if key == self.text_field {
                text = map.next_value_seed(FieldSeed)?;
            } else if key == self.id_field {
                id = map.next_value_seed(FieldSeed)?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok((text, id))
    }
}

struct FieldSeed;

impl<'de> DeserializeSeed<'de> for FieldSeed {
    type Value = Field<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FieldSeed {
    type Value = Field<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Field<'de>, E> {
        Ok(Field::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Field<'de>, E> {
        Ok(Field::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Field<'de>, E> {
        Ok(Field::Str(Cow::Owned(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Field<'de>, E> {
        Ok(Field::Scalar(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Field<'de>, E> {
        Ok(Field::Scalar(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Field<'de>, E> {
        Ok(Field::Scalar(v.to_string()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Field<'de>, E> {
        Ok(Field::Scalar(v.to_string()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Field<'de>, E> {
        Ok(Field::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Field<'de>, E> {
        Ok(Field::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Field<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Field::Other("list"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Field<'de>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Field::Other("object"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(line: &str) -> Result<(String, Option<String>), String> {
        parse_record(line, "text", "id").map(|r| (r.text.into_owned(), r.id))
    }

    #[test]
    fn records() {
        assert_eq!(
            p(r#"{"id": 7, "x": [1, {"a": 2}], "text": "a\"b"}"#),
            Ok(("a\"b".into(), Some("7".into())))
        );
        assert_eq!(p(r#"{"text": "é", "id": "doc-1"}"#), Ok(("é".into(), Some("doc-1".into()))));
        assert_eq!(p(r#"{"text": "x", "id": null}"#), Ok(("x".into(), None)));
        assert!(p(r#"{"id": 1}"#).unwrap_err().contains("no field \"text\""));
        assert!(p(r#"{"text": 3}"#).unwrap_err().contains("not a string"));
        assert!(p(r#"{"text": ["a"]}"#).unwrap_err().contains("list"));
        assert!(p(r#"{"text": "a""#).unwrap_err().starts_with("malformed JSON"));
        assert!(p(r#"[1, 2]"#).unwrap_err().starts_with("malformed JSON"));
        assert!(p(r#"{"text": "a"} x"#).unwrap_err().starts_with("malformed JSON"));
    }
}
