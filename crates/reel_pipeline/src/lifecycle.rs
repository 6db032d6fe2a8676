//! Starting, cancelling and finishing an export, as messages and resources.

use crate::PipelineSettings;
use crate::confine;
use crate::error::ExportError;
use crate::frame::{Emitted, FrameIndex};
use crate::order::FrameReorder;
use crate::plan::ExportPlan;
use crate::progress::ExportProgress;
use crate::stats::PipelineStats;
use bevy_ecs::message::Messages;
use bevy_ecs::prelude::*;
use reel_scene::{FrameRate, Scene};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Asks the pipeline to export a scene. Ignored, with a warning, while another export runs.
#[derive(Message, Debug, Clone)]
pub struct StartExport {
    /// The scene to export, already loaded and validated.
    pub scene: Scene,
}

/// Asks the pipeline to stop the active export; it ends with [`ExportError::Cancelled`]
/// and leaves no output file.
#[derive(Message, Debug, Clone, Copy, Default)]
pub struct CancelExport;

/// Written by a stage when the active export cannot go on.
#[derive(Message, Debug)]
pub struct ExportFailed(pub ExportError);

/// Written by the encode stage when the output file is complete and in place.
#[derive(Message, Debug, Clone)]
pub struct EncodeFinished {
    /// The finished file.
    pub path: PathBuf,
    /// Frames written.
    pub frames: u64,
    /// The file's size in bytes.
    pub bytes: u64,
}

/// What a finished export produced.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportSummary {
    /// The output file.
    pub path: PathBuf,
    /// Frames written.
    pub frames: u64,
    /// The file's size in bytes.
    pub bytes: u64,
    /// Output width and height.
    pub size: (u32, u32),
    /// Output frame rate.
    pub frame_rate: FrameRate,
    /// Wall time from start to finished file.
    pub elapsed: Duration,
    /// Source pictures decoded, over every clip: a clip deep in a recording starts
    /// from the key frame before it, so this stays near the frames shown.
    pub pictures_decoded: u64,
}

impl ExportSummary {
    /// The output's duration in seconds.
    pub fn duration(&self) -> f64 {
        self.frame_rate.frame_time(self.frames)
    }

    /// Frames exported per second of wall time.
    pub fn fps(&self) -> f64 {
        self.frames as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Says how the active export ended, once, when it ends.
#[derive(Message, Debug, Clone)]
pub struct ExportFinished {
    /// The summary of the written file, or why there is none.
    pub result: Result<ExportSummary, Arc<ExportError>>,
}

/// The result of the last export that ended, kept for hosts that poll rather than read
/// messages.
#[derive(Resource, Debug, Clone, Default)]
pub struct ExportOutcome(pub Option<Result<ExportSummary, Arc<ExportError>>>);

/// The export in progress: present from [`StartExport`] until [`ExportFinished`].
#[derive(Resource, Debug, Clone)]
pub struct ActiveExport {
    /// The scene being exported.
    pub scene: Arc<Scene>,
}

/// Makes the first [`StartExport`] the active export. Under
/// [`PipelineSettings::confine`], a scene that breaks the confinement is refused at once:
/// it ends with [`ExportError::Scene`] without becoming active, so nothing is opened.
pub(crate) fn begin_export(
    mut commands: Commands,
    mut requests: MessageReader<StartExport>,
    active: Option<Res<ActiveExport>>,
    mut progress: ResMut<ExportProgress>,
    mut reorder: ResMut<FrameReorder>,
    stats: Res<PipelineStats>,
    settings: Res<PipelineSettings>,
    mut finished: MessageWriter<ExportFinished>,
    mut outcome: ResMut<ExportOutcome>,
) {
    let mut busy = active.is_some();
    for request in requests.read() {
        if busy {
            tracing::warn!(
                "ignoring a request to export {}: an export is already running",
                request.scene.output.path.display()
            );
            continue;
        }
        if let Some(error) = confine::refusal(&request.scene, &settings) {
            let result = Err(Arc::new(error));
            outcome.0 = Some(result.clone());
            finished.write(ExportFinished { result });
            // This end is torn down in this update: as after any export's end, requests
            // in the same update are ignored.
            busy = true;
            continue;
        }
        busy = true;
        *progress = ExportProgress {
            started: Some(Instant::now()),
            ..Default::default()
        };
        *reorder = FrameReorder::default();
        stats.reset();
        commands.insert_resource(ActiveExport {
            scene: Arc::new(request.scene.clone()),
        });
    }
}

/// Ends the active export when a stage failed, it was cancelled, or the file is written.
pub(crate) fn finish_export(
    mut failures: ResMut<Messages<ExportFailed>>,
    mut cancels: MessageReader<CancelExport>,
    mut encoded: MessageReader<EncodeFinished>,
    active: Option<Res<ActiveExport>>,
    plan: Option<Res<ExportPlan>>,
    progress: Res<ExportProgress>,
    mut finished: MessageWriter<ExportFinished>,
    mut outcome: ResMut<ExportOutcome>,
) {
    let cancelled = cancels.read().count() > 0;
    let failure = failures.drain().next();
    let done = encoded.read().last().cloned();
    if active.is_none() {
        return;
    }
    let result = if cancelled {
        Err(Arc::new(ExportError::Cancelled))
    } else if let Some(ExportFailed(error)) = failure {
        Err(Arc::new(error))
    } else if let Some(done) = done {
        let plan = plan.as_deref();
        Ok(ExportSummary {
            path: done.path,
            frames: done.frames,
            bytes: done.bytes,
            size: plan.map_or((0, 0), |p| p.output_size),
            frame_rate: plan.map_or(FrameRate::whole(30), |p| p.frame_rate),
            elapsed: progress.started.map_or(Duration::ZERO, |s| s.elapsed()),
            pictures_decoded: progress.pictures_decoded,
        })
    } else {
        return;
    };
    outcome.0 = Some(result.clone());
    finished.write(ExportFinished { result });
}

/// Removes the state of an export that ended this update, and its remaining frames
/// (emitted ones are despawned by `despawn_emitted_frames`; despawning them twice warns).
pub(crate) fn clear_finished_export(
    mut commands: Commands,
    mut finished: MessageReader<ExportFinished>,
    frames: Query<Entity, (With<FrameIndex>, Without<Emitted>)>,
) {
    if finished.read().count() == 0 {
        return;
    }
    commands.remove_resource::<ActiveExport>();
    commands.remove_resource::<ExportPlan>();
    for entity in &frames {
        commands.entity(entity).despawn();
    }
}
