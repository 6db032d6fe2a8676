//! Telling the track formats apart by their content.
//!
//! - A JSON array is OpenScreen's bare array of samples.
//! - A file whose first line is a whole JSON object with a `t` field is Reel's JSON lines.
//! - A JSON object with `samples` is an OpenScreen (or Recordly) track; one with `moves`
//!   or `clicks` is Cap's `cursor.json`; one with `t` is a one-line Reel track.
//! - Anything else is an error: not JSON (with serde's line and column), or JSON of
//!   another shape (naming what was found).

use crate::error::TrackErrorKind;
use crate::formats::Located;
use serde::de::IgnoredAny;
use std::collections::BTreeMap;

/// Which reader a text is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detected {
    /// An OpenScreen object with `samples`.
    OpenScreen,
    /// A bare array of OpenScreen samples.
    OpenScreenSamples,
    /// Cap's `{"moves": [...], "clicks": [...]}`.
    Cap,
    /// Reel's JSON lines.
    Reel,
}

/// The format of `text`, or why it is none.
pub(crate) fn detect(text: &str) -> Result<Detected, Located> {
    let body = text.trim_start_matches('\u{feff}').trim_start();
    let Some(first) = body.chars().next() else {
        return Err(Located::new(None, TrackErrorKind::Empty));
    };
    match first {
        '[' => Ok(Detected::OpenScreenSamples),
        '{' => {
            let first_line = body.lines().next().unwrap_or_default();
            if fields(first_line).is_ok_and(|fields| fields.contains_key("t")) {
                return Ok(Detected::Reel);
            }
            let fields = fields(text).map_err(|error| Located::from_serde(&error, None))?;
            detect_object(&fields)
        }
        _ => Err(not_a_track(text, first)),
    }
}

/// The top-level fields of a JSON object, their values skipped.
fn fields(text: &str) -> Result<BTreeMap<String, IgnoredAny>, serde_json::Error> {
    serde_json::from_str(text)
}

/// The format of a JSON object with these fields.
fn detect_object(fields: &BTreeMap<String, IgnoredAny>) -> Result<Detected, Located> {
    if fields.contains_key("samples") {
        Ok(Detected::OpenScreen)
    } else if fields.contains_key("moves") || fields.contains_key("clicks") {
        Ok(Detected::Cap)
    } else if fields.contains_key("t") {
        Ok(Detected::Reel)
    } else {
        let found = if fields.is_empty() {
            "an empty object".to_string()
        } else {
            let names: Vec<&str> = fields.keys().map(String::as_str).take(8).collect();
            format!("an object with the fields {}", names.join(", "))
        };
        Err(Located::new(
            Some((1, 1)),
            TrackErrorKind::UnknownShape { found },
        ))
    }
}

/// The error for a text that does not start as an object or an array: serde's syntax
/// error when it is not JSON, else what JSON value it is.
fn not_a_track(text: &str, first: char) -> Located {
    if let Err(error) = serde_json::from_str::<IgnoredAny>(text) {
        return Located::from_serde(&error, None);
    }
    let found = match first {
        '"' => "a string",
        't' | 'f' => "true or false",
        'n' => "null",
        _ => "a number",
    };
    Located::new(
        Some((1, 1)),
        TrackErrorKind::UnknownShape {
            found: found.to_string(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_apart_by_content() {
        assert_eq!(detect("[]").unwrap(), Detected::OpenScreenSamples);
        assert_eq!(
            detect("{\n  \"version\": 2,\n  \"samples\": []\n}").unwrap(),
            Detected::OpenScreen
        );
        assert_eq!(
            detect("{\"moves\":[],\"clicks\":[]}\n").unwrap(),
            Detected::Cap
        );
        assert_eq!(
            detect("{\"t\":0,\"x\":1,\"y\":2}\n{\"t\":1,\"x\":1,\"y\":2}\n").unwrap(),
            Detected::Reel
        );
        assert_eq!(
            detect("\u{feff}  {\"t\":0,\"x\":1,\"y\":2}").unwrap(),
            Detected::Reel
        );
    }

    #[test]
    fn text_that_is_not_json_gives_serde_s_line_and_column() {
        let error = detect("{\n  \"samples\": [,]\n}").unwrap_err();
        assert_eq!(error.position, Some((2, 15)));
        assert!(matches!(error.kind, TrackErrorKind::NotJson(_)));
        let error = detect("timeMs,cx,cy\n0,0.5,0.5\n").unwrap_err();
        assert_eq!(error.position, Some((1, 2)));
        assert!(matches!(error.kind, TrackErrorKind::NotJson(_)));
    }

    #[test]
    fn json_of_another_shape_says_what_it_found() {
        let error = detect("{\"name\": \"take 1\", \"duration\": 3}").unwrap_err();
        assert_eq!(
            error.kind,
            TrackErrorKind::UnknownShape {
                found: "an object with the fields duration, name".into()
            }
        );
        let error = detect("42").unwrap_err();
        assert_eq!(
            error.kind,
            TrackErrorKind::UnknownShape {
                found: "a number".into()
            }
        );
    }

    #[test]
    fn blank_text_is_empty() {
        assert_eq!(detect(" \n\t").unwrap_err().kind, TrackErrorKind::Empty);
    }
}
