//! Transcripts with word timings, as whisper-style speech recognisers write them
//! (openai-whisper's, faster-whisper's and WhisperX's `--output_format json`): each
//! segment a cue, each of its words timed.
//!
//! ```json
//! {"segments": [{"start": 0.5, "end": 2.0, "text": " Open the settings",
//!   "words": [{"word": " Open", "start": 0.5, "end": 0.8}, …]}]}
//! ```
//!
//! Field names follow openai-whisper's `transcribe.py` and WhisperX's alignment output
//! (which writes `word`; a `text` field is read as well).

use crate::cue::{Cue, Word};
use crate::error::CaptionErrorKind;
use crate::parse::ParseError;
use serde::Deserialize;

#[derive(Deserialize)]
struct Transcript {
    segments: Vec<Segment>,
}

#[derive(Deserialize)]
struct Segment {
    start: f64,
    end: f64,
    #[serde(default)]
    text: String,
    #[serde(default)]
    words: Vec<TimedWord>,
}

#[derive(Deserialize)]
struct TimedWord {
    #[serde(alias = "text")]
    word: String,
    /// WhisperX leaves the times out of words it could not align.
    start: Option<f64>,
    end: Option<f64>,
}

/// The cues of a JSON transcript: one a segment, its words timed.
pub(crate) fn transcript_cues(text: &str) -> Result<Vec<Cue>, ParseError> {
    let transcript: Transcript = serde_json::from_str(text)
        .map_err(|e| (Some(e.line()), CaptionErrorKind::Transcript(format!("{e}"))))?;
    let mut cues = Vec::new();
    for (k, segment) in transcript.segments.into_iter().enumerate() {
        let (start, end) = (segment.start, segment.end);
        if !(start.is_finite() && end.is_finite() && start >= 0.0) {
            return Err((
                None,
                CaptionErrorKind::Transcript(format!("segment {k} has invalid times")),
            ));
        }
        if end < start {
            return Err((None, CaptionErrorKind::Backwards { start, end }));
        }
        let (text, words) = if segment.words.is_empty() {
            (segment.text.trim().to_string(), Vec::new())
        } else {
            joined(&segment.words, (start, end))
        };
        if text.is_empty() || end == start {
            continue;
        }
        cues.push(Cue {
            start,
            end,
            text,
            line: k + 1,
            words,
        });
    }
    Ok(cues)
}

/// The words run together into the cue's text (each keeps the space the recogniser put
/// before it), each with its byte range and times; a word without times takes the end
/// of the one before.
fn joined(words: &[TimedWord], (start, end): (f64, f64)) -> (String, Vec<Word>) {
    let mut text = String::new();
    let mut timed = Vec::new();
    let mut last = start;
    for word in words {
        let piece = word.word.trim();
        if piece.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        let from = text.len();
        text.push_str(piece);
        let word_start = word
            .start
            .filter(|t| t.is_finite())
            .unwrap_or(last)
            .clamp(start, end);
        let word_end = word
            .end
            .filter(|t| t.is_finite())
            .unwrap_or(word_start)
            .clamp(word_start, end);
        last = word_end;
        timed.push(Word {
            range: from..text.len(),
            start: word_start,
            end: word_end,
        });
    }
    (text, timed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_become_cues_with_timed_words() {
        let json = r#"{"text": "x", "segments": [
            {"id": 0, "start": 0.5, "end": 2.0, "text": " Open the settings",
             "words": [{"word": " Open", "start": 0.5, "end": 0.8, "probability": 0.9},
                       {"word": " the", "start": 0.8, "end": 1.0},
                       {"text": " settings", "start": null, "end": null}]},
            {"start": 3.0, "end": 4.0, "text": " No words here "}]}"#;
        let cues = transcript_cues(json).unwrap();
        assert_eq!(cues.len(), 2);
        assert_eq!(cues[0].text, "Open the settings");
        let words = &cues[0].words;
        assert_eq!(&cues[0].text[words[2].range.clone()], "settings");
        assert_eq!((words[1].start, words[1].end), (0.8, 1.0));
        // A word the aligner left untimed starts where the one before ended.
        assert_eq!(words[2].start, 1.0);
        assert_eq!(cues[1].text, "No words here");
        assert!(cues[1].words.is_empty());
    }

    #[test]
    fn broken_json_names_its_line() {
        let (line, kind) = transcript_cues("{\n \"segments\": [\n {\"start\": }]}").unwrap_err();
        assert_eq!(line, Some(3));
        assert!(matches!(kind, CaptionErrorKind::Transcript(_)));
    }
}
