//! The cursor redrawn from a recorded track: which track, how large, how smoothed.

use crate::validate::Invalid;
use serde::Deserialize;
use std::path::PathBuf;

/// The smallest and largest scale of the drawn cursor.
pub const CURSOR_SIZE_RANGE: (f32, f32) = (0.25, 8.0);

/// The cursor drawn over the recording from the track its recorder wrote beside it:
/// `cursor: (track: "take1.mp4.cursor.json", size: 1.5)`.
///
/// The track's positions are in the screen recording's pixels and seconds; the cursor
/// follows the recording through its crop, zooms, trim and timeline, and is drawn only
/// while a clip of the scene's own recording is shown.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cursor {
    /// The track file: OpenScreen's or Recordly's `.cursor.json`, Cap's `cursor.json`,
    /// or Reel's JSON lines (docs/cursor.md), recognised by content.
    pub track: PathBuf,
    /// The drawn cursor's scale: 1 is the size of an ordinary cursor on the recorded
    /// screen, from 0.25 to 8. Default: 1.
    #[serde(default = "unit")]
    pub size: f32,
    /// How much the recorded path is smoothed. Default: `Smooth`.
    #[serde(default)]
    pub smoothing: CursorSmoothing,
    /// Whether a cursor resting for two seconds fades out (and back in when it moves).
    /// Default: false.
    #[serde(default)]
    pub hide_when_idle: bool,
    /// Whether the cursor casts a soft shadow. Default: true.
    #[serde(default = "yes")]
    pub shadow: bool,
    /// How clicks are shown: a ring spreading from where the click was, and the cursor
    /// shrinking briefly; `clicks: None` shows neither. Default: both.
    #[serde(default = "default_clicks")]
    pub clicks: Option<CursorClicks>,
    /// Motion blur of the moving cursor: the share of each frame's time the shutter is
    /// open, 0 (none) to 1; the cursor is smeared along its path over that time.
    /// Default: 0.
    #[serde(default)]
    pub motion_blur: f32,
    /// Whether the cursor is drawn with the recorder's own pictures of it, when the
    /// track carries them (OpenScreen's assets, Cap's cursor PNGs); else with Reel's
    /// built-in shapes. Default: true.
    #[serde(default = "yes")]
    pub recorder_images: bool,
    /// One picture to draw the cursor with, whatever its shape: a PNG file and its
    /// hotspot. Default: none.
    #[serde(default)]
    pub image: Option<CursorImageFile>,
}

/// A picture of the cursor: `image: (path: "pointer.png", hotspot: (3, 2))`, drawn as
/// tall as an ordinary cursor times `size`, whatever its resolution.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CursorImageFile {
    /// The PNG file, relative to the scene.
    pub path: PathBuf,
    /// The point that lands on the tracked position, in the image's pixels from its
    /// top-left corner. Default: (0, 0).
    #[serde(default)]
    pub hotspot: (f32, f32),
}

/// How the cursor's clicks are shown: `clicks: (ring: true, shrink: 0.8, duration: 0.5)`.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CursorClicks {
    /// Whether a ring spreads from each click and fades. Default: true.
    pub ring: bool,
    /// The cursor's smallest scale just after a click, from 0.25 to 1 (1: it does not
    /// shrink). Default: 0.8.
    pub shrink: f32,
    /// Seconds the ring plays, above 0 and at most 5. Default: 0.5.
    pub duration: f64,
}

impl Default for CursorClicks {
    fn default() -> CursorClicks {
        CursorClicks {
            ring: true,
            shrink: 0.8,
            duration: 0.5,
        }
    }
}

fn default_clicks() -> Option<CursorClicks> {
    Some(CursorClicks::default())
}

/// How much the cursor's recorded path is smoothed (a damped spring; docs/cursor.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum CursorSmoothing {
    /// The recorded path as it is.
    None,
    /// A light touch: shakes go, the path stays close.
    Gentle,
    /// A glide, the look people expect.
    #[default]
    Smooth,
    /// Quick and firm, for fast pointing.
    Snappy,
}

fn unit() -> f32 {
    1.0
}

fn yes() -> bool {
    true
}

impl Cursor {
    /// Checks the cursor's numbers, naming the field `cursor` in an error.
    pub(crate) fn validate(&self) -> Result<(), Invalid> {
        let (low, high) = CURSOR_SIZE_RANGE;
        if !(self.size.is_finite() && (low..=high).contains(&self.size)) {
            return Err((
                "cursor".to_string(),
                format!("invalid size {} (expected {low} to {high})", self.size),
            ));
        }
        if !(self.motion_blur.is_finite() && (0.0..=1.0).contains(&self.motion_blur)) {
            return Err((
                "cursor".to_string(),
                format!(
                    "invalid motion_blur {} (expected 0 to 1: the share of a frame's time)",
                    self.motion_blur
                ),
            ));
        }
        if let Some(image) = &self.image {
            let (x, y) = image.hotspot;
            if !(x.is_finite() && y.is_finite() && x >= 0.0 && y >= 0.0) {
                return Err((
                    "cursor.image".to_string(),
                    format!("invalid hotspot ({x}, {y}) (expected pixels of the image, 0 or more)"),
                ));
            }
        }
        if let Some(clicks) = &self.clicks {
            if !(clicks.shrink.is_finite() && (0.25..=1.0).contains(&clicks.shrink)) {
                return Err((
                    "cursor.clicks".to_string(),
                    format!("invalid shrink {} (expected 0.25 to 1)", clicks.shrink),
                ));
            }
            if !(clicks.duration > 0.0 && clicks.duration <= 5.0) {
                return Err((
                    "cursor.clicks".to_string(),
                    format!(
                        "invalid duration {} (expected above 0 and at most 5 seconds)",
                        clicks.duration
                    ),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::Scene;

    fn scene(cursor: &str) -> Result<Scene, String> {
        Scene::from_ron(
            &format!(r#"(source: (path: "a.mp4"), output: (path: "b.mp4"), cursor: {cursor})"#),
            "s.ron".as_ref(),
        )
        .map_err(|e| e.to_string())
    }

    #[test]
    fn a_cursor_takes_its_defaults() {
        let cursor = scene(r#"(track: "t.json")"#).unwrap().cursor.unwrap();
        assert_eq!(cursor.size, 1.0);
        assert_eq!(cursor.smoothing, super::CursorSmoothing::Smooth);
        assert!(!cursor.hide_when_idle && cursor.shadow);
        let cursor = scene(r#"(track: "t.json", size: 1.5, smoothing: None, shadow: false)"#)
            .unwrap()
            .cursor
            .unwrap();
        assert_eq!((cursor.size, cursor.shadow), (1.5, false));
        assert_eq!(cursor.clicks, Some(super::CursorClicks::default()));
        let cursor = scene(r#"(track: "t.json", clicks: (ring: false))"#)
            .unwrap()
            .cursor
            .unwrap();
        assert_eq!(
            cursor.clicks.map(|c| (c.ring, c.shrink)),
            Some((false, 0.8))
        );
        let cursor = scene(r#"(track: "t.json", clicks: None)"#)
            .unwrap()
            .cursor
            .unwrap();
        assert_eq!(cursor.clicks, None);
        let error = scene(r#"(track: "t.json", clicks: (shrink: 0.1))"#).unwrap_err();
        assert!(
            error.contains("cursor.clicks") && error.contains("shrink"),
            "{error}"
        );
    }

    #[test]
    fn a_size_out_of_range_is_refused() {
        for size in ["0.1", "9", "-1"] {
            let error = scene(&format!(r#"(track: "t.json", size: {size})"#)).unwrap_err();
            assert!(
                error.contains("cursor") && error.contains("invalid size"),
                "{error}"
            );
        }
    }
}
