//! Cursor tracks of screen recordings, and where and how the cursor is drawn at any time.
//!
//! Recorders such as OpenScreen, Recordly and Cap keep the cursor out of the picture and
//! write where it was beside the recording. This crate reads those tracks (and Reel's
//! own JSON lines) into one [`CursorTrack`] in source pixels and seconds of the
//! recording, smooths the path with a damped spring, and answers, for any time, where
//! the cursor is drawn, how it looks and which effects play ([`CursorMotion::state_at`]).
//! It also proposes zooms onto clicks ([`auto_zooms`]). Everything here is pure: no GPU,
//! no decoding, and the same answers for any frame rate and any worker.
//!
//! ```
//! use reel_cursor::{CursorMotion, CursorSettings, CursorTrack, Point};
//!
//! let text = "{\"t\": 0.0, \"x\": 100, \"y\": 100}\n\
//!             {\"t\": 1.0, \"x\": 900, \"y\": 500, \"button\": \"down\"}\n\
//!             {\"t\": 3.0, \"x\": 900, \"y\": 500}\n";
//! let (track, warnings) =
//!     CursorTrack::parse(text, "take1.cursor.jsonl".as_ref(), (1920, 1080)).unwrap();
//! assert!(warnings.is_empty());
//! assert_eq!(track.raw_position_at(0.5), Point::new(500.0, 300.0));
//! let motion = CursorMotion::new(track, &CursorSettings::default()).unwrap();
//! // At the click the cursor is exactly where the click was, and its ring starts.
//! let state = motion.state_at(1.0);
//! assert_eq!(state.position, Point::new(900.0, 500.0));
//! assert_eq!(state.click.unwrap().progress, 0.0);
//! ```

mod auto_zoom;
mod clicks;
mod data_url;
mod detect;
mod error;
mod formats;
mod idle;
mod kind;
mod motion;
mod normalize;
mod picture;
mod point;
mod pull;
pub mod spring;
mod track;

pub use auto_zoom::{AutoZoomRule, MAX_AUTO_ZOOM_TIME, ZoomWindow, auto_zooms, zoom_windows};
pub use clicks::{ClickEffect, ClickStyle, MAX_CLICK_EFFECT};
pub use error::{SettingsError, TrackError, TrackErrorKind, TrackWarning, TrackWarningKind};
pub use formats::TrackFormat;
pub use idle::{IdleHide, MAX_IDLE, MOTION_THRESHOLD};
pub use kind::CursorKind;
pub use motion::{CursorMotion, CursorPictures, CursorSettings, CursorState};
pub use normalize::{FAR_OUTSIDE, SKIP_ONE_IN};
pub use picture::{
    CursorBitmap, CursorImageData, MAX_IMAGE_SIDE, Placed, average, compose, draw_click_ring,
    draw_cursor, draw_image,
};
pub use point::Point;
pub use pull::{ClickPull, MAX_PULL};
pub use spring::{Smoothing, Spring};
pub use track::{ButtonAction, ButtonEvent, CursorImage, CursorSample, CursorTrack};
