//! Checking and sorting a track as a format gives it.
//!
//! - A sample far outside the recording (more than [`FAR_OUTSIDE`] times its width or
//!   height beyond an edge) is a mistake: wrong units, or the wrong recording's size.
//!   Samples merely outside the picture are kept: the cursor was on another display.
//! - A sample earlier than the last one kept goes backwards in time.
//! - A few of either (at most one in [`SKIP_ONE_IN`] samples, and at least one) are left
//!   out with one warning for each of the two; more are an error naming the first.
//! - A sample at the same time as the one before it replaces it (the later one wins).
//! - Button events are sorted by time and placed on the path at their time.

use crate::error::{TrackError, TrackErrorKind, TrackWarning, TrackWarningKind};
use crate::formats::{RawButton, RawSample, RawTrack};
use crate::point::Point;
use crate::track::{ButtonEvent, CursorSample, CursorTrack};
use std::path::Path;

/// How far outside the recording a position may lie, in widths and heights of the
/// recording beyond its edges, before it counts as a mistake.
pub const FAR_OUTSIDE: f64 = 4.0;

/// At most one in this many samples may be skipped with a warning (at least one always
/// may).
pub const SKIP_ONE_IN: usize = 20;

/// How many of `total` samples may be skipped with a warning.
fn skip_limit(total: usize) -> usize {
    (total / SKIP_ONE_IN).max(1)
}

/// An error before the file's name is added.
type Failure = (Option<(usize, usize)>, TrackErrorKind);

/// Checks and sorts `raw` into a track for a recording of `capture_size`.
pub(crate) fn normalize(
    raw: RawTrack,
    file: &Path,
    capture_size: (u32, u32),
) -> Result<(CursorTrack, Vec<TrackWarning>), TrackError> {
    let fail = |(position, kind): Failure| TrackError {
        file: file.to_path_buf(),
        position,
        kind,
    };
    if raw.samples.is_empty() {
        return Err(fail((None, TrackErrorKind::Empty)));
    }
    let total = raw.samples.len();
    let mut warnings = Vec::new();
    let samples = drop_far_outside(
        raw.samples,
        raw.format.uses_fractions(),
        capture_size,
        &mut warnings,
    )
    .map_err(fail)?;
    let samples = drop_backwards(samples, total, &mut warnings).map_err(fail)?;
    let mut track = CursorTrack {
        format: raw.format,
        capture_size,
        samples,
        buttons: Vec::new(),
        images: raw.images,
    };
    track.buttons = place_buttons(&track, raw.buttons);
    if !raw.unknown_kinds.is_empty() {
        warnings.push(TrackWarningKind::UnknownKinds {
            names: raw.unknown_kinds,
        });
    }
    if !raw.image_problems.is_empty() {
        warnings.push(TrackWarningKind::Images {
            reasons: raw.image_problems,
        });
    }
    let warnings = warnings
        .into_iter()
        .map(|kind| TrackWarning {
            file: file.to_path_buf(),
            kind,
        })
        .collect();
    Ok((track, warnings))
}

/// Whether `position` lies far outside a recording of `size`.
fn far_outside(position: Point, (width, height): (u32, u32)) -> bool {
    let (width, height) = (f64::from(width), f64::from(height));
    let within = |value: f64, extent: f64| {
        value >= -FAR_OUTSIDE * extent && value <= (1.0 + FAR_OUTSIDE) * extent
    };
    !(within(position.x, width) && within(position.y, height))
}

/// Leaves out samples far outside the recording (with a warning), or fails if there are
/// more than a few.
fn drop_far_outside(
    samples: Vec<RawSample>,
    fractions: bool,
    capture_size: (u32, u32),
    warnings: &mut Vec<TrackWarningKind>,
) -> Result<Vec<RawSample>, Failure> {
    let total = samples.len();
    let (kept, outside): (Vec<RawSample>, Vec<RawSample>) = samples
        .into_iter()
        .partition(|sample| !far_outside(sample.position, capture_size));
    let Some(first) = outside.first() else {
        return Ok(kept);
    };
    let limit = skip_limit(total);
    if outside.len() > limit || kept.is_empty() {
        let (width, height) = capture_size;
        return Err((
            first.origin.position(),
            TrackErrorKind::FarOutside {
                item: first.origin.to_string(),
                x: first.position.x,
                y: first.position.y,
                width,
                height,
                count: outside.len(),
                limit,
                fractions,
            },
        ));
    }
    warnings.push(TrackWarningKind::FarOutside {
        count: outside.len(),
        total,
        first: format!(
            "{} at ({:.1}, {:.1})",
            first.origin, first.position.x, first.position.y
        ),
    });
    Ok(kept)
}

/// Leaves out samples that go back in time (with a warning), or fails if there are more
/// than a few of the `total`; a sample at the time of the one before replaces it.
fn drop_backwards(
    samples: Vec<RawSample>,
    total: usize,
    warnings: &mut Vec<TrackWarningKind>,
) -> Result<Vec<CursorSample>, Failure> {
    let mut kept: Vec<RawSample> = Vec::with_capacity(samples.len());
    let mut backwards: Vec<(RawSample, f64)> = Vec::new();
    for sample in samples {
        match kept.last_mut() {
            Some(last) if sample.time < last.time => {
                let previous = last.time;
                backwards.push((sample, previous));
            }
            Some(last) if sample.time == last.time => *last = sample,
            _ => kept.push(sample),
        }
    }
    if let Some((first, previous)) = backwards.first() {
        let limit = skip_limit(total);
        if backwards.len() > limit {
            return Err((
                first.origin.position(),
                TrackErrorKind::TimeBackwards {
                    item: first.origin.to_string(),
                    time: first.time,
                    previous: *previous,
                    count: backwards.len(),
                    limit,
                },
            ));
        }
        warnings.push(TrackWarningKind::OutOfOrder {
            count: backwards.len(),
            total,
            first: format!(
                "{} at {:.3} s after {:.3} s",
                first.origin, first.time, previous
            ),
        });
    }
    Ok(kept
        .into_iter()
        .map(|sample| CursorSample {
            time: sample.time,
            position: sample.position,
            kind: sample.kind,
            visible: sample.visible,
            image: sample.image,
        })
        .collect())
}

/// The button events sorted by time (stably: a press and a release at one time keep
/// their order), each where the track's path is at its time.
fn place_buttons(track: &CursorTrack, mut buttons: Vec<RawButton>) -> Vec<ButtonEvent> {
    buttons.sort_by(|a, b| a.time.total_cmp(&b.time));
    buttons
        .into_iter()
        .map(|button| ButtonEvent {
            time: button.time,
            position: track.raw_position_at(button.time),
            action: button.action,
            button: button.button,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::track::ButtonAction;

    fn parse(text: &str) -> Result<(CursorTrack, Vec<TrackWarning>), TrackError> {
        CursorTrack::parse(text, Path::new("take.cursor.json"), (1000, 500))
    }

    /// An OpenScreen track of `count` samples 33 ms apart moving right, with `edit`
    /// applied to the list of (time in ms, cx) pairs first.
    fn openscreen(count: usize, edit: impl FnOnce(&mut Vec<(f64, f64)>)) -> String {
        let mut samples: Vec<(f64, f64)> = (0..count)
            .map(|i| (i as f64 * 33.0, i as f64 / count as f64))
            .collect();
        edit(&mut samples);
        let samples: Vec<String> = samples
            .iter()
            .map(|(time, cx)| format!("{{\"timeMs\": {time}, \"cx\": {cx}, \"cy\": 0.5}}"))
            .collect();
        format!("{{\"version\": 2, \"samples\": [{}]}}", samples.join(",\n"))
    }

    #[test]
    fn a_few_samples_out_of_order_are_skipped_with_one_warning() {
        let text = openscreen(100, |samples| {
            samples[10].0 = 200.0;
            samples[50].0 = 1000.0;
        });
        let (track, warnings) = parse(&text).unwrap();
        assert_eq!(track.samples().len(), 98);
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            warnings[0].kind,
            TrackWarningKind::OutOfOrder {
                count: 2,
                total: 100,
                first: "samples[10] at 0.200 s after 0.297 s".into()
            }
        );
        assert!(track.samples().windows(2).all(|w| w[0].time < w[1].time));
    }

    #[test]
    fn a_track_going_backwards_is_an_error() {
        let text = openscreen(40, |samples| samples.reverse());
        let error = parse(&text).unwrap_err();
        assert!(
            matches!(
                &error.kind,
                TrackErrorKind::TimeBackwards { item, count: 39, limit: 2, .. } if item == "samples[1]"
            ),
            "{error:?}"
        );
        assert!(
            error
                .to_string()
                .starts_with("take.cursor.json: samples[1]: the time goes backwards")
        );
    }

    #[test]
    fn a_line_going_backwards_is_reported_at_its_line() {
        let text = "{\"t\": 1, \"x\": 1, \"y\": 1}\n{\"t\": 0.5, \"x\": 1, \"y\": 1}\n{\"t\": 0.2, \"x\": 1, \"y\": 1}\n";
        let error = parse(text).unwrap_err();
        assert_eq!(error.position, Some((2, 1)));
    }

    #[test]
    fn a_few_samples_far_outside_are_skipped_and_many_are_an_error() {
        let text = openscreen(100, |samples| samples[7].1 = 812.0);
        let (track, warnings) = parse(&text).unwrap();
        assert_eq!(track.samples().len(), 99);
        assert!(matches!(
            &warnings[0].kind,
            TrackWarningKind::FarOutside { count: 1, total: 100, first } if first == "samples[7] at (812000.0, 250.0)"
        ));
        // Pixels written where fractions belong.
        let text = openscreen(100, |samples| {
            for sample in samples.iter_mut() {
                sample.1 *= 1000.0;
            }
        });
        let error = parse(&text).unwrap_err();
        assert!(
            matches!(error.kind, TrackErrorKind::FarOutside { .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("fractions"));
    }

    #[test]
    fn positions_on_another_display_are_kept() {
        let text = openscreen(10, |samples| samples[3].1 = -0.8);
        let (track, warnings) = parse(&text).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(track.samples()[3].position.x, -800.0);
    }

    #[test]
    fn a_track_without_samples_is_an_error() {
        for text in [
            "{\"samples\": []}",
            "[]",
            "{\"moves\": [], \"clicks\": [{\"time_ms\": 1, \"down\": true}]}",
            "\n\n",
        ] {
            let error = parse(text).unwrap_err();
            assert_eq!(error.kind, TrackErrorKind::Empty, "{text}");
        }
    }

    #[test]
    fn samples_at_one_time_keep_the_last_and_buttons_lie_on_the_path() {
        let text = "{\"t\": 0, \"x\": 0, \"y\": 0}\n\
                    {\"t\": 1, \"x\": 50, \"y\": 0}\n\
                    {\"t\": 1, \"x\": 100, \"y\": 0, \"button\": \"down\"}\n\
                    {\"t\": 2, \"x\": 100, \"y\": 100}\n";
        let (track, _) = parse(text).unwrap();
        assert_eq!(track.samples().len(), 3);
        assert_eq!(track.samples()[1].position, Point::new(100.0, 0.0));
        assert_eq!(track.buttons()[0].position, Point::new(100.0, 0.0));
        assert_eq!(track.buttons()[0].action, ButtonAction::Down);
    }
}
