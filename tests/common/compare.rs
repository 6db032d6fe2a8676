//! Image comparison for the scene regression tests: the library's perceptual metric
//! (`reel::compare`: colour difference ΔE in CIELAB) and threshold, and on failure the
//! actual image and an amplified difference image written beside the reference.

use reel::RgbImage;
use reel::compare::{
    MAX_MEAN_DELTA_E, MAX_VISIBLE_SHARE, VISIBLE_DELTA_E, difference, read_rgb_image,
};
use std::path::Path;

/// The environment variable that, set to 1, rewrites every reference from the current
/// rendering instead of comparing.
pub const UPDATE_VARIABLE: &str = "REEL_UPDATE_REFERENCES";

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
    if std::env::var(UPDATE_VARIABLE).is_ok_and(|v| v == "1") {
        reel::encode::write_png(reference, actual).unwrap();
        return;
    }
    compare_with_reference(actual, reference, "");
}

/// Compares `actual`, drawn by renderer `renderer`, with the reference at `reference`
/// (never rewriting it: references are drawn by one renderer and every renderer must
/// match them). On failure the images beside the reference carry the renderer's name.
pub fn assert_renderer_matches_reference(actual: &RgbImage, reference: &Path, renderer: &str) {
    compare_with_reference(actual, reference, &format!("{renderer}."));
}

fn compare_with_reference(actual: &RgbImage, reference: &Path, prefix: &str) {
    let sibling = |suffix: &str| reference.with_extension(format!("{prefix}{suffix}.png"));
    if !reference.exists() {
        reel::encode::write_png(&sibling("actual"), actual).unwrap();
        panic!(
            "missing reference {} (the rendering is in {}; run with {UPDATE_VARIABLE}=1 to accept it)",
            reference.display(),
            sibling("actual").display()
        );
    }
    let expected =
        read_rgb_image(reference).unwrap_or_else(|e| panic!("{}: {e}", reference.display()));
    let diff = difference(actual, &expected).unwrap_or_else(|| {
        panic!(
            "{}: {}x{} rendered, the reference is {}x{}",
            reference.display(),
            actual.width,
            actual.height,
            expected.width,
            expected.height
        )
    });
    if !diff.passes() {
        reel::encode::write_png(&sibling("actual"), actual).unwrap();
        reel::encode::write_png(&sibling("difference"), &difference_image(actual, &expected))
            .unwrap();
        panic!(
            "{} differs ({prefix}): mean ΔE {:.3} (at most {MAX_MEAN_DELTA_E}), {:.3}% of pixels above ΔE {VISIBLE_DELTA_E} (at most {}%), largest ΔE {:.1}; see {}",
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
