//! Single frames: the scene evaluated at one time, rendered by the same compositor an
//! export uses, as an RGB image (for `export --frame TIME --png OUT.png`, previews and
//! the regression tests).

use crate::{ExportError, Scene};
use reel_cpu::CpuCompositor;
use reel_decode::{DecodeMessage, DecoderHandle, load_image, open_source};
use reel_pipeline::{ExportPlan, PipelineStats, PipelineWaker, RgbImage, SourcePictures};
use reel_render::{GpuDevice, RenderTarget, RendererChoice, render_still};
use reel_scene::{Background, Trim};
use std::sync::Arc;

/// Why a single frame could not be rendered.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StillError {
    /// The time is before the start or past the end of the (trimmed) source.
    #[error(
        "--frame: no frame at {time} s (the export's last frame starts at {last:.4} s and it ends at {duration:.4} s; expected a time from 0 to before the end)"
    )]
    OutOfRange {
        /// The time asked for.
        time: f64,
        /// When the export's last frame starts.
        last: f64,
        /// The export's duration.
        duration: f64,
    },
    /// Decoding, rendering or the GPU failed.
    #[error(transparent)]
    Export(#[from] ExportError),
}

/// Which renderer draws a still.
#[derive(Clone, Copy)]
pub enum StillRenderer<'a> {
    /// The GPU renderer on this device, or on a headless device of its own (`None`).
    Gpu(Option<&'a GpuDevice>),
    /// The CPU renderer.
    Cpu,
}

impl StillRenderer<'_> {
    /// The renderer `choice` asks for on this machine: for `auto`, the GPU renderer on a
    /// real GPU and the CPU renderer where the only adapter is a CPU rasteriser or there
    /// is none, as for exports.
    pub fn for_choice(choice: RendererChoice) -> Self {
        match choice {
            RendererChoice::Gpu => StillRenderer::Gpu(None),
            RendererChoice::Cpu => StillRenderer::Cpu,
            RendererChoice::Auto => match reel_render::auto_without_device() {
                RendererChoice::Gpu => StillRenderer::Gpu(None),
                _ => StillRenderer::Cpu,
            },
        }
    }
}

/// Renders the frame of `scene` at output time `time` (seconds) on `gpu`, or on a
/// headless device of its own when `gpu` is `None`.
pub fn render_frame(
    scene: &Scene,
    time: f64,
    gpu: Option<&GpuDevice>,
) -> Result<RgbImage, StillError> {
    render_frame_with(scene, time, StillRenderer::Gpu(gpu))
}

/// Renders the frame of `scene` at output time `time` (seconds) with `renderer`.
pub fn render_frame_with(
    scene: &Scene,
    time: f64,
    renderer: StillRenderer<'_>,
) -> Result<RgbImage, StillError> {
    let decode_error =
        |path: &std::path::Path, error: reel_decode::DecodeError| ExportError::Decode {
            path: path.to_owned(),
            source: Box::new(error),
        };
    let source_path = &scene.source.path;
    let reader = open_source(scene)?;
    let plan = ExportPlan::new(Arc::new(scene.clone()), reader.info().clone());
    let rate = plan.frame_rate;
    if let Some(frames) = plan.expected_frames {
        let duration = rate.frame_time(frames);
        if !(time >= 0.0 && time < duration) {
            let last = rate.frame_time(frames.saturating_sub(1));
            return Err(StillError::OutOfRange {
                time,
                last,
                duration,
            });
        }
    }
    let image = match &scene.background {
        Background::Image { path, .. } => {
            Some(load_image(path).map_err(|e| decode_error(path, e))?.frame)
        }
        _ => None,
    };
    // The decoder maps pictures onto frames exactly as in an export: trimming to the one
    // frame at `time` yields the picture on screen then.
    let start = scene.source.trim.start + time;
    let trim = Trim {
        start,
        end: Some(start + 1.0 / rate.as_f64()),
    };
    let decoder = DecoderHandle::start(
        reader,
        rate,
        trim,
        1,
        PipelineWaker::default(),
        PipelineStats::default(),
    );
    // The first message is the frame, or says why there is none.
    let picture = match decoder.recv() {
        Some(DecodeMessage::Frame(frame)) => frame.picture,
        Some(DecodeMessage::Failed(error)) => {
            return Err(decode_error(source_path, error).into());
        }
        Some(DecodeMessage::End(_)) | None => {
            let frames = plan.expected_frames.unwrap_or(0);
            return Err(StillError::OutOfRange {
                time,
                last: rate.frame_time(frames.saturating_sub(1)),
                duration: rate.frame_time(frames),
            });
        }
    };
    drop(decoder);
    let frame = plan.frame_plan(time, picture.size());
    let pictures = SourcePictures::single(picture);
    let gpu = match renderer {
        StillRenderer::Gpu(gpu) => gpu,
        StillRenderer::Cpu => {
            let mut compositor =
                CpuCompositor::new(plan.output_size, reel_scene::FramePixels::Rgba, image);
            let rgba = compositor
                .render(&pictures, &frame)
                .map_err(|e| ExportError::Render(Box::new(e)))?;
            return Ok(rgb_of(&rgba));
        }
    };
    let own_gpu;
    let gpu = match gpu {
        Some(gpu) => gpu,
        None => {
            own_gpu = GpuDevice::create_headless().map_err(|e| ExportError::Render(Box::new(e)))?;
            &own_gpu
        }
    };
    let target = RenderTarget {
        output: plan.output_size,
        image,
        pixels: scene.output.frame_pixels(),
    };
    Ok(render_still(gpu, &target, &pictures, &frame)
        .map_err(|e| ExportError::Render(Box::new(e)))?)
}

/// The R'G'B' of an R'G'B'A frame.
fn rgb_of(frame: &ffmpeg_next::frame::Video) -> RgbImage {
    let (width, height) = (frame.width(), frame.height());
    let stride = frame.stride(0);
    let mut data = Vec::with_capacity(width as usize * height as usize * 3);
    for y in 0..height as usize {
        let row = &frame.data(0)[y * stride..y * stride + 4 * width as usize];
        for texel in row.chunks_exact(4) {
            data.extend_from_slice(&texel[..3]);
        }
    }
    RgbImage {
        width,
        height,
        data,
    }
}
