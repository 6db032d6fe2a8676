//! OpenScreen's look — the canvas's shape and size, the inset, corners, shadow, wallpaper
//! and motion blur — as a scene's `output.size`, `inset`, `shadow`, `background` and
//! `motion_blur`. The numbers come from OpenScreen's renderer, as docs/projects.md says.

use crate::css;
use crate::ron_text::{number, path as ron_path};
use std::path::Path;

/// The canvas the project composes onto, and where the recording sits in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Canvas {
    /// The output's size in pixels.
    pub size: (u32, u32),
    /// The share of the canvas (each way) the recording's box takes:
    /// `1 - padding / 100 × 0.4`.
    pub box_scale: f64,
    /// The size of the recording's picture as drawn, in output pixels.
    pub content: (f64, f64),
}

impl Canvas {
    /// The canvas of `aspect` (`"16:9"`, `"native"` …) at `quality` (`gif` 540 lines,
    /// `medium` 720, `good` 1080, `source` the recording's own) for content of `content` pixels (the
    /// recording after its crop), with `padding` (0–100).
    pub fn new(aspect: &str, quality: &str, content: (f64, f64), padding: f64) -> Option<Self> {
        let ratio = match aspect {
            "native" => content.0 / content.1,
            _ => {
                let (w, h) = aspect.split_once(':')?;
                let (w, h): (f64, f64) = (w.trim().parse().ok()?, h.trim().parse().ok()?);
                (w > 0.0 && h > 0.0).then_some(w / h)?
            }
        };
        let short = match quality {
            "gif" => 540.0,
            "medium" => 720.0,
            "source" => content.0.min(content.1),
            _ => 1080.0,
        };
        let (width, height) = if ratio >= 1.0 {
            (short * ratio, short)
        } else {
            (short, short / ratio)
        };
        let even = |v: f64| ((v / 2.0).round() * 2.0).clamp(16.0, 8192.0) as u32;
        let size = (even(width), even(height));
        let box_scale = 1.0 - padding.clamp(0.0, 100.0) / 100.0 * 0.4;
        let (bw, bh) = (box_scale * f64::from(size.0), box_scale * f64::from(size.1));
        let fit = (bw / content.0).min(bh / content.1);
        Some(Self {
            size,
            box_scale,
            content: (content.0 * fit, content.1 * fit),
        })
    }

    /// Output pixels per pixel of a 1080-line frame.
    pub fn scale(&self) -> f64 {
        f64::from(self.size.0.min(self.size.1)) / 1080.0
    }

    /// The point of the recording (fractions of its picture) under a point of the canvas
    /// (fractions of the canvas), clamped to the picture.
    pub fn content_point(&self, (cx, cy): (f64, f64)) -> (f64, f64) {
        let (w, h) = (f64::from(self.size.0), f64::from(self.size.1));
        let x = (cx * w - w / 2.0) / self.content.0 + 0.5;
        let y = (cy * h - h / 2.0) / self.content.1 + 0.5;
        (x.clamp(0.0, 1.0), y.clamp(0.0, 1.0))
    }

    /// The scene's `inset`: the padding (a share of the shorter side, each side) and the
    /// corners (`border_radius`, pixels of a 1080-line frame).
    pub fn inset(&self, border_radius: f64) -> String {
        let padding = (1.0 - self.box_scale) / 2.0;
        format!(
            "(padding: {}, corner_radius: {})",
            number(padding),
            number((border_radius * self.scale()).max(0.0))
        )
    }

    /// The scene's `shadow` for an intensity of 0 to 1, if any.
    pub fn shadow(&self, intensity: f64) -> Option<String> {
        (intensity > 0.0).then(|| {
            let k = self.scale();
            format!(
                "(offset: (0, {}), blur: {}, color: \"#000000\", opacity: {})",
                number((12.0 * k).round()),
                number((48.0 * k).round()),
                number(intensity.min(1.0))
            )
        })
    }
}

/// The scene's `background` for OpenScreen's `wallpaper` (blurred when `blurred`, as its
/// export blurs the wallpaper by 6 pixels), and a warning when it is drawn otherwise.
pub fn background(wallpaper: &str, blurred: bool, folder: &Path) -> (String, Option<String>) {
    let fallback = |why: String| ("Wallpaper(\"aurora\")".to_owned(), Some(why));
    let text = wallpaper.trim();
    if text.is_empty() {
        return ("Color(\"#000000\")".into(), None);
    }
    if text.starts_with("/wallpapers/") {
        return fallback(format!(
            "{text:?} is one of OpenScreen's own pictures; Reel draws its `aurora` wallpaper instead"
        ));
    }
    if let Some(file) = text.strip_prefix("file://") {
        let path = folder.join(file);
        if path.is_file() {
            let blur = if blurred { ", blur: 6" } else { "" };
            return (format!("Image(path: {}{blur})", ron_path(&path)), None);
        }
        return fallback(format!(
            "{text:?}: no such file; Reel draws its `aurora` wallpaper instead"
        ));
    }
    if text.starts_with("data:") || text.starts_with("http") {
        return fallback(
            "an embedded or downloaded picture is not read yet; Reel draws its `aurora` wallpaper instead".into(),
        );
    }
    if text.contains("gradient(") {
        return match css::linear_gradient(text) {
            Some(gradient) => {
                let stops: Vec<String> = gradient
                    .stops
                    .iter()
                    .map(|(colour, at)| format!("({}, {})", colour.hex(), number(*at)))
                    .collect();
                (
                    format!(
                        "LinearGradient(angle: {}, stops: [{}])",
                        number(gradient.angle.rem_euclid(360.0)),
                        stops.join(", ")
                    ),
                    None,
                )
            }
            None => fallback(format!(
                "{text:?}: only linear gradients of 2 to 8 stops are drawn; Reel draws its `aurora` wallpaper instead"
            )),
        };
    }
    match css::color(text) {
        Some(colour) => (format!("Color({})", colour.hex()), None),
        None => (
            "Color(\"#000000\")".into(),
            Some(format!(
                "{text:?} is not a colour Reel reads; black instead"
            )),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_canvas_follows_the_aspect_the_quality_and_the_padding() {
        let canvas = Canvas::new("16:9", "good", (1920.0, 1080.0), 50.0).unwrap();
        assert_eq!(canvas.size, (1920, 1080));
        assert!((canvas.box_scale - 0.8).abs() < 1e-9);
        assert_eq!(canvas.content, (1536.0, 864.0));
        assert_eq!(canvas.inset(12.0), "(padding: 0.1, corner_radius: 12)");
        // The middle of the canvas is the middle of the recording; its left edge is
        // outside it.
        assert_eq!(canvas.content_point((0.5, 0.5)), (0.5, 0.5));
        assert_eq!(canvas.content_point((0.0, 0.5)).0, 0.0);
        assert!((canvas.content_point((0.3, 0.5)).0 - 0.25).abs() < 1e-9);
        let portrait = Canvas::new("9:16", "medium", (1920.0, 1080.0), 0.0).unwrap();
        assert_eq!(portrait.size, (720, 1280));
        let native = Canvas::new("native", "source", (1440.0, 900.0), 0.0).unwrap();
        assert_eq!(native.size, (1440, 900));
        assert!(Canvas::new("wide", "good", (16.0, 9.0), 0.0).is_none());
    }

    #[test]
    fn wallpapers_become_backgrounds() {
        let folder = Path::new("/p");
        assert_eq!(
            background("#ADADAD", false, folder),
            ("Color(\"#adadad\")".into(), None)
        );
        let (gradient, warning) =
            background("linear-gradient(135deg, #FBC8B4, #2447B1)", false, folder);
        assert_eq!(
            gradient,
            "LinearGradient(angle: 135, stops: [(\"#fbc8b4\", 0), (\"#2447b1\", 1)])"
        );
        assert!(warning.is_none());
        let (built_in, warning) = background("/wallpapers/wallpaper3.jpg", false, folder);
        assert_eq!(built_in, "Wallpaper(\"aurora\")");
        assert!(warning.unwrap().contains("wallpaper3.jpg"));
        assert!(
            background("radial-gradient(circle, #000, #fff)", false, folder)
                .1
                .is_some()
        );
    }
}
