//! Clicks pull the smoothed cursor onto the recorded path, so that it is exactly where
//! the click was when the button goes down.
//!
//! Over `before` seconds before each click the drawn position blends from the smoothed
//! path to the recorded one (a smoothstep), is the recorded one at the click, and
//! blends back over `after` seconds. Where the windows of two clicks overlap, the
//! stronger pull wins.

use crate::error::SettingsError;

/// How long before and after a click the cursor is pulled onto the recorded path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClickPull {
    /// Seconds before the click the pull begins. Default: 0.15.
    pub before: f64,
    /// Seconds after the click it ends. Default: 0.15.
    pub after: f64,
}

impl Default for ClickPull {
    fn default() -> ClickPull {
        ClickPull {
            before: 0.15,
            after: 0.15,
        }
    }
}

/// The longest pull before or after a click, in seconds.
pub const MAX_PULL: f64 = 2.0;

impl ClickPull {
    /// Checks that both durations are 0 to [`MAX_PULL`] seconds.
    pub fn validate(&self) -> Result<(), SettingsError> {
        for (field, value) in [("pull.before", self.before), ("pull.after", self.after)] {
            if !(0.0..=MAX_PULL).contains(&value) {
                return Err(SettingsError::Invalid {
                    field,
                    message: format!("{value} is not 0 to {MAX_PULL} seconds"),
                });
            }
        }
        Ok(())
    }

    /// How much of the recorded path is drawn at `time`, 0 to 1, for clicks at the
    /// sorted `click_times`: exactly 1 at a click.
    pub fn weight(&self, click_times: &[f64], time: f64) -> f64 {
        let first = click_times.partition_point(|&click| click < time - self.after);
        click_times[first..]
            .iter()
            .take_while(|&&click| click <= time + self.before)
            .map(|&click| self.weight_of(click, time))
            .fold(0.0, f64::max)
    }

    fn weight_of(&self, click: f64, time: f64) -> f64 {
        let ramp = |elapsed: f64, span: f64| {
            if span <= 0.0 {
                0.0
            } else {
                smoothstep(1.0 - elapsed / span)
            }
        };
        if time == click {
            1.0
        } else if time < click {
            ramp(click - time, self.before)
        } else {
            ramp(time - click, self.after)
        }
    }
}

/// `3u² − 2u³` of `u` clamped to 0..1: 0 and 1 exactly at its ends, flat there.
pub(crate) fn smoothstep(u: f64) -> f64 {
    let u = u.clamp(0.0, 1.0);
    u * u * (3.0 - 2.0 * u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pull_is_whole_at_a_click_and_gone_outside_its_window() {
        let pull = ClickPull::default();
        let clicks = [1.0, 5.0];
        assert_eq!(pull.weight(&clicks, 1.0), 1.0);
        assert_eq!(pull.weight(&clicks, 5.0), 1.0);
        assert!(pull.weight(&clicks, 0.85) < 1e-9);
        assert!(pull.weight(&clicks, 1.15) < 1e-9);
        assert_eq!(pull.weight(&clicks, 0.8), 0.0);
        assert_eq!(pull.weight(&clicks, 1.2), 0.0);
        assert_eq!(pull.weight(&clicks, 3.0), 0.0);
        let half = pull.weight(&clicks, 1.075);
        assert!((half - 0.5).abs() < 1e-9, "{half}");
        assert!(pull.weight(&clicks, 0.95) > pull.weight(&clicks, 0.9));
    }

    #[test]
    fn overlapping_pulls_take_the_stronger() {
        let pull = ClickPull::default();
        let clicks = [1.0, 1.2];
        assert_eq!(pull.weight(&clicks, 1.2), 1.0);
        assert!(pull.weight(&clicks, 1.1) > 0.0);
    }

    #[test]
    fn no_pull_still_hits_the_click() {
        let pull = ClickPull {
            before: 0.0,
            after: 0.0,
        };
        assert_eq!(pull.weight(&[2.0], 2.0), 1.0);
        assert_eq!(pull.weight(&[2.0], 2.0001), 0.0);
        assert!(
            ClickPull {
                before: -1.0,
                after: 0.1
            }
            .validate()
            .is_err()
        );
    }
}
