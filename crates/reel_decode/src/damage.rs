//! Damaged sources: what the decoder skipped while reading one, and the warning an export
//! prints about it.
//!
//! Reel exports what decodes. A packet the container cannot read or the decoder refuses
//! is skipped; a picture the decoder could only partly reconstruct (it says so with its
//! error flags) is dropped, and the picture before it stays on screen in its place, so
//! the video freezes briefly instead of showing smeared blocks. Timing is kept: later
//! pictures still land on the output frames their timestamps say. A source that ends
//! early (a recording cut short) exports up to where its data ends. Each of these is
//! counted and reported once, as a warning, when decoding ends; only a source of which
//! nothing decodes fails the export.

use crate::thread::DecodeSummary;
use reel_scene::FrameRate;
use std::path::Path;

/// A source whose decoded part falls short of its stated duration by more than this many
/// seconds (or two output frames, whichever is more) is reported as cut short. Smaller
/// differences are the usual disagreement between a container's stated duration and its
/// last picture.
const SHORTFALL_TOLERANCE_SECONDS: f64 = 0.5;

/// What was wrong with a source's data, counted while decoding it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Damage {
    /// Reads of the container that failed: unreadable or cut-off data, skipped.
    pub unreadable_reads: u64,
    /// Packets the container marked as incomplete or corrupt (still given to the decoder,
    /// which conceals what it can).
    pub corrupt_packets: u64,
    /// Packets the decoder refused as invalid, skipped.
    pub damaged_packets: u64,
    /// Pictures the decoder could only partly reconstruct, dropped: the picture before
    /// them is shown in their place.
    pub damaged_pictures: u64,
    /// Whether decoding stopped at a run of unreadable data before the end of the file.
    pub stopped_early: bool,
}

impl Damage {
    /// Whether anything was wrong with the data.
    pub fn any(&self) -> bool {
        self.unreadable_reads + self.corrupt_packets + self.damaged_packets + self.damaged_pictures
            > 0
            || self.stopped_early
    }
}

/// The warning to print when an export's source was damaged or cut short, or `None` when
/// it decoded cleanly. `expected_frames` is the number of output frames the source's
/// stated duration promised, when it states one.
pub fn damage_warning(
    path: &Path,
    summary: &DecodeSummary,
    expected_frames: Option<u64>,
    rate: FrameRate,
) -> Option<String> {
    let damage = &summary.damage;
    let tolerance = (SHORTFALL_TOLERANCE_SECONDS * rate.as_f64())
        .ceil()
        .max(2.0) as u64;
    let cut_short = expected_frames
        .is_some_and(|expected| summary.output_frames + tolerance < expected)
        || damage.stopped_early;
    if !cut_short && !damage.any() {
        return None;
    }
    let got = rate.frame_time(summary.output_frames);
    let mut parts = vec![match expected_frames {
        Some(expected) if summary.output_frames < expected => format!(
            "decoding stopped at {got:.2} s of {:.2} s, so the export is {} frame(s) short",
            rate.frame_time(expected),
            expected - summary.output_frames
        ),
        _ => format!("decoded to the end ({got:.2} s)"),
    }];
    let skipped = damage.unreadable_reads + damage.damaged_packets;
    if skipped > 0 {
        parts.push(format!(
            "{skipped} unreadable or undecodable packet(s) skipped"
        ));
    }
    if damage.damaged_pictures > 0 {
        parts.push(format!(
            "{} damaged source picture(s) dropped (the picture before each is shown instead)",
            damage.damaged_pictures
        ));
    }
    if damage.corrupt_packets > 0 {
        parts.push(format!(
            "{} incomplete packet(s) decoded as far as they go",
            damage.corrupt_packets
        ));
    }
    Some(format!(
        "{}: the source is damaged or cut short; exported what decodes: {}",
        path.display(),
        parts.join("; ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(output_frames: u64, damage: Damage) -> DecodeSummary {
        DecodeSummary {
            output_frames,
            source_frames: output_frames,
            damage,
        }
    }

    #[test]
    fn a_clean_complete_source_has_no_warning() {
        let rate = FrameRate::whole(30);
        let path = Path::new("in.mp4");
        assert_eq!(
            damage_warning(path, &summary(300, Damage::default()), Some(300), rate),
            None
        );
        // A frame or two off the stated duration is normal.
        assert_eq!(
            damage_warning(path, &summary(298, Damage::default()), Some(300), rate),
            None
        );
        assert_eq!(
            damage_warning(path, &summary(300, Damage::default()), None, rate),
            None
        );
    }

    #[test]
    fn a_source_cut_short_says_how_far_it_got() {
        let warning = damage_warning(
            Path::new("in.mp4"),
            &summary(150, Damage::default()),
            Some(300),
            FrameRate::whole(30),
        )
        .unwrap();
        assert_eq!(
            warning,
            "in.mp4: the source is damaged or cut short; exported what decodes: decoding \
             stopped at 5.00 s of 10.00 s, so the export is 150 frame(s) short"
        );
    }

    #[test]
    fn damage_is_counted_in_the_warning() {
        let damage = Damage {
            unreadable_reads: 1,
            damaged_packets: 2,
            damaged_pictures: 4,
            ..Default::default()
        };
        let warning = damage_warning(
            Path::new("in.mkv"),
            &summary(300, damage),
            Some(300),
            FrameRate::whole(30),
        )
        .unwrap();
        assert!(
            warning.contains("decoded to the end (10.00 s)"),
            "{warning}"
        );
        assert!(warning.contains("3 unreadable or undecodable packet(s) skipped"));
        assert!(warning.contains("4 damaged source picture(s) dropped"));
    }
}
