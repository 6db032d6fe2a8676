//! Segmented export: one export split into N contiguous frame ranges that separate
//! processes (a cluster's jobs) render independently and a join puts back together.
//!
//! The split is a pure function of the expected frame count and N, so every job computes
//! the same plan with no coordinator. Segment `k` (from 0) holds output frames
//! `total * k / N` up to `total * (k + 1) / N`; the last one runs to the end of the
//! source, whatever its exact length turns out to be.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Which segment of how many an export renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Segment {
    /// The segment, from 0.
    pub index: u32,
    /// How many segments the export is split into.
    pub count: u32,
}

/// The output frames an export renders: all of them, or one segment's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct FrameWindow {
    /// The first frame rendered (frame 0 of this export's file).
    pub start: u64,
    /// The frame after the last one rendered; `None` runs to the end of the source.
    pub end: Option<u64>,
}

impl FrameWindow {
    /// Whether output frame `index` (counted in the whole export) is rendered.
    pub fn contains(&self, index: u64) -> bool {
        index >= self.start && self.end.is_none_or(|end| index < end)
    }
}

/// The most segments an export is split into.
pub const MAX_SEGMENTS: u32 = 1000;

impl Segment {
    /// The frames this segment renders out of an export of `total` expected frames.
    pub fn window(&self, total: u64) -> FrameWindow {
        let bound = |k: u32| total * u64::from(k) / u64::from(self.count);
        FrameWindow {
            start: bound(self.index),
            end: (self.index + 1 < self.count).then(|| bound(self.index + 1)),
        }
    }

    /// Where this segment is written, beside the final `output`:
    /// `talk.mp4` becomes `talk.segment-02-of-07.mp4`.
    pub fn path(&self, output: &Path) -> PathBuf {
        let stem = output
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let extension = output
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy()))
            .unwrap_or_default();
        let width = self.count.to_string().len().max(2);
        output.with_file_name(format!(
            "{stem}.segment-{:0width$}-of-{:0width$}{extension}",
            self.index, self.count
        ))
    }

    /// Every segment of an export split `count` ways.
    pub fn all(count: u32) -> impl Iterator<Item = Segment> {
        (0..count).map(move |index| Segment { index, count })
    }
}

/// Why a segment could not be read from text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid segment `{text}` (expected K/N with 0 <= K < N <= {MAX_SEGMENTS})")]
pub struct SegmentParseError {
    /// The text as given.
    pub text: String,
}

impl FromStr for Segment {
    type Err = SegmentParseError;

    /// Reads `K/N`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || SegmentParseError { text: text.into() };
        let (index, count) = text.split_once('/').ok_or_else(error)?;
        let index: u32 = index.trim().parse().map_err(|_| error())?;
        let count: u32 = count.trim().parse().map_err(|_| error())?;
        if count == 0 || count > MAX_SEGMENTS || index >= count {
            return Err(error());
        }
        Ok(Segment { index, count })
    }
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_cover_every_frame_once() {
        for count in [1, 3, 7] {
            let windows: Vec<_> = Segment::all(count).map(|s| s.window(100)).collect();
            assert_eq!(windows[0].start, 0);
            assert_eq!(windows.last().unwrap().end, None);
            for pair in windows.windows(2) {
                assert_eq!(pair[0].end, Some(pair[1].start));
            }
        }
        assert_eq!(
            Segment { index: 1, count: 3 }.window(100),
            FrameWindow {
                start: 33,
                end: Some(66)
            }
        );
    }

    #[test]
    fn parses_and_names_segments() {
        let segment: Segment = "2/7".parse().unwrap();
        assert_eq!(segment, Segment { index: 2, count: 7 });
        assert_eq!(
            segment.path(Path::new("out/talk.mp4")),
            Path::new("out/talk.segment-02-of-07.mp4")
        );
        for bad in ["7/7", "1", "a/3", "0/0", "-1/3"] {
            assert!(bad.parse::<Segment>().is_err(), "{bad}");
        }
    }
}
