//! How the output is encoded.

use bevy_ecs::resource::Resource;

/// The x264 preset used unless a scene asks for another: fast, with good quality at the
/// rate factor below (the same as the ffmpeg command line Reel is compared with).
pub const DEFAULT_PRESET: &str = "veryfast";
/// The x264 constant rate factor used unless a scene asks for another (lower is better).
pub const DEFAULT_CRF: u8 = 20;

/// Encoder settings for H.264 output.
#[derive(Resource, Debug, Clone, PartialEq, Eq)]
pub struct EncoderSettings {
    /// The x264 preset, from `ultrafast` to `placebo`.
    pub preset: String,
    /// The constant rate factor, 0 (lossless) to 51.
    pub crf: u8,
}

impl EncoderSettings {
    /// These settings with the scene's output overriding what it sets.
    pub fn for_output(&self, output: &reel_scene::OutputSpec) -> Self {
        Self {
            preset: output.preset.clone().unwrap_or_else(|| self.preset.clone()),
            crf: output.crf.unwrap_or(self.crf),
        }
    }
}

impl Default for EncoderSettings {
    fn default() -> Self {
        Self {
            preset: DEFAULT_PRESET.into(),
            crf: DEFAULT_CRF,
        }
    }
}
