//! The cursor: its picture pasted at whole pixels over what the frame shows there,
//! blended in linear light — the GPU renderer's `fs_overlay`.

use crate::canvas::Canvas;
use crate::color::{mix, srgb_to_linear, to_encoded, to_linear};
use crate::paint::paint;
use reel_plan::{CursorLayer, Scissor};

/// The chroma samples (of `sub`-sampled planes, `size`-sized frame) the cursor's
/// `bounds` touch.
pub(crate) fn chroma_blocks(bounds: &Scissor, sub: (u32, u32), size: (u32, u32)) -> Scissor {
    let (cw, ch) = (size.0.div_ceil(sub.0), size.1.div_ceil(sub.1));
    let x0 = bounds.x / sub.0;
    let y0 = bounds.y / sub.1;
    let x1 = (bounds.x + bounds.width).div_ceil(sub.0).min(cw);
    let y1 = (bounds.y + bounds.height).div_ceil(sub.1).min(ch);
    Scissor {
        x: x0,
        y: y0,
        width: x1 - x0,
        height: y1 - y0,
    }
}

/// R'G'B' of the cursor over `under` (R'G'B') at output position `p`.
fn over(cursor: &CursorLayer, p: (f32, f32), under: [f32; 3]) -> [f32; 3] {
    let [r, g, b, a] = cursor.pixel(p.0 as u32, p.1 as u32);
    if a == 0 {
        return under;
    }
    let alpha = f32::from(a) / 255.0 * cursor.opacity;
    let light = [r, g, b].map(|c| srgb_to_linear(f32::from(c) / 255.0));
    to_encoded(mix(to_linear(under), light, alpha))
}

/// Draws `cursor` over the pixels of `bounds` (and the chroma samples they touch) of a
/// `size`-sized `canvas`, with `under` saying what the frame shows at each position.
pub fn draw_cursor(
    canvas: &mut Canvas,
    (cursor, bounds, size): (&CursorLayer, Scissor, (u32, u32)),
    under: &(dyn Fn((f32, f32)) -> [f32; 3] + Sync),
) {
    let chroma = match canvas {
        Canvas::Rgba(_) => Vec::new(),
        _ => vec![chroma_blocks(&bounds, canvas.sub(), size)],
    };
    let shade = |p: (f32, f32)| over(cursor, p, under(p));
    paint(canvas, &[bounds], &chroma, &shade);
}
