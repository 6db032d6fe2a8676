//! Why a caption file could not be read.

use std::fmt;
use std::path::PathBuf;

/// A caption file that could not be read: the file, the line (1-based) where it applies,
/// and what is wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct CaptionError {
    /// The caption file.
    pub file: PathBuf,
    /// The line the problem is on, when there is one.
    pub line: Option<usize>,
    /// What is wrong.
    pub kind: CaptionErrorKind,
}

/// What is wrong with a caption file.
#[derive(Debug, Clone, PartialEq)]
pub enum CaptionErrorKind {
    /// It could not be read from disk.
    Io(String),
    /// It holds bytes that are not UTF-8 text.
    NotText,
    /// It holds no cue.
    Empty,
    /// A cue's timing line is not `start --> end`, or a time is malformed.
    BadTiming(String),
    /// A cue ends before it starts.
    Backwards {
        /// Its start, in seconds.
        start: f64,
        /// Its end, in seconds.
        end: f64,
    },
    /// A WebVTT file does not start with `WEBVTT`.
    MissingHeader,
    /// A JSON transcript is not one (the message says where and why).
    Transcript(String),
}

impl fmt::Display for CaptionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.kind)
    }
}

impl fmt::Display for CaptionErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CaptionErrorKind::Io(reason) => write!(f, "cannot read the caption file: {reason}"),
            CaptionErrorKind::NotText => {
                write!(f, "not a caption file: the text is not UTF-8")
            }
            CaptionErrorKind::Empty => {
                write!(f, "no cues (expected SubRip or WebVTT cues)")
            }
            CaptionErrorKind::BadTiming(found) => write!(
                f,
                "invalid timing {found:?} (expected `00:00:01,000 --> 00:00:02,500`)"
            ),
            CaptionErrorKind::Backwards { start, end } => write!(
                f,
                "the cue ends at {end:.3} s, before it starts at {start:.3} s"
            ),
            CaptionErrorKind::MissingHeader => {
                write!(f, "a WebVTT file must start with `WEBVTT`")
            }
            CaptionErrorKind::Transcript(why) => write!(
                f,
                "not a transcript ({why}; expected {{\"segments\": [{{\"start\", \"end\", \"text\", \"words\"}}]}})"
            ),
        }
    }
}

/// Something in a caption file that was read past: the line and what it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptionWarning {
    /// The line, 1-based.
    pub line: usize,
    /// What was read past.
    pub message: String,
}

impl fmt::Display for CaptionWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}
