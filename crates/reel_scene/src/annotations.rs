//! Annotations: titles and labels, arrows, boxes and ellipses, image stickers and a
//! spotlight drawn over the frame for a while, each fading in and out.
//!
//! ```ron
//! annotations: [
//!     Text(text: "Step 1: open the settings", start: 0.5, end: 3.0, at: (0.5, 0.12)),
//!     Arrow(start: 1.0, end: 3.0, from: (0.2, 0.3), to: (0.38, 0.45)),
//!     Box(start: 1.0, end: 3.0, rect: (x: 0.4, y: 0.4, width: 0.2, height: 0.1)),
//!     Spotlight(start: 4.0, end: 6.0, rect: (x: 820, y: 90, width: 300, height: 80), space: Source),
//! ],
//! ```

use crate::captions::{CaptionBox, Font, Outline};
use crate::validate::Invalid;
use crate::{Color, Rect};
use serde::Deserialize;
use std::path::PathBuf;

/// The output height that lengths in [`Space::Output`] are measured against: a length of
/// 10 is 10 pixels on a 1080-line output, 20 on a 2160-line one.
pub const ANNOTATION_REFERENCE_HEIGHT: f32 = 1080.0;

/// The most annotations a scene may have.
pub const MAX_ANNOTATIONS: usize = 256;

/// Where an annotation's positions and lengths are measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum Space {
    /// On the output frame: positions are fractions of its width and height (0 to 1,
    /// from the top-left corner), lengths are pixels of a 1080-line output (scaled
    /// with the output's height). The annotation stays put whatever the recording does.
    #[default]
    Output,
    /// On the recording: positions and lengths are the source recording's pixels. The
    /// annotation follows the recording through the inset and zooms, growing as it is
    /// magnified.
    Source,
}

/// Which point of a text or image `at` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum Anchor {
    /// Its middle.
    #[default]
    Center,
    /// Its top-left corner.
    TopLeft,
    /// The middle of its top edge.
    Top,
    /// Its top-right corner.
    TopRight,
    /// The middle of its left edge.
    Left,
    /// The middle of its right edge.
    Right,
    /// Its bottom-left corner.
    BottomLeft,
    /// The middle of its bottom edge.
    Bottom,
    /// Its bottom-right corner.
    BottomRight,
}

impl Anchor {
    /// The anchor's place as fractions of a box's width and height.
    pub fn fractions(self) -> (f32, f32) {
        match self {
            Anchor::Center => (0.5, 0.5),
            Anchor::TopLeft => (0.0, 0.0),
            Anchor::Top => (0.5, 0.0),
            Anchor::TopRight => (1.0, 0.0),
            Anchor::Left => (0.0, 0.5),
            Anchor::Right => (1.0, 0.5),
            Anchor::BottomLeft => (0.0, 1.0),
            Anchor::Bottom => (0.5, 1.0),
            Anchor::BottomRight => (1.0, 1.0),
        }
    }
}

/// One thing drawn over the frame from `start` to `end` (output seconds). Annotations
/// are drawn in the order listed, over the recording, the cursor and the camera, under
/// the captions; a spotlight darkens everything under the camera outside its rectangle.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub enum Annotation {
    /// A title or label: text in a box.
    Text(TextNote),
    /// An arrow from one point to another.
    Arrow(ArrowNote),
    /// A rectangle, outlined or filled.
    Box(BoxNote),
    /// An ellipse inside a rectangle, outlined or filled.
    Ellipse(EllipseNote),
    /// A PNG picture.
    Image(ImageNote),
    /// Everything but a rectangle darkened.
    Spotlight(SpotlightNote),
}

/// When an annotation shows and where it is measured: the fields every kind has.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NoteTime {
    /// From when, in output seconds.
    pub start: f64,
    /// Until when, in output seconds.
    pub end: f64,
    /// Seconds it takes to fade in and out.
    pub fade: f64,
    /// Where its positions and lengths are measured.
    pub space: Space,
}

impl NoteTime {
    /// How opaque the annotation is at output time `time`: 0 outside its window,
    /// ramping over `fade` seconds at each end (over at most half the window).
    pub fn opacity(&self, time: f64) -> f32 {
        if !(time >= self.start && time < self.end) {
            return 0.0;
        }
        let ramp = self.fade.min((self.end - self.start) / 2.0);
        if ramp <= 0.0 {
            return 1.0;
        }
        let rising = (time - self.start) / ramp;
        let falling = (self.end - time) / ramp;
        rising.min(falling).clamp(0.0, 1.0) as f32
    }
}

/// `Text(text: "…", start: 0.5, end: 3.0, at: (0.5, 0.1))`: a title or label.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextNote {
    /// The words; `\n` starts a new line, long lines wrap at `max_width`.
    pub text: String,
    /// From when, in output seconds.
    pub start: f64,
    /// Until when, in output seconds.
    pub end: f64,
    /// Seconds to fade in and out. Default: 0.2.
    #[serde(default = "default_fade")]
    pub fade: f64,
    /// Where `at`, `size` and `max_width` are measured. Default: `Output`.
    #[serde(default)]
    pub space: Space,
    /// Where the text's `anchor` goes.
    pub at: (f32, f32),
    /// Which point of the text's box lands on `at`. Default: `Center`.
    #[serde(default)]
    pub anchor: Anchor,
    /// The text's em, a length of its space. Default: 48.
    #[serde(default = "default_text_size")]
    pub size: f32,
    /// The font. Default: `Family("Inter")`.
    #[serde(default)]
    pub font: Font,
    /// The text's colour. Default: white.
    #[serde(default = "white")]
    pub color: Color,
    /// A line around each letter. Default: none.
    #[serde(default)]
    pub outline: Option<Outline>,
    /// The box behind the text; `background: None` leaves it out. Default: black at
    /// 60 % opacity with 12-pixel corners.
    #[serde(default = "default_box")]
    pub background: Option<CaptionBox>,
    /// The widest a line may be, a length of its space. Default: 80 % of the
    /// output's width.
    #[serde(default)]
    pub max_width: Option<f32>,
}

/// `Arrow(start: 1.0, end: 3.0, from: (0.2, 0.2), to: (0.4, 0.5))`: a line with a
/// head at `to`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArrowNote {
    /// From when, in output seconds.
    pub start: f64,
    /// Until when, in output seconds.
    pub end: f64,
    /// Seconds to fade in and out. Default: 0.2.
    #[serde(default = "default_fade")]
    pub fade: f64,
    /// Where `from`, `to` and `width` are measured. Default: `Output`.
    #[serde(default)]
    pub space: Space,
    /// Its tail.
    pub from: (f32, f32),
    /// Its tip.
    pub to: (f32, f32),
    /// Its colour. Default: `"#ff3b30"`.
    #[serde(default = "red")]
    pub color: Color,
    /// The line's width, a length of its space. Default: 8.
    #[serde(default = "default_arrow_width")]
    pub width: f32,
    /// The head's length as a multiple of the line's width, 1 to 10. Default: 4.
    #[serde(default = "default_head")]
    pub head: f32,
}

/// `Box(start: 1.0, end: 3.0, rect: (x: 0.4, y: 0.4, width: 0.2, height: 0.1))`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoxNote {
    /// From when, in output seconds.
    pub start: f64,
    /// Until when, in output seconds.
    pub end: f64,
    /// Seconds to fade in and out. Default: 0.2.
    #[serde(default = "default_fade")]
    pub fade: f64,
    /// Where `rect`, `width` and `radius` are measured. Default: `Output`.
    #[serde(default)]
    pub space: Space,
    /// The rectangle; its outline is drawn centred on its edges.
    pub rect: Rect,
    /// The outline's colour. Default: `"#ff3b30"`.
    #[serde(default = "red")]
    pub color: Color,
    /// The outline's width, a length of its space; 0 draws none. Default: 6.
    #[serde(default = "default_line_width")]
    pub width: f32,
    /// The colour inside; its alpha makes it see-through. Default: none.
    #[serde(default)]
    pub fill: Option<Color>,
    /// The radius of its corners, a length of its space. Default: 8.
    #[serde(default = "default_radius")]
    pub radius: f32,
}

/// `Ellipse(start: 1.0, end: 3.0, rect: (x: 0.4, y: 0.4, width: 0.2, height: 0.1))`:
/// the ellipse that fits the rectangle.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EllipseNote {
    /// From when, in output seconds.
    pub start: f64,
    /// Until when, in output seconds.
    pub end: f64,
    /// Seconds to fade in and out. Default: 0.2.
    #[serde(default = "default_fade")]
    pub fade: f64,
    /// Where `rect` and `width` are measured. Default: `Output`.
    #[serde(default)]
    pub space: Space,
    /// The rectangle the ellipse fits.
    pub rect: Rect,
    /// The outline's colour. Default: `"#ff3b30"`.
    #[serde(default = "red")]
    pub color: Color,
    /// The outline's width, a length of its space; 0 draws none. Default: 6.
    #[serde(default = "default_line_width")]
    pub width: f32,
    /// The colour inside. Default: none.
    #[serde(default)]
    pub fill: Option<Color>,
}

/// `Image(path: "logo.png", start: 0, end: 5, at: (0.95, 0.05), anchor: TopRight)`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageNote {
    /// A PNG file (up to 1024 pixels a side), relative to the scene file's folder.
    pub path: PathBuf,
    /// From when, in output seconds.
    pub start: f64,
    /// Until when, in output seconds.
    pub end: f64,
    /// Seconds to fade in and out. Default: 0.2.
    #[serde(default = "default_fade")]
    pub fade: f64,
    /// Where `at` and `width` are measured. Default: `Output`.
    #[serde(default)]
    pub space: Space,
    /// Where the picture's `anchor` goes.
    pub at: (f32, f32),
    /// Which point of the picture lands on `at`. Default: `Center`.
    #[serde(default)]
    pub anchor: Anchor,
    /// Its width, a length of its space; its height keeps the picture's shape.
    /// Default: the picture's own width in pixels.
    #[serde(default)]
    pub width: Option<f32>,
    /// How opaque it is, 0 to 1. Default: 1.
    #[serde(default = "one")]
    pub opacity: f32,
}

/// `Spotlight(start: 4.0, end: 6.0, rect: (…))`: everything outside `rect` darkened.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpotlightNote {
    /// From when, in output seconds.
    pub start: f64,
    /// Until when, in output seconds.
    pub end: f64,
    /// Seconds to fade in and out. Default: 0.3.
    #[serde(default = "default_spotlight_fade")]
    pub fade: f64,
    /// Where `rect`, `radius` and `feather` are measured. Default: `Output`.
    #[serde(default)]
    pub space: Space,
    /// The rectangle left lit.
    pub rect: Rect,
    /// How much darker the rest looks, 0 (not at all) to 1 (black): its displayed
    /// values are scaled by `1 - dim`. Default: 0.6.
    #[serde(default = "default_dim")]
    pub dim: f32,
    /// The radius of the rectangle's corners, a length of its space. Default: 12.
    #[serde(default = "default_spot_radius")]
    pub radius: f32,
    /// How wide the soft edge between lit and dark is, a length of its space (under
    /// one pixel is a sharp, anti-aliased edge). Default: 0.
    #[serde(default)]
    pub feather: f32,
}

fn default_fade() -> f64 {
    0.2
}

fn default_spotlight_fade() -> f64 {
    0.3
}

fn default_text_size() -> f32 {
    48.0
}

fn default_arrow_width() -> f32 {
    8.0
}

fn default_head() -> f32 {
    4.0
}

fn default_line_width() -> f32 {
    6.0
}

fn default_radius() -> f32 {
    8.0
}

fn default_spot_radius() -> f32 {
    12.0
}

fn default_dim() -> f32 {
    0.6
}

fn one() -> f32 {
    1.0
}

fn white() -> Color {
    Color {
        rgba: [255, 255, 255, 255],
    }
}

fn red() -> Color {
    Color {
        rgba: [255, 59, 48, 255],
    }
}

fn default_box() -> Option<CaptionBox> {
    Some(CaptionBox::default())
}

impl Annotation {
    /// Its window, fade and space.
    pub fn time(&self) -> NoteTime {
        let (start, end, fade, space) = match self {
            Annotation::Text(n) => (n.start, n.end, n.fade, n.space),
            Annotation::Arrow(n) => (n.start, n.end, n.fade, n.space),
            Annotation::Box(n) => (n.start, n.end, n.fade, n.space),
            Annotation::Ellipse(n) => (n.start, n.end, n.fade, n.space),
            Annotation::Image(n) => (n.start, n.end, n.fade, n.space),
            Annotation::Spotlight(n) => (n.start, n.end, n.fade, n.space),
        };
        NoteTime {
            start,
            end,
            fade,
            space,
        }
    }

    /// Its kind's name, as a scene writes it.
    pub fn kind(&self) -> &'static str {
        match self {
            Annotation::Text(_) => "Text",
            Annotation::Arrow(_) => "Arrow",
            Annotation::Box(_) => "Box",
            Annotation::Ellipse(_) => "Ellipse",
            Annotation::Image(_) => "Image",
            Annotation::Spotlight(_) => "Spotlight",
        }
    }
}

/// Checks a scene's annotations, naming `annotations[i]` in an error.
pub(crate) fn validate_annotations(notes: &[Annotation]) -> Result<(), Invalid> {
    if notes.len() > MAX_ANNOTATIONS {
        return Err((
            "annotations".into(),
            format!(
                "{} annotations (expected at most {MAX_ANNOTATIONS})",
                notes.len()
            ),
        ));
    }
    for (i, note) in notes.iter().enumerate() {
        validate_note(&format!("annotations[{i}]"), note)?;
    }
    check_spotlights(notes)
}

/// Checks one annotation.
fn validate_note(field: &str, note: &Annotation) -> Result<(), Invalid> {
    let fail = |message: String| Err((field.to_owned(), message));
    let time = note.time();
    if !(time.start.is_finite() && time.start >= 0.0) {
        return fail(format!(
            "invalid start {} (expected seconds, 0 or more)",
            time.start
        ));
    }
    if !(time.end.is_finite() && time.end > time.start) {
        return fail(format!(
            "invalid end {} (expected a time after the start, {})",
            time.end, time.start
        ));
    }
    if !(time.fade.is_finite() && (0.0..=10.0).contains(&time.fade)) {
        return fail(format!(
            "invalid fade {} (expected 0 to 10 seconds)",
            time.fade
        ));
    }
    let space = time.space;
    let length = |what: &str, value: f32, min: f32| -> Result<(), Invalid> {
        if value.is_finite() && (min..=8192.0).contains(&value) {
            Ok(())
        } else {
            Err((
                field.to_owned(),
                format!("invalid {what} {value} (expected {min} to 8192)"),
            ))
        }
    };
    let point = |what: &str, p: (f32, f32)| check_point(field, what, p, space);
    match note {
        Annotation::Text(n) => {
            if n.text.trim().is_empty() {
                return fail("an empty text".into());
            }
            point("at", n.at)?;
            length("size", n.size, 4.0)?;
            if let Some(width) = n.max_width {
                length("max_width", width, 16.0)?;
            }
            if let Some(outline) = &n.outline {
                length("outline width", outline.width, 0.5)?;
            }
            if let Some(b) = &n.background {
                length("background radius", b.radius, 0.0)?;
                if !(b.padding.is_finite() && (0.0..=4.0).contains(&b.padding)) {
                    return fail(format!(
                        "invalid background padding {} (expected 0 to 4 times the text's size)",
                        b.padding
                    ));
                }
            }
            if let Font::Family(name) = &n.font
                && name.trim().is_empty()
            {
                return fail("an empty font family name".into());
            }
        }
        Annotation::Arrow(n) => {
            point("from", n.from)?;
            point("to", n.to)?;
            length("width", n.width, 0.5)?;
            if !(n.head.is_finite() && (1.0..=10.0).contains(&n.head)) {
                return fail(format!(
                    "invalid head {} (expected 1 to 10 times the line's width)",
                    n.head
                ));
            }
            if n.from == n.to {
                return fail("an arrow from a point to itself".into());
            }
        }
        Annotation::Box(n) => {
            check_area(field, &n.rect, space)?;
            length("width", n.width, 0.0)?;
            length("radius", n.radius, 0.0)?;
            if n.width == 0.0 && n.fill.is_none() {
                return fail("a box with neither an outline (width) nor a fill".into());
            }
        }
        Annotation::Ellipse(n) => {
            check_area(field, &n.rect, space)?;
            length("width", n.width, 0.0)?;
            if n.width == 0.0 && n.fill.is_none() {
                return fail("an ellipse with neither an outline (width) nor a fill".into());
            }
        }
        Annotation::Image(n) => {
            point("at", n.at)?;
            if let Some(width) = n.width {
                length("width", width, 1.0)?;
            }
            if !(n.opacity.is_finite() && (0.0..=1.0).contains(&n.opacity)) {
                return fail(format!("invalid opacity {} (expected 0 to 1)", n.opacity));
            }
        }
        Annotation::Spotlight(n) => {
            check_area(field, &n.rect, space)?;
            length("radius", n.radius, 0.0)?;
            length("feather", n.feather, 0.0)?;
            if !(n.dim.is_finite() && (0.0..=1.0).contains(&n.dim)) {
                return fail(format!("invalid dim {} (expected 0 to 1)", n.dim));
            }
        }
    }
    Ok(())
}

/// Checks a position: fractions of the output (a little outside it is allowed, for
/// things that enter from an edge) or source pixels.
fn check_point(field: &str, what: &str, p: (f32, f32), space: Space) -> Result<(), Invalid> {
    let (min, max, unit) = match space {
        Space::Output => (-1.0, 2.0, "fractions of the output, 0 to 1 on the frame"),
        Space::Source => (-8192.0, 65536.0, "source pixels"),
    };
    let ok = |v: f32| v.is_finite() && (min..=max).contains(&v);
    if ok(p.0) && ok(p.1) {
        Ok(())
    } else {
        Err((
            field.to_owned(),
            format!(
                "invalid {what} ({}, {}) (expected {unit}, from {min} to {max} at most)",
                p.0, p.1
            ),
        ))
    }
}

/// Checks a rectangle: its corner a position, its size more than nothing.
fn check_area(field: &str, rect: &Rect, space: Space) -> Result<(), Invalid> {
    check_point(field, "rect", (rect.x, rect.y), space)?;
    check_point(field, "rect", (rect.width, rect.height), space)?;
    if !(rect.width > 0.0 && rect.height > 0.0) {
        return Err((
            field.to_owned(),
            format!(
                "invalid rect (x: {}, y: {}, width: {}, height: {}) (expected a width and height of more than 0)",
                rect.x, rect.y, rect.width, rect.height
            ),
        ));
    }
    Ok(())
}

/// Spotlights may not overlap in time: a frame shows at most one.
fn check_spotlights(notes: &[Annotation]) -> Result<(), Invalid> {
    let spots: Vec<(usize, NoteTime)> = notes
        .iter()
        .enumerate()
        .filter(|(_, n)| matches!(n, Annotation::Spotlight(_)))
        .map(|(i, n)| (i, n.time()))
        .collect();
    for (a, (i, first)) in spots.iter().enumerate() {
        for (j, second) in &spots[a + 1..] {
            if first.start < second.end && second.start < first.end {
                return Err((
                    format!("annotations[{j}]"),
                    format!(
                        "a spotlight from {} to {} s overlaps annotations[{i}]'s, from {} to {} s (a frame shows one spotlight at a time)",
                        second.start, second.end, first.start, first.end
                    ),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Annotation> {
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .with_default_extension(ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES)
            .from_str(text)
            .unwrap()
    }

    #[test]
    fn every_kind_reads_with_its_defaults() {
        let notes = read(
            r##"[
                Text(text: "Hi", start: 0.5, end: 3.0, at: (0.5, 0.1)),
                Arrow(start: 1.0, end: 3.0, from: (0.2, 0.2), to: (0.4, 0.5)),
                Box(start: 1.0, end: 3.0, rect: (x: 0.4, y: 0.4, width: 0.2, height: 0.1)),
                Ellipse(start: 1.0, end: 3.0, rect: (x: 0.4, y: 0.4, width: 0.2, height: 0.1), fill: Some("#ffffff40")),
                Image(path: "a.png", start: 0.0, end: 1.0, at: (10, 10), space: Source),
                Spotlight(start: 4.0, end: 6.0, rect: (x: 100, y: 90, width: 300, height: 80), space: Source),
            ]"##,
        );
        assert_eq!(notes.len(), 6);
        assert!(validate_annotations(&notes).is_ok());
        let Annotation::Arrow(arrow) = &notes[1] else {
            panic!("an arrow")
        };
        assert_eq!(
            (arrow.width, arrow.head, arrow.color.rgba),
            (8.0, 4.0, [255, 59, 48, 255])
        );
        assert_eq!(notes[5].time().space, Space::Source);
        assert_eq!(notes[0].time().fade, 0.2);
    }

    #[test]
    fn an_annotation_fades_within_its_window() {
        let note =
            &read(r##"[Box(start: 1.0, end: 2.0, rect: (x: 0, y: 0, width: 0.5, height: 0.5))]"##)
                [0];
        let time = note.time();
        assert_eq!(time.opacity(0.99), 0.0);
        assert_eq!(time.opacity(2.0), 0.0);
        assert_eq!(time.opacity(1.5), 1.0);
        assert!((time.opacity(1.1) - 0.5).abs() < 1e-4);
    }

    #[test]
    fn bad_values_name_their_annotation() {
        let cases = [
            (
                r##"[Text(text: " ", start: 0, end: 1, at: (0.5, 0.5))]"##,
                "empty text",
            ),
            (
                r##"[Arrow(start: 2, end: 1, from: (0, 0), to: (1, 1))]"##,
                "invalid end",
            ),
            (
                r##"[Arrow(start: 0, end: 1, from: (0.5, 0.5), to: (0.5, 0.5))]"##,
                "to itself",
            ),
            (
                r##"[Box(start: 0, end: 1, rect: (x: 0, y: 0, width: 0, height: 1))]"##,
                "more than 0",
            ),
            (
                r##"[Box(start: 0, end: 1, rect: (x: 0, y: 0, width: 1, height: 1), width: 0)]"##,
                "neither",
            ),
            (
                r##"[Spotlight(start: 0, end: 1, rect: (x: 0, y: 0, width: 1, height: 1), dim: 2)]"##,
                "invalid dim",
            ),
            (
                r##"[Text(text: "a", start: 0, end: 1, at: (5, 0.5))]"##,
                "invalid at",
            ),
        ];
        for (text, want) in cases {
            let (field, message) = validate_annotations(&read(text)).unwrap_err();
            assert_eq!(field, "annotations[0]", "{text}");
            assert!(message.contains(want), "{text}: {message}");
        }
    }

    #[test]
    fn spotlights_may_not_overlap_in_time() {
        let notes = read(
            r##"[
                Spotlight(start: 0, end: 2, rect: (x: 0, y: 0, width: 0.5, height: 0.5)),
                Box(start: 0, end: 2, rect: (x: 0, y: 0, width: 0.5, height: 0.5)),
                Spotlight(start: 1, end: 3, rect: (x: 0, y: 0, width: 0.5, height: 0.5)),
            ]"##,
        );
        let (field, message) = validate_annotations(&notes).unwrap_err();
        assert_eq!(field, "annotations[2]");
        assert!(message.contains("annotations[0]"), "{message}");
        let apart = read(
            r##"[
                Spotlight(start: 0, end: 2, rect: (x: 0, y: 0, width: 0.5, height: 0.5)),
                Spotlight(start: 2, end: 3, rect: (x: 0, y: 0, width: 0.5, height: 0.5)),
            ]"##,
        );
        assert!(validate_annotations(&apart).is_ok());
    }
}
