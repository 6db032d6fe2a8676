//! Reel's own cursor track: JSON lines.
//!
//! One JSON object a line, in time order:
//!
//! ```text
//! {"t": 0.00, "x": 640, "y": 360}
//! {"t": 1.25, "x": 812, "y": 440, "kind": "pointer", "button": "down"}
//! {"t": 1.32, "x": 812, "y": 440, "button": "up"}
//! {"t": 4.00, "x": 812, "y": 440, "visible": false}
//! ```
//!
//! - `t`: seconds of the recording (its first picture is 0).
//! - `x`, `y`: the hotspot in source pixels of the recording, from its top-left corner.
//! - `kind` (optional): the shape, a name such as `arrow`, `pointer`, `text`,
//!   `crosshair`, `resize-ew`, `resize-ns`, `resize-nwse`, `resize-nesw`, `move`,
//!   `grab`, `grabbing`, `not-allowed`, `wait`, `help` or `hidden`; default `arrow`.
//! - `button` (optional): `"down"` or `"up"`: the primary button was pressed or
//!   released there.
//! - `visible` (optional): `false` while the recorded app hid the cursor; default `true`.
//!
//! Blank lines are ignored; other fields are errors (so that a typo is not silently
//! lost).

use super::{Located, Origin, RawButton, RawSample, RawTrack, TrackFormat};
use crate::kind::CursorKind;
use crate::point::Point;
use crate::track::ButtonAction;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    t: f64,
    x: f64,
    y: f64,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    button: Option<Press>,
    #[serde(default)]
    visible: Option<bool>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Press {
    Down,
    Up,
}

/// Reads Reel's JSON lines.
pub(super) fn read(text: &str) -> Result<RawTrack, Located> {
    let mut track = RawTrack::new(TrackFormat::Reel);
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let line = line.trim_start_matches('\u{feff}');
        if line.trim().is_empty() {
            continue;
        }
        let parsed: Line = serde_json::from_str(line).map_err(|error| {
            let mut located = Located::from_serde(&error, Some(TrackFormat::Reel));
            // serde counts lines within this one line; the file's line is `number`.
            located.position = Some((number, error.column().max(1)));
            located
        })?;
        add_line(&mut track, parsed, Origin::Line(number));
    }
    Ok(track)
}

fn add_line(track: &mut RawTrack, line: Line, origin: Origin) {
    let kind = match line.kind.as_deref() {
        Some(name) => track.kind_named(name),
        None => CursorKind::Arrow,
    };
    track.samples.push(RawSample {
        time: line.t,
        position: Point::new(line.x, line.y),
        kind,
        visible: line.visible.unwrap_or(true) && kind != CursorKind::Hidden,
        image: None,
        origin,
    });
    if let Some(press) = line.button {
        track.buttons.push(RawButton {
            time: line.t,
            action: match press {
                Press::Down => ButtonAction::Down,
                Press::Up => ButtonAction::Up,
            },
            button: 0,
            origin,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TrackErrorKind;

    #[test]
    fn lines_are_samples_in_source_pixels() {
        let text = "{\"t\": 0, \"x\": 640, \"y\": 360}\n\n\
                    {\"t\": 1.25, \"x\": 812, \"y\": 440, \"kind\": \"pointer\", \"button\": \"down\"}\n\
                    {\"t\": 4, \"x\": 812, \"y\": 440, \"visible\": false}\n";
        let track = read(text).unwrap();
        assert_eq!(track.samples.len(), 3);
        assert_eq!(track.samples[1].time, 1.25);
        assert_eq!(track.samples[1].position, Point::new(812.0, 440.0));
        assert_eq!(track.samples[1].kind, CursorKind::Pointer);
        assert_eq!(track.samples[1].origin, Origin::Line(3));
        assert!(!track.samples[2].visible);
        assert_eq!(track.buttons.len(), 1);
        assert_eq!(track.buttons[0].action, ButtonAction::Down);
    }

    #[test]
    fn a_bad_line_is_reported_at_its_line() {
        let text = "{\"t\": 0, \"x\": 1, \"y\": 1}\n{\"t\": 1, \"x\": 1, \"why\": 1}\n";
        let error = read(text).unwrap_err();
        assert_eq!(error.position.map(|(line, _)| line), Some(2));
        assert!(matches!(
            error.kind,
            TrackErrorKind::Schema {
                format: TrackFormat::Reel,
                ..
            }
        ));
        let error = read("{\"t\": 0, \"x\": 1, \"y\": 1}\n{\"t\": 1, \n").unwrap_err();
        assert_eq!(error.position.map(|(line, _)| line), Some(2));
        assert!(matches!(error.kind, TrackErrorKind::NotJson(_)));
    }
}
