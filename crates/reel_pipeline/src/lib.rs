//! The frame pipeline at the heart of Reel: every output frame is an entity, and its
//! progress through decode, render and encode is the set of components it carries.
//!
//! [`PipelinePlugin`] defines the shared vocabulary the stage plugins speak:
//! 1. A host writes [`StartExport`] with a [`Scene`](reel_scene::Scene).
//! 2. The decode plugin probes the source and inserts the [`ExportPlan`], then spawns one
//!    entity per output frame with [`FrameIndex`], [`FrameTime`] and [`Decoded`].
//! 3. The render plugin moves frames from [`Decoded`] to [`Rendering`] to [`Rendered`].
//! 4. [`emit_frames_in_order`] hands [`Rendered`] frames to the encoder's [`FrameSink`]
//!    strictly in index order, marks them [`Emitted`], and they are despawned.
//! 5. The encode plugin reports the finished file; [`ExportFinished`] says how it ended.
//!
//! The number of frame entities alive at once is bounded by
//! [`ExportCapacity::max_frames_in_flight`], so memory does not grow with the video.
//!
//! The ordering system works on its own: frames rendered out of order reach the
//! [`FrameSink`] in order.
//!
//! ```
//! use bevy_app::{App, Update};
//! use reel_pipeline::{
//!     FrameIndex, FrameReorder, FrameSink, OutputPicture, PipelinePlugin, Rendered,
//!     SinkMessage,
//! };
//!
//! let mut app = App::new();
//! app.add_plugins(PipelinePlugin::default());
//! let (sender, receiver) = crossbeam_channel::bounded(8);
//! app.insert_resource(FrameSink(sender));
//! for index in [2, 0, 1] {
//!     let frame = ffmpeg_next::frame::Video::empty();
//!     app.world_mut().spawn((
//!         FrameIndex(index),
//!         Rendered { picture: Some(OutputPicture { frame }) },
//!     ));
//! }
//! app.update();
//! let order: Vec<u64> = receiver
//!     .try_iter()
//!     .filter_map(|message| match message {
//!         SinkMessage::Frame { index, .. } => Some(index),
//!         _ => None,
//!     })
//!     .collect();
//! assert_eq!(order, [0, 1, 2]);
//! ```

mod auto_zoom;
mod color;
mod confine;
mod error;
mod fault;
mod frame;
mod lifecycle;
mod mix;
mod order;
mod picture;
mod plan;
mod progress;
mod segment;
mod sets;
mod stall;
mod stats;
mod waker;

pub use auto_zoom::{CLICK_BOX_SHARE, made_zooms, output_clicks};
pub use color::{SampleToRgb, bt709_luma, rgb_to_bt709_limited, rgb_to_limited};
pub use error::{BoxError, ExportError};
pub use fault::{Fault, FaultKind, FaultParseError, FaultPlan};
pub use frame::{Blend, Decoded, Emitted, FrameIndex, FrameTime, OtherClip, Rendered, Rendering};
pub use lifecycle::{
    ActiveExport, CancelExport, EncodeFinished, ExportFailed, ExportFinished, ExportOutcome,
    ExportSummary, StartExport,
};
pub use mix::mix_frames;
pub use order::{FrameReorder, FrameSink, SinkMessage, emit_frames_in_order};
pub use picture::{
    ColorInfo, ColorMatrix, ColorRange, OutputPicture, RgbImage, SourceLayout, SourcePicture,
    SourcePictures, frame_pixel_format,
};
pub use plan::{ExportPlan, SourceInfo};
pub use progress::ExportProgress;
pub use segment::{FrameWindow, MAX_SEGMENTS, Segment, SegmentParseError};
pub use sets::FrameSystems;
pub use stats::{PipelineStats, Stage, StatsSnapshot};
pub use waker::PipelineWaker;

use bevy_app::{App, Plugin, Update};
use bevy_ecs::schedule::IntoScheduleConfigs;
use std::time::Duration;

/// How many frames an export keeps in flight by default, per render worker.
pub const DEFAULT_FRAMES_PER_WORKER: usize = 4;

/// How many times a frame is tried on a fresh render worker before the export fails.
pub const DEFAULT_RENDER_ATTEMPTS: u32 = 3;

/// How long an export may go without any stage making progress before it fails.
pub const DEFAULT_STALL_TIMEOUT: Duration = Duration::from_secs(60);

/// Settings shared by every stage of the pipeline.
#[derive(bevy_ecs::resource::Resource, Debug, Clone)]
pub struct PipelineSettings {
    /// Render workers (render sub-apps, each on its own thread). 1 is the sequential path.
    pub workers: usize,
    /// Whether the render plugin may fit `workers` to the device when an export starts:
    /// one worker on a CPU rasteriser, which spreads each draw over every core by itself,
    /// so that more workers only cost memory (see `docs/performance.md`). True for the
    /// default settings, false for a count asked for. What an export runs with is its
    /// [`ExportCapacity`]; the settings stay as they were set.
    pub fit_workers_to_device: bool,
    /// Frames each render worker holds at once (queued, drawing, being read back).
    pub frames_per_worker: usize,
    /// Decoded frames the decoder may run ahead of the pipeline.
    pub decode_prefetch: usize,
    /// Rendered frames that may wait in the encoder's queue.
    pub encode_queue: usize,
    /// How many times a frame is rendered, each time on a fresh render worker, before its
    /// failure ends the export.
    pub render_attempts: u32,
    /// An export in which no frame moves on for this long fails as stalled.
    pub stall_timeout: Duration,
    /// Render only this segment of the export (for a cluster's jobs), into the segment's
    /// own file beside the output; `None` renders it all.
    pub segment: Option<Segment>,
    /// Faults to inject, for tests of recovery; empty in normal use.
    pub faults: FaultPlan,
    /// The folder exports may read and write in and the limits on what they may ask for,
    /// for services that render scenes written by others; `None` confines nothing. An
    /// export that breaks it ends with [`ExportError::Scene`]: before anything is opened
    /// when the scene does, once the source is probed when the source's size or length does.
    pub confine: Option<reel_scene::Confinement>,
}

impl PipelineSettings {
    /// Settings for `workers` render workers, with the other bounds scaled to match.
    pub fn with_workers(workers: usize) -> Self {
        let workers = workers.max(1);
        Self {
            workers,
            fit_workers_to_device: false,
            frames_per_worker: DEFAULT_FRAMES_PER_WORKER,
            decode_prefetch: 4,
            encode_queue: 4,
            render_attempts: DEFAULT_RENDER_ATTEMPTS,
            stall_timeout: DEFAULT_STALL_TIMEOUT,
            segment: None,
            faults: FaultPlan::default(),
            confine: None,
        }
    }

    /// The number of render workers used when none is asked for: one per core, 2 to 4 (one
    /// on a CPU rasteriser; see [`PipelineSettings::fit_workers_to_device`]).
    pub fn default_workers() -> usize {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
            .clamp(2, 4)
    }
}

/// What the active export runs with, decided from the [`PipelineSettings`] and the
/// device when it starts: state, not settings. Output frames alive at once (from decoded
/// to emitted) are bounded by `max_frames_in_flight`, so memory does not grow with the
/// video.
#[derive(bevy_ecs::resource::Resource, Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportCapacity {
    /// Render workers started.
    pub workers: usize,
    /// Frames each worker holds at once.
    pub frames_per_worker: usize,
    /// The most output frames alive at once: every worker full, one frame on its way to
    /// the workers and one to the encoder.
    pub max_frames_in_flight: usize,
}

impl ExportCapacity {
    /// The capacity of `workers` workers holding `frames_per_worker` frames each.
    pub fn new(workers: usize, frames_per_worker: usize) -> Self {
        let (workers, frames_per_worker) = (workers.max(1), frames_per_worker.max(1));
        Self {
            workers,
            frames_per_worker,
            max_frames_in_flight: workers * frames_per_worker + 2,
        }
    }

    /// The capacity `settings` ask for, before any fitting to the device.
    pub fn of(settings: &PipelineSettings) -> Self {
        Self::new(settings.workers, settings.frames_per_worker)
    }
}

impl Default for PipelineSettings {
    fn default() -> Self {
        Self {
            fit_workers_to_device: true,
            ..Self::with_workers(Self::default_workers())
        }
    }
}

/// Adds the frame pipeline's sets, messages, resources and the ordering system.
#[derive(Debug, Clone, Default)]
pub struct PipelinePlugin {
    /// The settings the pipeline starts with.
    pub settings: PipelineSettings,
}

impl Plugin for PipelinePlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(self.settings.clone())
            .init_resource::<PipelineWaker>()
            .init_resource::<PipelineStats>()
            .init_resource::<ExportProgress>()
            .init_resource::<ExportOutcome>()
            .init_resource::<FrameReorder>()
            .add_message::<StartExport>()
            .add_message::<CancelExport>()
            .add_message::<ExportFailed>()
            .add_message::<EncodeFinished>()
            .add_message::<ExportFinished>()
            .configure_sets(
                Update,
                (
                    FrameSystems::Begin,
                    FrameSystems::Plan,
                    FrameSystems::StartStages,
                    FrameSystems::Spawn,
                    FrameSystems::Dispatch,
                    FrameSystems::Collect,
                    FrameSystems::Emit,
                    FrameSystems::Finish,
                    FrameSystems::Teardown,
                )
                    .chain(),
            )
            .add_systems(
                Update,
                (
                    lifecycle::begin_export.in_set(FrameSystems::Begin),
                    confine::enforce_confinement.in_set(FrameSystems::StartStages),
                    (order::queue_rendered_frames, emit_frames_in_order)
                        .chain()
                        .in_set(FrameSystems::Emit),
                    (stall::detect_stalls, lifecycle::finish_export)
                        .chain()
                        .in_set(FrameSystems::Finish),
                    (
                        frame::despawn_emitted_frames,
                        lifecycle::clear_finished_export,
                    )
                        .in_set(FrameSystems::Teardown),
                ),
            );
    }
}
