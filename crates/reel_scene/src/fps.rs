//! Frame rates as exact fractions, so frame times never drift.

use std::fmt;

/// A frame rate as an exact fraction of frames per second, such as 30/1 or 30000/1001.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FrameRate {
    /// Frames (numerator).
    pub frames: u32,
    /// Seconds (denominator).
    pub seconds: u32,
}

impl FrameRate {
    /// A whole number of frames per second.
    pub const fn whole(frames: u32) -> Self {
        Self { frames, seconds: 1 }
    }

    /// The nearest exact rate to a decimal one: whole numbers stay whole, the NTSC rates
    /// (23.976, 29.97, 59.94 …) become n·1000/1001, anything else is kept to 1/1000.
    pub fn from_decimal(fps: f64) -> Self {
        let rounded = fps.round();
        if (fps - rounded).abs() < 1e-6 {
            return Self::whole(rounded as u32);
        }
        let ntsc = (fps * 1.001).round();
        if (fps - ntsc * 1000.0 / 1001.0).abs() < 0.005 {
            return Self {
                frames: ntsc as u32 * 1000,
                seconds: 1001,
            };
        }
        Self {
            frames: (fps * 1000.0).round() as u32,
            seconds: 1000,
        }
    }

    /// The rate as a decimal number of frames per second.
    pub fn as_f64(self) -> f64 {
        f64::from(self.frames) / f64::from(self.seconds)
    }

    /// The time of frame `index`, in seconds.
    pub fn frame_time(self, index: u64) -> f64 {
        index as f64 * f64::from(self.seconds) / f64::from(self.frames)
    }
}

impl fmt::Display for FrameRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.seconds == 1 {
            write!(f, "{}", self.frames)
        } else {
            write!(f, "{:.3}", self.as_f64())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_and_ntsc_rates_are_exact() {
        assert_eq!(FrameRate::from_decimal(30.0), FrameRate::whole(30));
        assert_eq!(
            FrameRate::from_decimal(29.97),
            FrameRate {
                frames: 30000,
                seconds: 1001
            }
        );
        assert_eq!(
            FrameRate::from_decimal(23.976),
            FrameRate {
                frames: 24000,
                seconds: 1001
            }
        );
        assert_eq!(
            FrameRate::from_decimal(12.5),
            FrameRate {
                frames: 12500,
                seconds: 1000
            }
        );
    }

    #[test]
    fn frame_times_do_not_drift() {
        let rate = FrameRate::whole(30);
        assert_eq!(rate.frame_time(30 * 3600), 3600.0);
    }
}
