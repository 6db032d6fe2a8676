//! The camera: its recording masked by its rounded rectangle, with its border and
//! shadow, over what the frame shows there, blended in linear light — the GPU
//! renderer's camera pass and `fs_overlay`.

use crate::canvas::Canvas;
use crate::color::{to_encoded, to_linear};
use crate::cursor::chroma_blocks;
use crate::paint::paint;
use crate::rim::Recording;
use crate::shadow::alpha;
use reel_plan::{CameraLayer, Scissor};

/// The camera and its shadow at `p` in linear light, premultiplied by their coverage:
/// `(colour, coverage)`.
fn premultiplied(
    camera: &CameraLayer,
    recording: &Recording<'_>,
    p: (f32, f32),
) -> ([f32; 3], f32) {
    let (mut color, mut cover) = ([0.0; 3], 0.0);
    if let Some(shadow) = &camera.shadow {
        let a = alpha(shadow, p);
        let c = &shadow.color;
        color = [c.red * a, c.green * a, c.blue * a];
        cover = a;
    }
    if let Some((picture, inside)) = recording.covered(p) {
        for (c, v) in color.iter_mut().zip(picture) {
            *c = v * inside + *c * (1.0 - inside);
        }
        cover = inside + cover * (1.0 - inside);
    }
    (color, cover)
}

/// R'G'B' of the camera over `under` (R'G'B') at output position `p`.
pub fn over(
    camera: &CameraLayer,
    recording: &Recording<'_>,
    p: (f32, f32),
    under: [f32; 3],
) -> [f32; 3] {
    let (color, cover) = premultiplied(camera, recording, p);
    if cover <= 0.0 {
        return under;
    }
    let o = camera.opacity;
    let below = to_linear(under);
    to_encoded(std::array::from_fn(|c| {
        below[c] * (1.0 - cover * o) + color[c] * o
    }))
}

/// Draws `camera` (its picture read through `recording`) over the pixels of `bounds`
/// (and the chroma samples they touch) of a `size`-sized `canvas`, with `under` saying
/// what the frame shows at each position.
pub fn draw_camera(
    canvas: &mut Canvas,
    (camera, recording, bounds, size): (&CameraLayer, &Recording<'_>, Scissor, (u32, u32)),
    under: &(dyn Fn((f32, f32)) -> [f32; 3] + Sync),
) {
    let chroma = match canvas {
        Canvas::Rgba(_) => Vec::new(),
        _ => vec![chroma_blocks(&bounds, canvas.sub(), size)],
    };
    let shade = |p: (f32, f32)| over(camera, recording, p, under(p));
    paint(canvas, &[bounds], &chroma, &shade);
}
