//! Caption cues: text shown over a time range.

use crate::error::{CaptionError, CaptionErrorKind, CaptionWarning};
use crate::parse::parse_cues;
use std::path::{Path, PathBuf};

/// One caption: its lines of text, shown from `start` to `end` (seconds).
#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    /// When it appears.
    pub start: f64,
    /// When it goes (exclusive).
    pub end: f64,
    /// Its text, markup removed, lines separated by `\n`.
    pub text: String,
    /// The line of the file its timing is on (a transcript's segment number).
    pub line: usize,
    /// Its words' timings, when the file gives them (a transcript's words, WebVTT's
    /// inline timestamps), in order.
    pub words: Vec<Word>,
}

/// A timed word (or run of words) of a cue.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// Its bytes in the cue's text.
    pub range: std::ops::Range<usize>,
    /// When it is spoken.
    pub start: f64,
    /// When it has been spoken.
    pub end: f64,
}

impl Cue {
    /// The word being spoken at `time`: the last one started by then, until the cue
    /// ends; `None` before the first or when the cue has no word timings.
    pub fn word_at(&self, time: f64) -> Option<usize> {
        let started = self.words.partition_point(|w| w.start <= time);
        started.checked_sub(1)
    }
}

/// The cues of a caption file, in start order.
#[derive(Debug, Clone, PartialEq)]
pub struct CaptionTrack {
    /// The file they were read from.
    pub file: PathBuf,
    /// The cues, by start time (ties keep the file's order).
    pub cues: Vec<Cue>,
}

impl CaptionTrack {
    /// Reads the SubRip, WebVTT or JSON transcript file at `path`, with what its reader read past.
    pub fn read(path: &Path) -> Result<(CaptionTrack, Vec<CaptionWarning>), CaptionError> {
        let bytes = std::fs::read(path).map_err(|e| CaptionError {
            file: path.to_owned(),
            line: None,
            kind: CaptionErrorKind::Io(e.to_string()),
        })?;
        Self::parse(&bytes, path)
    }

    /// Parses caption file bytes read from `path` (named by errors; a `.vtt` name
    /// demands the WebVTT header; a `.json` name, or text starting with `{`, is a
    /// transcript).
    pub fn parse(
        bytes: &[u8],
        path: &Path,
    ) -> Result<(CaptionTrack, Vec<CaptionWarning>), CaptionError> {
        let error = |line, kind| CaptionError {
            file: path.to_owned(),
            line,
            kind,
        };
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            error(Some(line), CaptionErrorKind::NotText)
        })?;
        let vtt_name = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("vtt"));
        let json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
            || text.trim_start().starts_with('{');
        let (mut cues, warnings) = if json {
            crate::transcript::transcript_cues(text).map(|cues| (cues, Vec::new()))
        } else {
            parse_cues(text, vtt_name)
        }
        .map_err(|(line, kind)| error(line, kind))?;
        if cues.is_empty() {
            return Err(error(None, CaptionErrorKind::Empty));
        }
        cues.sort_by(|a, b| a.start.total_cmp(&b.start));
        let track = CaptionTrack {
            file: path.to_owned(),
            cues,
        };
        let mut warnings = warnings;
        warnings.extend(track.overlaps());
        Ok((track, warnings))
    }

    /// A warning for each cue that starts before an earlier one ends.
    fn overlaps(&self) -> Vec<CaptionWarning> {
        let mut latest_end = f64::NEG_INFINITY;
        let mut warnings = Vec::new();
        for cue in &self.cues {
            if cue.start < latest_end {
                warnings.push(CaptionWarning {
                    line: cue.line,
                    message: "this cue overlaps an earlier one; both are shown, stacked".into(),
                });
            }
            latest_end = latest_end.max(cue.end);
        }
        warnings
    }

    /// The indices of the cues showing at output time `time`, in start order.
    pub fn showing(&self, time: f64) -> Vec<usize> {
        let later = self.cues.partition_point(|c| c.start <= time);
        (0..later).filter(|&i| time < self.cues[i].end).collect()
    }
}
