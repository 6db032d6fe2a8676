//! The scene's list of zooms: zooms placed by hand, and `Auto(...)` entries that make
//! zooms from the cursor track's clicks.
//!
//! ```ron
//! zooms: [
//!     (start: 1.0, end: 2.5, scale: 1.8, center: (960, 300)),
//!     Auto(scale: 2.0, lead: 0.6, hold: 1.5),
//! ]
//! ```

use crate::model::{Ease, Zoom};
use serde::{Deserialize, Deserializer};

/// The longest `lead`, `hold` or `merge_gap` of an `Auto` zoom, in seconds.
pub const MAX_AUTO_ZOOM_TIME: f64 = 60.0;

/// Zooms made from the clicks of the scene's cursor track: a window around each click,
/// windows closer than `merge_gap` merged, each zoomed onto its clicks.
///
/// Each click opens a window from `lead` seconds before it to `hold` seconds after it,
/// on the output's clock (a click cut out by the timeline makes none). Windows whose gap
/// is under `merge_gap` seconds merge, centred on the box around their clicks and
/// zoomed no further than keeps that box in view with an eighth of the view to spare
/// on each side. A window that overlaps a zoom placed by hand is left out: placed
/// zooms win. See docs/cursor.md.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AutoZoom {
    /// The magnification, at most: lower when the window's clicks need it. Default: 2.
    #[serde(default = "default_scale")]
    pub scale: f32,
    /// Seconds before a click its zoom starts moving in. Default: 0.6.
    #[serde(default = "default_lead")]
    pub lead: f64,
    /// Seconds after a click its zoom stays before moving out. Default: 1.5.
    #[serde(default = "default_hold")]
    pub hold: f64,
    /// Windows closer than this many seconds merge into one. Default: 1.
    #[serde(default = "default_merge_gap")]
    pub merge_gap: f64,
    /// How long moving in and moving out take, in seconds (at most half a window).
    /// Default: 0.6.
    #[serde(default = "default_transition")]
    pub transition: f64,
    /// The easing of both moves. Default: `EaseInOut`.
    #[serde(default)]
    pub ease: Ease,
    /// Whether each zoom follows the cursor while zoomed, as a placed zoom's `follow`.
    /// Default: false.
    #[serde(default)]
    pub follow: bool,
}

impl Default for AutoZoom {
    fn default() -> AutoZoom {
        AutoZoom {
            scale: default_scale(),
            lead: default_lead(),
            hold: default_hold(),
            merge_gap: default_merge_gap(),
            transition: default_transition(),
            ease: Ease::default(),
            follow: false,
        }
    }
}

fn default_scale() -> f32 {
    2.0
}
fn default_lead() -> f64 {
    0.6
}
fn default_hold() -> f64 {
    1.5
}
fn default_merge_gap() -> f64 {
    1.0
}
fn default_transition() -> f64 {
    0.6
}

/// The scene's zooms: the zooms with times (placed by hand, and, once an export has
/// read the cursor track, those made by `Auto` entries) and the `Auto` entries.
///
/// It reads as the slice of zooms with times, in order: `scene.zooms.iter()`,
/// `scene.zooms.len()`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Zooms {
    zooms: Vec<Zoom>,
    /// Where each of `zooms` is in the scene's list, to name it in errors.
    places: Vec<usize>,
    auto: Vec<(usize, AutoZoom)>,
}

impl Zooms {
    /// Zooms with times, named `zooms[0]`, `zooms[1]` … in errors.
    pub fn placed(zooms: Vec<Zoom>) -> Zooms {
        Zooms {
            places: (0..zooms.len()).collect(),
            zooms,
            auto: Vec::new(),
        }
    }

    /// The `Auto` entries, each with its place in the scene's list.
    pub fn auto(&self) -> &[(usize, AutoZoom)] {
        &self.auto
    }

    /// The field naming zoom `index` of the slice, such as `zooms[2]`.
    pub fn field(&self, index: usize) -> String {
        format!(
            "zooms[{}]",
            self.places.get(index).copied().unwrap_or(index)
        )
    }

    /// These zooms with `made` (each from the `Auto` entry at its place) among them, in
    /// order of start: what an export shows once it has read the cursor track. A made zoom that overlaps one already kept is left out,
    /// so zooms placed by hand win.
    pub fn with_made(&self, made: Vec<(usize, Zoom)>) -> Zooms {
        let mut all: Vec<(usize, Zoom)> = self
            .places
            .iter()
            .copied()
            .zip(self.zooms.iter().copied())
            .collect();
        for (place, zoom) in made {
            let overlaps = all
                .iter()
                .any(|(_, kept)| zoom.start < kept.end && kept.start < zoom.end);
            if !overlaps {
                all.push((place, zoom));
            }
        }
        all.sort_by(|a, b| a.1.start.total_cmp(&b.1.start));
        Zooms {
            places: all.iter().map(|(place, _)| *place).collect(),
            zooms: all.into_iter().map(|(_, zoom)| zoom).collect(),
            auto: self.auto.clone(),
        }
    }

    /// The zooms made by `Auto` entries (after [`Zooms::with_made`]), in order.
    pub fn made(&self) -> impl Iterator<Item = &Zoom> {
        self.zooms
            .iter()
            .zip(&self.places)
            .filter(|(_, place)| self.auto.iter().any(|(auto, _)| auto == *place))
            .map(|(zoom, _)| zoom)
    }
}

impl std::ops::Deref for Zooms {
    type Target = [Zoom];

    fn deref(&self) -> &[Zoom] {
        &self.zooms
    }
}

impl<'a> IntoIterator for &'a Zooms {
    type Item = &'a Zoom;
    type IntoIter = std::slice::Iter<'a, Zoom>;

    fn into_iter(self) -> Self::IntoIter {
        self.zooms.iter()
    }
}

/// `Auto(...)`: RON keeps a struct's name only for enums, so the entry is read as a
/// one-variant enum.
#[derive(Deserialize)]
enum Named {
    Auto(AutoZoom),
    Zoom(Zoom),
}

/// `Auto` with every field left to its default.
#[derive(Deserialize)]
enum Bare {
    Auto,
}

/// One entry of the list: `(start: …, end: …)` or `Zoom(start: …)` or `Auto(…)`.
#[derive(Deserialize)]
#[serde(
    untagged,
    expecting = "a zoom `(start: …, end: …, …)` or `Auto(…)` (docs/scenes.md lists the fields of each)"
)]
enum Entry {
    Named(Named),
    Bare(Bare),
    Placed(Zoom),
}

impl<'de> Deserialize<'de> for Zooms {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Zooms, D::Error> {
        let entries = Vec::<Entry>::deserialize(deserializer)?;
        let mut zooms = Zooms::default();
        for (place, entry) in entries.into_iter().enumerate() {
            match entry {
                Entry::Named(Named::Auto(auto)) => zooms.auto.push((place, auto)),
                Entry::Bare(Bare::Auto) => zooms.auto.push((place, AutoZoom::default())),
                Entry::Named(Named::Zoom(zoom)) | Entry::Placed(zoom) => {
                    zooms.zooms.push(zoom);
                    zooms.places.push(place);
                }
            }
        }
        Ok(zooms)
    }
}

/// The message ron gives for a list entry that is neither form.
pub(crate) const ENTRY_EXPECTED: &str =
    "a zoom `(start: …, end: …, …)` or `Auto(…)` (docs/scenes.md lists the fields of each)";

/// Why the zoom entry ending at byte `end` of the scene `text` could not be read, and
/// the byte where that is, found by reading the entry again on its own: an unknown
/// field, a value of the wrong type, or a kind of entry that is not `Auto`.
pub(crate) fn explain_entry(text: &str, end: usize) -> Option<(usize, String)> {
    // ron stops at the `(` of an entry whose name no form has, else after its `)`.
    let (open, close) = if text.as_bytes().get(end) == Some(&b'(') {
        (end, matching_close(text.as_bytes(), end)?)
    } else {
        let close = text[..(end + 1).min(text.len())].rfind(')')?;
        (matching_open(text.as_bytes(), close)?, close)
    };
    let name_start = text[..open]
        .trim_end()
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    let name = text[name_start..open].trim();
    let body = &text[open..=close];
    let located = |error: ron::error::SpannedError| {
        let at = crate::locate::offset_of(body, error.span.start.line, error.span.start.col);
        Some((open + at, error.code.to_string()))
    };
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    match name {
        "Auto" => options.from_str::<AutoZoom>(body).err().and_then(located),
        "" | "Zoom" => options.from_str::<Zoom>(body).err().and_then(located),
        other => Some((
            name_start,
            format!("unknown kind of zoom `{other}` (expected {ENTRY_EXPECTED})"),
        )),
    }
}

/// The byte of the `)` that closes the `(` at `open`, skipping strings.
fn matching_close(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            b'"' => i += 1 + bytes[i + 1..].iter().position(|&b| b == b'"')?,
            _ => {}
        }
        i += 1;
    }
    None
}

/// The byte of the `(` that the `)` at `close` closes, skipping strings.
fn matching_open(bytes: &[u8], close: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = close + 1;
    while i > 0 {
        i -= 1;
        match bytes[i] {
            b')' => depth += 1,
            b'(' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            b'"' => {
                // Back to the string's opening quote.
                i = bytes[..i].iter().rposition(|&b| b == b'"')?;
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::Scene;

    fn scene(zooms: &str) -> Result<Scene, String> {
        Scene::from_ron(
            &format!(
                r#"(source: (path: "a.mp4"), output: (path: "b.mp4"), cursor: (track: "t.json"), zooms: {zooms})"#
            ),
            "s.ron".as_ref(),
        )
        .map_err(|e| e.to_string())
    }

    #[test]
    fn placed_and_auto_zooms_are_read_in_one_list() {
        let scene = scene(
            "[(start: 1, end: 3, scale: 2, ease: Smooth), Auto(scale: 1.5, hold: 2), Zoom(start: 5, end: 6, center: (10, 20)), Auto()]",
        )
        .unwrap();
        assert_eq!(scene.zooms.len(), 2);
        assert_eq!(scene.zooms[1].center, Some((10.0, 20.0)));
        assert_eq!(scene.zooms.field(1), "zooms[2]");
        let auto = scene.zooms.auto();
        assert_eq!(auto.len(), 2);
        assert_eq!((auto[0].0, auto[0].1.scale, auto[0].1.hold), (1, 1.5, 2.0));
        assert_eq!((auto[1].0, auto[1].1), (3, super::AutoZoom::default()));
    }

    #[test]
    fn a_bad_entry_is_one_error_at_its_own_line_and_column() {
        for (zooms, expected) in [
            (
                "[\n (start: 1, end: 3),\n (start: 4, ende: 3),\n]",
                "s.ron:4:13: Unexpected field named `ende`",
            ),
            (
                "[Auto(lead: 1,\n  hol: 2)]",
                "s.ron:3:3: Unexpected field named `hol`",
            ),
            ("[Auto(scale: \"big\")]", "s.ron:2:21: Expected float"),
            ("[Atuo()]", "s.ron:2:10: unknown kind of zoom `Atuo`"),
            ("[Auto(lead: -1)]", "s.ron:2:10: zooms[0]: invalid lead -1"),
        ] {
            let text = format!(
                "(source: (path: \"a.mp4\"), output: (path: \"b.mp4\"), cursor: (track: \"t.json\"),\n zooms: {zooms})"
            );
            let error = Scene::from_ron(&text, "s.ron".as_ref())
                .unwrap_err()
                .to_string();
            assert!(error.starts_with(expected), "{zooms}: {error}");
        }
    }

    #[test]
    fn auto_zooms_need_the_cursor_track() {
        let error = Scene::from_ron(
            r#"(source: (path: "a.mp4"), output: (path: "b.mp4"), zooms: [Auto])"#,
            "s.ron".as_ref(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            error.contains("zooms[0]") && error.contains("cursor"),
            "{error}"
        );
    }
}
