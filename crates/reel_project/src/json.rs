//! Reading a project's JSON: a syntax error at its line and column, and the fields of an
//! object taken one by one so that whatever is left over can be named.

use crate::error::ProjectError;
use serde_json::{Map, Value};
use std::path::Path;

/// The JSON object in `text`, or an error at the line and column the JSON reader stopped at.
pub fn parse_object(file: &Path, text: &str) -> Result<Map<String, Value>, ProjectError> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(ProjectError::new(file, "expected a JSON object")),
        Err(error) => Err(ProjectError {
            file: file.to_owned(),
            position: Some((error.line(), error.column())),
            message: format!("not a valid project: {error}")
                .split(" at line ")
                .next()
                .unwrap_or_default()
                .to_owned(),
        }),
    }
}

/// An object whose fields are taken as they are read; `rest` lists the others.
pub struct Fields<'a> {
    /// Where the object is, for messages: `editor`, `editor.zoomRegions[2]`.
    pub at: String,
    object: Map<String, Value>,
    file: &'a Path,
}

impl<'a> Fields<'a> {
    /// The fields of `value`, which must be an object, at `at`.
    pub fn of(file: &'a Path, at: impl Into<String>, value: Value) -> Result<Self, ProjectError> {
        let at = at.into();
        match value {
            Value::Object(object) => Ok(Self { at, object, file }),
            other => Err(ProjectError::new(
                file,
                format!("{at}: expected an object, found {}", kind(&other)),
            )),
        }
    }

    /// The fields of `value`, an object found in this one, at `at`.
    pub fn child(&self, at: String, value: Value) -> Result<Fields<'a>, ProjectError> {
        Fields::of(self.file, at, value)
    }

    /// An error about field `name` of this object.
    pub fn error(&self, name: &str, message: impl std::fmt::Display) -> ProjectError {
        ProjectError::new(self.file, format!("{}: {message}", self.path(name)))
    }

    /// Where field `name` is: `editor.padding`.
    pub fn path(&self, name: &str) -> String {
        if self.at.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.at)
        }
    }

    /// Takes field `name`, if it is there and not null.
    pub fn take(&mut self, name: &str) -> Option<Value> {
        self.object.remove(name).filter(|v| !v.is_null())
    }

    /// Takes a number.
    pub fn number(&mut self, name: &str) -> Result<Option<f64>, ProjectError> {
        match self.take(name) {
            None => Ok(None),
            Some(Value::Number(n)) => n
                .as_f64()
                .filter(|v| v.is_finite())
                .map(Some)
                .ok_or_else(|| self.error(name, "expected a finite number")),
            Some(other) => {
                Err(self.error(name, format!("expected a number, found {}", kind(&other))))
            }
        }
    }

    /// Takes a number that must be there.
    pub fn required_number(&mut self, name: &str) -> Result<f64, ProjectError> {
        self.number(name)?
            .ok_or_else(|| self.error(name, "missing (expected a number)"))
    }

    /// Takes a string.
    pub fn string(&mut self, name: &str) -> Result<Option<String>, ProjectError> {
        match self.take(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => {
                Err(self.error(name, format!("expected a string, found {}", kind(&other))))
            }
        }
    }

    /// Takes an array's elements, each with its place (`editor.zoomRegions[0]`).
    pub fn array(&mut self, name: &str) -> Result<Vec<(String, Value)>, ProjectError> {
        match self.take(name) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => Ok(items
                .into_iter()
                .enumerate()
                .map(|(i, v)| (format!("{}[{i}]", self.path(name)), v))
                .collect()),
            Some(other) => {
                Err(self.error(name, format!("expected a list, found {}", kind(&other))))
            }
        }
    }

    /// Takes an object.
    pub fn object(&mut self, name: &str) -> Result<Option<Fields<'a>>, ProjectError> {
        let at = self.path(name);
        self.take(name)
            .map(|value| Fields::of(self.file, at, value))
            .transpose()
    }

    /// The fields not taken, with their values, in the file's order.
    pub fn rest(self) -> Vec<(String, Value)> {
        let at = self.at.clone();
        self.object
            .into_iter()
            .map(|(name, value)| {
                let path = if at.is_empty() {
                    name
                } else {
                    format!("{at}.{name}")
                };
                (path, value)
            })
            .collect()
    }
}

/// What kind of JSON value it is, for messages.
pub fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Whether a value leaves a setting as it is by default: null, false, zero, an empty
/// string, list or object.
pub fn is_empty_setting(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
    }
}
