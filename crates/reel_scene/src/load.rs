//! Reading a scene file: parse, resolve paths, check values and files.

use crate::error::{SceneError, SceneErrorKind};
use crate::locate::locate_path;
use crate::model::{Background, Scene};
use ron::extensions::Extensions;
use std::path::{Path, PathBuf};

impl Scene {
    /// Reads, parses and checks the scene file at `path`: its syntax and types, its values,
    /// that the source exists and is a readable file, and that the output's folder exists.
    pub fn load(path: &Path) -> crate::Result<Scene> {
        let text = std::fs::read_to_string(path).map_err(|error| SceneError {
            file: path.to_owned(),
            position: None,
            kind: SceneErrorKind::Read(error.to_string()),
        })?;
        let scene = Scene::from_ron(&text, path)?;
        scene
            .check_files()
            .map_err(|kind| field_error(path, Some(&text), kind))?;
        Ok(scene)
    }

    /// An error found in this scene after reading it: names the scene's file and, when
    /// the file still holds the field the error is about, its line and column.
    pub fn error(&self, kind: SceneErrorKind) -> SceneError {
        let text = std::fs::read_to_string(&self.file).ok();
        field_error(&self.file, text.as_deref(), kind)
    }

    /// Parses scene text that was read from `scene_path`, resolves its relative paths
    /// against that file's folder, and checks its values. Files are not opened.
    pub fn from_ron(text: &str, scene_path: &Path) -> crate::Result<Scene> {
        let error = |position, kind| SceneError {
            file: scene_path.to_owned(),
            position,
            kind,
        };
        if text.trim().is_empty() {
            return Err(error(None, SceneErrorKind::Empty));
        }
        // Annotations are written `Text(text: "…", …)`: newtype variants of structs.
        let options = ron::Options::default()
            .with_default_extension(Extensions::IMPLICIT_SOME)
            .with_default_extension(Extensions::UNWRAP_VARIANT_NEWTYPES);
        let mut scene: Scene = options.from_str(text).map_err(|e| {
            let mut position = skip_blanks(text, (e.span.start.line, e.span.start.col));
            let mut message = hint(text, position, e.code.to_string());
            if message.contains(crate::zooms::ENTRY_EXPECTED) {
                let end = crate::locate::offset_of(text, e.span.start.line, e.span.start.col);
                if let Some((at, why)) = crate::zooms::explain_entry(text, end) {
                    position = crate::locate::line_column(text, at);
                    message = why;
                }
            }
            error(Some(position), SceneErrorKind::Syntax(message))
        })?;
        scene.file = scene_path.to_owned();
        let folder = scene_path.parent().unwrap_or(Path::new(""));
        scene.source.path = resolve(folder, &scene.source.path);
        scene.output.path = resolve(folder, &scene.output.path);
        if let Background::Image { path, .. } = &mut scene.background {
            *path = resolve(folder, path);
        }
        for clip in &mut scene.timeline {
            if let Some(path) = &mut clip.source {
                *path = resolve(folder, path);
            }
        }
        if let Some(music) = &mut scene.music {
            music.path = resolve(folder, &music.path);
        }
        if let Some(camera) = &mut scene.camera {
            camera.path = resolve(folder, &camera.path);
        }
        if let Some(captions) = &mut scene.captions {
            captions.path = resolve(folder, &captions.path);
            if let crate::Font::File(path) = &mut captions.font {
                *path = resolve(folder, path);
            }
        }
        if let Some(keys) = &mut scene.keystrokes {
            keys.path = resolve(folder, &keys.path);
            if let crate::Font::File(path) = &mut keys.font {
                *path = resolve(folder, path);
            }
        }
        for note in &mut scene.annotations {
            match note {
                crate::Annotation::Image(image) => image.path = resolve(folder, &image.path),
                crate::Annotation::Text(text) => {
                    if let crate::Font::File(path) = &mut text.font {
                        *path = resolve(folder, path);
                    }
                }
                _ => {}
            }
        }
        if let Some(cursor) = &mut scene.cursor {
            cursor.track = resolve(folder, &cursor.track);
            if let Some(image) = &mut cursor.image {
                image.path = resolve(folder, &image.path);
            }
        }
        scene.validate().map_err(|(field, message)| {
            field_error(
                scene_path,
                Some(text),
                SceneErrorKind::Invalid { field, message },
            )
        })?;
        Ok(scene)
    }

    /// Checks the files the scene names: the source, every clip's recording, the music,
    /// the cursor track and its image, the camera must be readable files, and the output's folder must exist.
    pub fn check_files(&self) -> Result<(), SceneErrorKind> {
        let missing = |field: &str, path: &Path, message: String| SceneErrorKind::MissingFile {
            field: field.into(),
            path: path.to_owned(),
            message,
        };
        readable_file("source.path", &self.source.path)?;
        if let Background::Image { path, .. } = &self.background
            && let Err(e) = std::fs::File::open(path)
        {
            return Err(missing("background", path, io_reason(&e)));
        }
        for (k, clip) in self.timeline.iter().enumerate() {
            if let Some(path) = &clip.source {
                readable_file(&format!("timeline[{k}].source"), path)?;
            }
        }
        if let Some(music) = &self.music {
            readable_file("music.path", &music.path)?;
        }
        if let Some(camera) = &self.camera {
            readable_file("camera.path", &camera.path)?;
        }
        if let Some(captions) = &self.captions {
            readable_file("captions.path", &captions.path)?;
            if let crate::Font::File(path) = &captions.font {
                readable_file("captions.font", path)?;
            }
        }
        if let Some(keys) = &self.keystrokes {
            readable_file("keystrokes.path", &keys.path)?;
            if let crate::Font::File(path) = &keys.font {
                readable_file("keystrokes.font", path)?;
            }
        }
        for (i, note) in self.annotations.iter().enumerate() {
            match note {
                crate::Annotation::Image(image) => {
                    readable_file(&format!("annotations[{i}].path"), &image.path)?;
                }
                crate::Annotation::Text(crate::TextNote {
                    font: crate::Font::File(path),
                    ..
                }) => readable_file(&format!("annotations[{i}].font"), path)?,
                _ => {}
            }
        }
        if let Some(cursor) = &self.cursor {
            readable_file("cursor.track", &cursor.track)?;
            if let Some(image) = &cursor.image {
                readable_file("cursor.image", &image.path)?;
            }
        }
        let folder = match self.output.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        if !folder.is_dir() {
            return Err(missing(
                "output.path",
                &folder,
                "the output folder does not exist".into(),
            ));
        }
        Ok(())
    }
}

/// Checks that `path`, named by the scene's `field`, is a file that can be opened.
fn readable_file(field: &str, path: &Path) -> Result<(), SceneErrorKind> {
    let missing = |message: String| SceneErrorKind::MissingFile {
        field: field.into(),
        path: path.to_owned(),
        message,
    };
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => {}
        Ok(_) => return Err(missing("not a file".into())),
        Err(e) => return Err(missing(io_reason(&e))),
    }
    std::fs::File::open(path)
        .map(drop)
        .map_err(|e| missing(io_reason(&e)))
}

/// An error about the field `kind` names in the scene `text` read from `file`, with the
/// field's line and column when the text holds it.
fn field_error(file: &Path, text: Option<&str>, kind: SceneErrorKind) -> SceneError {
    let position = kind
        .field()
        .zip(text)
        .and_then(|(field, text)| locate_path(text, field));
    SceneError {
        file: file.to_owned(),
        position,
        kind,
    }
}

/// `message` with a hint where the text at `position` shows a common slip: a colour
/// such as `#1e1e2e` written without the quotes a string needs.
fn hint(text: &str, (line, column): (usize, usize), message: String) -> String {
    let rest: String = text
        .lines()
        .nth(line.saturating_sub(1))
        .map(|l| l.chars().skip(column.saturating_sub(1)).collect())
        .unwrap_or_default();
    if message == "Expected string" && rest.starts_with('#') {
        let colour: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
            .collect();
        return format!("{message} (colours are strings: write \"{colour}\" in quotes)");
    }
    message
}

/// Moves a 1-based position past spaces and line breaks, so that an error points at the
/// offending value rather than the blank before it.
fn skip_blanks(text: &str, (line, column): (usize, usize)) -> (usize, usize) {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let start = text[line_start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| line_start + i);
    let (mut line, mut column) = (line, column);
    for c in text[start..].chars() {
        match c {
            '\n' => {
                line += 1;
                column = 1;
            }
            c if c.is_whitespace() => column += 1,
            _ => break,
        }
    }
    (line, column)
}

fn resolve(folder: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_owned()
    } else {
        folder.join(path)
    }
}

/// Says why a file cannot be used, in a few words.
pub(crate) fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "file not found".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => error.to_string(),
    }
}
