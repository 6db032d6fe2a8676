//! The scene's fields, as written in RON.

use crate::Color;
use crate::fps::FrameRate;
use serde::Deserialize;
use std::path::PathBuf;

/// A whole export: the recording to read, the file to write, and how each frame looks.
///
/// ```ron
/// (
///     source: (path: "../assets/media/demo.mp4"),
///     output: (path: "demo.mp4", size: (1920, 1080), fps: 30),
///     background: Color("#14141c"),
/// )
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scene {
    /// The recording to read.
    pub source: SourceSpec,
    /// The video file to write and its format.
    pub output: OutputSpec,
    /// What fills the output around the recording. Default: opaque black.
    #[serde(default)]
    pub background: Background,
}

/// The recording a scene reads.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    /// The video file, relative to the scene file's folder (or absolute).
    pub path: PathBuf,
}

/// The video file a scene writes.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputSpec {
    /// The file to write, relative to the scene file's folder (or absolute).
    pub path: PathBuf,
    /// Width and height in pixels, both even. Default: the source's size, rounded down to
    /// even numbers (4:2:0 video needs even dimensions).
    #[serde(default)]
    pub size: Option<(u32, u32)>,
    /// Frames per second, such as `30`, `60` or `29.97`. Default: the source's rate.
    #[serde(default)]
    pub fps: Option<f64>,
}

impl OutputSpec {
    /// The output frame rate as an exact fraction, when the scene sets one.
    pub fn frame_rate(&self) -> Option<FrameRate> {
        self.fps.map(FrameRate::from_decimal)
    }
}

/// What fills the output frame behind the recording.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub enum Background {
    /// One solid colour: `Color("#1e1e2e")`.
    Color(Color),
}

impl Default for Background {
    fn default() -> Self {
        Background::Color(Color::BLACK)
    }
}
