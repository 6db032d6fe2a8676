//! The spotlight: every pixel drawn so far (all but the camera and the overlay) scaled
//! towards black outside its rectangle, on the canvas's own codes — Y' about black and
//! Cb, Cr about neutral, as the GPU renderer scales its R'G'B' and Y'CbCr outputs.

use crate::canvas::{Canvas, Code, YuvCanvas};
use rayon::prelude::*;
use reel_plan::SpotlightLayer;

/// Darkens `canvas` outside `spot`'s rectangle.
pub fn draw_spotlight(canvas: &mut Canvas, spot: &SpotlightLayer) {
    if spot.dim <= 0.0 {
        return;
    }
    match canvas {
        Canvas::Yuv8(c) => dim_yuv(c, spot),
        Canvas::Yuv10(c) => dim_yuv(c, spot),
        Canvas::Rgba(c) => {
            let width = c.size.0 as usize;
            let rows = Rows::new(spot);
            c.data
                .par_chunks_mut(4 * width)
                .enumerate()
                .for_each(|(y, row)| {
                    rows.each(y as f32 + 0.5, width, 1.0, |x, f| {
                        for value in &mut row[4 * x..4 * x + 3] {
                            *value = (f32::from(*value) * f + 0.5) as u8;
                        }
                    });
                });
        }
    }
}

/// Scales the Y' and chroma codes of a Y'CbCr canvas.
fn dim_yuv<C: Code>(canvas: &mut YuvCanvas<C>, spot: &SpotlightLayer) {
    let rows = Rows::new(spot);
    let width = canvas.size.0 as usize;
    canvas
        .luma
        .par_chunks_mut(width)
        .enumerate()
        .for_each(|(y, row)| {
            rows.each(y as f32 + 0.5, width, 1.0, |x, f| {
                row[x] = C::from_code(16.0 + (row[x].narrow() - 16.0) * f);
            });
        });
    let sub = canvas.sub;
    let chroma_width = canvas.chroma_size().0 as usize;
    canvas
        .chroma
        .par_chunks_mut(2 * chroma_width)
        .enumerate()
        .for_each(|(y, row)| {
            // Each sample takes the factor at the middle of the pixels it stands for.
            let middle = (y as f32 + 0.5) * sub.1 as f32;
            rows.each(middle, chroma_width, sub.0 as f32, |x, f| {
                for value in &mut row[2 * x..2 * x + 2] {
                    *value = C::from_code(128.0 + (value.narrow() - 128.0) * f);
                }
            });
        });
}

/// The spotlight row by row: where its factor must be worked out, and the constant
/// factor everywhere else.
struct Rows<'a> {
    spot: &'a SpotlightLayer,
    /// How far past the rectangle its edge's ramp reaches.
    reach: f32,
    /// The factor away from the rectangle.
    dark: f32,
}

impl<'a> Rows<'a> {
    fn new(spot: &'a SpotlightLayer) -> Self {
        Rows {
            spot,
            reach: spot.feather.max(1.0) + 1.0,
            dark: 1.0 - spot.dim,
        }
    }

    /// Calls `apply(i, factor)` for each of the `count` samples of the row whose
    /// middles lie at output row `y`, sample `i` standing for output columns
    /// `i × step` to `(i + 1) × step`.
    fn each(&self, y: f32, count: usize, step: f32, mut apply: impl FnMut(usize, f32)) {
        let r = &self.spot.rect;
        let near_row = y > r.y - self.reach && y < r.y + r.height + self.reach;
        let (first, last) = if near_row {
            let first = ((r.x - self.reach) / step).floor().max(0.0) as usize;
            let last = (((r.x + r.width + self.reach) / step).ceil().max(0.0) as usize).min(count);
            (first.min(count), last)
        } else {
            (count, count)
        };
        for i in (0..first).chain(last.max(first)..count) {
            apply(i, self.dark);
        }
        for i in first..last {
            let f = self.spot.factor(((i as f32 + 0.5) * step, y));
            if f < 1.0 {
                apply(i, f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reel_scene::{FramePixels, PixelRect};

    #[test]
    fn codes_outside_scale_towards_black_and_inside_stay() {
        let mut canvas = Canvas::new((64, 32), FramePixels::Nv12);
        let Canvas::Yuv8(c) = &mut canvas else {
            unreachable!()
        };
        c.luma.fill(216);
        c.chroma.fill(178);
        let spot = SpotlightLayer {
            rect: PixelRect {
                x: 16.0,
                y: 8.0,
                width: 32.0,
                height: 16.0,
            },
            radius: 0.0,
            feather: 0.0,
            dim: 0.5,
        };
        draw_spotlight(&mut canvas, &spot);
        let Canvas::Yuv8(c) = &canvas else {
            unreachable!()
        };
        assert_eq!(c.luma[0], 116, "16 + (216 - 16) / 2");
        assert_eq!(c.luma[16 * 64 + 32], 216, "inside");
        assert_eq!(c.chroma[0], 153, "128 + (178 - 128) / 2");
        assert_eq!(c.chroma[2 * (8 * 32 + 16)], 178, "inside");
    }
}
