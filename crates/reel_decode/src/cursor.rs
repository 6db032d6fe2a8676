//! The scene's cursor track, read beside the recording and prepared to be drawn.

use reel_cursor::{
    ClickPull, ClickStyle, CursorImage, CursorImageData, CursorMotion, CursorPictures,
    CursorSettings, CursorTrack, IdleHide, Smoothing, TrackError, TrackErrorKind,
};
use reel_scene::{Cursor, CursorImageFile, CursorSmoothing, Scene};
use std::path::{Component, Path};
use std::sync::Arc;

/// The motion settings a scene's `cursor` asks for.
pub fn cursor_settings(cursor: &Cursor) -> CursorSettings {
    CursorSettings {
        smoothing: match cursor.smoothing {
            CursorSmoothing::None => Smoothing::None,
            CursorSmoothing::Gentle => Smoothing::Gentle,
            CursorSmoothing::Smooth => Smoothing::Smooth,
            CursorSmoothing::Snappy => Smoothing::Snappy,
        },
        pull: ClickPull::default(),
        idle: cursor.hide_when_idle.then(IdleHide::default),
        click: match &cursor.clicks {
            Some(clicks) => ClickStyle {
                duration: clicks.duration,
                shrink: f64::from(clicks.shrink),
                ..ClickStyle::default()
            },
            None => ClickStyle {
                shrink: 1.0,
                ..ClickStyle::default()
            },
        },
    }
}

/// Reads the track of `scene`'s cursor for a screen recording of `screen` pixels
/// (upright) and prepares its motion; `None` when the scene draws no cursor. What the
/// track's reader skipped is logged as warnings, one a kind.
pub fn load_cursor(
    scene: &Scene,
    screen: (u32, u32),
) -> Result<Option<Arc<CursorMotion>>, TrackError> {
    let Some(cursor) = &scene.cursor else {
        return Ok(None);
    };
    let (track, warnings) = CursorTrack::read(&cursor.track, screen)?;
    for warning in warnings {
        tracing::warn!("{warning}");
    }
    let pictures = CursorPictures {
        recorded: if cursor.recorder_images {
            recorded_pictures(&track, &cursor.track)
        } else {
            Vec::new()
        },
        custom: cursor.image.as_ref().map(custom_picture).transpose()?,
    };
    let motion = CursorMotion::new(track, &cursor_settings(cursor))
        .expect("the scene's cursor presets are valid settings")
        .with_pictures(pictures);
    Ok(Some(Arc::new(motion)))
}

/// The scene's own cursor image, decoded: drawn as tall as an ordinary cursor.
fn custom_picture(image: &CursorImageFile) -> Result<Arc<CursorImageData>, TrackError> {
    let failed = |reason: String| TrackError {
        file: image.path.clone(),
        position: None,
        kind: TrackErrorKind::Image(reason),
    };
    let bytes = std::fs::read(&image.path).map_err(|e| failed(e.to_string()))?;
    let mut data = CursorImageData::from_png(&bytes, (0.0, 0.0)).map_err(failed)?;
    let (x, y) = image.hotspot;
    if x > data.width as f32 || y > data.height as f32 {
        return Err(failed(format!(
            "the hotspot ({x}, {y}) is outside the {}x{} image",
            data.width, data.height
        )));
    }
    data.hotspot = (x, y);
    data.units = CURSOR_UNITS;
    Ok(Arc::new(data))
}

/// The height of an ordinary cursor, in the units of a picture's `units`.
const CURSOR_UNITS: f32 = 32.0;

/// The recorder's cursor images of `track` (read from `file`), decoded where they can
/// be: embedded PNGs, or PNG files beside the track (named relative to its folder, never
/// outside it). One warning names those that cannot be, which are drawn with the
/// built-in shapes.
fn recorded_pictures(track: &CursorTrack, file: &Path) -> Vec<Option<Arc<CursorImageData>>> {
    let folder = file.parent().unwrap_or(Path::new(""));
    let mut problems = Vec::new();
    let pictures = track
        .images()
        .iter()
        .map(|image| match recorded_picture(image, folder) {
            Ok(picture) => picture.map(Arc::new),
            Err(reason) => {
                problems.push(format!("{}: {reason}", image.id));
                None
            }
        })
        .collect();
    if !problems.is_empty() {
        tracing::warn!(
            "{}: {} cursor image(s) drawn with the built-in shapes instead: {}",
            file.display(),
            problems.len(),
            problems.join("; ")
        );
    }
    pictures
}

/// One recorder image decoded; `None` when the track names no picture for it.
fn recorded_picture(image: &CursorImage, folder: &Path) -> Result<Option<CursorImageData>, String> {
    let bytes = match (&image.bytes, &image.path) {
        (Some(bytes), _) => bytes.clone(),
        (None, Some(path)) => {
            let inside = path
                .components()
                .all(|part| matches!(part, Component::Normal(_) | Component::CurDir));
            if !inside {
                return Err(format!(
                    "{} is not a file inside the track's folder",
                    path.display()
                ));
            }
            std::fs::read(folder.join(path)).map_err(|e| format!("{}: {e}", path.display()))?
        }
        (None, None) => return Ok(None),
    };
    let mut data = CursorImageData::from_png(&bytes, image.hotspot.unwrap_or((0.0, 0.0)))?;
    // The image's pixels per point of the screen it was made for (2 on a Retina one).
    data.units = data.height as f32 / image.scale_factor.max(1e-3) as f32;
    Ok(Some(data))
}
