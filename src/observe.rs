//! Following an export as it runs: the plan once it is known, progress reports at a
//! chosen interval, and the end. The `export` command draws its progress bar and its JSON
//! event stream from these; hosts with a loop of their own read the same resources.

use bevy_app::App;
use reel_pipeline::{
    ExportPlan, ExportProgress, PipelineSettings, PipelineStats, Stage, StatsSnapshot,
};
use std::time::Duration;

/// How far an export has come, as a progress display shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressReport {
    /// Frames encoded and written so far.
    pub frames: u64,
    /// The frames the export will write: exact once decoding ended, else expected from the
    /// source's stated duration.
    pub total: Option<u64>,
    /// Time since the export began.
    pub elapsed: Duration,
    /// Frames written per second of wall time so far.
    pub fps: f64,
    /// The estimated time left, once there is a total and a rate.
    pub eta: Option<Duration>,
    /// The stage that holds the export back: the one with the most busy time per frame,
    /// counting the render workers' time as shared among them.
    pub bottleneck: Option<Stage>,
}

impl ProgressReport {
    /// Reads the report from an app running an export; `None` before it began.
    pub fn read(app: &App) -> Option<ProgressReport> {
        let world = app.world();
        let progress = world.resource::<ExportProgress>();
        let started = progress.started?;
        let elapsed = started.elapsed();
        let frames = progress.encoded;
        let total = progress.frames_to_do();
        let fps = frames as f64 / elapsed.as_secs_f64().max(1e-9);
        let eta = total
            .filter(|_| frames > 0)
            .map(|total| Duration::from_secs_f64(total.saturating_sub(frames) as f64 / fps));
        let workers = world.resource::<PipelineSettings>().workers;
        let bottleneck = bottleneck(&world.resource::<PipelineStats>().snapshot(), workers);
        Some(ProgressReport {
            frames,
            total,
            elapsed,
            fps,
            eta,
            bottleneck,
        })
    }
}

/// The stage with the most busy time, render-side stages shared among `workers`; `None`
/// before any stage has worked.
pub fn bottleneck(stats: &StatsSnapshot, workers: usize) -> Option<Stage> {
    let share = |stage: Stage| {
        let busy = stats.busy[Stage::ALL.iter().position(|s| *s == stage).unwrap_or(0)];
        match stage {
            Stage::Decode | Stage::Encode => busy.as_secs_f64(),
            _ => busy.as_secs_f64() / workers.max(1) as f64,
        }
    };
    let render_side = share(Stage::Upload) + share(Stage::Render) + share(Stage::Readback);
    [
        (Stage::Decode, share(Stage::Decode)),
        (Stage::Render, render_side),
        (Stage::Encode, share(Stage::Encode)),
    ]
    .into_iter()
    .filter(|(_, busy)| *busy > 0.0)
    .max_by(|a, b| a.1.total_cmp(&b.1))
    .map(|(stage, _)| stage)
}

/// What [`run_export_observed`](crate::run_export_observed) tells its observer.
#[derive(Debug)]
pub enum ExportEvent<'a> {
    /// The source was probed, the output planned and (when the export renders) the
    /// renderer chosen.
    Planned(&'a ExportPlan, Option<&'a reel_render::ChosenRenderer>),
    /// A progress report, at most once per the chosen interval.
    Progress(&'a ProgressReport),
}
