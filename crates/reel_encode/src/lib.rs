//! Reel's encode stage: the output file, written on its own thread behind a bounded queue.
//!
//! [`EncodePlugin`] starts a [`VideoWriter`] when an export is planned and inserts the
//! pipeline's [`FrameSink`]: the ordering system sends frames there strictly in index
//! order. The thread encodes them in the scene's format ([`FormatProfile`]: H.264 by
//! default, HEVC, VP9, ProRes, GIF or PNG pictures, converted from the renderer's NV12
//! where needed), adds the source's sound ([`AudioTrack`]), writes under a temporary name
//! in the output's folder, and at the end of the stream finishes the file (index at the
//! front for MP4) and renames it into place. Until then the output path is untouched; a
//! failed or cancelled export removes the temporary file.
//!
//! ```
//! use reel_encode::{EncoderSettings, FormatProfile};
//! use reel_scene::{Quality, VideoFormat};
//!
//! // What a `.webm` output at the `Web` quality is written with.
//! let settings = EncoderSettings {
//!     format: VideoFormat::Vp9,
//!     quality: Quality::Web,
//!     ..EncoderSettings::default()
//! };
//! let profile = FormatProfile::new(&settings, Some("webm"));
//! assert_eq!((profile.muxer, profile.encoder), ("webm", "libvpx-vp9"));
//! assert!(profile.options.contains(&("crf", "40".to_owned())));
//! assert_eq!(profile.sound.map(|sound| sound.encoder), Some("libopus"));
//! ```

mod audio;
mod convert;
pub mod edit;
mod error;
mod format;
mod gif;
mod hardware;
mod join;
mod mixdown;
mod music;
mod palette;
mod pieces;
mod png;
mod settings;
mod thread;
mod timeline_sound;
mod writer;

pub use audio::{AudioRequest, AudioTrack};
pub use convert::Converter;
pub use edit::{MAX_SOUND_SPEED, MIN_SOUND_SPEED, SoundPiece, SoundSpeed};
pub use error::EncodeError;
pub use format::{FormatProfile, SoundCodec};
pub use hardware::{EncoderChoice, HardwareDevice, choose_encoder, hardware_profile};
pub use join::{JoinError, JoinSummary, SegmentFile, join_segments};
pub use music::{MusicBed, probe_music};
pub use png::{encode_png, write_png};
pub use settings::{DEFAULT_CRF, DEFAULT_PRESET, EncoderSettings};
pub use thread::{ENCODER_THREAD, EncoderHandle, EncoderReport};
pub use timeline_sound::{CUT_FADE, audio_request, sound_pieces};
pub use writer::{PICTURE_PATTERN, VideoWriter, temp_path_for};

use bevy_app::{App, Plugin, Update};
use bevy_ecs::prelude::*;
use reel_pipeline::{
    EncodeFinished, ExportError, ExportFailed, ExportFinished, ExportPlan, ExportProgress,
    FrameSink, FrameSystems, PipelineSettings, PipelineStats, PipelineWaker,
};

/// Encodes the active export's frames to its output file.
#[derive(Debug, Clone, Default)]
pub struct EncodePlugin {
    /// The encoder settings exports use.
    pub settings: EncoderSettings,
}

impl Plugin for EncodePlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(self.settings.clone()).add_systems(
            Update,
            (
                start_encoder
                    .in_set(FrameSystems::StartStages)
                    .run_if(resource_added::<ExportPlan>),
                collect_encoder_reports.in_set(FrameSystems::Collect),
                stop_encoder
                    .in_set(FrameSystems::Teardown)
                    .run_if(on_message::<ExportFinished>),
            ),
        );
    }
}

/// Opens the output for a new plan and starts the encoder thread.
pub fn start_encoder(
    mut commands: Commands,
    plan: Res<ExportPlan>,
    settings: Res<EncoderSettings>,
    pipeline: Res<PipelineSettings>,
    waker: Res<PipelineWaker>,
    stats: Res<PipelineStats>,
    mut failures: MessageWriter<ExportFailed>,
) {
    let path = plan.scene.output.path.clone();
    let mut settings = settings.for_output(&plan.scene.output);
    settings.no_b_frames |= pipeline.segment.is_some();
    let audio = audio_request(&plan.scene, &plan.timeline);
    match VideoWriter::create(
        &path,
        plan.output_size,
        plan.frame_rate,
        &settings,
        audio.as_ref(),
    ) {
        Ok(writer) => {
            let (handle, sink) = EncoderHandle::start(
                writer,
                path,
                pipeline.encode_queue,
                waker.clone(),
                stats.clone(),
                pipeline.faults.clone(),
            );
            commands.insert_resource(handle);
            commands.insert_resource(FrameSink(sink));
        }
        Err(error) => {
            failures.write(ExportFailed(ExportError::Encode {
                path,
                source: Box::new(error),
            }));
        }
    }
}

/// Records encoding progress and reports how the encoder thread ended.
pub fn collect_encoder_reports(
    encoder: Option<Res<EncoderHandle>>,
    plan: Option<Res<ExportPlan>>,
    mut progress: ResMut<ExportProgress>,
    mut finished: MessageWriter<EncodeFinished>,
    mut failures: MessageWriter<ExportFailed>,
) {
    let (Some(encoder), Some(plan)) = (encoder, plan) else {
        return;
    };
    progress.encoded = encoder.encoded();
    match encoder.try_report() {
        Some(EncoderReport::Finished {
            path,
            frames,
            bytes,
        }) => {
            finished.write(EncodeFinished {
                path,
                frames,
                bytes,
            });
        }
        Some(EncoderReport::Failed(error)) => {
            failures.write(ExportFailed(ExportError::Encode {
                path: plan.scene.output.path.clone(),
                source: Box::new(error),
            }));
        }
        None => {}
    }
}

/// Stops the encoder of an export that ended; an unfinished file is removed.
pub fn stop_encoder(mut commands: Commands) {
    commands.remove_resource::<FrameSink>();
    commands.remove_resource::<EncoderHandle>();
}
