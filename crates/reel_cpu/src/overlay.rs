//! The overlay (captions): its picture pasted at whole pixels over everything the frame
//! shows there, the camera included, blended in linear light — the GPU renderer's
//! `with_overlay` in `fs_overlay`.

use crate::canvas::Canvas;
use crate::color::to_linear;
use crate::over::paint_over;
use reel_plan::{OverlayLayer, Scissor};

/// Draws `overlay` over the pixels of `bounds` (whole chroma samples) of a
/// `size`-sized `canvas` that already shows what lies under them; `colors` is the
/// buffer the region's colours are worked out in, kept between frames.
pub fn draw_overlay(
    canvas: &mut Canvas,
    (overlay, bounds, size): (&OverlayLayer, Scissor, (u32, u32)),
    colors: &mut Vec<[f32; 3]>,
) {
    let top = |x: u32, y: u32, _: usize| {
        let [r, g, b, a] = overlay.pixel(x, y);
        if a == 0 {
            return ([0.0; 3], 0.0);
        }
        let alpha = f32::from(a) / 255.0 * overlay.opacity;
        let code = |c: u8| f32::from(c) / 255.0;
        let light = to_linear([code(r), code(g), code(b)]);
        (
            [light[0] * alpha, light[1] * alpha, light[2] * alpha],
            alpha,
        )
    };
    paint_over(canvas, (bounds, size), colors, &top);
}
