//! What a click looks like: a ring that spreads from where it was, and the cursor
//! shrinking briefly, both starting exactly at the click's time and not before.

use crate::error::SettingsError;
use crate::point::Point;

/// The ring of a click, while it plays.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClickEffect {
    /// How far it has played, from 0 at the click to 1 at its end.
    pub progress: f64,
    /// Where the click was, in source pixels.
    pub at: Point,
    /// When the click was, in seconds of the recording.
    pub time: f64,
    /// Which button, as the recorder numbers them.
    pub button: u8,
}

/// How a click is shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClickStyle {
    /// Seconds the ring plays. Default: 0.5.
    pub duration: f64,
    /// The cursor's smallest scale while pressed, 0 to 1 (1: no shrink). Default: 0.8.
    pub shrink: f64,
    /// Seconds the shrink lasts: down to `shrink` at the middle and back. Default: 0.2.
    pub shrink_duration: f64,
}

impl Default for ClickStyle {
    fn default() -> ClickStyle {
        ClickStyle {
            duration: 0.5,
            shrink: 0.8,
            shrink_duration: 0.2,
        }
    }
}

/// The longest a click's ring or shrink may last, in seconds.
pub const MAX_CLICK_EFFECT: f64 = 5.0;

/// A click as the effects need it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Click {
    pub time: f64,
    pub at: Point,
    pub button: u8,
}

impl ClickStyle {
    /// Checks the durations (above 0, at most [`MAX_CLICK_EFFECT`]) and the shrink (0
    /// to 1).
    pub fn validate(&self) -> Result<(), SettingsError> {
        for (field, value) in [
            ("click.duration", self.duration),
            ("click.shrink_duration", self.shrink_duration),
        ] {
            if !(value > 0.0 && value <= MAX_CLICK_EFFECT) {
                return Err(SettingsError::Invalid {
                    field,
                    message: format!(
                        "{value} is not above 0 and at most {MAX_CLICK_EFFECT} seconds"
                    ),
                });
            }
        }
        if !(0.0..=1.0).contains(&self.shrink) {
            return Err(SettingsError::Invalid {
                field: "click.shrink",
                message: format!("{} is not 0 to 1", self.shrink),
            });
        }
        Ok(())
    }

    /// The ring playing at `time`, of the latest click at or before it, if it still
    /// plays; `clicks` sorted by time.
    pub(crate) fn effect_at(&self, clicks: &[Click], time: f64) -> Option<ClickEffect> {
        let click = latest(clicks, time)?;
        let progress = (time - click.time) / self.duration;
        (progress < 1.0).then_some(ClickEffect {
            progress,
            at: click.at,
            time: click.time,
            button: click.button,
        })
    }

    /// The cursor's scale at `time`: 1, dipping to `shrink` half way through
    /// `shrink_duration` after each click (a half sine).
    pub(crate) fn scale_at(&self, clicks: &[Click], time: f64) -> f64 {
        let Some(click) = latest(clicks, time) else {
            return 1.0;
        };
        let u = (time - click.time) / self.shrink_duration;
        if u >= 1.0 {
            return 1.0;
        }
        1.0 - (1.0 - self.shrink) * (std::f64::consts::PI * u).sin()
    }
}

/// The latest click at or before `time`.
fn latest(clicks: &[Click], time: f64) -> Option<&Click> {
    let after = clicks.partition_point(|click| click.time <= time);
    after.checked_sub(1).map(|index| &clicks[index])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clicks() -> Vec<Click> {
        vec![
            Click {
                time: 1.0,
                at: Point::new(10.0, 20.0),
                button: 0,
            },
            Click {
                time: 3.0,
                at: Point::new(30.0, 40.0),
                button: 1,
            },
        ]
    }

    #[test]
    fn the_ring_starts_exactly_at_the_click_and_not_before() {
        let style = ClickStyle::default();
        let clicks = clicks();
        assert_eq!(style.effect_at(&clicks, 0.999_999), None);
        let ring = style.effect_at(&clicks, 1.0).unwrap();
        assert_eq!(
            (ring.progress, ring.at, ring.time),
            (0.0, Point::new(10.0, 20.0), 1.0)
        );
        assert_eq!(style.effect_at(&clicks, 1.25).unwrap().progress, 0.5);
        assert_eq!(style.effect_at(&clicks, 1.5), None);
        assert_eq!(style.effect_at(&clicks, 2.999), None);
        assert_eq!(style.effect_at(&clicks, 3.0).unwrap().button, 1);
    }

    #[test]
    fn the_cursor_shrinks_briefly_after_a_click() {
        let style = ClickStyle::default();
        let clicks = clicks();
        assert_eq!(style.scale_at(&clicks, 0.99), 1.0);
        assert_eq!(style.scale_at(&clicks, 1.0), 1.0);
        assert!((style.scale_at(&clicks, 1.1) - 0.8).abs() < 1e-12);
        assert!(style.scale_at(&clicks, 1.2) > 1.0 - 1e-9);
        assert_eq!(style.scale_at(&clicks, 1.25), 1.0);
    }

    #[test]
    fn bad_styles_are_refused() {
        assert!(
            ClickStyle {
                duration: 0.0,
                ..ClickStyle::default()
            }
            .validate()
            .is_err()
        );
        assert!(
            ClickStyle {
                shrink: 1.5,
                ..ClickStyle::default()
            }
            .validate()
            .is_err()
        );
        ClickStyle::default().validate().unwrap();
    }
}
