//! How far a rendered frame is from a reference: a perceptual metric (colour difference
//! ΔE*ab in CIELAB) and the threshold the scene regression tests hold every frame to. The
//! same check runs on another machine's GPU with `bench --check-references`.

use reel_decode::{DecodeError, load_image};
use reel_pipeline::RgbImage;
use std::path::Path;

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
fn lab([r, g, b]: [u8; 3]) -> [f64; 3] {
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

/// Compares two images; `None` when their sizes differ.
pub fn difference(actual: &RgbImage, reference: &RgbImage) -> Option<Difference> {
    if (actual.width, actual.height) != (reference.width, reference.height) {
        return None;
    }
    let mut sum = 0.0;
    let mut visible = 0usize;
    let mut max: f64 = 0.0;
    for (a, b) in actual
        .data
        .chunks_exact(3)
        .zip(reference.data.chunks_exact(3))
    {
        let d = delta_e([a[0], a[1], a[2]], [b[0], b[1], b[2]]);
        sum += d;
        max = max.max(d);
        visible += usize::from(d > VISIBLE_DELTA_E);
    }
    let pixels = (actual.width * actual.height).max(1) as f64;
    Some(Difference {
        mean: sum / pixels,
        visible: visible as f64 / pixels,
        max,
    })
}

/// Reads a PNG (or any picture FFmpeg decodes) as RGB.
pub fn read_rgb_image(path: &Path) -> Result<RgbImage, DecodeError> {
    let picture = load_image(path)?;
    let frame = &picture.frame;
    let (width, height) = (frame.width(), frame.height());
    let stride = frame.stride(0);
    let mut data = Vec::with_capacity((width * height * 3) as usize);
    for row in frame.data(0).chunks(stride).take(height as usize) {
        for texel in row[..width as usize * 4].chunks_exact(4) {
            data.extend_from_slice(&texel[..3]);
        }
    }
    Ok(RgbImage {
        width,
        height,
        data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(pixels: &[[u8; 3]]) -> RgbImage {
        RgbImage {
            width: pixels.len() as u32,
            height: 1,
            data: pixels.concat(),
        }
    }

    #[test]
    fn identical_images_do_not_differ_and_black_to_white_is_a_hundred() {
        let grey = image(&[[128, 128, 128]; 4]);
        let same = difference(&grey, &grey).expect("same size");
        assert_eq!((same.mean, same.visible, same.max), (0.0, 0.0, 0.0));
        assert!(same.passes());
        let black = image(&[[0, 0, 0], [0, 0, 0]]);
        let white = image(&[[0, 0, 0], [255, 255, 255]]);
        let apart = difference(&black, &white).expect("same size");
        assert!((apart.max - 100.0).abs() < 0.01, "{apart:?}");
        assert!((apart.visible - 0.5).abs() < 1e-9 && !apart.passes());
        assert_eq!(difference(&black, &grey), None);
    }
}
