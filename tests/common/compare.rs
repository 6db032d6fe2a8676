//! Image comparison for the scene regression tests: a perceptual metric (colour
//! difference ΔE in CIELAB), a stated threshold, and on failure the actual image and an
//! amplified difference image written beside the reference.

use reel::RgbImage;
use std::path::Path;

/// The environment variable that, set to 1, rewrites every reference from the current
/// rendering instead of comparing.
pub const UPDATE_VARIABLE: &str = "REEL_UPDATE_REFERENCES";

/// The mean colour difference (CIE ΔE*ab) a frame may have from its reference. One unit
/// is about the smallest difference a person can see side by side.
pub const MAX_MEAN_DELTA_E: f64 = 0.5;
/// The colour difference above which a pixel counts as visibly different.
pub const VISIBLE_DELTA_E: f64 = 5.0;
/// The share of pixels that may differ visibly (anti-aliased edges and blur on another
/// GPU round differently).
pub const MAX_VISIBLE_SHARE: f64 = 0.002;

/// How far an image is from its reference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Difference {
    /// Mean ΔE over all pixels.
    pub mean: f64,
    /// Share of pixels with ΔE above [`VISIBLE_DELTA_E`].
    pub visible: f64,
    /// The largest ΔE.
    pub max: f64,
}

impl Difference {
    /// Whether the difference is within the stated threshold.
    pub fn passes(&self) -> bool {
        self.mean <= MAX_MEAN_DELTA_E && self.visible <= MAX_VISIBLE_SHARE
    }
}

fn srgb_to_linear(c: u8) -> f64 {
    let v = f64::from(c) / 255.0;
    if v <= 0.04045 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

/// CIELAB (D65) of an sRGB pixel.
pub fn lab([r, g, b]: [u8; 3]) -> [f64; 3] {
    let (r, g, b) = (srgb_to_linear(r), srgb_to_linear(g), srgb_to_linear(b));
    let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    let f = |t: f64| {
        if t > 0.008856 {
            t.cbrt()
        } else {
            7.787 * t + 16.0 / 116.0
        }
    };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

fn delta_e(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (a, b) = (lab(a), lab(b));
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

/// Compares two images of the same size.
pub fn difference(actual: &RgbImage, reference: &RgbImage) -> Difference {
    assert_eq!(
        (actual.width, actual.height),
        (reference.width, reference.height),
        "image sizes differ"
    );
    let mut sum = 0.0;
    let mut visible = 0usize;
    let mut max: f64 = 0.0;
    let pixels = (actual.width * actual.height) as usize;
    for i in 0..pixels {
        let at = |img: &RgbImage| [img.data[i * 3], img.data[i * 3 + 1], img.data[i * 3 + 2]];
        let d = delta_e(at(actual), at(reference));
        sum += d;
        max = max.max(d);
        visible += usize::from(d > VISIBLE_DELTA_E);
    }
    Difference {
        mean: sum / pixels as f64,
        visible: visible as f64 / pixels as f64,
        max,
    }
}

/// Reads a PNG (or any picture FFmpeg decodes) as RGB.
pub fn read_image(path: &Path) -> RgbImage {
    let picture =
        reel::decode::load_image(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let frame = &picture.frame;
    let (width, height) = (frame.width(), frame.height());
    let stride = frame.stride(0);
    let mut data = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height as usize {
        for x in 0..width as usize {
            data.extend_from_slice(&frame.data(0)[y * stride + x * 4..y * stride + x * 4 + 3]);
        }
    }
    RgbImage {
        width,
        height,
        data,
    }
}

/// An image of where two images differ, amplified eight times.
fn difference_image(actual: &RgbImage, reference: &RgbImage) -> RgbImage {
    RgbImage {
        width: actual.width,
        height: actual.height,
        data: actual
            .data
            .iter()
            .zip(&reference.data)
            .map(|(a, b)| (a.abs_diff(*b) as u32 * 8).min(255) as u8)
            .collect(),
    }
}

/// Compares `actual` with the reference at `reference`, or rewrites the reference when
/// [`UPDATE_VARIABLE`] is set. Panics, after writing `*.actual.png` and
/// `*.difference.png` beside the reference, when they differ beyond the threshold or
/// the reference is missing.
pub fn assert_matches_reference(actual: &RgbImage, reference: &Path) {
    let sibling = |suffix: &str| reference.with_extension(format!("{suffix}.png"));
    if std::env::var(UPDATE_VARIABLE).is_ok_and(|v| v == "1") {
        reel::encode::write_png(reference, actual).unwrap();
        return;
    }
    if !reference.exists() {
        reel::encode::write_png(&sibling("actual"), actual).unwrap();
        panic!(
            "missing reference {} (the rendering is in {}; run with {UPDATE_VARIABLE}=1 to accept it)",
            reference.display(),
            sibling("actual").display()
        );
    }
    let expected = read_image(reference);
    let diff = difference(actual, &expected);
    if !diff.passes() {
        reel::encode::write_png(&sibling("actual"), actual).unwrap();
        reel::encode::write_png(&sibling("difference"), &difference_image(actual, &expected))
            .unwrap();
        panic!(
            "{} differs: mean ΔE {:.3} (at most {MAX_MEAN_DELTA_E}), {:.3}% of pixels above ΔE {VISIBLE_DELTA_E} (at most {}%), largest ΔE {:.1}; see {}",
            reference.display(),
            diff.mean,
            diff.visible * 100.0,
            MAX_VISIBLE_SHARE * 100.0,
            diff.max,
            sibling("difference").display()
        );
    }
    let _ = std::fs::remove_file(sibling("actual"));
    let _ = std::fs::remove_file(sibling("difference"));
}
