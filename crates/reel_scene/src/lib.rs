//! Reel's scene model: what an export looks like, written as a RON file.
//!
//! A scene names a source recording, an output file, and the look of every output frame.
//! This crate reads a scene ([`Scene::load`]), checks its values ([`Scene::validate`]),
//! resolves its paths against the scene file's folder, and evaluates the look at any output
//! time ([`Scene::look_at`]). It knows nothing about decoding, the GPU or encoding, so the
//! same scene drives the export pipeline, single-frame previews and tools outside Reel.
//! Services that render scenes written by others confine them to one folder and to hard
//! limits with [`Scene::confine`] and a [`Confinement`].
//!
//! ```
//! use reel_scene::Scene;
//!
//! let scene = Scene::from_ron(
//!     r#"(
//!         source: (path: "recording.mp4"),
//!         output: (path: "export.mp4", size: (1280, 720), fps: 30),
//!     )"#,
//!     "scenes/example.ron".as_ref(),
//! )
//! .unwrap();
//! assert_eq!(scene.output.size, Some((1280, 720)));
//! // Relative paths resolve against the scene file's folder.
//! assert_eq!(scene.source.path, std::path::Path::new("scenes/recording.mp4"));
//! ```

mod annotations;
mod camera;
mod camera_layout;
mod captions;
mod color;
mod confine;
mod cursor;
mod error;
mod evaluate;
mod format;
mod fps;
mod keystrokes;
pub mod limits;
mod load;
mod locate;
mod model;
mod music;
mod timeline;
mod validate;
pub mod wallpapers;
mod zoom;
mod zooms;

pub use annotations::{
    ANNOTATION_REFERENCE_HEIGHT, Anchor, Annotation, ArrowNote, BoxNote, EllipseNote, ImageNote,
    MAX_ANNOTATIONS, NoteTime, Space, SpotlightNote, TextNote,
};
pub use camera::{CAMERA_SIZE_RANGE, Camera, CameraLook, CameraPosition, CameraShape};
pub use camera_layout::{CameraLayout, Layout, LayoutState, SIDE_BY_SIDE_SHARE, zoom_envelope};
pub use captions::{
    CAPTION_SIZE_RANGE, CaptionBox, CaptionPosition, CaptionTime, Captions, DEFAULT_FONT_FAMILY,
    Font, Outline,
};
pub use color::{Color, LinearRgba};
pub use confine::{
    CONFINED_MAX_DURATION, CONFINED_MAX_FPS, CONFINED_MAX_FRAMES, CONFINED_MAX_PIXELS, Confinement,
};
pub use cursor::{CURSOR_SIZE_RANGE, Cursor, CursorClicks, CursorImageFile, CursorSmoothing};
pub use error::{SceneError, SceneErrorKind};
pub use evaluate::{
    BackgroundLook, BlurLook, BorderLook, FrameLook, GradientStop, PixelRect, ShadowLook, fit_rect,
};
pub use format::{
    Chroma, DEFAULT_GIF_FPS, DEFAULT_GIF_WIDTH, FramePixels, HardwareEncoder, MAX_GIF_FPS,
    MAX_GIF_WIDTH, Quality, Scaling, VideoFormat,
};
pub use fps::FrameRate;
pub use keystrokes::{KEYSTROKE_SIZE_RANGE, KeyLabels, Keystrokes, MAX_KEYSTROKE_PILLS, Typing};
pub use limits::{
    MAX_EFFECT_PIXELS, MAX_FPS, MAX_GRADIENT_STOPS, MAX_OUTPUT_DIMENSION, MAX_SOURCE_COORDINATE,
    MAX_ZOOM_SCALE, MIN_OUTPUT_DIMENSION,
};
pub use model::{
    Audio, AudioSpeed, Background, BlurKeyframe, BlurRegion, Border, DEFAULT_TRANSITION, Ease, Fit,
    Inset, MotionBlur, OutputSpec, Rect, Scene, Shadow, SoundFrom, SourceSpec, Stop, Trim, Zoom,
};
pub use music::{MAX_MUSIC_FADE, MAX_MUSIC_VOLUME, Music};
pub use timeline::{
    Clip, Incoming, MAX_CLIPS, MAX_SPEED, MIN_SPEED, PlacedClip, Shown, Timeline, Transition,
    TransitionKind, check_clip_against_source,
};
pub use validate::X264_PRESETS;
pub use zoom::{
    DEFAULT_ZOOM_SCALE, FOLLOW_REACH, Follow, FollowPoint, Framing, View, rect_framed, view_at,
    view_following,
};
pub use zooms::{AutoZoom, MAX_AUTO_ZOOM_TIME, Zooms};

/// The result type of this crate.
pub type Result<T, E = SceneError> = core::result::Result<T, E>;
