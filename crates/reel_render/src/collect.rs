//! Taking rendered frames back from the workers, and recovering from workers that fail.

use crate::device::GpuDevice;
use crate::error::RenderError;
use crate::worker::{RenderWorkers, WorkerMessage};
use bevy_ecs::prelude::*;
use reel_pipeline::{
    Decoded, ExportError, ExportFailed, ExportProgress, OutputPicture, PipelineSettings, Rendered,
    Rendering,
};
use std::collections::HashMap;

/// How often each frame has failed in the active export, and whether the device has
/// been made anew after a loss.
#[derive(Resource, Debug, Default)]
pub struct RenderRecovery {
    /// Failed attempts per output frame index.
    pub failures: HashMap<u64, u32>,
    /// Whether the GPU device was lost and replaced during this export.
    pub device_replaced: bool,
}

/// A worker's failure: which worker, the frame at fault when known, and why.
struct Failure {
    worker: usize,
    generation: u32,
    frame: Option<u64>,
    error: RenderError,
}

/// Marks frames the workers finished as [`Rendered`]. A worker that panicked or failed
/// a frame is replaced and its frames are rendered again; a frame that fails
/// [`PipelineSettings::render_attempts`] times, or a device lost twice, fails the export.
pub fn collect_rendered_frames(
    mut commands: Commands,
    workers: Option<ResMut<RenderWorkers>>,
    settings: Res<PipelineSettings>,
    mut recovery: ResMut<RenderRecovery>,
    mut progress: ResMut<ExportProgress>,
    mut failures: MessageWriter<ExportFailed>,
) {
    let Some(mut workers) = workers else {
        return;
    };
    let mut failed = Vec::new();
    while let Some((generation, message)) = workers.try_recv() {
        match message {
            WorkerMessage::Rendered { worker, results } => {
                for result in results {
                    let frame = (result.entity, result.index);
                    match result.picture {
                        Ok(picture) => {
                            progress.rendered += 1;
                            mark_rendered(&mut commands, frame.0, picture);
                        }
                        Err(error) => {
                            // The frame waits for another worker.
                            commands.entity(frame.0).remove::<Rendering>();
                            failed.push(Failure {
                                worker,
                                generation,
                                frame: Some(frame.1),
                                error,
                            });
                        }
                    }
                }
            }
            WorkerMessage::Lost {
                worker,
                frame,
                error,
            } => failed.push(Failure {
                worker,
                generation,
                frame,
                error,
            }),
        }
    }
    for failure in failed {
        if let Err(error) = recover(
            &mut commands,
            &mut workers,
            &settings,
            &mut recovery,
            failure,
        ) {
            failures.write(ExportFailed(ExportError::Render(Box::new(error))));
            return;
        }
    }
}

/// Hands a finished frame's picture to the ordering system.
fn mark_rendered(commands: &mut Commands, entity: Entity, picture: OutputPicture) {
    commands
        .entity(entity)
        .remove::<(Decoded, Rendering)>()
        .insert(Rendered {
            picture: Some(picture),
        });
}

/// Replaces the worker (or, after a device loss, the device and every worker), hands
/// its frames out again, and counts the failure against the frame at fault.
fn recover(
    commands: &mut Commands,
    workers: &mut RenderWorkers,
    settings: &PipelineSettings,
    recovery: &mut RenderRecovery,
    failure: Failure,
) -> Result<(), RenderError> {
    let Failure {
        worker,
        generation,
        frame,
        error,
    } = failure;
    if workers.generation(worker) != generation {
        // An earlier failure in this batch of messages already replaced the worker (or
        // every worker, after a device loss) and handed its frames out again.
        return Ok(());
    }
    if let Some(gpu) = workers.gpu().cloned() {
        // Let wgpu notice a lost device and say so before deciding what failed.
        let _ = gpu.device.wgpu_device().poll(wgpu::PollType::Poll);
        if gpu.is_lost() {
            return replace_device(commands, workers, (gpu.from_host, recovery), error);
        }
    }
    let held = workers.retire(worker);
    for &(entity, _) in &held {
        commands.entity(entity).remove::<Rendering>();
    }
    if frame.is_none() && held.is_empty() {
        // The worker failed before it took any frame: it cannot start, so it is not
        // replaced. The export goes on with the others.
        tracing::warn!("render worker {worker} could not start: {error}");
        return if workers.any_alive() {
            Ok(())
        } else {
            Err(error)
        };
    }
    let at_fault: Vec<u64> = match frame {
        Some(frame) => vec![frame],
        None => held.iter().map(|(_, index)| *index).collect(),
    };
    let error = count_failures(recovery, &at_fault, settings.render_attempts, error)?;
    let place = frame.map_or_else(String::new, |f| format!(" on frame {f}"));
    tracing::warn!(
        "render worker {worker} failed{place} ({error}); replaced it and handed its {} frames out again",
        held.len().max(usize::from(frame.is_some()))
    );
    workers.restart(worker);
    Ok(())
}

/// Makes the lost device anew, once, and restarts every worker on it; a second loss
/// fails the export, and so does the loss of a device the host app owns (Reel never
/// swaps the host's device for one of its own behind its back).
fn replace_device(
    commands: &mut Commands,
    workers: &mut RenderWorkers,
    (from_host, recovery): (bool, &mut RenderRecovery),
    error: RenderError,
) -> Result<(), RenderError> {
    if from_host {
        return Err(RenderError::DeviceLost(format!(
            "the host app's device was lost, and Reel does not replace a device it does not own; last error: {error}"
        )));
    }
    if recovery.device_replaced {
        return Err(RenderError::DeviceLost(format!(
            "lost again after it was recreated; last error: {error}"
        )));
    }
    let gpu = GpuDevice::create_headless()?;
    tracing::warn!(
        "the GPU device was lost ({error}); recreated it and restarted every render worker"
    );
    recovery.device_replaced = true;
    commands.insert_resource(gpu.clone());
    for (entity, _) in workers.restart_all(gpu) {
        commands.entity(entity).remove::<Rendering>();
    }
    Ok(())
}

/// Counts a failure against each of `frames`; fails with `error` as the cause once a
/// frame has failed `attempts` times, else gives `error` back.
fn count_failures(
    recovery: &mut RenderRecovery,
    frames: &[u64],
    attempts: u32,
    error: RenderError,
) -> Result<RenderError, RenderError> {
    for &frame in frames {
        let count = recovery.failures.entry(frame).or_default();
        *count += 1;
        if *count >= attempts.max(1) {
            return Err(RenderError::FrameFailed {
                frame,
                attempts: *count,
                cause: Box::new(error),
            });
        }
    }
    Ok(error)
}
