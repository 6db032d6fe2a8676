//! Burned-in captions: a SubRip or WebVTT file drawn over the frame, and how its cues
//! look.

use crate::Color;
use crate::validate::Invalid;
use serde::Deserialize;
use std::path::PathBuf;

/// The smallest and largest caption text size, as a fraction of the output's height.
pub const CAPTION_SIZE_RANGE: (f32, f32) = (0.01, 0.25);

/// The family captions are set in when the scene names no font: Inter, which
/// `scripts/bootstrap` installs (Debian's `fonts-inter`).
pub const DEFAULT_FONT_FAMILY: &str = "Inter";

/// Captions burned into the picture: `captions: (path: "talk.srt")`.
///
/// Each cue is shown from its start to its end time, in output seconds, centred across
/// the frame, wrapped to `max_width`, in a rounded box. A cue too tall for the frame is
/// set smaller until it fits. Cues that overlap in time are stacked, the earlier one
/// on top.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Captions {
    /// A SubRip (`.srt`) or WebVTT (`.vtt`) file, or a JSON transcript with word
    /// timings (`.json`, as whisper-style recognisers write), relative to the scene
    /// file's folder (or absolute). SubRip or WebVTT comes from its first line
    /// (`WEBVTT`), not its name.
    pub path: PathBuf,
    /// The font: `Family("Inter")` (an installed family) or `File("fonts/a.ttf")`.
    /// Glyphs it lacks (other scripts, emoji) come from installed fonts that have them.
    /// Default: `Family("Inter")`.
    #[serde(default)]
    pub font: Font,
    /// The text's size (its em) as a fraction of the output's height, 0.01 to 0.25.
    /// Default: 0.045 (about 48 pixels on a 1080-line output).
    #[serde(default = "default_size")]
    pub size: f32,
    /// The text's colour. Default: white.
    #[serde(default = "white")]
    pub color: Color,
    /// A line around each letter, for captions without a box. Default: none.
    #[serde(default)]
    pub outline: Option<Outline>,
    /// The box behind the text. `background: None` leaves it out. Default: black at 60 %
    /// opacity, with 12-pixel corners.
    #[serde(default = "default_background")]
    pub background: Option<CaptionBox>,
    /// Where the captions sit: `Bottom`, `Top` or `Middle`. Default: `Bottom`.
    #[serde(default)]
    pub position: CaptionPosition,
    /// Output pixels between the box and the frame's top or bottom edge. Default: 48.
    #[serde(default = "default_margin")]
    pub margin: f32,
    /// The widest a line of text may be, as a fraction of the output's width, 0.1 to 1:
    /// longer lines wrap between words (within a word where one word is wider).
    /// Default: 0.8.
    #[serde(default = "default_max_width")]
    pub max_width: f32,
    /// The colour of the word being spoken, when the file times its words (a JSON
    /// transcript's words, WebVTT's inline timestamps); `highlight: None` draws every
    /// word alike. Default: `"#ffd84a"`.
    #[serde(default = "default_highlight")]
    pub highlight: Option<Color>,
    /// Seconds each cue takes to fade in and out. Default: 0.15.
    #[serde(default = "default_fade")]
    pub fade: f64,
    /// The clock the file's cue times are on: `Output` (the exported video's seconds)
    /// or `Source` (the scene's source recording's seconds, as a transcript of the raw
    /// recording has them: a cue then shows wherever the trim and the timeline show
    /// that part of the recording, at its speed, and never over clips of other
    /// recordings). Default: `Output`.
    #[serde(default)]
    pub time: CaptionTime,
}

/// The clock a caption file's times are on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum CaptionTime {
    /// Seconds of the exported video.
    #[default]
    Output,
    /// Seconds of the scene's source recording.
    Source,
}

/// A font named by a scene.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub enum Font {
    /// An installed font family, such as `"Inter"` or `"DejaVu Sans"`.
    Family(String),
    /// A font file (TrueType or OpenType), relative to the scene file's folder.
    File(PathBuf),
}

impl Default for Font {
    fn default() -> Self {
        Font::Family(DEFAULT_FONT_FAMILY.into())
    }
}

/// A line drawn around each letter.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outline {
    /// Its width in output pixels, 0.5 to 16.
    pub width: f32,
    /// Its colour. Default: black.
    #[serde(default = "black")]
    pub color: Color,
}

/// The box behind a caption's text.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaptionBox {
    /// Its colour; its alpha (`"#000000cc"`) makes it see-through. Default: black at
    /// 60 % opacity.
    #[serde(default = "default_box_color")]
    pub color: Color,
    /// The radius of its corners in output pixels. Default: 12.
    #[serde(default = "default_radius")]
    pub radius: f32,
    /// Output pixels between its edges and the text, as a share of the text's size.
    /// Default: 0.4.
    #[serde(default = "default_padding")]
    pub padding: f32,
}

impl Default for CaptionBox {
    fn default() -> Self {
        CaptionBox {
            color: default_box_color(),
            radius: default_radius(),
            padding: default_padding(),
        }
    }
}

/// Where captions sit in the frame, always centred across it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum CaptionPosition {
    /// Near the bottom edge, `margin` above it.
    #[default]
    Bottom,
    /// Near the top edge, `margin` below it.
    Top,
    /// In the middle of the frame.
    Middle,
}

fn default_size() -> f32 {
    0.045
}

fn white() -> Color {
    Color {
        rgba: [255, 255, 255, 255],
    }
}

fn black() -> Color {
    Color::BLACK
}

fn default_box_color() -> Color {
    Color {
        rgba: [0, 0, 0, 153],
    }
}

fn default_radius() -> f32 {
    12.0
}

fn default_padding() -> f32 {
    0.4
}

fn default_background() -> Option<CaptionBox> {
    Some(CaptionBox::default())
}

fn default_highlight() -> Option<Color> {
    Some(Color {
        rgba: [255, 216, 74, 255],
    })
}

fn default_margin() -> f32 {
    48.0
}

fn default_max_width() -> f32 {
    0.8
}

fn default_fade() -> f64 {
    0.15
}

impl Captions {
    /// Captions from `path` with every other field at its default.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Captions {
            path: path.into(),
            font: Font::default(),
            size: default_size(),
            color: white(),
            outline: None,
            background: default_background(),
            position: CaptionPosition::default(),
            margin: default_margin(),
            max_width: default_max_width(),
            highlight: default_highlight(),
            fade: default_fade(),
            time: CaptionTime::Output,
        }
    }

    /// How opaque a cue shown from `start` to `end` is at output time `time`: 0 outside
    /// it, ramping over `fade` seconds at each end (over at most half the cue).
    pub fn opacity(&self, (start, end): (f64, f64), time: f64) -> f32 {
        if !(time >= start && time < end) {
            return 0.0;
        }
        let ramp = self.fade.min((end - start) / 2.0);
        if ramp <= 0.0 {
            return 1.0;
        }
        let rising = (time - start) / ramp;
        let falling = (end - time) / ramp;
        rising.min(falling).clamp(0.0, 1.0) as f32
    }

    pub(crate) fn validate(&self) -> Result<(), Invalid> {
        let field = |what: &str| format!("captions.{what}");
        let (low, high) = CAPTION_SIZE_RANGE;
        let check = |what: &str, value: f32, (min, max): (f32, f32), unit: &str| {
            if value.is_finite() && (min..=max).contains(&value) {
                Ok(())
            } else {
                Err((
                    field(what),
                    format!("invalid {what} {value} (expected {min} to {max}{unit})"),
                ))
            }
        };
        check("size", self.size, (low, high), " of the output's height")?;
        check("margin", self.margin, (0.0, 4096.0), " pixels")?;
        check(
            "max_width",
            self.max_width,
            (0.1, 1.0),
            " of the output's width",
        )?;
        if !(self.fade.is_finite() && (0.0..=10.0).contains(&self.fade)) {
            return Err((
                field("fade"),
                format!("invalid fade {} (expected 0 to 10 seconds)", self.fade),
            ));
        }
        if let Some(outline) = &self.outline {
            check("outline.width", outline.width, (0.5, 16.0), " pixels")?;
        }
        if let Some(background) = &self.background {
            background.validate("captions.background")?;
        }
        self.font.validate("captions.font")
    }
}

impl CaptionBox {
    /// Checks the box's radius and padding; `field` names it in errors.
    pub(crate) fn validate(&self, field: &str) -> Result<(), Invalid> {
        let check = |what: &str, value: f32, max: f32, unit: &str| {
            if value.is_finite() && (0.0..=max).contains(&value) {
                Ok(())
            } else {
                Err((
                    format!("{field}.{what}"),
                    format!("invalid {what} {value} (expected 0 to {max}{unit})"),
                ))
            }
        };
        check("radius", self.radius, 4096.0, " pixels")?;
        check("padding", self.padding, 4.0, " of the text's size")
    }
}

impl Font {
    /// Checks that a family is named; `field` names the font in errors.
    pub(crate) fn validate(&self, field: &str) -> Result<(), Invalid> {
        match self {
            Font::Family(name) if name.trim().is_empty() => {
                Err((field.into(), "an empty font family name".into()))
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cue_fades_in_and_out_within_its_window() {
        let captions = Captions::new("a.srt");
        let cue = (1.0, 2.0);
        assert_eq!(captions.opacity(cue, 0.99), 0.0);
        assert_eq!(captions.opacity(cue, 2.0), 0.0);
        assert_eq!(captions.opacity(cue, 1.5), 1.0);
        let early = captions.opacity(cue, 1.075);
        assert!((early - 0.5).abs() < 1e-3, "{early}");
        // A cue shorter than two fades peaks at its middle.
        let short = (1.0, 1.2);
        assert!((captions.opacity(short, 1.1) - 1.0).abs() < 1e-3);
    }

    #[test]
    fn out_of_range_values_name_their_field() {
        let mut captions = Captions::new("a.srt");
        captions.size = 0.5;
        assert_eq!(captions.validate().unwrap_err().0, "captions.size");
        let mut captions = Captions::new("a.srt");
        captions.max_width = 0.0;
        assert_eq!(captions.validate().unwrap_err().0, "captions.max_width");
        let mut captions = Captions::new("a.srt");
        captions.font = Font::Family(" ".into());
        assert_eq!(captions.validate().unwrap_err().0, "captions.font");
    }
}
