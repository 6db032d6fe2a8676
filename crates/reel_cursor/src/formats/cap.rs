//! Cap's `cursor.json`.
//!
//! `{"moves": [{"time_ms", "x", "y", "cursor_id", "active_modifiers"}], "clicks":
//! [{"time_ms", "down", "cursor_num", "cursor_id", "active_modifiers"}]}`: milliseconds
//! from the recording's start, positions as fractions (0–1) of the capture area,
//! `cursor_id` naming a cursor image. Clicks carry no position: theirs is the path's at
//! their time. Some versions also hold `"cursor_images": {"<id>": {"path", "hotspot":
//! {"x", "y"}}}`, the hotspot a fraction of the image; others keep the images in
//! `recording-meta.json`'s `cursors` (read separately, into
//! [`CursorTrack::images_mut`](crate::CursorTrack::images_mut)).

use super::{ImageIds, Located, Origin, RawButton, RawSample, RawTrack, TrackFormat};
use crate::kind::CursorKind;
use crate::point::Point;
use crate::track::{ButtonAction, CursorImage};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, Deserialize)]
struct File {
    #[serde(default)]
    moves: Vec<Move>,
    #[serde(default)]
    clicks: Vec<Click>,
    #[serde(default)]
    cursor_images: BTreeMap<String, Image>,
}

#[derive(Debug, Deserialize)]
struct Move {
    time_ms: f64,
    x: f64,
    y: f64,
    #[serde(default)]
    cursor_id: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Click {
    time_ms: f64,
    down: bool,
    #[serde(default)]
    cursor_num: Option<u8>,
}

#[derive(Debug, Deserialize)]
struct Image {
    #[serde(default)]
    path: Option<PathBuf>,
    #[serde(default)]
    hotspot: Option<Xy>,
}

#[derive(Debug, Deserialize)]
struct Xy {
    x: f64,
    y: f64,
}

/// Reads a Cap `cursor.json`.
pub(super) fn read(text: &str, size: Point) -> Result<RawTrack, Located> {
    let file: File = serde_json::from_str(text)
        .map_err(|error| Located::from_serde(&error, Some(TrackFormat::Cap)))?;
    let mut track = RawTrack::new(TrackFormat::Cap);
    let mut ids = ImageIds::default();
    for (id, image) in file.cursor_images {
        let index = ids.index(&id, &mut track.images);
        track.images[index] = CursorImage {
            id,
            path: image.path,
            hotspot: image.hotspot.map(|xy| (xy.x, xy.y)),
            scale_factor: 1.0,
            ..CursorImage::default()
        };
    }
    for (index, event) in file.moves.into_iter().enumerate() {
        let image = event
            .cursor_id
            .as_deref()
            .map(|id| ids.index(id, &mut track.images));
        track.samples.push(RawSample {
            time: event.time_ms / 1000.0,
            position: Point::new(event.x * size.x, event.y * size.y),
            // The shape is known only from the image (and recording-meta.json).
            kind: CursorKind::Other,
            visible: true,
            image,
            origin: Origin::Item("moves", index),
        });
    }
    for (index, click) in file.clicks.into_iter().enumerate() {
        track.buttons.push(RawButton {
            time: click.time_ms / 1000.0,
            action: if click.down {
                ButtonAction::Down
            } else {
                ButtonAction::Up
            },
            button: click.cursor_num.unwrap_or(0),
            origin: Origin::Item("clicks", index),
        });
    }
    Ok(track)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_are_scaled_to_the_capture_and_clicks_become_buttons() {
        let text = r#"{
          "moves": [
            {"active_modifiers": [], "cursor_id": "0", "time_ms": 0.0, "x": 0.5, "y": 0.25},
            {"active_modifiers": ["Shift"], "cursor_id": "1", "time_ms": 66.0, "x": 0.75, "y": 0.5}
          ],
          "clicks": [
            {"active_modifiers": [], "cursor_num": 0, "cursor_id": "1", "time_ms": 40.0, "down": true},
            {"active_modifiers": [], "cursor_num": 0, "cursor_id": "1", "time_ms": 90.0, "down": false}
          ]
        }"#;
        let track = read(text, Point::new(1920.0, 1080.0)).unwrap();
        assert_eq!(track.samples[1].time, 0.066);
        assert_eq!(track.samples[1].position, Point::new(1440.0, 540.0));
        assert_eq!(track.samples[1].kind, CursorKind::Other);
        assert_eq!(track.images.len(), 2);
        assert_eq!(track.images[1].id, "1");
        assert_eq!(track.samples[1].image, Some(1));
        assert_eq!(track.buttons[0].action, ButtonAction::Down);
        assert_eq!(track.buttons[0].time, 0.04);
        assert_eq!(track.buttons[1].action, ButtonAction::Up);
    }

    #[test]
    fn cursor_images_in_the_file_are_kept() {
        let text = r#"{"moves": [{"time_ms": 0, "x": 0, "y": 0, "cursor_id": "7"}], "clicks": [],
            "cursor_images": {"7": {"path": "cursors/cursor_7.png", "hotspot": {"x": 0.25, "y": 0.1}}}}"#;
        let track = read(text, Point::new(100.0, 100.0)).unwrap();
        assert_eq!(track.images.len(), 1);
        assert_eq!(
            track.images[0].path.as_deref(),
            Some("cursors/cursor_7.png".as_ref())
        );
        assert_eq!(track.images[0].hotspot, Some((0.25, 0.1)));
        assert_eq!(track.samples[0].image, Some(0));
    }

    #[test]
    fn a_wrong_type_is_a_schema_error_at_its_line() {
        let text = "{\"moves\": [\n {\"time_ms\": \"soon\", \"x\": 0, \"y\": 0}\n]}";
        let error = read(text, Point::new(100.0, 100.0)).unwrap_err();
        assert_eq!(error.position.map(|(line, _)| line), Some(2));
        assert!(matches!(
            error.kind,
            crate::TrackErrorKind::Schema {
                format: TrackFormat::Cap,
                ..
            }
        ));
    }
}
