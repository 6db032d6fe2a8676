//! The layers a frame is drawn from, back to front.

use crate::background::BackgroundLayer;
use crate::camera::CameraLayer;
use crate::cursor::CursorLayer;
use crate::key::LayerKey;
use crate::media::MediaLayer;
use crate::overlay::OverlayLayer;
use crate::shadow::ShadowLayer;
use crate::spotlight::SpotlightLayer;

/// The kinds of layer, numbered for keys and shaders.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LayerKind {
    /// What fills the frame: a colour, gradient, image or the blurred recording.
    Background = 0,
    /// A blurred rounded rectangle under a media layer.
    Shadow = 1,
    /// A recording placed in the frame.
    Media = 2,
    /// The cursor redrawn from its track.
    Cursor = 3,
    /// The presenter's camera over the screen.
    Camera = 4,
    /// Words and marks over the whole frame: annotations and captions.
    Overlay = 5,
    /// Everything under the camera darkened but for a rectangle.
    Spotlight = 6,
}

/// One visual element of a frame. Renderers draw a plan's layers back to front; each
/// kind has its own parameters, and a new kind is a new variant here and a module in
/// each renderer.
#[derive(Debug, Clone, PartialEq)]
pub enum Layer {
    /// What fills the frame behind everything.
    Background(BackgroundLayer),
    /// A shadow under the media layer that follows it.
    Shadow(ShadowLayer),
    /// A recording.
    Media(MediaLayer),
    /// The cursor, over the screen.
    Cursor(CursorLayer),
    /// The camera, over everything.
    Camera(CameraLayer),
    /// A spotlight, over the cursor and under the camera.
    Spotlight(SpotlightLayer),
    /// Annotations and captions, over everything.
    Overlay(OverlayLayer),
}

impl Layer {
    /// The layer's kind.
    pub fn kind(&self) -> LayerKind {
        match self {
            Layer::Background(_) => LayerKind::Background,
            Layer::Shadow(_) => LayerKind::Shadow,
            Layer::Media(_) => LayerKind::Media,
            Layer::Cursor(_) => LayerKind::Cursor,
            Layer::Camera(_) => LayerKind::Camera,
            Layer::Spotlight(_) => LayerKind::Spotlight,
            Layer::Overlay(_) => LayerKind::Overlay,
        }
    }

    /// The digest of its parameters.
    pub fn key(&self) -> LayerKey {
        match self {
            Layer::Background(layer) => layer.key(),
            Layer::Shadow(layer) => layer.key(),
            Layer::Media(layer) => layer.key(),
            Layer::Cursor(layer) => layer.key(),
            Layer::Camera(layer) => layer.key(),
            Layer::Spotlight(layer) => layer.key(),
            Layer::Overlay(layer) => layer.key(),
        }
    }

    /// Whether its pixels depend on a recording's current picture, so that it must be
    /// drawn every frame even while its key stays the same.
    pub fn follows_a_source(&self) -> bool {
        match self {
            Layer::Background(layer) => layer.follows_the_source(),
            Layer::Shadow(_) | Layer::Cursor(_) | Layer::Spotlight(_) | Layer::Overlay(_) => false,
            Layer::Media(_) | Layer::Camera(_) => true,
        }
    }
}
