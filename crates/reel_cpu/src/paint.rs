//! Pixels drawn one at a time from a colour function: where the frame needs exact
//! arithmetic at every pixel (the recording's rim, a background drawn once), in row
//! bands over threads. A chroma sample takes the mean of its pixels' colours, as the
//! GPU renderer's chroma pass does.

use crate::canvas::{Canvas, Code, RgbaCanvas, YuvCanvas};
use crate::color::{bt709_codes, bt709_luma_code};
use rayon::prelude::*;
use reel_plan::Scissor;

/// A colour function: R'G'B' codes (0 to 1, unclamped) at an output position.
pub type Shade<'a> = &'a (dyn Fn((f32, f32)) -> [f32; 3] + Sync);

/// Draws `luma` rectangles (every channel of an R'G'B' canvas) and `chroma` rectangles
/// (in chroma samples) of `canvas` from `shade`.
pub fn paint(canvas: &mut Canvas, luma: &[Scissor], chroma: &[Scissor], shade: Shade<'_>) {
    match canvas {
        Canvas::Yuv8(c) => paint_yuv(c, luma, chroma, shade),
        Canvas::Yuv10(c) => paint_yuv(c, luma, chroma, shade),
        Canvas::Rgba(c) => paint_rgba(c, luma, shade),
    }
}

fn centre(x: u32, y: u32) -> (f32, f32) {
    (x as f32 + 0.5, y as f32 + 0.5)
}

fn paint_yuv<C: Code>(
    canvas: &mut YuvCanvas<C>,
    luma: &[Scissor],
    chroma: &[Scissor],
    shade: Shade<'_>,
) {
    let (w, h) = canvas.size;
    for r in luma {
        canvas
            .luma
            .par_chunks_exact_mut(w as usize)
            .enumerate()
            .skip(r.y as usize)
            .take(r.height as usize)
            .for_each(|(y, row)| {
                for x in r.x..r.x + r.width {
                    row[x as usize] = C::from_code(bt709_luma_code(shade(centre(x, y as u32))));
                }
            });
    }
    let (sx, sy) = canvas.sub;
    let cw = canvas.chroma_size().0 as usize;
    for r in chroma {
        canvas
            .chroma
            .par_chunks_exact_mut(2 * cw)
            .enumerate()
            .skip(r.y as usize)
            .take(r.height as usize)
            .for_each(|(cy, row)| {
                for cx in r.x..r.x + r.width {
                    let mut sum = [0.0f32; 2];
                    let mut count = 0.0;
                    for y in (cy as u32 * sy..(cy as u32 + 1) * sy).filter(|&y| y < h) {
                        for x in (cx * sx..(cx + 1) * sx).filter(|&x| x < w) {
                            let c = bt709_codes(shade(centre(x, y)));
                            sum[0] += c[1];
                            sum[1] += c[2];
                            count += 1.0;
                        }
                    }
                    row[2 * cx as usize] = C::from_code(sum[0] / count);
                    row[2 * cx as usize + 1] = C::from_code(sum[1] / count);
                }
            });
    }
}

fn paint_rgba(canvas: &mut RgbaCanvas, rects: &[Scissor], shade: Shade<'_>) {
    let w = canvas.size.0 as usize;
    for r in rects {
        canvas
            .data
            .par_chunks_exact_mut(4 * w)
            .enumerate()
            .skip(r.y as usize)
            .take(r.height as usize)
            .for_each(|(y, row)| {
                for x in r.x..r.x + r.width {
                    let rgb = shade(centre(x, y as u32));
                    let i = 4 * x as usize;
                    for c in 0..3 {
                        row[i + c] = (rgb[c] * 255.0 + 0.5).clamp(0.0, 255.0) as u8;
                    }
                }
            });
    }
}
