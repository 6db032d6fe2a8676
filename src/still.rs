//! Single frames: the scene evaluated at one time, rendered by the same compositor an
//! export uses, as an RGB image (for `export --frame TIME --png OUT.png`, previews and
//! the regression tests).

use crate::{ExportError, Scene};
use reel_cpu::CpuCompositor;
use reel_decode::{
    CameraJob, CameraStream, DecodeJob, DecodeMessage, DecoderHandle, OpenedExport, SourceReader,
    load_image, open_export, probe_source,
};
use reel_pipeline::{ExportPlan, PipelineStats, PipelineWaker, RgbImage, SourcePictures};
use reel_render::{GpuDevice, RenderTarget, RendererChoice, render_still};
use reel_scene::{Background, PlacedClip, Timeline};
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
    let OpenedExport {
        plan,
        screen: reader,
        camera,
    } = open_export(&Arc::new(scene.clone()))?;
    let rate = plan.frame_rate;
    let out_of_range = || {
        let frames = plan.expected_frames.unwrap_or(0);
        StillError::OutOfRange {
            time,
            last: rate.frame_time(frames.saturating_sub(1)),
            duration: rate.frame_time(frames),
        }
    };
    if let Some(frames) = plan.expected_frames
        && !(time >= 0.0 && time < rate.frame_time(frames))
    {
        return Err(out_of_range());
    }
    let image = match &scene.background {
        Background::Image { path, .. } => {
            Some(load_image(path).map_err(|e| decode_error(path, e))?.frame)
        }
        _ => None,
    };
    // The frame whose time is `time` or the last before it decides the clips shown.
    let frame = (time * rate.as_f64() + 1e-6).floor() as u64;
    let Some(shown) = plan.timeline.at_frame(frame, rate) else {
        return Err(out_of_range());
    };
    // A transition draws two stills: one headless device serves both.
    let own_gpu;
    let renderer = match renderer {
        StillRenderer::Gpu(None) if shown.incoming.is_some() => {
            own_gpu = GpuDevice::create_headless().map_err(|e| ExportError::Render(Box::new(e)))?;
            StillRenderer::Gpu(Some(&own_gpu))
        }
        other => other,
    };
    let mut reader = Some(reader);
    let Some(picture) = still_picture(&plan, shown.clip, time, &mut reader)? else {
        return Err(out_of_range());
    };
    let camera = match camera {
        Some(reader) => camera_picture(&plan, reader, frame)?,
        None => None,
    };
    let draw = |clip: usize, picture: reel_pipeline::SourcePicture| {
        let pictures = SourcePictures(std::iter::once(picture).chain(camera.clone()).collect());
        let frame = plan
            .frame_plan(time, clip, &pictures)
            .expect("the pictures have the screen's");
        draw_still(&plan, renderer, image.clone(), &pictures, &frame)
    };
    let mut still = draw(shown.clip, picture)?;
    if let Some(incoming) = shown.incoming {
        let (outgoing, weight) = incoming.weights();
        let other = match still_picture(&plan, incoming.clip, time, &mut reader)? {
            Some(picture) if weight > 0.0 => Some(draw(incoming.clip, picture)?),
            _ => None,
        };
        match (other, outgoing > 0.0) {
            (Some(other), true) => mix_stills(&mut still, Some(&other), outgoing),
            (Some(other), false) => {
                still = other;
                mix_stills(&mut still, None, weight);
            }
            (None, _) => mix_stills(&mut still, None, outgoing),
        }
    }
    Ok(still)
}

fn decode_error(path: &std::path::Path, error: reel_decode::DecodeError) -> ExportError {
    ExportError::Decode {
        path: path.to_owned(),
        source: Box::new(error),
    }
}

/// The picture clip `k` of `plan` shows at output second `time`, decoded exactly as an
/// export would: the clip cut to the one frame starting at that time. `screen` is the
/// scene's source, already open, used once.
fn still_picture(
    plan: &ExportPlan,
    k: usize,
    time: f64,
    screen: &mut Option<SourceReader>,
) -> Result<Option<reel_pipeline::SourcePicture>, ExportError> {
    let clip = &plan.timeline.clips[k];
    let start = clip.source_time(time);
    let one_frame = PlacedClip {
        start,
        end: Some(start + clip.speed / plan.frame_rate.as_f64()),
        output_start: 0.0,
        transition: None,
        ..clip.clone()
    };
    let reader = match screen.take() {
        Some(reader) if clip.is_scene_source => reader,
        _ => probe_source(&clip.source).map_err(|e| decode_error(&clip.source, e))?,
    };
    let timeline = Timeline {
        clips: vec![one_frame],
        edited: false,
    };
    let decoder = DecoderHandle::start(
        (reader, None),
        DecodeJob::new(timeline, plan.frame_rate, 1),
        PipelineWaker::default(),
        PipelineStats::default(),
    );
    // The first message is the frame, or says why there is none.
    match decoder.recv() {
        Some(DecodeMessage::Frame(frame)) => Ok(Some(frame.picture)),
        Some(DecodeMessage::Failed { path, error }) => Err(decode_error(&path, error)),
        Some(DecodeMessage::End(_)) | None => Ok(None),
    }
}

/// The camera picture output frame `frame` of `plan` shows, decoded from `reader` as an
/// export would match it.
fn camera_picture(
    plan: &ExportPlan,
    reader: SourceReader,
    frame: u64,
) -> Result<Option<reel_pipeline::SourcePicture>, ExportError> {
    let job = CameraJob {
        timeline: plan.timeline.clone(),
        rate: plan.frame_rate,
        window: plan.window,
        offset: plan.scene.camera.as_ref().map_or(0.0, |c| c.offset),
        prefetch: 1,
    };
    let Some(time) = job.camera_time(frame) else {
        return Ok(None);
    };
    let path = reader.info().path.clone();
    CameraStream::new(reader)
        .picture_at(time)
        .map_err(|error| decode_error(&path, error))
}

/// Draws one clip's still with `renderer`.
fn draw_still(
    plan: &ExportPlan,
    renderer: StillRenderer<'_>,
    image: Option<Arc<ffmpeg_next::frame::Video>>,
    pictures: &SourcePictures,
    frame: &reel_plan::FramePlan,
) -> Result<RgbImage, StillError> {
    let gpu = match renderer {
        StillRenderer::Gpu(gpu) => gpu,
        StillRenderer::Cpu => {
            let mut compositor =
                CpuCompositor::new(plan.output_size, reel_scene::FramePixels::Rgba, image);
            let rgba = compositor
                .render(pictures, frame)
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
        pixels: plan.scene.output.frame_pixels(),
    };
    Ok(
        render_still(gpu, &target, pictures, frame)
            .map_err(|e| ExportError::Render(Box::new(e)))?,
    )
}

/// Mixes `other` (or black) into `still`, which keeps `weight` of itself, as an
/// export's transition frames are mixed.
fn mix_stills(still: &mut RgbImage, other: Option<&RgbImage>, weight: f32) {
    for (i, sample) in still.data.iter_mut().enumerate() {
        let b = other.map_or(0.0, |o| f32::from(o.data[i]));
        *sample = (f32::from(*sample) * weight + b * (1.0 - weight) + 0.5) as u8;
    }
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
