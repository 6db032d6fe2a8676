//! The spotlight layer: everything the frame shows under the camera darkened, but for
//! a rounded rectangle left lit.

use crate::key::{KeyHasher, LayerKey};
use crate::layer::LayerKind;
use reel_scene::PixelRect;

/// A spotlight over the frame, in output pixels. Both renderers scale each pixel's
/// displayed values (its R'G'B', or its Y'CbCr codes about black and neutral chroma)
/// by [`SpotlightLayer::factor`]: 1 inside the rectangle, `1 - dim` outside.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpotlightLayer {
    /// The rectangle left lit.
    pub rect: PixelRect,
    /// The radius of its corners.
    pub radius: f32,
    /// How wide the soft edge between lit and dark is (at least one pixel).
    pub feather: f32,
    /// How much darker the rest is, 0 to 1, the spotlight's fade already applied.
    pub dim: f32,
}

impl SpotlightLayer {
    /// What the displayed values at output position `p` (a pixel's centre) are
    /// multiplied by.
    pub fn factor(&self, p: (f32, f32)) -> f32 {
        let r = &self.rect;
        let radius = self.clamped_radius();
        let half = (r.width / 2.0, r.height / 2.0);
        let q = (
            (p.0 - (r.x + half.0)).abs() - half.0 + radius,
            (p.1 - (r.y + half.1)).abs() - half.1 + radius,
        );
        let distance = q.0.max(0.0).hypot(q.1.max(0.0)) + q.0.max(q.1).min(0.0) - radius;
        let lit = (0.5 - distance / self.feather.max(1.0)).clamp(0.0, 1.0);
        1.0 - self.dim * (1.0 - lit)
    }

    /// The radius as the renderers use it: no more than half the rectangle's sides.
    pub fn clamped_radius(&self) -> f32 {
        self.radius
            .min(self.rect.width / 2.0)
            .min(self.rect.height / 2.0)
            .max(0.0)
    }

    /// The digest of its parameters.
    pub fn key(&self) -> LayerKey {
        let mut h = KeyHasher::new(LayerKind::Spotlight as u32);
        let r = &self.rect;
        h.f32(r.x)
            .f32(r.y)
            .f32(r.width)
            .f32(r.height)
            .f32(self.radius)
            .f32(self.feather)
            .f32(self.dim);
        h.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spot(feather: f32) -> SpotlightLayer {
        SpotlightLayer {
            rect: PixelRect {
                x: 100.0,
                y: 50.0,
                width: 200.0,
                height: 100.0,
            },
            radius: 10.0,
            feather,
            dim: 0.6,
        }
    }

    #[test]
    fn inside_is_lit_outside_is_dimmed_and_the_edge_is_a_ramp() {
        let s = spot(0.0);
        assert_eq!(s.factor((200.5, 100.5)), 1.0);
        assert!((s.factor((10.5, 10.5)) - 0.4).abs() < 1e-6);
        // The pixel centred on the left edge is half lit.
        assert!((s.factor((100.0, 100.5)) - 0.7).abs() < 1e-6);
        // A rounded corner: the rectangle's corner pixel itself is dark.
        assert!((s.factor((100.5, 50.5)) - 0.4).abs() < 1e-6);
    }

    #[test]
    fn a_feather_widens_the_ramp() {
        let sharp = spot(0.0);
        let soft = spot(20.0);
        let p = (95.0, 100.5);
        assert!((sharp.factor(p) - 0.4).abs() < 1e-6);
        let f = soft.factor(p);
        assert!(f > 0.4 && f < 0.7, "{f}");
    }
}
