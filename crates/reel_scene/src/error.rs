//! Errors met while reading or checking a scene.

use std::fmt;
use std::path::{Path, PathBuf};

/// An error in a scene file, with the file and, where known, the line and column.
///
/// Displayed as `scene.ron:LINE:COL: message`, the form editors and terminals link to.
#[derive(Debug, Clone, PartialEq)]
pub struct SceneError {
    /// The scene file the error is in.
    pub file: PathBuf,
    /// The 1-based line and column of the offending text, when known.
    pub position: Option<(usize, usize)>,
    /// What is wrong.
    pub kind: SceneErrorKind,
}

/// What is wrong with a scene.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SceneErrorKind {
    /// The scene file could not be read.
    #[error("cannot read the scene: {0}")]
    Read(String),
    /// The scene file is empty.
    #[error(
        "the scene file is empty (expected a scene such as `(source: (path: \"in.mp4\"), output: (path: \"out.mp4\"))`)"
    )]
    Empty,
    /// The text is not valid RON, or does not match the scene's fields and types.
    #[error("{0}")]
    Syntax(String),
    /// A value is outside what Reel accepts.
    #[error("{field}: {message}")]
    Invalid {
        /// The dotted path of the field, such as `output.fps`.
        field: String,
        /// What was found and what was expected.
        message: String,
    },
    /// A file the scene names does not exist or cannot be opened.
    #[error("{field}: {message}: {path}")]
    MissingFile {
        /// The dotted path of the field, such as `source.path`.
        field: String,
        /// The path as resolved against the scene's folder.
        path: PathBuf,
        /// Why it cannot be used.
        message: String,
    },
    /// A path the scene names leads outside the folder its export is confined to (see
    /// [`Confinement`](crate::Confinement)), through `..` or a symbolic link.
    #[error(
        "{field}: {} leads outside the confined folder (to {})",
        path.display(),
        resolved.display()
    )]
    Outside {
        /// The dotted path of the field, such as `source.path`.
        field: String,
        /// The path as the scene names it, resolved against the scene's folder.
        path: PathBuf,
        /// Where it leads once `..` and symbolic links are followed (boxed, to keep
        /// errors small).
        resolved: Box<Path>,
    },
}

impl SceneErrorKind {
    /// The dotted path of the field the error is about, such as `output.fps`, when it is
    /// about one.
    pub fn field(&self) -> Option<&str> {
        match self {
            SceneErrorKind::Invalid { field, .. }
            | SceneErrorKind::MissingFile { field, .. }
            | SceneErrorKind::Outside { field, .. } => Some(field),
            SceneErrorKind::Read(_) | SceneErrorKind::Empty | SceneErrorKind::Syntax(_) => None,
        }
    }
}

impl fmt::Display for SceneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {}", self.kind)
    }
}

impl std::error::Error for SceneError {}
