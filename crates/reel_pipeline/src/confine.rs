//! Keeping exports to [`PipelineSettings::confine`]: a scene that names a path outside the
//! confined folder, or asks for more than the limits, is refused before anything is
//! opened; an output planned past the limits from the source (its size or length when
//! the scene does not state them), or one that turns out longer than planned, fails.

use crate::PipelineSettings;
use crate::error::ExportError;
use crate::lifecycle::ExportFailed;
use crate::plan::ExportPlan;
use crate::progress::ExportProgress;
use bevy_ecs::prelude::*;
use reel_scene::Scene;

/// Why `scene` may not be exported under `settings`, if it may not.
pub(crate) fn refusal(scene: &Scene, settings: &PipelineSettings) -> Option<ExportError> {
    let confinement = settings.confine.as_ref()?;
    scene.confine(confinement).err().map(ExportError::Scene)
}

/// Fails the active export once its plan, or the frames decoded so far, go past the
/// confinement's limits.
pub(crate) fn enforce_confinement(
    settings: Res<PipelineSettings>,
    plan: Option<Res<ExportPlan>>,
    progress: Res<ExportProgress>,
    mut failed: Local<bool>,
    mut failures: MessageWriter<ExportFailed>,
) {
    let (Some(confinement), Some(plan)) = (&settings.confine, plan) else {
        *failed = false;
        return;
    };
    if *failed {
        return;
    }
    // The container's stated length, or the frames decoded already if the source runs
    // longer than it said.
    let frames = plan.expected_frames.unwrap_or(0).max(progress.decoded);
    if let Err(kind) = confinement.check_output(plan.output_size, plan.frame_rate, Some(frames)) {
        *failed = true;
        failures.write(ExportFailed(ExportError::Scene(plan.scene.error(kind))));
    }
}
