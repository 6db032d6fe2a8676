//! Reel's render stage: frames are composited by render sub-apps, each driven on its own
//! thread, with the GPU renderer (this crate's passes) or the CPU renderer (`reel_cpu`).
//!
//! [`FrameRenderPlugin`] works in four steps:
//! 1. When an export is planned, [`start_render_workers`] chooses the renderer
//!    ([`RendererChoice`]; [`choose`]): for the GPU one it takes the host app's
//!    `bevy_render` device if it has one (or makes a headless one). It starts
//!    [`PipelineSettings::workers`] render workers, each owning a [`SubApp`](bevy_app::SubApp)
//!    built by [`build_render_sub_app`].
//! 2. [`dispatch_frames`] evaluates the scene at each decoded frame's time and hands frames,
//!    in batches, to the worker with the most room.
//! 3. On the CPU, each sub-app draws the plan into the encoder's pixels with
//!    [`reel_cpu::CpuCompositor`]. On the GPU, each sub-app uploads the source planes straight from FFmpeg's frame (on a CPU
//!    rasteriser with the chroma planes interleaved, so they cost one sample), composes each
//!    output pixel and writes its BT.709 luma (`compose.wgsl`), makes the half-size
//!    chroma plane (`chroma.wgsl`), and reads both planes back into an NV12 encoder frame.
//! 4. [`collect_rendered_frames`] marks finished frames [`Rendered`](reel_pipeline::Rendered); the pipeline's
//!    ordering system takes it from there.
//!
//! The colour arithmetic the shaders use is available on the CPU too, for tests and
//! tools that check what the GPU wrote:
//!
//! ```
//! use reel_render::{bt709_luma, rgb_to_bt709_limited};
//!
//! // White and black are the ends of the limited range; grey has no chroma.
//! assert_eq!(rgb_to_bt709_limited([1.0, 1.0, 1.0]), [235, 128, 128]);
//! assert_eq!(rgb_to_bt709_limited([0.0, 0.0, 0.0]), [16, 128, 128]);
//! assert!((bt709_luma([0.0, 1.0, 0.0]) - 0.7152).abs() < 1e-4);
//! ```

mod backdrop;
mod blur;
mod camera;
mod collect;
mod compositor;
#[cfg(test)]
mod contract;
mod device;
mod dispatch;
mod error;
mod gpu;
mod layers;
mod pipelines;
mod readback;
mod redact;
mod renderer;
mod source;
mod still;
mod sub_app;
mod uniforms;
mod worker;

pub use blur::{Blurrer, gaussian_weights, halvings};
pub use collect::{RenderRecovery, collect_rendered_frames};
pub use compositor::{
    COMPOSED_FORMAT, ComposePipelineKey, ComposeShader, Compositor, linear_to_srgb,
};
pub use device::GpuDevice;
pub use dispatch::dispatch_frames;
pub use error::RenderError;
pub use layers::{BackgroundUniforms, MediaUniforms, ShadowUniforms, SourceMapping};
pub use pipelines::{PassPipelines, Pipelines};
pub use readback::{PlaneCopy, ReadbackLayout};
pub use redact::{RedactUniforms, distinct_radii};
pub use reel_pipeline::{SampleToRgb, bt709_luma, rgb_to_bt709_limited, rgb_to_limited};
pub use renderer::{
    ChosenRenderer, Engine, RendererChoice, UnknownRenderer, auto_without_device, choose,
    is_cpu_rasteriser,
};
pub use source::{PlaneLayout, SourceTextures, plane_formats};
pub use still::render_still;
pub use sub_app::{
    CpuFrames, CurrentFrame, InjectedFaults, RenderFrames, RenderInbox, RenderJob, RenderOutbox,
    RenderResult, RenderTarget, build_render_sub_app,
};
pub use uniforms::{ComposeUniforms, cover_map, cover_scale};
pub use worker::{RenderWorkers, WorkerMessage, is_render_thread};

use bevy_app::{App, Plugin, Update};
use bevy_ecs::prelude::*;
use reel_pipeline::{
    ExportCapacity, ExportError, ExportFailed, ExportFinished, ExportPlan, FrameSystems,
    PipelineSettings, PipelineStats, PipelineWaker,
};

/// Renders the active export's frames with parallel render sub-apps, on the GPU or the
/// CPU as [`RendererChoice`] says.
#[derive(Debug, Clone, Copy, Default)]
pub struct FrameRenderPlugin {
    /// Which renderer draws the frames.
    pub renderer: RendererChoice,
}

impl Plugin for FrameRenderPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(self.renderer)
            .init_resource::<RenderRecovery>()
            .add_systems(
                Update,
                (
                    start_render_workers
                        .in_set(FrameSystems::StartStages)
                        .run_if(resource_added::<ExportPlan>),
                    dispatch_frames.in_set(FrameSystems::Dispatch),
                    collect_rendered_frames.in_set(FrameSystems::Collect),
                    stop_render_workers
                        .in_set(FrameSystems::Teardown)
                        .run_if(on_message::<ExportFinished>),
                ),
            );
    }
}

/// Chooses the renderer (and the GPU device, for the GPU one) and starts the render
/// workers for a new plan.
pub fn start_render_workers(world: &mut World) {
    let plan = world.resource::<ExportPlan>().clone();
    let choice = world
        .get_resource::<RendererChoice>()
        .copied()
        .unwrap_or_default();
    let started = renderer::choose(world, choice).and_then(|(engine, chosen)| {
        if let Engine::Gpu(gpu) = &engine {
            let (width, height) = plan.output_size;
            let limit = gpu.max_texture_side();
            if width > limit || height > limit {
                return Err(RenderError::TooLarge {
                    width,
                    height,
                    limit,
                });
            }
        }
        Ok((engine, chosen))
    });
    let (engine, chosen) = match started {
        Ok(started) => started,
        Err(error) => {
            world.write_message(ExportFailed(ExportError::Render(Box::new(error))));
            return;
        }
    };
    let settings = world.resource::<PipelineSettings>();
    let mut capacity = ExportCapacity::of(settings);
    let rasterised = matches!(&engine, Engine::Gpu(gpu) if gpu.cpu);
    if settings.fit_workers_to_device && rasterised && settings.workers > 1 {
        // A CPU rasteriser already renders each frame on every core: more workers add
        // memory, not speed. Each keeps the frames it holds.
        capacity = ExportCapacity::new(1, settings.frames_per_worker);
    }
    let faults = settings.faults.clone();
    let workers = capacity.workers;
    world.insert_resource(capacity);
    tracing::info!(
        renderer = %chosen.renderer,
        adapter = chosen.adapter.as_deref().unwrap_or("none"),
        reason = %chosen.reason,
        workers,
        "starting render workers"
    );
    world.insert_resource(chosen);
    let waker = world.resource::<PipelineWaker>().clone();
    let stats = world.resource::<PipelineStats>().clone();
    let target = RenderTarget {
        output: plan.output_size,
        image: plan.background_image.as_ref().map(|p| p.frame.clone()),
        pixels: plan.scene.output.frame_pixels(),
    };
    let pool = RenderWorkers::start_with_faults(
        &engine,
        &target,
        workers,
        capacity.frames_per_worker,
        &waker,
        &stats,
        faults,
    );
    world.insert_resource(RenderRecovery::default());
    if let Engine::Gpu(gpu) = engine
        && !gpu.from_host
    {
        world.insert_resource(gpu);
    }
    world.insert_resource(pool);
}

/// Stops the render workers of an export that ended.
pub fn stop_render_workers(mut commands: Commands) {
    commands.remove_resource::<RenderWorkers>();
}
