//! The keystroke overlay: the keys pressed during the recording, read from a key
//! track, shown as pills of shortcuts (`⌘ ⇧ 4`, `Ctrl C`) and of words typed.

use crate::Color;
use crate::annotations::Anchor;
use crate::captions::{CaptionBox, CaptionTime, Font};
use crate::validate::Invalid;
use serde::Deserialize;
use std::path::PathBuf;

/// The smallest and largest keystroke text size, as a fraction of the output's height.
pub const KEYSTROKE_SIZE_RANGE: (f32, f32) = (0.01, 0.2);

/// The most pills shown at once that a scene may ask for.
pub const MAX_KEYSTROKE_PILLS: u32 = 8;

/// The keys pressed, shown over the frame: `keystrokes: (path: "keys.jsonl")`.
///
/// A shortcut (a key with Ctrl, Alt or Cmd, or a key such as Enter, Tab or an arrow) is
/// a pill of its own: `⌘ ⇧ 4` on a Mac, `Ctrl Shift 4` on a PC; the same shortcut
/// pressed again while its pill shows counts up (`⌘ Z ×3`). Letters typed one after
/// another run together into one pill that grows as they are typed. Each pill shows
/// for `linger` seconds after its last key and fades; the newest is at the right of a
/// row of at most `max`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Keystrokes {
    /// The key track: Reel's JSON lines (see docs/keystrokes.md), relative to the
    /// scene file's folder (or absolute).
    pub path: PathBuf,
    /// The clock of the track's times: `Source` (the scene's recording's seconds, as a
    /// recorder writes them: a key shows wherever the trim and the timeline show that
    /// moment, and keys pressed in cut parts are not shown) or `Output`. Default:
    /// `Source`.
    #[serde(default = "source_time")]
    pub time: CaptionTime,
    /// How keys are named: `Pc` (`Ctrl Alt Shift Win`, `Enter`, `Esc`) or `Mac`
    /// (`⌃ ⌥ ⇧ ⌘`, `⏎`, `⎋`). Default: `Pc`.
    #[serde(default)]
    pub labels: KeyLabels,
    /// Whether plain typing is shown: `Words` (letters typed run together into a pill)
    /// or `Hidden` (only shortcuts are shown: nothing typed, such as a password, is
    /// burned in). Default: `Words`.
    #[serde(default)]
    pub typing: Typing,
    /// The font: `Family("Inter")` or `File("fonts/a.ttf")`; symbols it lacks come from
    /// installed fonts that have them. Default: `Family("Inter")`.
    #[serde(default)]
    pub font: Font,
    /// The text's size (its em) as a fraction of the output's height, 0.01 to 0.2.
    /// Default: 0.04.
    #[serde(default = "default_size")]
    pub size: f32,
    /// The text's colour. Default: white.
    #[serde(default = "white")]
    pub color: Color,
    /// The pill behind each key: its colour, corner radius (output pixels) and padding
    /// (a share of the text's size). `background: None` leaves it out. Default: black
    /// at 70 % opacity, 10-pixel corners, padding 0.45.
    #[serde(default = "default_background")]
    pub background: Option<CaptionBox>,
    /// Where the row of pills is, as fractions of the output's width and height.
    /// Default: `(0.5, 0.93)`, near the bottom, centred.
    #[serde(default = "default_at")]
    pub at: (f32, f32),
    /// Which point of the row `at` names. Default: `Bottom`.
    #[serde(default = "bottom")]
    pub anchor: Anchor,
    /// Seconds a pill stays after its last key (letters typed within it join the
    /// pill). Default: 1.2.
    #[serde(default = "default_linger")]
    pub linger: f64,
    /// Seconds a pill takes to fade in and out. Default: 0.15.
    #[serde(default = "default_fade")]
    pub fade: f64,
    /// The most pills shown at once, 1 to 8: when another appears the oldest goes.
    /// Default: 3.
    #[serde(default = "default_max")]
    pub max: u32,
}

/// How the keystroke overlay names keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum KeyLabels {
    /// Words, as PC keyboards print them: `Ctrl Alt Shift Win`, `Enter`, `Esc`.
    #[default]
    Pc,
    /// Apple's symbols: `⌃ ⌥ ⇧ ⌘`, `⏎`, `⎋`, `⌫`.
    Mac,
}

/// Whether the keystroke overlay shows plain typing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum Typing {
    /// Letters typed one after another run together into one pill.
    #[default]
    Words,
    /// Only shortcuts and named keys are shown.
    Hidden,
}

fn source_time() -> CaptionTime {
    CaptionTime::Source
}

fn default_size() -> f32 {
    0.04
}

fn white() -> Color {
    Color {
        rgba: [255, 255, 255, 255],
    }
}

fn default_background() -> Option<CaptionBox> {
    Some(CaptionBox {
        color: Color {
            rgba: [0, 0, 0, 179],
        },
        radius: 10.0,
        padding: 0.45,
    })
}

fn default_at() -> (f32, f32) {
    (0.5, 0.93)
}

fn bottom() -> Anchor {
    Anchor::Bottom
}

fn default_linger() -> f64 {
    1.2
}

fn default_fade() -> f64 {
    0.15
}

fn default_max() -> u32 {
    3
}

impl Keystrokes {
    /// The keystrokes of the track at `path` with every other field at its default.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Keystrokes {
            path: path.into(),
            time: source_time(),
            labels: KeyLabels::default(),
            typing: Typing::default(),
            font: Font::default(),
            size: default_size(),
            color: white(),
            background: default_background(),
            at: default_at(),
            anchor: bottom(),
            linger: default_linger(),
            fade: default_fade(),
            max: default_max(),
        }
    }

    pub(crate) fn validate(&self) -> Result<(), Invalid> {
        let field = |what: &str| format!("keystrokes.{what}");
        let check = |what: &str, value: f64, (min, max): (f64, f64), unit: &str| {
            if value.is_finite() && (min..=max).contains(&value) {
                Ok(())
            } else {
                Err((
                    field(what),
                    format!("invalid {what} {value} (expected {min} to {max}{unit})"),
                ))
            }
        };
        let (low, high) = KEYSTROKE_SIZE_RANGE;
        check(
            "size",
            f64::from(self.size),
            (f64::from(low), f64::from(high)),
            " of the output's height",
        )?;
        check("at.0", f64::from(self.at.0), (0.0, 1.0), " of the width")?;
        check("at.1", f64::from(self.at.1), (0.0, 1.0), " of the height")?;
        check("linger", self.linger, (0.1, 60.0), " seconds")?;
        check("fade", self.fade, (0.0, 10.0), " seconds")?;
        if !(1..=MAX_KEYSTROKE_PILLS).contains(&self.max) {
            return Err((
                field("max"),
                format!(
                    "invalid max {} (expected 1 to {MAX_KEYSTROKE_PILLS} pills)",
                    self.max
                ),
            ));
        }
        if let Some(background) = &self.background {
            background.validate("keystrokes.background")?;
        }
        self.font.validate("keystrokes.font")
    }

    /// How opaque a pill shown from `start` to `end` (output seconds) is at `time`.
    pub fn opacity(&self, (start, end): (f64, f64), time: f64) -> f32 {
        if !(time >= start && time < end) {
            return 0.0;
        }
        let ramp = self.fade.min((end - start) / 2.0);
        if ramp <= 0.0 {
            return 1.0;
        }
        ((time - start) / ramp)
            .min((end - time) / ramp)
            .clamp(0.0, 1.0) as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_values_name_their_field() {
        assert_eq!(Keystrokes::new("k.jsonl").validate(), Ok(()));
        let mut keys = Keystrokes::new("k.jsonl");
        keys.max = 0;
        assert_eq!(keys.validate().unwrap_err().0, "keystrokes.max");
        let mut keys = Keystrokes::new("k.jsonl");
        keys.linger = f64::NAN;
        assert_eq!(keys.validate().unwrap_err().0, "keystrokes.linger");
        let mut keys = Keystrokes::new("k.jsonl");
        keys.at = (0.5, 1.5);
        assert_eq!(keys.validate().unwrap_err().0, "keystrokes.at.1");
    }

    #[test]
    fn a_pill_fades_in_and_out() {
        let keys = Keystrokes::new("k.jsonl");
        assert_eq!(keys.opacity((1.0, 2.0), 0.9), 0.0);
        assert_eq!(keys.opacity((1.0, 2.0), 1.5), 1.0);
        assert!((keys.opacity((1.0, 2.0), 1.075) - 0.5).abs() < 1e-3);
        assert_eq!(keys.opacity((1.0, 2.0), 2.0), 0.0);
    }
}
