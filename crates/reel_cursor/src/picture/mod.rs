//! The cursor's picture: a built-in shape rasterised at the size it is shown, with the
//! sub-pixel offset of its hotspot, so that a renderer pastes it at whole pixels.
//!
//! Each shape is black, outlined in white (the look of the macOS cursor, readable over
//! light and dark screens alike), with an optional soft shadow under it. The shapes are
//! vector paths ([`shapes`]), rasterised with `zeno` and the shadow blurred with
//! `libblur`. A click's ring ([`draw_click_ring`]) is drawn the same way, and
//! [`compose`] makes the ring and the cursor one picture to paste.

mod compose;
mod image;
mod raster;
mod ring;
mod shapes;

pub use compose::{Placed, average, compose};
pub use image::{CursorImageData, MAX_IMAGE_SIDE, draw_image};
pub use ring::draw_click_ring;

use crate::kind::CursorKind;

/// A cursor picture: straight (not premultiplied) R'G'B'A bytes in sRGB, row by row,
/// with the point that lands on the tracked position.
#[derive(Debug, Clone, PartialEq)]
pub struct CursorBitmap {
    /// Its width in pixels (0 for a hidden cursor).
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// `4 × width × height` bytes: R, G, B, A of each pixel, top row first.
    pub pixels: Vec<u8>,
    /// The tracked point, in the picture's pixels from its top-left corner (a pixel's
    /// centre lies at `+0.5`).
    pub hotspot: (f32, f32),
}

impl CursorBitmap {
    /// The empty picture of a hidden cursor.
    pub fn empty() -> CursorBitmap {
        CursorBitmap {
            width: 0,
            height: 0,
            pixels: Vec::new(),
            hotspot: (0.0, 0.0),
        }
    }

    /// The whole pixel the picture's top-left pixel covers when its hotspot lands on
    /// `at` (drawn with the phase `at` has, the hotspot lands there exactly).
    pub fn top_left(&self, at: (f32, f32)) -> (i32, i32) {
        (
            (at.0 - self.hotspot.0).round() as i32,
            (at.1 - self.hotspot.1).round() as i32,
        )
    }

    /// The R'G'B'A bytes of pixel `(x, y)`.
    pub fn pixel(&self, x: u32, y: u32) -> [u8; 4] {
        let i = 4 * (y as usize * self.width as usize + x as usize);
        [
            self.pixels[i],
            self.pixels[i + 1],
            self.pixels[i + 2],
            self.pixels[i + 3],
        ]
    }
}

/// The picture of a `kind` cursor whose 32-unit box is `size` pixels tall, with its
/// hotspot `phase` (each 0 to 1) of a pixel right of and below a pixel corner, and a
/// soft shadow under it when `shadow` is set.
///
/// [`CursorKind::Other`] is drawn as the arrow; [`CursorKind::Hidden`], and a size
/// under one pixel, give the empty picture.
pub fn draw_cursor(kind: CursorKind, size: f32, phase: (f32, f32), shadow: bool) -> CursorBitmap {
    match shapes::shape(kind) {
        Some(shape) if size >= 1.0 && size.is_finite() => {
            let phase = (phase.0.clamp(0.0, 1.0), phase.1.clamp(0.0, 1.0));
            raster::rasterise(&shape, size / 32.0, phase, shadow)
        }
        _ => CursorBitmap::empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::kind::ALL_KINDS as ALL;

    fn alpha(b: &CursorBitmap, x: u32, y: u32) -> u8 {
        b.pixel(x, y)[3]
    }

    #[test]
    fn every_kind_but_hidden_is_drawn_black_in_white() {
        for kind in ALL {
            let b = draw_cursor(kind, 48.0, (0.0, 0.0), false);
            if kind == CursorKind::Hidden {
                assert_eq!((b.width, b.height), (0, 0));
                continue;
            }
            assert_eq!(b.pixels.len(), 4 * (b.width * b.height) as usize);
            let solid: Vec<[u8; 4]> = b
                .pixels
                .chunks(4)
                .filter(|p| p[3] == 255)
                .map(|p| [p[0], p[1], p[2], p[3]])
                .collect();
            assert!(solid.iter().any(|p| p[0] == 0), "{kind:?} has black");
            assert!(solid.iter().any(|p| p[0] == 255), "{kind:?} has white");
            assert!(
                b.pixels.chunks(4).any(|p| p[3] == 0),
                "{kind:?} has a clear margin"
            );
        }
    }

    #[test]
    fn the_arrow_tip_is_the_hotspot() {
        for phase in [(0.0, 0.0), (0.5, 0.25), (0.9, 0.6)] {
            let b = draw_cursor(CursorKind::Arrow, 64.0, phase, false);
            let (hx, hy) = b.hotspot;
            assert!((hx.fract() - phase.0).abs() < 1e-4 && (hy.fract() - phase.1).abs() < 1e-4);
            // Just inside the tip (down and right along the arrow's left edge) is black;
            // well up and left of it is clear.
            let inside = b.pixel((hx + 1.0) as u32, (hy + 4.0) as u32);
            assert_eq!(inside[3], 255);
            assert!(inside[0] < 40, "{inside:?}");
            assert_eq!(alpha(&b, (hx - 4.0) as u32, (hy - 4.0) as u32), 0);
            // The white outline rims the tip.
            let rim = b.pixel((hx - 1.0).floor() as u32, (hy + 6.0) as u32);
            assert!(rim[3] > 128 && rim[0] > 200, "{rim:?}");
        }
    }

    #[test]
    fn a_phase_moves_the_shape_by_that_fraction() {
        let a = draw_cursor(CursorKind::Crosshair, 40.0, (0.0, 0.0), false);
        let b = draw_cursor(CursorKind::Crosshair, 40.0, (0.5, 0.0), false);
        // The centre of the horizontal bar's coverage moves right by half a pixel.
        let centroid = |b: &CursorBitmap| {
            let y = b.hotspot.1 as u32;
            let (mut sum, mut weight) = (0.0, 0.0);
            for x in 0..b.width {
                let a = f64::from(alpha(b, x, y));
                sum += a * (f64::from(x) + 0.5);
                weight += a;
            }
            sum / weight - f64::from(b.hotspot.0)
        };
        assert!((centroid(&a) - centroid(&b)).abs() < 0.05);
        let (ta, tb) = (a.top_left((100.0, 50.0)), b.top_left((100.5, 50.0)));
        assert_eq!(ta, tb);
    }

    #[test]
    fn pictures_grow_with_their_size_and_shadows_widen_them() {
        let small = draw_cursor(CursorKind::Pointer, 32.0, (0.0, 0.0), false);
        let large = draw_cursor(CursorKind::Pointer, 96.0, (0.0, 0.0), false);
        assert!(large.height > 2 * small.height + small.height / 2);
        let shaded = draw_cursor(CursorKind::Pointer, 32.0, (0.0, 0.0), true);
        assert!(shaded.height > small.height);
        let soft = shaded
            .pixels
            .chunks(4)
            .filter(|p| p[3] > 0 && p[3] < 128 && p[0] < 10)
            .count();
        assert!(soft > 20, "{soft} shadow pixels");
        assert_eq!(
            draw_cursor(CursorKind::Arrow, 0.5, (0.0, 0.0), true),
            CursorBitmap::empty()
        );
    }

    #[test]
    fn other_is_the_arrow() {
        assert_eq!(
            draw_cursor(CursorKind::Other, 40.0, (0.2, 0.3), true),
            draw_cursor(CursorKind::Arrow, 40.0, (0.2, 0.3), true)
        );
    }
}
