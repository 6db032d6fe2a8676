//! Other recorders' saved projects read as Reel scenes, so that Reel exports them as they
//! are: `reel talk.openscreen`.
//!
//! A project is recognised by its extension (`.openscreen`, `.recordly`) or its content
//! (a JSON object with `version`, `media` and `editor`). [`Project::open`] reads it and
//! checks that its recordings exist; [`Project::scene`] makes the scene's RON text for the
//! screen recording as probed ([`Recording`]), with one warning for each setting Reel
//! cannot honour. The text goes through Reel's own scene reader, so a made scene is
//! checked as a written one is, and `--print-scene` shows it.

mod css;
mod edit;
mod error;
mod json;
mod look;
mod openscreen;
mod ron_text;

pub use edit::{Piece, Span, output_time, pieces};
pub use error::ProjectError;
pub use openscreen::DEPTH_SCALES;

use openscreen::OpenScreen;
use std::path::{Path, PathBuf};

/// The kinds of project Reel reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectKind {
    /// OpenScreen's (or its fork Recordly's) JSON project.
    OpenScreen,
}

/// The kind of project at `path`, or `None` for anything else (a scene file).
pub fn detect(path: &Path) -> Option<ProjectKind> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if matches!(extension.as_deref(), Some("openscreen" | "recordly")) {
        return Some(ProjectKind::OpenScreen);
    }
    if extension.as_deref() == Some("ron") {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    if !text.trim_start().starts_with('{') {
        return None;
    }
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    let looks = ["version", "media", "editor"]
        .iter()
        .all(|key| value.get(key).is_some());
    looks.then_some(ProjectKind::OpenScreen)
}

/// The screen recording a scene is made for, as probed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Recording {
    /// Its upright size in pixels.
    pub size: (u32, u32),
    /// Its length in seconds, from its first picture.
    pub duration: f64,
}

/// A scene made from a project.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectScene {
    /// The scene's RON text.
    pub text: String,
    /// One line for each setting of the project Reel does not honour.
    pub warnings: Vec<String>,
}

/// A project, read.
pub struct Project {
    file: PathBuf,
    inner: OpenScreen,
}

impl Project {
    /// Reads the project at `path` and checks that its recordings exist.
    pub fn open(path: &Path) -> Result<Self, ProjectError> {
        Ok(Self {
            file: path.to_owned(),
            inner: OpenScreen::open(path)?,
        })
    }

    /// The screen recording.
    pub fn recording(&self) -> &Path {
        self.inner.recording()
    }

    /// Each recording the project names, with the field that names it.
    pub fn recordings(&self) -> Vec<(&'static str, &Path)> {
        self.inner.recordings()
    }

    /// The field that names the screen recording, for messages.
    pub fn recording_field(&self) -> &'static str {
        "media.screenVideoPath"
    }

    /// Where the export goes when the command line names no output: the project's name
    /// beside it, with `.gif` when the project exports a GIF, else `.mp4`.
    pub fn default_output(&self) -> PathBuf {
        self.file.with_extension(if self.inner.exports_gif() {
            "gif"
        } else {
            "mp4"
        })
    }

    /// The scene of this project for `recording`, writing to `output`.
    pub fn scene(
        &self,
        recording: &Recording,
        output: &Path,
    ) -> Result<ProjectScene, ProjectError> {
        self.inner.scene(recording, output)
    }
}
