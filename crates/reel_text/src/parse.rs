//! The SubRip and WebVTT cue grammar: blocks separated by blank lines, each a timing line
//! (`start --> end`) and its text; WebVTT adds a `WEBVTT` header, cue identifiers, cue
//! settings after the end time, and `NOTE`, `STYLE` and `REGION` blocks.

use crate::cue::{Cue, Word};
use crate::error::{CaptionErrorKind, CaptionWarning};
use crate::markup::marked_text;

/// An error at a line (1-based), when one applies.
pub(crate) type ParseError = (Option<usize>, CaptionErrorKind);

/// The cues of caption `text` (WebVTT when it starts with `WEBVTT`; `vtt_name` says the
/// file is named as WebVTT, which then demands the header), and what was read past.
pub(crate) fn parse_cues(
    text: &str,
    vtt_name: bool,
) -> Result<(Vec<Cue>, Vec<CaptionWarning>), ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<(usize, &str)> = text
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .collect();
    let blocks = blocks(&lines);
    let vtt = lines.first().is_some_and(|(_, l)| l.starts_with("WEBVTT"));
    if vtt_name && !vtt && !blocks.is_empty() {
        return Err((Some(1), CaptionErrorKind::MissingHeader));
    }
    let mut cues = Vec::new();
    let mut warnings = Vec::new();
    for (k, block) in blocks.iter().enumerate() {
        if vtt && (k == 0 || is_vtt_meta(block[0].1)) {
            continue;
        }
        let Some(at) = block.iter().take(2).position(|(_, l)| l.contains("-->")) else {
            let (line, found) = block[0];
            return Err((Some(line), CaptionErrorKind::BadTiming(found.into())));
        };
        let (line, timing) = block[at];
        let (start, end) = parse_timing(timing).ok_or((
            Some(line),
            CaptionErrorKind::BadTiming(timing.trim().into()),
        ))?;
        if end < start {
            return Err((Some(line), CaptionErrorKind::Backwards { start, end }));
        }
        let (text, words) = cue_text(&block[at + 1..], (start, end));
        if text.is_empty() {
            warnings.push(CaptionWarning {
                line,
                message: "a cue without text was left out".into(),
            });
            continue;
        }
        if end == start {
            warnings.push(CaptionWarning {
                line,
                message: "a cue that lasts no time was left out".into(),
            });
            continue;
        }
        cues.push(Cue {
            start,
            end,
            text,
            line,
            words,
        });
    }
    Ok((cues, warnings))
}

/// A cue's text from its lines, markup removed, lines joined by `\n`, with the spans
/// its inline timestamps time (each from its timestamp to the next, the first from the
/// cue's start).
fn cue_text(lines: &[(usize, &str)], (start, end): (f64, f64)) -> (String, Vec<Word>) {
    let mut text = String::new();
    let mut marks = Vec::new();
    for (k, (_, line)) in lines.iter().enumerate() {
        if k > 0 {
            text.push('\n');
        }
        let (plain, line_marks) = marked_text(line);
        marks.extend(line_marks.into_iter().map(|(at, t)| (text.len() + at, t)));
        text.push_str(&plain);
    }
    let lead = text.len() - text.trim_start().len();
    let text = text.trim().to_string();
    if marks.is_empty() {
        return (text, Vec::new());
    }
    let mut starts: Vec<(usize, f64)> = vec![(0, start)];
    starts.extend(
        marks
            .into_iter()
            .map(|(at, t)| (at.saturating_sub(lead).min(text.len()), t.clamp(start, end))),
    );
    let mut words = Vec::new();
    for (k, &(from, t)) in starts.iter().enumerate() {
        let (to, next) = starts
            .get(k + 1)
            .map_or((text.len(), end), |&(a, n)| (a, n));
        let piece = &text[from..to.max(from)];
        let trimmed = piece.trim();
        if trimmed.is_empty() {
            continue;
        }
        let offset = from + (piece.len() - piece.trim_start().len());
        words.push(Word {
            range: offset..offset + trimmed.len(),
            start: t,
            end: next.max(t),
        });
    }
    (text, words)
}

/// Whether a WebVTT block is a comment, a style sheet or a region definition.
fn is_vtt_meta(first: &str) -> bool {
    ["NOTE", "STYLE", "REGION"].iter().any(|word| {
        first == *word
            || first.starts_with(&format!("{word} "))
            || first.starts_with(&format!("{word}\t"))
    })
}

/// The runs of non-blank lines.
fn blocks<'a>(lines: &[(usize, &'a str)]) -> Vec<Vec<(usize, &'a str)>> {
    let mut blocks = Vec::new();
    let mut current = Vec::new();
    for &(n, line) in lines {
        if line.trim().is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
        } else {
            current.push((n, line));
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

/// `start --> end`, each a timestamp; anything after the end (WebVTT cue settings) is
/// ignored.
fn parse_timing(line: &str) -> Option<(f64, f64)> {
    let (start, rest) = line.split_once("-->")?;
    let end = rest.split_whitespace().next()?;
    Some((parse_time(start.trim())?, parse_time(end)?))
}

/// `[hours:]minutes:seconds[,.]fraction` (SubRip writes a comma, WebVTT a full stop;
/// WebVTT may leave the hours out), in seconds.
pub(crate) fn parse_time(text: &str) -> Option<f64> {
    let (clock, fraction) = match text.rfind([',', '.']) {
        Some(at) => (&text[..at], &text[at + 1..]),
        None => (text, ""),
    };
    let fields: Vec<&str> = clock.split(':').collect();
    if !(2..=3).contains(&fields.len()) || fraction.len() > 3 {
        return None;
    }
    let number = |s: &str, max: Option<u64>| -> Option<u64> {
        if s.is_empty() || s.len() > 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: u64 = s.parse().ok()?;
        max.is_none_or(|m| v < m).then_some(v)
    };
    let (hours, minutes, seconds) = match fields.as_slice() {
        [h, m, s] => (number(h, None)?, number(m, Some(60))?, number(s, Some(60))?),
        [m, s] => (0, number(m, None)?, number(s, Some(60))?),
        _ => return None,
    };
    let millis = if fraction.is_empty() {
        0.0
    } else {
        number(fraction, None)? as f64 / 10f64.powi(fraction.len() as i32)
    };
    Some((hours * 3600 + minutes * 60 + seconds) as f64 + millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_in_both_notations() {
        assert_eq!(parse_time("00:00:01,500"), Some(1.5));
        assert_eq!(parse_time("01:02:03.250"), Some(3723.25));
        assert_eq!(parse_time("02:03.250"), Some(123.25));
        assert_eq!(parse_time("00:61:00,000"), None);
        assert_eq!(parse_time("00:00:01,5000"), None);
        assert_eq!(parse_time("aa:00:01,000"), None);
        assert_eq!(parse_time(""), None);
    }

    #[test]
    fn a_subrip_file_with_an_index_and_two_lines() {
        let text = "1\r\n00:00:01,000 --> 00:00:02,000\r\nHello <i>there</i>\r\nworld\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,500\r\nBye\r\n";
        let (cues, warnings) = parse_cues(text, false).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(cues.len(), 2);
        assert_eq!(cues[0].text, "Hello there\nworld");
        assert_eq!((cues[0].start, cues[0].end), (1.0, 2.0));
        assert_eq!(cues[1].line, 7);
    }

    #[test]
    fn a_webvtt_file_with_notes_identifiers_and_settings() {
        let text = "WEBVTT - a talk\n\nNOTE written by hand\nover two lines\n\nintro\n00:01.000 --> 00:02.000 align:start line:0\n<v Ana>Hi &amp; welcome</v>\n\n00:02.500 --> 00:03.000\n<c.loud>Go</c> <00:02.750>now\n";
        let (cues, _) = parse_cues(text, true).unwrap();
        assert_eq!(cues.len(), 2);
        assert_eq!(cues[0].text, "Hi & welcome");
        assert_eq!(cues[1].text, "Go now");
        assert_eq!(cues[1].start, 2.5);
        // The inline timestamp times the words after it.
        let words = &cues[1].words;
        assert_eq!(words.len(), 2);
        assert_eq!(&cues[1].text[words[1].range.clone()], "now");
        assert_eq!(
            (words[0].start, words[1].start, words[1].end),
            (2.5, 2.75, 3.0)
        );
        assert_eq!(cues[1].word_at(2.6), Some(0));
        assert_eq!(cues[1].word_at(2.8), Some(1));
        assert!(cues[0].words.is_empty());
    }

    #[test]
    fn malformed_files_name_the_line() {
        let bad = "1\n00:00:01,000 -> 00:00:02,000\nHello\n";
        assert_eq!(parse_cues(bad, false).unwrap_err().0, Some(1));
        let bad = "1\n00:00:01,000 --> 00:00:0x,000\nHello\n";
        let (line, kind) = parse_cues(bad, false).unwrap_err();
        assert_eq!(line, Some(2));
        assert!(matches!(kind, CaptionErrorKind::BadTiming(_)));
        let backwards = "\n\n1\n00:00:03,000 --> 00:00:02,000\nHello\n";
        assert_eq!(
            parse_cues(backwards, false).unwrap_err().1,
            CaptionErrorKind::Backwards {
                start: 3.0,
                end: 2.0
            }
        );
        assert_eq!(
            parse_cues("00:01.000 --> 00:02.000\nHi\n", true).unwrap_err(),
            (Some(1), CaptionErrorKind::MissingHeader)
        );
    }
}
