//! The ways an export can fail.

use crate::stats::Stage;
use reel_scene::SceneError;
use std::path::PathBuf;

/// Any error a stage may carry as its cause.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why an export did not produce its output file.
///
/// Each variant's message names the file or stage at fault, so that it reads as one
/// complete line after `error: `.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// The scene could not be read or is invalid.
    #[error(transparent)]
    Scene(#[from] SceneError),
    /// The source could not be opened or decoded.
    #[error("{}: {source}", path.display())]
    Decode {
        /// The source file.
        path: PathBuf,
        /// What went wrong.
        source: BoxError,
    },
    /// The scene's cursor track could not be read (the message names the file, and the
    /// line and column where it applies).
    #[error(transparent)]
    Cursor(Box<reel_cursor::TrackError>),
    /// The scene's caption file could not be read (the message names the file and the
    /// line where it applies).
    #[error(transparent)]
    Captions(Box<reel_text::CaptionError>),
    /// The scene's key track could not be read (the message names the file, and the
    /// line and column where they apply).
    #[error(transparent)]
    Keys(Box<reel_text::KeyTrackError>),
    /// The font the scene's captions name cannot be used.
    #[error("{}: captions.font: {source}", scene.display())]
    Font {
        /// The scene file.
        scene: PathBuf,
        /// What is wrong with the font.
        source: reel_text::FontError,
    },
    /// The GPU could not be set up or failed while rendering.
    #[error("render: {0}")]
    Render(BoxError),
    /// The output could not be encoded or written.
    #[error("{}: {source}", path.display())]
    Encode {
        /// The output file.
        path: PathBuf,
        /// What went wrong.
        source: BoxError,
    },
    /// No frame moved on for too long.
    #[error(
        "the export stalled: no progress for {seconds} s, waiting on {stage} ({decoded} frames decoded, {rendered} rendered, {encoded} encoded)"
    )]
    Stalled {
        /// How long nothing moved, in seconds.
        seconds: f64,
        /// The stage that seems to hold things up: decode, render or encode.
        stage: Stage,
        /// Frames decoded so far.
        decoded: u64,
        /// Frames rendered so far.
        rendered: u64,
        /// Frames encoded so far.
        encoded: u64,
    },
    /// The export was cancelled before it finished.
    #[error("export cancelled")]
    Cancelled,
}

impl From<reel_text::CaptionError> for ExportError {
    fn from(error: reel_text::CaptionError) -> ExportError {
        ExportError::Captions(Box::new(error))
    }
}

impl From<reel_text::KeyTrackError> for ExportError {
    fn from(error: reel_text::KeyTrackError) -> ExportError {
        ExportError::Keys(Box::new(error))
    }
}

impl From<reel_cursor::TrackError> for ExportError {
    fn from(error: reel_cursor::TrackError) -> ExportError {
        ExportError::Cursor(Box::new(error))
    }
}
