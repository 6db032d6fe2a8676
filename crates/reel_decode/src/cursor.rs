//! The scene's cursor track, read beside the recording and prepared to be drawn.

use reel_cursor::{
    ClickPull, ClickStyle, CursorMotion, CursorSettings, CursorTrack, IdleHide, Smoothing,
    TrackError,
};
use reel_scene::{Cursor, CursorSmoothing, Scene};
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
    let motion = CursorMotion::new(track, &cursor_settings(cursor))
        .expect("the scene's cursor presets are valid settings");
    Ok(Some(Arc::new(motion)))
}
