//! The ways an export can fail.

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
    /// The export was cancelled before it finished.
    #[error("export cancelled")]
    Cancelled,
}
