//! The cursor images of a Cap recording kept in its project's `recording-meta.json`
//! rather than in `cursor.json`: `"cursors": {"<id>": {"imagePath":
//! "content/cursors/cursor_0.png", "hotspot": {"x": 0.25, "y": 0.1}, "shape": …}}`, the
//! path relative to the project's folder and the hotspot a fraction of the image (older
//! recordings map each id to its path alone). Field names as Cap's
//! `crates/project/src/meta.rs` (`CursorMeta`, `Cursors`) writes them.

use crate::track::CursorTrack;
use serde_json::Value;
use std::path::{Component, Path, PathBuf};

/// The name of a Cap project's metadata file.
pub const CAP_META: &str = "recording-meta.json";

/// How many folders above a track Reel looks for its project's metadata (a track sits
/// in `content/segments/segment-0/` of its project).
const LEVELS: usize = 4;

/// Fills in the pictures of `track` (a Cap track read from `file`) that the track names
/// but does not hold, from its project's metadata: each image's bytes and hotspot.
/// Returns why an image could not be had, for each that could not.
pub(crate) fn fill_from_meta(track: &mut CursorTrack, file: &Path) -> Vec<String> {
    let wanted = track
        .images
        .iter()
        .any(|image| image.bytes.is_none() && image.path.is_none());
    let Some(meta) = wanted.then(|| find_meta(file)).flatten() else {
        return Vec::new();
    };
    let folder = meta.parent().unwrap_or(Path::new("")).to_path_buf();
    let value = match std::fs::read_to_string(&meta)
        .map_err(|e| e.to_string())
        .and_then(|text| serde_json::from_str::<Value>(&text).map_err(|e| e.to_string()))
    {
        Ok(value) => value,
        Err(reason) => return vec![format!("{}: {reason}", meta.display())],
    };
    let Some(cursors) = cursors_of(&value) else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    for image in track.images.iter_mut() {
        if image.bytes.is_some() || image.path.is_some() {
            continue;
        }
        let Some(entry) = cursors.get(&image.id) else {
            continue;
        };
        let (path, hotspot) = match entry {
            Value::String(path) => (path.as_str(), None),
            Value::Object(fields) => {
                let Some(path) = fields.get("imagePath").and_then(Value::as_str) else {
                    problems.push(format!("{}: no imagePath in {CAP_META}", image.id));
                    continue;
                };
                let hotspot = fields
                    .get("hotspot")
                    .and_then(|h| Some((h.get("x")?.as_f64()?, h.get("y")?.as_f64()?)));
                (path, hotspot)
            }
            _ => continue,
        };
        let relative = PathBuf::from(path);
        let inside = relative
            .components()
            .all(|part| matches!(part, Component::Normal(_) | Component::CurDir));
        if !inside {
            problems.push(format!(
                "{}: {path} is not inside the project's folder",
                image.id
            ));
            continue;
        }
        match std::fs::read(folder.join(&relative)) {
            Ok(bytes) => {
                image.bytes = Some(bytes);
                image.media_type = Some("image/png".to_string());
                image.hotspot = hotspot.or(image.hotspot);
            }
            Err(e) => problems.push(format!("{}: {path}: {e}", image.id)),
        }
    }
    problems
}

/// The project metadata of the track at `file`: the nearest `recording-meta.json` in
/// its folder or the few above.
fn find_meta(file: &Path) -> Option<PathBuf> {
    file.ancestors()
        .skip(1)
        .take(LEVELS + 1)
        .map(|folder| folder.join(CAP_META))
        .find(|meta| meta.is_file())
}

/// The `cursors` map of a metadata file: at its top, or in one of its top-level objects.
fn cursors_of(meta: &Value) -> Option<&serde_json::Map<String, Value>> {
    meta.get("cursors").and_then(Value::as_object).or_else(|| {
        meta.as_object()?
            .values()
            .find_map(|value| value.get("cursors").and_then(Value::as_object))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_named_by_the_track_come_from_the_project_metadata() {
        let root = std::env::temp_dir().join(format!("reel-cap-meta-{}", std::process::id()));
        let segment = root.join("content/segments/segment-0");
        std::fs::create_dir_all(&segment).unwrap();
        std::fs::create_dir_all(root.join("content/cursors")).unwrap();
        std::fs::write(root.join("content/cursors/cursor_3.png"), b"png bytes").unwrap();
        std::fs::write(
            root.join(CAP_META),
            r#"{"pretty_name": "take", "segments": [], "cursors": {
                "3": {"imagePath": "content/cursors/cursor_3.png", "hotspot": {"x": 0.25, "y": 0.5}},
                "4": {"imagePath": "../outside.png", "hotspot": {"x": 0, "y": 0}}}}"#,
        )
        .unwrap();
        let file = segment.join("cursor.json");
        let text = r#"{"moves": [
            {"time_ms": 0, "x": 0.5, "y": 0.5, "cursor_id": "3", "active_modifiers": []},
            {"time_ms": 40, "x": 0.5, "y": 0.5, "cursor_id": "4", "active_modifiers": []}],
            "clicks": []}"#;
        std::fs::write(&file, text).unwrap();
        let (track, warnings) = CursorTrack::read(&file, (100, 100)).unwrap();
        let image = |id: &str| track.images().iter().find(|i| i.id == id).unwrap();
        assert_eq!(image("3").bytes.as_deref(), Some(&b"png bytes"[..]));
        assert_eq!(image("3").hotspot, Some((0.25, 0.5)));
        assert_eq!(image("4").bytes, None);
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].to_string().contains("not inside"),
            "{}",
            warnings[0]
        );
        std::fs::remove_dir_all(root).unwrap();
    }
}
