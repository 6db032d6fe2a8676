//! Hiding the cursor while it rests: after `delay` seconds without moving it fades out
//! over `fade` seconds, and fades back in over `fade` seconds as soon as it moves.
//!
//! The cursor is active where the recorded path moves (from the sample before a move
//! of more than [`MOTION_THRESHOLD`] pixels to the sample after it), at each button
//! event, and at the track's first sample. Activities no more than `delay` apart form
//! one burst, during which the cursor is fully shown (once faded in); after a burst's
//! last activity it waits `delay` seconds and fades out; at the next burst it fades in
//! from however far it had faded.

use crate::error::SettingsError;
use crate::track::CursorTrack;

/// How far, in source pixels, the recorded cursor must move between two samples to
/// count as moving.
pub const MOTION_THRESHOLD: f64 = 1.0;

/// The longest `delay` or `fade`, in seconds.
pub const MAX_IDLE: f64 = 600.0;

/// When a resting cursor is hidden.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IdleHide {
    /// Seconds without motion before the cursor starts to fade out. Default: 2.
    pub delay: f64,
    /// Seconds the fade out (and back in) takes; 0 hides and shows at once. Default: 0.3.
    pub fade: f64,
}

impl Default for IdleHide {
    fn default() -> IdleHide {
        IdleHide {
            delay: 2.0,
            fade: 0.3,
        }
    }
}

impl IdleHide {
    /// Checks that `delay` and `fade` are 0 to [`MAX_IDLE`] seconds.
    pub fn validate(&self) -> Result<(), SettingsError> {
        for (field, value) in [("idle.delay", self.delay), ("idle.fade", self.fade)] {
            if !(0.0..=MAX_IDLE).contains(&value) {
                return Err(SettingsError::Invalid {
                    field,
                    message: format!("{value} is not 0 to {MAX_IDLE} seconds"),
                });
            }
        }
        Ok(())
    }
}

/// A run of activity no more than `delay` apart.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Burst {
    start: f64,
    end: f64,
    /// The opacity the cursor had faded to when the burst began.
    level: f64,
}

/// The idle fade of one track.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct IdleFade {
    hide: IdleHide,
    bursts: Vec<Burst>,
}

impl IdleFade {
    /// Finds the track's bursts of activity.
    pub(crate) fn new(track: &CursorTrack, hide: IdleHide) -> IdleFade {
        let mut fade = IdleFade {
            hide,
            bursts: Vec::new(),
        };
        for time in activity(track) {
            match fade.bursts.last_mut() {
                Some(burst) if time - burst.end <= hide.delay => burst.end = burst.end.max(time),
                Some(_) => {
                    let level = fade.opacity_at(time);
                    fade.bursts.push(Burst {
                        start: time,
                        end: time,
                        level,
                    });
                }
                None => fade.bursts.push(Burst {
                    start: time,
                    end: time,
                    level: 1.0,
                }),
            }
        }
        fade
    }

    /// The cursor's opacity at `time` from resting alone: 1 shown, 0 hidden.
    pub(crate) fn opacity_at(&self, time: f64) -> f64 {
        let index = self.bursts.partition_point(|burst| burst.start <= time);
        let Some(burst) = index.checked_sub(1).map(|index| self.bursts[index]) else {
            return 1.0;
        };
        let fade_in = if self.hide.fade <= 0.0 {
            1.0
        } else {
            (burst.level + ramp(time - burst.start, self.hide.fade)).min(1.0)
        };
        let fade_out = 1.0 - ramp(time - burst.end - self.hide.delay, self.hide.fade);
        fade_in.min(fade_out)
    }
}

/// `elapsed / span` clamped to 0..1; a step just after 0 when `span` is 0.
fn ramp(elapsed: f64, span: f64) -> f64 {
    if span <= 0.0 {
        if elapsed > 0.0 { 1.0 } else { 0.0 }
    } else {
        (elapsed / span).clamp(0.0, 1.0)
    }
}

/// The times the cursor is active, sorted.
fn activity(track: &CursorTrack) -> Vec<f64> {
    let samples = track.samples();
    let mut times = vec![track.start()];
    for pair in samples.windows(2) {
        if pair[0].position.distance(pair[1].position) > MOTION_THRESHOLD {
            times.push(pair[0].time);
            times.push(pair[1].time);
        }
    }
    times.extend(track.buttons().iter().map(|event| event.time));
    times.sort_by(f64::total_cmp);
    times
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::track::tests::track;

    /// Moves during 0..1 s, rests until 10 s, moves again to 11 s, rests to 20 s.
    fn resting() -> CursorTrack {
        track(
            "{\"t\": 0, \"x\": 0, \"y\": 0}\n\
             {\"t\": 1, \"x\": 500, \"y\": 0}\n\
             {\"t\": 10, \"x\": 500, \"y\": 0}\n\
             {\"t\": 11, \"x\": 900, \"y\": 0}\n\
             {\"t\": 20, \"x\": 900, \"y\": 0}\n",
        )
    }

    #[test]
    fn a_resting_cursor_fades_out_after_the_delay_and_back_in_when_it_moves() {
        let fade = IdleFade::new(&resting(), IdleHide::default());
        assert_eq!(fade.opacity_at(0.5), 1.0);
        assert_eq!(fade.opacity_at(3.0), 1.0);
        assert!((fade.opacity_at(3.15) - 0.5).abs() < 1e-9);
        assert!(fade.opacity_at(3.3) < 1e-9);
        assert_eq!(fade.opacity_at(9.99), 0.0);
        // The move starts at the sample at 10 s: fading in from there.
        assert_eq!(fade.opacity_at(10.0), 0.0);
        assert!((fade.opacity_at(10.15) - 0.5).abs() < 1e-9);
        assert!(fade.opacity_at(10.3) > 1.0 - 1e-9);
        assert_eq!(fade.opacity_at(10.4), 1.0);
        assert_eq!(fade.opacity_at(13.0), 1.0);
        assert_eq!(fade.opacity_at(14.0), 0.0);
    }

    #[test]
    fn a_move_during_the_fade_out_fades_in_from_where_it_was() {
        let track = track(
            "{\"t\": 0, \"x\": 0, \"y\": 0}\n\
             {\"t\": 2.1, \"x\": 0, \"y\": 0}\n\
             {\"t\": 2.2, \"x\": 50, \"y\": 0}\n\
             {\"t\": 9, \"x\": 50, \"y\": 0}\n",
        );
        let fade = IdleFade::new(&track, IdleHide::default());
        let before = fade.opacity_at(2.1 - 1e-9);
        let at = fade.opacity_at(2.1);
        assert!((before - at).abs() < 1e-6, "{before} {at}");
        assert!(at > 0.0 && at < 1.0);
        assert_eq!(fade.opacity_at(2.5), 1.0);
    }

    #[test]
    fn a_click_counts_as_activity() {
        let track = track(
            "{\"t\": 0, \"x\": 0, \"y\": 0}\n\
             {\"t\": 5, \"x\": 0, \"y\": 0, \"button\": \"down\"}\n\
             {\"t\": 9, \"x\": 0, \"y\": 0}\n",
        );
        let fade = IdleFade::new(
            &track,
            IdleHide {
                delay: 1.0,
                fade: 0.0,
            },
        );
        assert_eq!(fade.opacity_at(1.0), 1.0);
        assert_eq!(fade.opacity_at(1.01), 0.0);
        assert_eq!(fade.opacity_at(5.0), 1.0);
        assert_eq!(fade.opacity_at(6.5), 0.0);
    }
}
