//! OpenScreen's and Recordly's `<video>.cursor.json`.
//!
//! `{"version": 2, "provider": "native", "samples": [...], "assets": [...]}`, or a bare
//! array of samples. A sample is `{"timeMs", "cx", "cy", "visible", "cursorType",
//! "interactionType", "assetId", "osCursorHidden"}`: milliseconds from the recording's
//! start, the hotspot as fractions (0–1) of the captured display, and `interactionType`
//! `"move"`, `"click"` (a press) or `"mouseup"` (a release). An asset is `{"id",
//! "imageDataUrl", "width", "height", "hotspotX", "hotspotY", "scaleFactor",
//! "cursorType"}`, its hotspot in the same pixels as its width and height. Fields Reel
//! does not use are ignored.

use super::{ImageIds, Located, Origin, RawButton, RawSample, RawTrack, TrackFormat};
use crate::data_url::decode_data_url;
use crate::kind::CursorKind;
use crate::point::Point;
use crate::track::{ButtonAction, CursorImage};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct File {
    samples: Vec<Sample>,
    #[serde(default)]
    assets: Vec<Asset>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Sample {
    time_ms: f64,
    cx: f64,
    cy: f64,
    #[serde(default)]
    visible: Option<bool>,
    #[serde(default)]
    os_cursor_hidden: Option<bool>,
    #[serde(default)]
    cursor_type: Option<String>,
    #[serde(default)]
    interaction_type: Option<String>,
    #[serde(default)]
    asset_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Asset {
    id: String,
    #[serde(default)]
    image_data_url: Option<String>,
    #[serde(default)]
    width: Option<f64>,
    #[serde(default)]
    height: Option<f64>,
    #[serde(default)]
    hotspot_x: Option<f64>,
    #[serde(default)]
    hotspot_y: Option<f64>,
    #[serde(default)]
    scale_factor: Option<f64>,
    #[serde(default)]
    cursor_type: Option<String>,
}

/// Reads an object with `samples` (and `assets`).
pub(super) fn read(text: &str, size: Point) -> Result<RawTrack, Located> {
    let file: File = serde_json::from_str(text)
        .map_err(|error| Located::from_serde(&error, Some(TrackFormat::OpenScreen)))?;
    Ok(convert(file, size))
}

/// Reads a bare array of samples.
pub(super) fn read_samples(text: &str, size: Point) -> Result<RawTrack, Located> {
    let samples: Vec<Sample> = serde_json::from_str(text)
        .map_err(|error| Located::from_serde(&error, Some(TrackFormat::OpenScreen)))?;
    let file = File {
        samples,
        assets: Vec::new(),
    };
    Ok(convert(file, size))
}

fn convert(file: File, size: Point) -> RawTrack {
    let mut track = RawTrack::new(TrackFormat::OpenScreen);
    let mut ids = ImageIds::default();
    for asset in file.assets {
        add_asset(&mut track, &mut ids, asset);
    }
    let array = "samples";
    for (index, sample) in file.samples.into_iter().enumerate() {
        let origin = Origin::Item(array, index);
        let time = sample.time_ms / 1000.0;
        let kind = match sample.cursor_type.as_deref() {
            Some(name) => track.kind_named(name),
            None => CursorKind::Arrow,
        };
        let hidden = sample.os_cursor_hidden == Some(true) || kind == CursorKind::Hidden;
        let image = sample
            .asset_id
            .as_deref()
            .map(|id| ids.index(id, &mut track.images));
        track.samples.push(RawSample {
            time,
            position: Point::new(sample.cx * size.x, sample.cy * size.y),
            kind,
            visible: sample.visible.unwrap_or(true) && !hidden,
            image,
            origin,
        });
        let action = match sample.interaction_type.as_deref() {
            Some("click") => Some(ButtonAction::Down),
            Some("mouseup") => Some(ButtonAction::Up),
            _ => None,
        };
        if let Some(action) = action {
            track.buttons.push(RawButton {
                time,
                action,
                button: 0,
                origin,
            });
        }
    }
    track
}

fn add_asset(track: &mut RawTrack, ids: &mut ImageIds, asset: Asset) {
    let index = ids.index(&asset.id, &mut track.images);
    let kind = asset
        .cursor_type
        .as_deref()
        .map(|name| track.kind_named(name));
    let size = asset.width.zip(asset.height);
    let hotspot = match (size, asset.hotspot_x.zip(asset.hotspot_y)) {
        (Some((width, height)), Some((x, y))) if width > 0.0 && height > 0.0 => {
            Some((x / width, y / height))
        }
        _ => None,
    };
    let mut image = CursorImage {
        id: asset.id,
        size,
        hotspot,
        scale_factor: asset
            .scale_factor
            .filter(|scale| *scale > 0.0)
            .unwrap_or(1.0),
        kind,
        ..CursorImage::default()
    };
    if let Some(url) = asset.image_data_url {
        match decode_data_url(&url) {
            Ok(decoded) => {
                image.media_type = (!decoded.media_type.is_empty()).then_some(decoded.media_type);
                image.bytes = Some(decoded.bytes);
            }
            Err(reason) => track
                .image_problems
                .push(format!("asset {}: {reason}", image.id)),
        }
    }
    track.images[index] = image;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_are_scaled_to_the_capture_and_clicks_become_buttons() {
        let text = r#"{
            "version": 2,
            "provider": "native",
            "samples": [
                {"timeMs": 0, "cx": 0.5, "cy": 0.25, "visible": true, "cursorType": "arrow",
                 "interactionType": "move", "assetId": "a1"},
                {"timeMs": 33, "cx": 0.5, "cy": 0.25, "cursorType": "pointer",
                 "interactionType": "click"},
                {"timeMs": 66, "cx": 0.75, "cy": 0.5, "cursorType": "text",
                 "interactionType": "mouseup", "osCursorHidden": true}
            ],
            "assets": [
                {"id": "a1", "platform": "win32", "imageDataUrl": "data:image/png;base64,iVBORw0KGgo=",
                 "width": 32, "height": 32, "hotspotX": 4, "hotspotY": 8, "scaleFactor": 2,
                 "cursorType": "arrow"}
            ]
        }"#;
        let track = read(text, Point::new(1920.0, 1080.0)).unwrap();
        let positions: Vec<(f64, Point)> =
            track.samples.iter().map(|s| (s.time, s.position)).collect();
        assert_eq!(
            positions,
            [
                (0.0, Point::new(960.0, 270.0)),
                (0.033, Point::new(960.0, 270.0)),
                (0.066, Point::new(1440.0, 540.0)),
            ]
        );
        assert_eq!(track.samples[1].kind, CursorKind::Pointer);
        assert!(!track.samples[2].visible);
        assert_eq!(track.samples[0].image, Some(0));
        let actions: Vec<ButtonAction> = track.buttons.iter().map(|b| b.action).collect();
        assert_eq!(actions, [ButtonAction::Down, ButtonAction::Up]);
        let image = &track.images[0];
        assert_eq!(image.bytes.as_deref(), Some(&b"\x89PNG\r\n\x1a\n"[..]));
        assert_eq!(image.media_type.as_deref(), Some("image/png"));
        assert_eq!(image.hotspot, Some((0.125, 0.25)));
        assert_eq!(image.scale_factor, 2.0);
        assert_eq!(image.kind, Some(CursorKind::Arrow));
    }

    #[test]
    fn a_bare_array_of_samples_is_a_track() {
        let text =
            r#"[{"timeMs": 100, "cx": 0.1, "cy": 0.2}, {"timeMs": 133, "cx": 0.2, "cy": 0.2}]"#;
        let track = read_samples(text, Point::new(1000.0, 500.0)).unwrap();
        assert_eq!(track.samples.len(), 2);
        assert_eq!(track.samples[0].position, Point::new(100.0, 100.0));
        assert_eq!(track.samples[0].kind, CursorKind::Arrow);
        assert!(track.buttons.is_empty());
    }

    #[test]
    fn unknown_shapes_and_broken_images_are_noted() {
        let text = r#"{"samples": [{"timeMs": 0, "cx": 0, "cy": 0, "cursorType": "zoom-in",
            "assetId": "gone"}],
            "assets": [{"id": "x", "imageDataUrl": "data:image/png;base64,***"}]}"#;
        let track = read(text, Point::new(100.0, 100.0)).unwrap();
        assert_eq!(track.unknown_kinds, ["zoom-in"]);
        assert_eq!(track.samples[0].kind, CursorKind::Other);
        assert_eq!(track.image_problems.len(), 1);
        // An id met only in samples still gets an (empty) image.
        assert_eq!(track.images[1].id, "gone");
        assert_eq!(track.samples[0].image, Some(1));
    }

    #[test]
    fn a_missing_field_is_a_schema_error_at_its_line() {
        let text = "{\"samples\": [\n  {\"timeMs\": 0, \"cx\": 0.5}\n]}";
        let error = read(text, Point::new(100.0, 100.0)).unwrap_err();
        assert_eq!(error.position.map(|(line, _)| line), Some(2));
        assert!(
            matches!(&error.kind, crate::TrackErrorKind::Schema { format: TrackFormat::OpenScreen, message } if message.contains("cy")),
            "{error:?}"
        );
    }
}
