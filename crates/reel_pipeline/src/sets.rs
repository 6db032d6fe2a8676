//! The system sets that order the pipeline's work within one update.

use bevy_ecs::schedule::SystemSet;

/// The phases of one pipeline update, run in this order in `Update`.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FrameSystems {
    /// Accepts a [`StartExport`](crate::StartExport) and makes it the active export.
    Begin,
    /// Probes the source and inserts the [`ExportPlan`](crate::ExportPlan).
    Plan,
    /// Starts the stage threads (decoder, render workers, encoder) for a new plan.
    StartStages,
    /// Spawns frame entities from decoded frames.
    Spawn,
    /// Hands decoded frames to render workers.
    Dispatch,
    /// Collects rendered frames from render workers.
    Collect,
    /// Emits rendered frames to the encoder, strictly in index order.
    Emit,
    /// Reads how the stages ended and finishes or fails the export.
    Finish,
    /// Drops the state of an export that ended.
    Teardown,
}
