//! Reel: a headless, parallel GPU video export renderer for screen recordings, made of
//! Bevy plugins.
//!
//! A raw recording goes in, a polished video comes out. A RON [`Scene`] says what to read,
//! what to write and how each frame looks; [`ReelPlugins`] adds the pipeline that exports
//! it: FFmpeg decoding on its own thread, compositing on the GPU in parallel render
//! sub-apps, and in-order encoding on its own thread (H.264, HEVC, VP9, ProRes, GIF or a
//! folder of PNG pictures, with the source's sound). Each output frame is an entity
//! whose components say which stage it has reached.
//!
//! Hosts add [`ReelPlugins`] to their own `App`, write a
//! [`StartExport`] message and watch for
//! [`ExportFinished`](reel_pipeline::ExportFinished); [`run_export`] does exactly that for
//! programs that only export.
//!
//! ```no_run
//! use reel::{ReelPlugins, Scene, run_export};
//!
//! let scene = Scene::load("scenes/demo.ron".as_ref())?;
//! let mut app = reel::export_app(ReelPlugins::default());
//! let summary = run_export(&mut app, scene)?;
//! println!("wrote {} frames to {}", summary.frames, summary.path.display());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod compare;
mod observe;
mod still;

pub use reel_cpu as cpu;
pub use reel_decode as decode;
pub use reel_encode as encode;
pub use reel_pipeline as pipeline;
pub use reel_plan as plan;
pub use reel_project as project;
pub use reel_render as render;
pub use reel_scene as scene;
pub use reel_text as text;

pub use observe::{ExportEvent, ProgressReport, bottleneck};
pub use reel_pipeline::RgbImage;
pub use reel_pipeline::{ExportError, ExportSummary, PipelineSettings};
pub use reel_scene::Scene;
pub use still::{StillError, StillRenderer, render_frame, render_frame_with};

use bevy_app::{App, PluginGroup, PluginGroupBuilder};
use reel_pipeline::{CancelExport, ExportOutcome, ExportPlan, PipelineWaker, StartExport};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Every Reel plugin, configured together: pipeline, decode, render and encode.
#[derive(Debug, Clone, Default)]
pub struct ReelPlugins {
    /// Worker count and in-flight bounds.
    pub pipeline: PipelineSettings,
    /// Encoder settings.
    pub encoder: reel_encode::EncoderSettings,
    /// Which renderer draws the frames.
    pub renderer: reel_render::RendererChoice,
}

impl ReelPlugins {
    /// Reel with `workers` render workers (1 renders sequentially).
    pub fn with_workers(workers: usize) -> Self {
        Self {
            pipeline: PipelineSettings::with_workers(workers),
            ..Default::default()
        }
    }
}

impl PluginGroup for ReelPlugins {
    fn build(self) -> PluginGroupBuilder {
        PluginGroupBuilder::start::<Self>()
            .add(reel_pipeline::PipelinePlugin {
                settings: self.pipeline,
            })
            .add(reel_decode::DecodePlugin)
            .add(reel_render::FrameRenderPlugin {
                renderer: self.renderer,
            })
            .add(reel_encode::EncodePlugin {
                settings: self.encoder,
            })
    }
}

/// An app that holds nothing but Reel's plugins, ready for [`run_export`].
pub fn export_app(plugins: ReelPlugins) -> App {
    let mut app = App::new();
    app.add_plugins(plugins);
    app.finish();
    app.cleanup();
    app
}

/// The longest an idle run loop sleeps before updating again anyway.
const IDLE_WAIT: Duration = Duration::from_millis(50);

/// Exports `scene` with `app`, updating it until the export ends, and returns how it ended.
///
/// Between updates the loop sleeps until a stage thread has news, so an export costs no
/// CPU time beyond the work itself.
pub fn run_export(app: &mut App, scene: Scene) -> Result<ExportSummary, Arc<ExportError>> {
    run_export_until(app, scene, &AtomicBool::new(false))
}

/// As [`run_export`], but cancels the export as soon as `cancel` becomes true (from a
/// signal handler, say): the stage threads stop, the unfinished file is removed, and the
/// result is [`ExportError::Cancelled`].
pub fn run_export_until(
    app: &mut App,
    scene: Scene,
    cancel: &AtomicBool,
) -> Result<ExportSummary, Arc<ExportError>> {
    run_export_observed(app, scene, cancel, Duration::MAX, |_| {})
}

/// As [`run_export_until`], telling `observe` when the output is planned and how far the
/// export has come, at most once every `interval` (and once more at the end).
pub fn run_export_observed(
    app: &mut App,
    scene: Scene,
    cancel: &AtomicBool,
    interval: Duration,
    mut observe: impl FnMut(ExportEvent<'_>),
) -> Result<ExportSummary, Arc<ExportError>> {
    app.world_mut().resource_mut::<ExportOutcome>().0 = None;
    app.world_mut().write_message(StartExport { scene });
    let waker = app.world().resource::<PipelineWaker>().clone();
    let mut cancel_sent = false;
    let mut planned = false;
    let mut last_report: Option<Instant> = None;
    loop {
        if !cancel_sent && cancel.load(Ordering::Relaxed) {
            app.world_mut().write_message(CancelExport);
            cancel_sent = true;
        }
        app.update();
        if !planned && let Some(plan) = app.world().get_resource::<ExportPlan>() {
            planned = true;
            let renderer = app.world().get_resource::<reel_render::ChosenRenderer>();
            observe(ExportEvent::Planned(plan, renderer));
        }
        let outcome = app.world_mut().resource_mut::<ExportOutcome>().0.take();
        let due = last_report.is_none_or(|at| at.elapsed() >= interval);
        if planned && (due || outcome.as_ref().is_some_and(Result::is_ok)) {
            if let Some(report) = ProgressReport::read(app) {
                observe(ExportEvent::Progress(&report));
            }
            last_report = Some(Instant::now());
        }
        if let Some(result) = outcome {
            // One more update runs the teardown systems that read the finish message.
            app.update();
            return result;
        }
        waker.wait(IDLE_WAIT);
    }
}

/// Limits FFmpeg's own logging to errors, so encoder statistics and muxer notes do not
/// clutter a terminal. FFmpeg's log level is process-wide: hosts call this if they want it.
pub fn quiet_ffmpeg_logs() {
    ffmpeg_next::util::log::set_level(ffmpeg_next::util::log::Level::Error);
}
