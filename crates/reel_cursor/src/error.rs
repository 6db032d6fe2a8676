//! Errors and warnings met while reading a cursor track, and errors in cursor settings.

use crate::formats::TrackFormat;
use std::fmt;
use std::path::PathBuf;

/// A cursor track that cannot be used, with the file and, where known, the line and
/// column.
///
/// Displayed as `recording.cursor.json:LINE:COL: message`, the form editors and
/// terminals link to.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackError {
    /// The track file the error is in.
    pub file: PathBuf,
    /// The 1-based line and column of the offending text, when known.
    pub position: Option<(usize, usize)>,
    /// What is wrong.
    pub kind: TrackErrorKind,
}

/// What is wrong with a cursor track.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TrackErrorKind {
    /// The file could not be read.
    #[error("cannot read the cursor track: {0}")]
    Read(String),
    /// The cursor image the scene names cannot be used.
    #[error("cannot use the cursor image: {0}")]
    Image(String),
    /// The file holds no samples (or nothing at all).
    #[error("the cursor track is empty: it holds no cursor positions")]
    Empty,
    /// The text is not JSON (nor JSON lines).
    #[error("not a cursor track: {0}")]
    NotJson(String),
    /// The JSON is none of the track formats Reel reads.
    #[error(
        "not a cursor track Reel reads: found {found}; expected an OpenScreen or Recordly \
         track (`{{\"samples\": [...]}}` or an array of samples), a Cap `cursor.json` \
         (`{{\"moves\": [...], \"clicks\": [...]}}`) or Reel's JSON lines \
         (`{{\"t\": 1.25, \"x\": 812, \"y\": 440}}` on each line)"
    )]
    UnknownShape {
        /// What the file holds instead, such as `an object with the fields a, b`.
        found: String,
    },
    /// The JSON has the shape of a format but a field is missing or of the wrong type.
    #[error("{format} track: {message}")]
    Schema {
        /// The format the file was recognised as.
        format: TrackFormat,
        /// serde's account of the field and what was expected.
        message: String,
    },
    /// Too many samples go back in time to be skipped.
    #[error(
        "{item}: the time goes backwards ({time:.3} s after {previous:.3} s), and {count} \
         samples do so (more than the {limit} that would be skipped): is the track sorted?"
    )]
    TimeBackwards {
        /// The first sample that does, such as `samples[12]` or `line 13`.
        item: String,
        /// Its time, in seconds.
        time: f64,
        /// The time of the sample before it, in seconds.
        previous: f64,
        /// How many samples go backwards.
        count: usize,
        /// The most that would have been skipped with a warning.
        limit: usize,
    },
    /// Too many positions lie far outside the recording to be skipped.
    #[error(
        "{item}: the position ({x:.1}, {y:.1}) lies far outside the {width}x{height} \
         recording, and {count} samples do so (more than the {limit} that would be \
         skipped): {}",
        far_outside_hint(*fractions)
    )]
    FarOutside {
        /// The first sample that does.
        item: String,
        /// Its position in source pixels.
        x: f64,
        /// Its position in source pixels.
        y: f64,
        /// The recording's width in pixels.
        width: u32,
        /// The recording's height in pixels.
        height: u32,
        /// How many samples do so.
        count: usize,
        /// The most that would have been skipped with a warning.
        limit: usize,
        /// Whether the format gives positions as fractions of the capture (which says
        /// what probably went wrong).
        fractions: bool,
    },
    /// The recording's size given to read the track with is not a picture size.
    #[error("the recording's size {width}x{height} is not a picture size")]
    CaptureSize {
        /// The width given.
        width: u32,
        /// The height given.
        height: u32,
    },
}

/// What probably put positions far outside the recording.
fn far_outside_hint(fractions: bool) -> &'static str {
    if fractions {
        "this format gives positions as fractions of the capture (0 to 1): is the \
         recording's size right, and is the track this recording's?"
    } else {
        "positions are in source pixels of the recording: is the track this recording's?"
    }
}

impl fmt::Display for TrackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {}", self.kind)
    }
}

impl std::error::Error for TrackError {}

/// Something in a cursor track that Reel skipped or could not use, with the rest of the
/// track still good: one warning for each kind of problem, saying what was skipped.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackWarning {
    /// The track file.
    pub file: PathBuf,
    /// What was skipped.
    pub kind: TrackWarningKind,
}

/// What Reel skipped in a cursor track.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TrackWarningKind {
    /// A few samples went back in time and were left out.
    #[error("skipped {count} of {total} samples whose time goes backwards (the first: {first})")]
    OutOfOrder {
        /// How many were skipped.
        count: usize,
        /// How many samples the track holds.
        total: usize,
        /// The first one, such as `samples[12] at 1.200 s after 1.250 s`.
        first: String,
    },
    /// A few samples lay far outside the recording and were left out.
    #[error("skipped {count} of {total} samples far outside the recording (the first: {first})")]
    FarOutside {
        /// How many were skipped.
        count: usize,
        /// How many samples the track holds.
        total: usize,
        /// The first one, such as `samples[3] at (9000.0, 12.0)`.
        first: String,
    },
    /// Cursor shapes Reel has no name for: those samples are drawn as [`Other`].
    ///
    /// [`Other`]: crate::CursorKind::Other
    #[error("unknown cursor shapes drawn as the recorder's image or an arrow: {}", names.join(", "))]
    UnknownKinds {
        /// The names, each once, in the order first met.
        names: Vec<String>,
    },
    /// Recorder images that could not be decoded: the cursor is drawn by its kind there.
    #[error("cursor images left out: {}", reasons.join("; "))]
    Images {
        /// For each image, its id and why.
        reasons: Vec<String>,
    },
    /// Button events a recorder wrote with a mistake, left out.
    #[error("skipped {count} button events: {reason}")]
    Buttons {
        /// How many were skipped.
        count: usize,
        /// Why, for the first of them.
        reason: String,
    },
}

impl fmt::Display for TrackWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.kind)
    }
}

/// Cursor settings outside what Reel accepts.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SettingsError {
    /// A value is out of range.
    #[error("{field}: {message}")]
    Invalid {
        /// The setting, such as `smoothing.stiffness`.
        field: &'static str,
        /// What was found and what was expected.
        message: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_file_line_and_column() {
        let error = TrackError {
            file: "take1.cursor.json".into(),
            position: Some((3, 14)),
            kind: TrackErrorKind::NotJson("expected value".into()),
        };
        assert_eq!(
            error.to_string(),
            "take1.cursor.json:3:14: not a cursor track: expected value"
        );
        let empty = TrackError {
            file: "cursor.json".into(),
            position: None,
            kind: TrackErrorKind::Empty,
        };
        assert!(
            empty
                .to_string()
                .starts_with("cursor.json: the cursor track is empty")
        );
    }

    #[test]
    fn warnings_say_what_was_skipped() {
        let warning = TrackWarning {
            file: "cursor.json".into(),
            kind: TrackWarningKind::OutOfOrder {
                count: 2,
                total: 300,
                first: "moves[7] at 0.200 s after 0.233 s".into(),
            },
        };
        assert_eq!(
            warning.to_string(),
            "cursor.json: skipped 2 of 300 samples whose time goes backwards (the first: \
             moves[7] at 0.200 s after 0.233 s)"
        );
    }
}
