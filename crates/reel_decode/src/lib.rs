//! Reel's decode stage: FFmpeg demuxes and decodes the source on its own thread and feeds
//! a bounded prefetch queue; a system spawns one frame entity per output frame from it.
//!
//! [`DecodePlugin`] takes part in the pipeline in three steps:
//! 1. When an export begins, [`plan_export`] opens the source, reads its facts and inserts
//!    the [`ExportPlan`], then starts the decoder thread.
//! 2. The thread decodes pictures, maps each onto the output frames it covers by its
//!    presentation time ([`FrameMapper`]), and sends them through a bounded channel.
//!    Damaged data is skipped and counted, and reported in one warning at the end
//!    ([`damage_warning`]); only a source of which nothing decodes fails.
//! 3. [`spawn_decoded_frames`] turns them into frame entities, never more than the
//!    pipeline's frames-in-flight bound.
//!
//! The mapping from source timestamps to output frames is exact and usable alone: a
//! 24 fps source in a 30 fps export shows one picture in four twice.
//!
//! ```
//! use ffmpeg_next::Rational;
//! use reel_decode::FrameMapper;
//! use reel_scene::FrameRate;
//!
//! let mut mapper = FrameMapper::new(Rational(1, 24), FrameRate::whole(30));
//! let mut shown = Vec::new();
//! for picture in 0..8 {
//!     if let Some(run) = mapper.push(Some(picture), Some(1), picture) {
//!         shown.extend(run.frames.map(|_| run.item));
//!     }
//! }
//! if let Some(run) = mapper.finish(true) {
//!     shown.extend(run.frames.map(|_| run.item));
//! }
//! assert_eq!(shown.len(), 10); // 8 pictures of 1/24 s fill 10 frames of 1/30 s
//! let twice = (0..8).filter(|p| shown.iter().filter(|&s| s == p).count() == 2);
//! assert_eq!(twice.count(), 2);
//! ```

mod camera;
mod captions;
mod cursor;
mod damage;
mod error;
mod image;
mod mp4_index;
mod open;
mod pixels;
mod probe;
mod thread;
mod timing;

pub use camera::{CameraFeed, CameraJob, CameraStream};
pub use captions::{load_annotations, load_captions, load_keystrokes};
pub use cursor::{cursor_settings, load_cursor};
pub use damage::{Damage, damage_warning};
pub use error::DecodeError;
pub use image::{load_image, to_rgba};
pub use open::{OpenedExport, open_export};
pub use pixels::{color_info, upload_format};
pub use probe::{SourceReader, open_camera, open_source, probe_source};
pub use thread::{DecodeJob, DecodeMessage, DecodeSummary, DecodedFrame, DecoderHandle};
pub use timing::{FrameMapper, SlotRun};

use bevy_app::{App, Plugin, Update};
use bevy_ecs::prelude::*;
use reel_pipeline::{
    ActiveExport, Decoded, ExportCapacity, ExportError, ExportFailed, ExportFinished, ExportPlan,
    ExportProgress, FrameIndex, FrameSystems, FrameTime, PipelineSettings, PipelineStats,
    PipelineWaker, SourcePictures,
};
use reel_scene::{Background, Timeline};

/// Decodes the active export's source on a thread of its own.
#[derive(Debug, Clone, Copy, Default)]
pub struct DecodePlugin;

impl Plugin for DecodePlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(
            Update,
            (
                plan_export
                    .in_set(FrameSystems::Plan)
                    .run_if(resource_added::<ActiveExport>),
                spawn_decoded_frames.in_set(FrameSystems::Spawn),
                stop_decoder
                    .in_set(FrameSystems::Teardown)
                    .run_if(on_message::<ExportFinished>),
            ),
        );
    }
}

/// Opens the active export's source, inserts its [`ExportPlan`] and starts the decoder.
pub fn plan_export(
    mut commands: Commands,
    active: Res<ActiveExport>,
    settings: Res<PipelineSettings>,
    waker: Res<PipelineWaker>,
    stats: Res<PipelineStats>,
    mut progress: ResMut<ExportProgress>,
    mut failures: MessageWriter<ExportFailed>,
) {
    let path = &active.scene.source.path;
    let OpenedExport {
        mut plan,
        screen: reader,
        camera,
    } = match open_export(&active.scene) {
        Ok(opened) => opened,
        Err(error) => {
            failures.write(ExportFailed(error));
            return;
        }
    };
    if let Background::Image { path: image, .. } = &active.scene.background {
        match load_image(image) {
            Ok(picture) => plan.background_image = Some(picture),
            Err(error) => {
                failures.write(ExportFailed(ExportError::Decode {
                    path: image.clone(),
                    source: Box::new(error),
                }));
                return;
            }
        }
    }
    if let Some(segment) = settings.segment {
        match plan.for_segment(segment) {
            Some(segmented) => plan = segmented,
            None => {
                failures.write(ExportFailed(ExportError::Decode {
                    path: path.clone(),
                    source: Box::new(DecodeError::UnknownLength),
                }));
                return;
            }
        }
    }
    progress.expected = plan.expected_frames;
    tracing::info!(
        source = %path.display(),
        codec = %plan.source.codec,
        size = ?plan.source.size,
        output_size = ?plan.output_size,
        fps = %plan.frame_rate,
        "planned export"
    );
    let job = DecodeJob {
        // The decoder maps clips by their own ends: a trim's end past the recording's
        // stated duration ends where the pictures end.
        timeline: Timeline::of(&plan.scene, None),
        rate: plan.frame_rate,
        window: plan.window,
        prefetch: settings.decode_prefetch,
        faults: settings.faults.clone(),
        camera_offset: active.scene.camera.as_ref().map_or(0.0, |c| c.offset),
    };
    let handle = DecoderHandle::start((reader, camera), job, waker.clone(), stats.clone());
    // What the export runs with, until the render plugin fits it to the device.
    commands.insert_resource(ExportCapacity::of(&settings));
    commands.insert_resource(plan);
    commands.insert_resource(handle);
}

/// Spawns frame entities from the decoder's queue while fewer than the pipeline's bound
/// are in flight; records the exact frame count when decoding ends.
pub fn spawn_decoded_frames(
    mut commands: Commands,
    decoder: Option<Res<DecoderHandle>>,
    settings: Res<PipelineSettings>,
    capacity: Option<Res<ExportCapacity>>,
    mut progress: ResMut<ExportProgress>,
    mut failures: MessageWriter<ExportFailed>,
    plan: Option<Res<ExportPlan>>,
    stats: Res<PipelineStats>,
) {
    let (Some(decoder), Some(plan)) = (decoder, plan) else {
        return;
    };
    let capacity = capacity.map_or_else(|| ExportCapacity::of(&settings), |c| *c);
    while progress.decoded - progress.emitted < capacity.max_frames_in_flight as u64 {
        let Some(message) = decoder.try_recv() else {
            break;
        };
        match message {
            DecodeMessage::Frame(frame) => {
                progress.decoded += 1;
                stats.note_in_flight(progress.decoded - progress.emitted);
                let camera = frame.camera;
                let with_camera = |picture| {
                    SourcePictures(std::iter::once(picture).chain(camera.clone()).collect())
                };
                let blend = frame.blend.map(|mut blend| {
                    if let Some(other) = &mut blend.other {
                        other.pictures.0.extend(camera.clone());
                    }
                    blend
                });
                commands.spawn((
                    FrameIndex(frame.index),
                    FrameTime(frame.time),
                    Decoded {
                        pictures: with_camera(frame.picture),
                        clip: frame.clip,
                        blend,
                    },
                ));
            }
            DecodeMessage::End(summary) => {
                tracing::info!(
                    frames = summary.output_frames,
                    source_frames = summary.source_frames,
                    damage = ?summary.damage,
                    "decoding finished"
                );
                if let Some(warning) = damage_warning(
                    &plan.source.path,
                    &summary,
                    plan.expected_frames,
                    plan.frame_rate,
                ) {
                    tracing::warn!("{warning}");
                }
                progress.total = Some(summary.output_frames);
                progress.pictures_decoded = summary.source_frames;
            }
            DecodeMessage::Failed { path, error } => {
                failures.write(ExportFailed(ExportError::Decode {
                    path,
                    source: Box::new(error),
                }));
                break;
            }
        }
    }
}

/// Stops the decoder thread of an export that ended.
pub fn stop_decoder(mut commands: Commands) {
    commands.remove_resource::<DecoderHandle>();
}
