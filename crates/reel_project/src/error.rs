//! What can be wrong with a project file.

use std::path::PathBuf;

/// A project that cannot be read: its file, where in it (when known) and why.
#[derive(Debug, thiserror::Error)]
#[error("{}{}: {message}", file.display(), position.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default())]
pub struct ProjectError {
    /// The project file.
    pub file: PathBuf,
    /// Line and column (from 1) of the fault, when it is in the file's text.
    pub position: Option<(usize, usize)>,
    /// What is wrong, naming the field.
    pub message: String,
}

impl ProjectError {
    /// An error about `file` as a whole or a field of it whose place is unknown.
    pub fn new(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            position: None,
            message: message.into(),
        }
    }
}
