//! The cursor track formats Reel reads, each turned into samples in source pixels and
//! seconds before they are checked and sorted (in `normalize`).

mod cap;
mod cap_meta;
mod openscreen;
mod reel;

pub(crate) use cap_meta::fill_from_meta;

use crate::detect::{self, Detected};
use crate::error::TrackErrorKind;
use crate::kind::CursorKind;
use crate::point::Point;
use crate::track::{ButtonAction, CursorImage};
use std::collections::HashMap;
use std::fmt;

/// The formats of cursor tracks, recognised by their content, not their file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TrackFormat {
    /// OpenScreen's and Recordly's `<video>.cursor.json`: `{"version": 2, "samples":
    /// [...], "assets": [...]}` or a bare array of samples, positions as fractions of
    /// the captured display, times in milliseconds.
    OpenScreen,
    /// Cap's `cursor.json`: `{"moves": [...], "clicks": [...]}`, positions as fractions
    /// of the capture area, times in milliseconds.
    Cap,
    /// Reel's JSON lines: one `{"t": 1.25, "x": 812, "y": 440}` object a line, times in
    /// seconds, positions in source pixels.
    Reel,
}

impl TrackFormat {
    /// Whether the format gives positions as fractions of the capture (rather than in
    /// pixels).
    pub fn uses_fractions(self) -> bool {
        matches!(self, TrackFormat::OpenScreen | TrackFormat::Cap)
    }
}

impl fmt::Display for TrackFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TrackFormat::OpenScreen => "OpenScreen",
            TrackFormat::Cap => "Cap",
            TrackFormat::Reel => "Reel",
        })
    }
}

/// An error and where in the text it is, before the file's name is added.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Located {
    /// The 1-based line and column, when known.
    pub position: Option<(usize, usize)>,
    /// What is wrong.
    pub kind: TrackErrorKind,
}

impl Located {
    pub(crate) fn new(position: Option<(usize, usize)>, kind: TrackErrorKind) -> Located {
        Located { position, kind }
    }

    /// A serde error met reading `format`, with serde's line and column; a syntax error
    /// is "not JSON", a wrong field or type a schema error of the format.
    pub(crate) fn from_serde(error: &serde_json::Error, format: Option<TrackFormat>) -> Located {
        let position = (error.line() > 0).then(|| (error.line(), error.column()));
        let message = serde_message(error);
        let kind = match (error.classify(), format) {
            (serde_json::error::Category::Data, Some(format)) => {
                TrackErrorKind::Schema { format, message }
            }
            _ => TrackErrorKind::NotJson(message),
        };
        Located::new(position, kind)
    }
}

/// serde's message without the ` at line L column C` it ends with (the position is
/// written before the message instead).
fn serde_message(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(end) if error.line() > 0 => message[..end].to_string(),
        _ => message,
    }
}

/// Where a sample or event came from, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// An element of a JSON array, such as `samples[12]`.
    Item(&'static str, usize),
    /// A line of a JSON lines file (1-based).
    Line(usize),
}

impl Origin {
    /// The position to report an error at, when there is one.
    pub(crate) fn position(self) -> Option<(usize, usize)> {
        match self {
            Origin::Item(..) => None,
            Origin::Line(line) => Some((line, 1)),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Item(array, index) => write!(f, "{array}[{index}]"),
            Origin::Line(line) => write!(f, "line {line}"),
        }
    }
}

/// A sample as a format gives it, in source pixels and seconds but not yet checked.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawSample {
    pub time: f64,
    pub position: Point,
    pub kind: CursorKind,
    pub visible: bool,
    pub image: Option<usize>,
    pub origin: Origin,
}

/// A button event as a format gives it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawButton {
    pub time: f64,
    pub action: ButtonAction,
    pub button: u8,
    pub origin: Origin,
}

/// A track as a format gives it: what `normalize` checks, sorts and turns into a
/// [`CursorTrack`](crate::CursorTrack).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawTrack {
    pub format: TrackFormat,
    pub samples: Vec<RawSample>,
    pub buttons: Vec<RawButton>,
    pub images: Vec<CursorImage>,
    /// Shape names Reel does not know, each once.
    pub unknown_kinds: Vec<String>,
    /// Images left out, with why.
    pub image_problems: Vec<String>,
}

impl RawTrack {
    pub(crate) fn new(format: TrackFormat) -> RawTrack {
        RawTrack {
            format,
            samples: Vec::new(),
            buttons: Vec::new(),
            images: Vec::new(),
            unknown_kinds: Vec::new(),
            image_problems: Vec::new(),
        }
    }

    /// The kind a name stands for; an unknown name is noted once and read as
    /// [`CursorKind::Other`].
    pub(crate) fn kind_named(&mut self, name: &str) -> CursorKind {
        CursorKind::from_name(name).unwrap_or_else(|| {
            if !self.unknown_kinds.iter().any(|known| known == name) {
                self.unknown_kinds.push(name.to_string());
            }
            CursorKind::Other
        })
    }
}

/// Gives each recorder image id one index into a track's images, adding an empty image
/// for an id met only in samples (so that its picture can be filled in later).
#[derive(Debug, Default)]
pub(crate) struct ImageIds {
    indices: HashMap<String, usize>,
}

impl ImageIds {
    pub(crate) fn index(&mut self, id: &str, images: &mut Vec<CursorImage>) -> usize {
        if let Some(&index) = self.indices.get(id) {
            return index;
        }
        images.push(CursorImage {
            id: id.to_string(),
            scale_factor: 1.0,
            ..CursorImage::default()
        });
        self.indices.insert(id.to_string(), images.len() - 1);
        images.len() - 1
    }
}

/// Reads `text` in whichever format its content is, with fractions scaled to
/// `capture_size`.
pub(crate) fn read_raw(text: &str, capture_size: (u32, u32)) -> Result<RawTrack, Located> {
    let size = Point::new(f64::from(capture_size.0), f64::from(capture_size.1));
    match detect::detect(text)? {
        Detected::OpenScreen => openscreen::read(text, size),
        Detected::OpenScreenSamples => openscreen::read_samples(text, size),
        Detected::Cap => cap::read(text, size),
        Detected::Reel => reel::read(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_errors_keep_their_line_and_column_apart_from_the_message() {
        let error = serde_json::from_str::<serde_json::Value>("{\n  \"a\": ?\n}").unwrap_err();
        let located = Located::from_serde(&error, Some(TrackFormat::Cap));
        assert_eq!(located.position, Some((2, 8)));
        assert_eq!(
            located.kind,
            TrackErrorKind::NotJson("expected value".into())
        );
    }

    #[test]
    fn origins_read_as_array_items_or_lines() {
        assert_eq!(Origin::Item("samples", 12).to_string(), "samples[12]");
        assert_eq!(Origin::Line(4).to_string(), "line 4");
        assert_eq!(Origin::Line(4).position(), Some((4, 1)));
    }
}
