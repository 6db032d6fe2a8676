//! The background layer: what fills the frame behind everything else.

use crate::key::{KeyHasher, LayerKey};
use crate::layer::LayerKind;
use crate::source::SourceId;
use reel_scene::BackgroundLook;

/// How a background is drawn, as the shaders switch on it (`BACKGROUND` in
/// `compose.wgsl`; a test checks the numbers agree).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BackgroundKind {
    /// One colour.
    Solid = 0,
    /// A linear gradient.
    Linear = 1,
    /// A radial gradient.
    Radial = 2,
    /// A texture: the scene's image or the blurred recording.
    Texture = 3,
}

/// The background of one frame.
#[derive(Debug, Clone, PartialEq)]
pub struct BackgroundLayer {
    /// What it looks like, in output pixels and linear light.
    pub look: BackgroundLook,
    /// The recording a `Blurred` background shows; `None` for the others.
    pub source: Option<SourceId>,
}

impl BackgroundLayer {
    /// The background `look`, showing the screen recording when it is blurred.
    pub fn new(look: BackgroundLook) -> Self {
        let source = matches!(look, BackgroundLook::Blurred { .. }).then_some(SourceId::SCREEN);
        Self { look, source }
    }

    /// How it is drawn.
    pub fn kind(&self) -> BackgroundKind {
        match self.look {
            BackgroundLook::Solid(_) => BackgroundKind::Solid,
            BackgroundLook::Linear { .. } => BackgroundKind::Linear,
            BackgroundLook::Radial { .. } => BackgroundKind::Radial,
            BackgroundLook::Image { .. } | BackgroundLook::Blurred { .. } => {
                BackgroundKind::Texture
            }
        }
    }

    /// Whether it changes from frame to frame whatever its parameters: a blurred
    /// recording shows the recording's current picture.
    pub fn follows_the_source(&self) -> bool {
        self.source.is_some()
    }

    /// The digest of its parameters.
    pub fn key(&self) -> LayerKey {
        let mut h = KeyHasher::new(LayerKind::Background as u32);
        h.u32(self.kind() as u32);
        match &self.look {
            BackgroundLook::Solid(color) => {
                h.color(color);
            }
            BackgroundLook::Linear { from, to, stops } => {
                h.f32(from.0).f32(from.1).f32(to.0).f32(to.1);
                for stop in stops {
                    h.color(&stop.color).f32(stop.at);
                }
            }
            BackgroundLook::Radial {
                center,
                radius,
                stops,
            } => {
                h.f32(center.0).f32(center.1).f32(*radius);
                for stop in stops {
                    h.color(&stop.color).f32(stop.at);
                }
            }
            BackgroundLook::Image { blur } => {
                h.u32(0).f32(*blur);
            }
            BackgroundLook::Blurred { radius, dim } => {
                h.u32(1).f32(*radius).f32(*dim);
            }
        }
        if let Some(source) = self.source {
            h.u32(source.0);
        }
        h.finish()
    }
}
