//! Painting something over what the frame already shows: the camera's and the
//! overlay's regions. What lies under is read back from the canvas (each pixel's Y'
//! with the chroma of the sample it shares), every pixel of the region is blended once
//! in linear light, then painted (a chroma sample takes the mean of its pixels, as
//! everywhere).

use crate::canvas::Canvas;
use crate::color::{to_encoded, to_linear};
use crate::cursor::chroma_blocks;
use crate::paint::paint;
use rayon::prelude::*;
use reel_plan::Scissor;

/// What lies over output pixel `(x, y)`, the `i`th of the region: its colour in linear
/// light premultiplied by its opacity, and that opacity.
pub(crate) type Top<'a> = &'a (dyn Fn(u32, u32, usize) -> ([f32; 3], f32) + Sync);

/// Paints `bounds` (whole chroma samples) of a `size`-sized `canvas` with `top` over
/// what the canvas shows there, working the colours out in `colors` (kept by the
/// caller between frames).
pub(crate) fn paint_over(
    canvas: &mut Canvas,
    (bounds, size): (Scissor, (u32, u32)),
    colors: &mut Vec<[f32; 3]>,
    top: Top<'_>,
) {
    let width = bounds.width as usize;
    colors.resize(width * bounds.height as usize, [0.0; 3]);
    let drawn: &Canvas = canvas;
    colors
        .par_chunks_mut(width)
        .enumerate()
        .for_each(|(row, line)| {
            let y = bounds.y + row as u32;
            for (column, out) in line.iter_mut().enumerate() {
                let x = bounds.x + column as u32;
                let (color, cover) = top(x, y, row * width + column);
                *out = if cover >= 1.0 {
                    to_encoded(color)
                } else if cover <= 0.0 {
                    drawn.encoded_at(x, y)
                } else {
                    let below = to_linear(drawn.encoded_at(x, y));
                    let keep = 1.0 - cover;
                    to_encoded([
                        below[0] * keep + color[0],
                        below[1] * keep + color[1],
                        below[2] * keep + color[2],
                    ])
                };
            }
        });
    let chroma = match canvas {
        Canvas::Rgba(_) => Vec::new(),
        _ => vec![chroma_blocks(&bounds, canvas.sub(), size)],
    };
    // The region is whole chroma samples: every pixel a sample takes is in it.
    let shade = |p: (f32, f32)| {
        let (x, y) = (p.0 as u32, p.1 as u32);
        colors[(y - bounds.y) as usize * width + (x - bounds.x) as usize]
    };
    paint(canvas, &[bounds], &chroma, &shade);
}
