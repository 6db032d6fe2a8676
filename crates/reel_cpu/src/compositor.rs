//! One render worker's CPU renderer: what it keeps between frames and the order it
//! draws a frame plan in.

use crate::backdrop::{
    Backdrop, Fill, Layer as BackdropLayer, ShadowGrid, cover_map, cover_scale, is_static,
};
use crate::blur::LinearPicture;
use crate::camera::{CameraCache, draw_camera};
use crate::canvas::Canvas;
use crate::cursor::draw_cursor;
use crate::error::CpuError;
use crate::media::blocks_within;
use crate::overlay::draw_overlay;
use crate::paint::paint;
use crate::redact::Redactions;
use crate::resample::Resampler;
use crate::rim::Recording;
use crate::source::Source;
use crate::spotlight::draw_spotlight;
use ffmpeg_next::frame::Video;
use reel_pipeline::SourcePictures;
use reel_plan::{FramePlan, Layer, LayerKey, MediaLayer, Regions, Scissor, backdrop_size};
use reel_scene::{BackgroundLook, FramePixels, PixelRect};
use std::sync::Arc;

/// Draws frame plans on the CPU into frames of the encoder's pixel format. Each render
/// worker owns one; it keeps what does not change between frames (the background and
/// shadow while their layers' keys stay the same, the scene's image once blurred).
pub struct CpuCompositor {
    output: (u32, u32),
    pixels: FramePixels,
    image: Option<Arc<Video>>,
    /// The scene's image in linear light, blurred as the background shows it.
    image_picture: Option<LinearPicture>,
    canvas: Canvas,
    resampler: Resampler,
    layers: LayerCache,
    /// The whole background drawn once, for the keys it was drawn for.
    background: Option<(Vec<LayerKey>, Canvas)>,
    /// What the camera's drawing keeps between frames.
    camera: CameraCache,
    /// The buffer the overlay's colours are worked out in.
    overlay_colors: Vec<[f32; 3]>,
}

impl std::fmt::Debug for CpuCompositor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CpuCompositor")
            .field("output", &self.output)
            .field("pixels", &self.pixels)
            .finish_non_exhaustive()
    }
}

/// The whole pixels the recording's rectangle touches, if any lie in the frame.
fn outline(placement: &PixelRect, output: (u32, u32)) -> Option<Scissor> {
    let x = |v: f32| v.clamp(0.0, output.0 as f32) as u32;
    let y = |v: f32| v.clamp(0.0, output.1 as f32) as u32;
    let (x0, x1) = (
        x(placement.x.floor()),
        x((placement.x + placement.width).ceil()),
    );
    let (y0, y1) = (
        y(placement.y.floor()),
        y((placement.y + placement.height).ceil()),
    );
    (x1 > x0 && y1 > y0).then_some(Scissor {
        x: x0,
        y: y0,
        width: x1 - x0,
        height: y1 - y0,
    })
}

/// The keys of the layers behind the recording: the background and the shadow.
fn backdrop_keys(plan: &FramePlan) -> Vec<LayerKey> {
    plan.layers
        .iter()
        .filter(|layer| matches!(layer, Layer::Background(_) | Layer::Shadow(_)))
        .map(Layer::key)
        .collect()
}

/// The chroma samples not wholly inside the recording (its `inside` pixels), which the
/// backdrop draws.
fn chroma_around(inside: &[Scissor], sub: (u32, u32), output: (u32, u32)) -> Vec<Scissor> {
    let whole: Vec<Scissor> = inside
        .iter()
        .filter_map(|r| blocks_within(r, sub))
        .collect();
    let chroma = Scissor {
        x: 0,
        y: 0,
        width: output.0.div_ceil(sub.0),
        height: output.1.div_ceil(sub.1),
    };
    chroma.subtract(&whole)
}

/// The smaller backdrop layer and the shadow's opacity under it, with what they were
/// drawn for.
#[derive(Default)]
struct LayerCache {
    grid: ShadowGrid,
    layer: BackdropLayer,
    /// The background and shadow keys the layer was drawn for, while they stay put.
    drawn: Option<Vec<LayerKey>>,
}

impl LayerCache {
    /// Draws the layer for `plan` (from `fill`; `keys` are its backdrop layers' keys)
    /// unless it is still what was drawn; whether the plan has one at all.
    fn update(
        &mut self,
        plan: &FramePlan,
        (fill, keys): (&Fill<'_>, &[LayerKey]),
        resampler: &mut Resampler,
    ) -> Result<bool, CpuError> {
        let scale = plan.backdrop_scale();
        if scale <= 1 {
            return Ok(false);
        }
        let size = backdrop_size(plan.output, scale);
        if let Some(s) = plan.shadow() {
            self.grid.update(s.key(), &s.0, size, scale);
        }
        let still = is_static(plan) && self.drawn.as_deref() == Some(keys);
        if !still {
            let shadow = plan.shadow().map(|s| (&s.0, &self.grid));
            self.layer.draw(fill, shadow, (size, scale), resampler)?;
            self.drawn = is_static(plan).then(|| keys.to_vec());
        }
        Ok(true)
    }
}

/// The chroma samples that mix the recording with what lies around it: those its
/// outline touches, less those wholly inside.
fn chroma_ring(
    outline: &Scissor,
    inside: &[Scissor],
    sub: (u32, u32),
    size: (u32, u32),
) -> Vec<Scissor> {
    let (cw, ch) = (size.0.div_ceil(sub.0), size.1.div_ceil(sub.1));
    let x0 = outline.x / sub.0;
    let y0 = outline.y / sub.1;
    let x1 = (outline.x + outline.width).div_ceil(sub.0).min(cw);
    let y1 = (outline.y + outline.height).div_ceil(sub.1).min(ch);
    let touched = Scissor {
        x: x0,
        y: y0,
        width: x1 - x0,
        height: y1 - y0,
    };
    let whole: Vec<Scissor> = inside
        .iter()
        .filter_map(|r| blocks_within(r, sub))
        .collect();
    touched.subtract(&whole)
}

impl CpuCompositor {
    /// A renderer of `output`-sized frames of `pixels`; `image` is the scene's
    /// background picture (R'G'B'A), when it has one.
    pub fn new(output: (u32, u32), pixels: FramePixels, image: Option<Arc<Video>>) -> Self {
        Self {
            output,
            pixels,
            image,
            image_picture: None,
            canvas: Canvas::new(output, pixels),
            resampler: Resampler::default(),
            layers: LayerCache::default(),
            background: None,
            camera: CameraCache::default(),
            overlay_colors: Vec::new(),
        }
    }

    /// The pixel format of the frames it draws.
    pub fn pixels(&self) -> FramePixels {
        self.pixels
    }

    /// Draws `plan` from `pictures` into a new frame.
    pub fn render(
        &mut self,
        pictures: &SourcePictures,
        plan: &FramePlan,
    ) -> Result<Video, CpuError> {
        let media = plan.screen();
        let picture = pictures
            .get(media.source)
            .ok_or(CpuError::MissingPicture(media.source.0))?;
        let source = Source::new(picture, media.orientation)?;
        let (blurred, redactions) = self.blurs(&source, plan)?;
        self.prepare_image(plan)?;
        let output = self.output;
        let picture = match &plan.background().look {
            BackgroundLook::Image { .. } => self
                .image_picture
                .as_ref()
                .map(|p| (p, cover_map((p.width as f32, p.height as f32), output))),
            BackgroundLook::Blurred { .. } => blurred
                .as_ref()
                .map(|p| (p, cover_map((media.crop.width, media.crop.height), output))),
            _ => None,
        };
        let fill = Fill::new(&plan.background().look, picture);
        let keys = backdrop_keys(plan);
        let drawn = self
            .layers
            .update(plan, (&fill, &keys), &mut self.resampler)?;
        let backdrop = Backdrop {
            fill,
            shadow: plan.shadow().map(|s| &s.0),
            layer: drawn.then_some(&self.layers.layer),
        };
        let frame = Scissor {
            x: 0,
            y: 0,
            width: output.0,
            height: output.1,
        };
        let outline = outline(&media.placement, output);
        let regions = Regions::new(plan);
        // The recording's inside under the camera too: the camera reads it back.
        let inside: Vec<Scissor> = regions
            .inside
            .iter()
            .chain(&regions.under_overlays)
            .copied()
            .collect();
        let around = frame.subtract(outline.as_slice());
        let sub = self.canvas.sub();
        let chroma_around = match self.canvas {
            Canvas::Rgba(_) => Vec::new(),
            _ => chroma_around(&inside, sub, output),
        };
        draw_background(
            (&mut self.canvas, &mut self.background, &mut self.resampler),
            (plan, &backdrop, &keys),
            (&around, &chroma_around),
        )?;
        let recording = Recording {
            media,
            source: &source,
            redactions: redactions.as_ref(),
        };
        if let Some(outline) = outline {
            recording.draw_inside(&mut self.canvas, &inside, &mut self.resampler)?;
            let ring = match self.canvas {
                Canvas::Rgba(_) => Vec::new(),
                _ => chroma_ring(&outline, &inside, sub, output),
            };
            let edge = |p| recording.edge(p, &backdrop);
            paint(&mut self.canvas, &regions.rim, &ring, &edge);
        }
        if let (Some(cursor), Some(bounds)) = (plan.cursor(), regions.cursor) {
            let under = |p| recording.edge(p, &backdrop);
            draw_cursor(&mut self.canvas, (cursor, bounds, output), &under);
        }
        if let Some(spot) = plan.spotlight() {
            draw_spotlight(&mut self.canvas, spot);
        }
        if let (Some(camera), Some(bounds)) = (plan.camera(), regions.camera) {
            let media = &camera.media;
            let picture = pictures
                .get(media.source)
                .ok_or(CpuError::MissingPicture(media.source.0))?;
            let source = Source::new(picture, media.orientation)?;
            let caches = (&mut self.camera, &mut self.resampler);
            draw_camera(&mut self.canvas, (camera, &source, bounds, output), caches)?;
        }
        if let (Some(overlay), Some(bounds)) = (plan.overlay(), regions.overlay) {
            let colors = &mut self.overlay_colors;
            draw_overlay(&mut self.canvas, (overlay, bounds, output), colors);
        }
        Ok(self.canvas.to_frame(self.pixels))
    }

    /// The recording's crop in linear light, blurred for the background and for the
    /// blurred regions, as `plan` needs them (the GPU renderer's conversion sizes).
    fn blurs(
        &mut self,
        source: &Source<'_>,
        plan: &FramePlan,
    ) -> Result<(Option<LinearPicture>, Option<Redactions>), CpuError> {
        let media: &MediaLayer = plan.screen();
        let crop = media.crop;
        let backdrop_sigma = match plan.background().look {
            BackgroundLook::Blurred { radius, .. } => {
                Some(radius / cover_scale((crop.width, crop.height), self.output))
            }
            _ => None,
        };
        let redacts = !media.redactions.is_empty();
        if backdrop_sigma.is_none() && !redacts {
            return Ok((None, None));
        }
        // At a quarter of the size when the only blur is the background's and it is
        // wide enough to halve again.
        let quarter = !redacts && backdrop_sigma.is_some_and(|s| s / 2.0 > 4.0);
        let factor = if quarter { 4.0 } else { 2.0 };
        let size = (
            ((crop.width / factor).round() as u32).max(1),
            ((crop.height / factor).round() as u32).max(1),
        );
        let converted = LinearPicture::of_crop(source, &crop, size, &mut self.resampler)?;
        let blurred = match backdrop_sigma {
            Some(sigma) => Some(converted.blurred(sigma / factor, &mut self.resampler)?),
            None => None,
        };
        let redactions = if redacts {
            Some(Redactions::new(
                &converted,
                (crop, factor),
                &media.redactions,
                &mut self.resampler,
            )?)
        } else {
            None
        };
        Ok((blurred, redactions))
    }

    /// Converts (and blurs) the scene's image the first time a plan shows it.
    fn prepare_image(&mut self, plan: &FramePlan) -> Result<(), CpuError> {
        let BackgroundLook::Image { blur } = plan.background().look else {
            return Ok(());
        };
        if self.image_picture.is_some() {
            return Ok(());
        }
        let Some(frame) = &self.image else {
            return Ok(());
        };
        let size = (frame.width(), frame.height());
        let mut picture = LinearPicture::from_rgba(frame.data(0), frame.stride(0), size);
        if blur > 0.0 {
            let sigma = blur / cover_scale((size.0 as f32, size.1 as f32), self.output);
            picture = picture.blurred(sigma, &mut self.resampler)?;
        }
        self.image_picture = Some(picture);
        Ok(())
    }
}

/// Draws the pixels `around` the recording and the chroma samples `chroma` from the
/// backdrop: copied from the background drawn once while it stays the same, else
/// resampled from the smaller layer, else drawn pixel by pixel.
fn draw_background(
    (canvas, kept, resampler): (
        &mut Canvas,
        &mut Option<(Vec<LayerKey>, Canvas)>,
        &mut Resampler,
    ),
    (plan, backdrop, keys): (&FramePlan, &Backdrop<'_>, &[LayerKey]),
    (around, chroma_around): (&[Scissor], &[Scissor]),
) -> Result<(), CpuError> {
    let size = plan.output;
    let whole = |sub: (u32, u32)| Scissor {
        x: 0,
        y: 0,
        width: size.0.div_ceil(sub.0),
        height: size.1.div_ceil(sub.1),
    };
    let shade = |p| backdrop.encoded_at(p);
    if is_static(plan) {
        if kept.as_ref().is_none_or(|(k, _)| k != keys) {
            let mut drawn = canvas.clone();
            let frame = whole((1, 1));
            let chroma = match drawn {
                Canvas::Rgba(_) => Vec::new(),
                _ => vec![whole(drawn.sub())],
            };
            paint(&mut drawn, &[frame], &chroma, &shade);
            *kept = Some((keys.to_vec(), drawn));
        }
        let (_, drawn) = kept.as_ref().expect("drawn above");
        match (canvas, drawn) {
            (Canvas::Yuv8(c), Canvas::Yuv8(d)) => c.copy_from(d, (around, chroma_around)),
            (Canvas::Yuv10(c), Canvas::Yuv10(d)) => c.copy_from(d, (around, chroma_around)),
            (Canvas::Rgba(c), Canvas::Rgba(d)) => c.copy_from(d, around),
            _ => unreachable!("the kept background is drawn from the canvas"),
        }
        return Ok(());
    }
    if let Some(layer) = backdrop.layer {
        return layer.fill(canvas, (around, chroma_around), resampler);
    }
    paint(canvas, around, chroma_around, &shade);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ffmpeg_next::format::Pixel;
    use reel_pipeline::{ColorInfo, SourcePicture};
    use reel_plan::{SourceFacts, SourceId};
    use reel_scene::{Rect, Scene};

    /// A `size` 4:2:0 picture: Y' rises across, Cb down, Cr is flat.
    fn picture(size: (u32, u32)) -> SourcePicture {
        let mut frame = Video::new(Pixel::YUV420P, size.0, size.1);
        for plane in 0..3 {
            let stride = frame.stride(plane);
            let (w, h) = (
                frame.plane_width(plane) as usize,
                frame.plane_height(plane) as usize,
            );
            let data = frame.data_mut(plane);
            for y in 0..h {
                for x in 0..w {
                    data[y * stride + x] = match plane {
                        0 => 16 + (x % 200) as u8,
                        1 => 60 + (y % 100) as u8,
                        _ => 140,
                    };
                }
            }
        }
        SourcePicture {
            source: SourceId::SCREEN,
            frame: Arc::new(frame),
            color: ColorInfo::BT709,
            source_index: 0,
        }
    }

    fn plan(fields: &str, size: (u32, u32)) -> FramePlan {
        let text = format!(
            "(source: (path: \"a.mp4\"), output: (path: \"b.mp4\", size: ({}, {})){fields})",
            size.0, size.1
        );
        let scene = Scene::from_ron(&text, "s.ron".as_ref()).unwrap();
        let crop = Rect {
            x: 0.0,
            y: 0.0,
            width: size.0 as f32,
            height: size.1 as f32,
        };
        FramePlan::build(&scene, 0.0, &SourceFacts::screen(size, crop), size, 30.0)
    }

    #[test]
    fn a_recording_shown_at_its_own_size_keeps_every_sample() {
        let size = (64, 32);
        let source = picture(size);
        let mut compositor = CpuCompositor::new(size, FramePixels::Nv12, None);
        let pictures = SourcePictures::single(source.clone());
        let frame = compositor.render(&pictures, &plan("", size)).unwrap();
        assert_eq!(frame.format(), Pixel::NV12);
        for y in 0..32 {
            let got = &frame.data(0)[y * frame.stride(0)..][..64];
            let want = &source.frame.data(0)[y * source.frame.stride(0)..][..64];
            assert_eq!(got, want, "row {y}");
        }
        for y in 0..16 {
            let pairs = &frame.data(1)[y * frame.stride(1)..][..64];
            for x in 0..32 {
                let cb = source.frame.data(1)[y * source.frame.stride(1) + x];
                assert_eq!(
                    [pairs[2 * x], pairs[2 * x + 1]],
                    [cb, 140],
                    "chroma ({x}, {y})"
                );
            }
        }
    }

    #[test]
    fn around_ring_and_inside_tile_the_chroma_plane() {
        let size = (200, 120);
        let plan = plan(
            ", background: Color(\"#336699\"), inset: (padding: 0.11, corner_radius: 9)",
            size,
        );
        let regions = Regions::new(&plan);
        let outline = outline(&plan.screen().placement, size).unwrap();
        let sub = (2, 2);
        let inside: Vec<Scissor> = regions
            .inside
            .iter()
            .filter_map(|r| blocks_within(r, sub))
            .collect();
        let around = chroma_around(&regions.inside, sub, size);
        let ring = chroma_ring(&outline, &regions.inside, sub, size);
        let mut seen = vec![0u8; 100 * 60];
        for r in inside.iter().chain(&around) {
            for y in r.y..r.y + r.height {
                for x in r.x..r.x + r.width {
                    seen[(y * 100 + x) as usize] += 1;
                }
            }
        }
        // Inside and around are the whole plane, once each; the ring lies around.
        assert!(seen.iter().all(|&n| n == 1));
        for r in &ring {
            assert!(inside.iter().all(|i| {
                r.x + r.width <= i.x
                    || i.x + i.width <= r.x
                    || r.y + r.height <= i.y
                    || i.y + i.height <= r.y
            }));
        }
        assert!(!ring.is_empty());
    }
}
