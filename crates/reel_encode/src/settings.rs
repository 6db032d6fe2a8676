//! How the output is encoded.

use bevy_ecs::resource::Resource;
use reel_scene::{Chroma, HardwareEncoder, Quality, VideoFormat};

/// The x264 preset of the default quality ([`Quality::Social`]): fast, with good quality
/// at the rate factor below (the same as the ffmpeg command line Reel is compared with).
pub const DEFAULT_PRESET: &str = "veryfast";
/// The x264 constant rate factor of the default quality (lower is better).
pub const DEFAULT_CRF: u8 = 20;

/// Encoder settings: the format, its quality preset, and explicit overrides.
#[derive(Resource, Debug, Clone, PartialEq, Eq)]
pub struct EncoderSettings {
    /// The kind of file written.
    pub format: VideoFormat,
    /// The quality preset that picks the encoder's settings for the format.
    pub quality: Quality,
    /// An x264/x265 preset overriding the quality's, from `ultrafast` to `placebo`.
    pub preset: Option<String>,
    /// A constant rate factor overriding the quality's (0 is lossless for H.264).
    pub crf: Option<u8>,
    /// An average video bit rate in kbit/s, replacing constant quality.
    pub bitrate: Option<u32>,
    /// Encode without B-frames, so that each frame's decode time equals its presentation
    /// time: segments of a segmented export then join into one stream without
    /// re-encoding (their timestamps simply follow on).
    pub no_b_frames: bool,
    /// A hardware encoder to try first (see [`crate::choose_encoder`]).
    pub hardware: Option<HardwareEncoder>,
    /// How much colour detail the video keeps (4:4:4 for H.264 and HEVC with `Full`).
    pub chroma: Chroma,
}

impl EncoderSettings {
    /// These settings with the scene's output overriding what it sets.
    pub fn for_output(&self, output: &reel_scene::OutputSpec) -> Self {
        Self {
            format: output.video_format(),
            quality: output.quality.unwrap_or(self.quality),
            preset: output.preset.clone().or_else(|| self.preset.clone()),
            crf: output.crf.or(self.crf),
            bitrate: output.bitrate.or(self.bitrate),
            no_b_frames: self.no_b_frames,
            hardware: output.hardware.or(self.hardware),
            chroma: output.chroma,
        }
    }

    /// The explicit preset, else `default`.
    pub fn preset_or(&self, default: &str) -> String {
        self.preset.clone().unwrap_or_else(|| default.to_owned())
    }
}

impl Default for EncoderSettings {
    fn default() -> Self {
        Self {
            format: VideoFormat::H264,
            quality: Quality::Social,
            preset: None,
            crf: None,
            bitrate: None,
            no_b_frames: false,
            hardware: None,
            chroma: Chroma::Subsampled,
        }
    }
}
