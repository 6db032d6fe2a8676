//! The shadow layer: a blurred rounded rectangle under a media layer.

use crate::key::{KeyHasher, LayerKey};
use crate::layer::LayerKind;
use reel_scene::ShadowLook;

/// A shadow: the rectangle it is cast by, blurred, in output pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShadowLayer(pub ShadowLook);

impl ShadowLayer {
    /// How far from its rectangle the shadow can be seen, in output pixels: three
    /// standard deviations, and a pixel for rounding.
    pub fn reach(&self) -> f32 {
        3.0 * self.0.sigma + 1.0
    }

    /// The digest of its parameters: while it stays the same, so does the shadow.
    pub fn key(&self) -> LayerKey {
        let s = &self.0;
        KeyHasher::new(LayerKind::Shadow as u32)
            .pixel_rect(&s.rect)
            .f32(s.corner_radius)
            .f32(s.sigma)
            .color(&s.color)
            .finish()
    }
}
