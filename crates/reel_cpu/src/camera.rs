//! The camera: its recording masked by its rounded rectangle, with its border and
//! shadow, over what the frame shows there, blended in linear light — the GPU
//! renderer's camera pass and `fs_overlay`.
//!
//! Each frame, the camera's picture is resampled once (bilinearly, as the GPU samples
//! it) into the whole pixels its place covers; its shadow's opacity is kept while the
//! shadow stays put. What lies under the camera is read back from what the frame drew
//! there first (the recording, its rim, the backdrop, the cursor: each pixel's Y' with
//! the chroma of the sample it shares, so the camera's edge and shadow blend with the
//! colours the frame would have shown), and every pixel of its region is worked out
//! once, then painted (a chroma sample takes the mean of its pixels, as everywhere).

use crate::blur::{LinearPicture, Sampling};
use crate::canvas::Canvas;
use crate::error::CpuError;
use crate::over::paint_over;
use crate::resample::{Resampler, SourceBox};
use crate::rim::{bordered, rounded_rect_distance};
use crate::shadow::alpha;
use crate::source::Source;
use rayon::prelude::*;
use reel_plan::{CameraLayer, LayerKey, MediaLayer, Scissor, ShadowLayer};

/// What the camera's drawing keeps between frames: its shadow's opacity over the
/// pixels of its region, while the shadow and the region stay the same, and the buffer
/// its region's colours are worked out in.
#[derive(Default)]
pub struct CameraCache {
    drawn: Option<(LayerKey, Scissor, Vec<f32>)>,
    colors: Vec<[f32; 3]>,
}

impl CameraCache {
    /// The shadow of `camera` over `bounds`, one opacity a pixel, row by row (empty when
    /// it has none).
    fn over(&mut self, camera: &CameraLayer, bounds: Scissor) -> &[f32] {
        let Some(shadow) = camera.shadow else {
            return &[];
        };
        let key = ShadowLayer(shadow).key();
        if self
            .drawn
            .as_ref()
            .is_none_or(|(k, b, _)| *k != key || *b != bounds)
        {
            let width = bounds.width as usize;
            let mut opacity = vec![0.0; width * bounds.height as usize];
            opacity
                .par_chunks_mut(width)
                .enumerate()
                .for_each(|(row, line)| {
                    let y = (bounds.y + row as u32) as f32 + 0.5;
                    for (column, a) in line.iter_mut().enumerate() {
                        let x = (bounds.x + column as u32) as f32 + 0.5;
                        *a = alpha(&shadow, (x, y));
                    }
                });
            self.drawn = Some((key, bounds, opacity));
        }
        &self.drawn.as_ref().expect("drawn above").2
    }
}

/// The whole pixels of `media`'s place that lie in `bounds`.
fn place_pixels(media: &MediaLayer, bounds: Scissor) -> Option<Scissor> {
    let c = media.placement;
    let x0 = (c.x.floor().max(bounds.x as f32)) as u32;
    let y0 = (c.y.floor().max(bounds.y as f32)) as u32;
    let x1 = ((c.x + c.width).ceil() as u32).min(bounds.right());
    let y1 = ((c.y + c.height).ceil() as u32).min(bounds.bottom());
    Scissor::span(x0, x1, y0, y1)
}

/// The camera's picture at each pixel of its place, in linear light.
struct Picture {
    pixels: Scissor,
    light: LinearPicture,
}

impl Picture {
    /// `camera`'s picture from `source`, one bilinear sample at each of the pixels of
    /// its place within `bounds`.
    fn of(
        camera: &CameraLayer,
        source: &Source<'_>,
        bounds: Scissor,
        resampler: &mut Resampler,
    ) -> Result<Option<Self>, CpuError> {
        let media = &camera.media;
        let Some(pixels) = place_pixels(media, bounds) else {
            return Ok(None);
        };
        let boxed = SourceBox::through(media, &media.views[0], &pixels);
        let size = (pixels.width, pixels.height);
        // Shown at less than half its size, each pixel averages the camera pixels it
        // covers (the GPU renderer a grid of bilinear samples over them).
        let sampling = if camera.is_averaged() {
            Sampling::Average
        } else {
            Sampling::Bilinear
        };
        let light = LinearPicture::of_box(source, boxed, size, (resampler, sampling))?;
        Ok(Some(Self { pixels, light }))
    }

    /// The picture at output pixel `(x, y)`, clamped to its edge.
    fn at(&self, x: u32, y: u32) -> [f32; 3] {
        let p = &self.pixels;
        let cx = x.clamp(p.x, p.right() - 1) - p.x;
        let cy = y.clamp(p.y, p.bottom() - 1) - p.y;
        let i = 3 * (cy as usize * p.width as usize + cx as usize);
        let d = &self.light.data;
        [d[i], d[i + 1], d[i + 2]]
    }
}

/// The camera's colour and coverage at output pixel `(x, y)` in linear light,
/// premultiplied, over a shadow of opacity `shadow`.
fn premultiplied(
    media: &MediaLayer,
    picture: Option<&Picture>,
    (x, y): (u32, u32),
    shadow: (f32, [f32; 3]),
) -> ([f32; 3], f32) {
    let (a, c) = shadow;
    let mut color = c.map(|v| v * a);
    let mut cover = a;
    let p = (x as f32 + 0.5, y as f32 + 0.5);
    let distance = rounded_rect_distance(p, media);
    let inside = (0.5 - distance).clamp(0.0, 1.0);
    if inside > 0.0
        && let Some(picture) = picture
    {
        let light = bordered(media, picture.at(x, y), distance);
        for (c, v) in color.iter_mut().zip(light) {
            *c = v * inside + *c * (1.0 - inside);
        }
        cover = inside + cover * (1.0 - inside);
    }
    (color, cover)
}

/// Draws `camera` (its picture in `source`) over the pixels of `bounds` (and the chroma
/// samples they touch) of a `size`-sized `canvas` that already shows what lies under
/// them.
pub fn draw_camera(
    canvas: &mut Canvas,
    (camera, source, bounds, size): (&CameraLayer, &Source<'_>, Scissor, (u32, u32)),
    (cache, resampler): (&mut CameraCache, &mut Resampler),
) -> Result<(), CpuError> {
    let media = &camera.media;
    let picture = Picture::of(camera, source, bounds, resampler)?;
    let shadow_color = camera
        .shadow
        .map_or([0.0; 3], |s| [s.color.red, s.color.green, s.color.blue]);
    let mut colors = std::mem::take(&mut cache.colors);
    let opacity = cache.over(camera, bounds);
    let o = camera.opacity;
    let top = |x: u32, y: u32, i: usize| {
        let a = opacity.get(i).copied().unwrap_or(0.0);
        let (color, cover) = premultiplied(media, picture.as_ref(), (x, y), (a, shadow_color));
        (color.map(|c| c * o), cover * o)
    };
    paint_over(canvas, (bounds, size), &mut colors, &top);
    cache.colors = colors;
    Ok(())
}
