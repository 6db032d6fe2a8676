//! The camera layer: the presenter's camera recording over the screen — a media layer of
//! its own (its source, orientation, crop, place, corners, border) with its own shadow.

use crate::key::{KeyHasher, LayerKey};
use crate::layer::LayerKind;
use crate::media::MediaLayer;
use crate::regions::Scissor;
use crate::shadow::ShadowLayer;
use crate::source::{Orientation, SourceFacts, SourceId};
use reel_scene::{CameraLook, Rect, Scaling, ShadowLook};

/// The camera drawn over the screen (and its cursor).
#[derive(Debug, Clone, PartialEq)]
pub struct CameraLayer {
    /// The camera's recording placed in the frame: one view, no blurred regions.
    pub media: MediaLayer,
    /// Its shadow, drawn under it.
    pub shadow: Option<ShadowLook>,
    /// Its opacity, 0 to 1.
    pub opacity: f32,
}

impl CameraLayer {
    /// The camera recording `camera` shown as `look` says. A mirrored camera is the same
    /// recording turned by one more mirror, its view mirrored with it.
    pub fn place(look: &CameraLook, camera: &SourceFacts) -> Self {
        let mut orientation = camera.orientation;
        let mut view = look.view;
        let mut crop = camera.crop;
        if look.mirror {
            orientation = mirrored(orientation);
            let width = camera.size.0 as f32;
            view.x = width - view.x - view.width;
            crop.x = width - crop.x - crop.width;
        }
        let media = MediaLayer {
            source: camera.id,
            orientation,
            crop,
            placement: look.content,
            corner_radius: look.corner_radius,
            border: look.border,
            views: vec![view],
            redactions: Vec::new(),
            scaling: Scaling::Bilinear,
        };
        Self {
            media,
            shadow: look.shadow,
            opacity: 1.0,
        }
    }

    /// How many camera pixels one output pixel spans (the larger of its two axes).
    pub fn shrink(&self) -> f32 {
        let (view, place) = (&self.media.views[0], &self.media.placement);
        (view.width / place.width.max(1e-6)).max(view.height / place.height.max(1e-6))
    }

    /// Whether each output pixel averages the camera pixels it covers rather than
    /// taking one bilinear sample: where the camera is shown at less than half its
    /// size, so that fine detail does not shimmer.
    pub fn is_averaged(&self) -> bool {
        self.shrink() > 2.0
    }

    /// The bilinear samples across and down each output pixel the GPU renderer
    /// averages: each covers two camera pixels, so half the shrink, 1 to 8.
    pub fn taps(&self) -> u32 {
        if !self.is_averaged() {
            return 1;
        }
        ((self.shrink() / 2.0).ceil() as u32).clamp(1, 8)
    }

    /// The whole output pixels the camera and its shadow touch, if any lie in the frame.
    pub fn bounds(&self, output: (u32, u32)) -> Option<Scissor> {
        let c = self.media.placement;
        let (mut x0, mut y0, mut x1, mut y1) = (c.x, c.y, c.x + c.width, c.y + c.height);
        if let Some(shadow) = self.shadow {
            let reach = ShadowLayer(shadow).reach();
            let r = shadow.rect;
            x0 = x0.min(r.x - reach);
            y0 = y0.min(r.y - reach);
            x1 = x1.max(r.x + r.width + reach);
            y1 = y1.max(r.y + r.height + reach);
        }
        let x = |v: f32| v.clamp(0.0, output.0 as f32) as u32;
        let y = |v: f32| v.clamp(0.0, output.1 as f32) as u32;
        Scissor::span(x(x0.floor()), x(x1.ceil()), y(y0.floor()), y(y1.ceil()))
    }

    /// The digest of every parameter but the camera's picture.
    pub fn key(&self) -> LayerKey {
        let mut h = KeyHasher::new(LayerKind::Camera as u32);
        h.u64(self.media.key().0).f32(self.opacity);
        if let Some(shadow) = &self.shadow {
            h.u64(ShadowLayer(*shadow).key().0);
        }
        h.finish()
    }
}

/// `orientation` followed by a left-to-right mirror of the upright picture: a mirror
/// after `k` clockwise quarter turns is the other mirror state and `-k` turns.
pub fn mirrored(orientation: Orientation) -> Orientation {
    Orientation {
        quarter_turns: (4 - orientation.quarter_turns % 4) % 4,
        mirrored: !orientation.mirrored,
    }
}

impl SourceFacts {
    /// The facts of a camera recording of `size` upright pixels, turned by
    /// `orientation`, shown through `crop`.
    pub fn camera(size: (u32, u32), orientation: Orientation, crop: Rect) -> Self {
        Self {
            id: SourceId::CAMERA,
            size,
            orientation,
            crop,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(o: Orientation, stored: (u32, u32), p: (f32, f32)) -> (f32, f32) {
        let [a, b, c, d, e, f] = o.to_stored(stored);
        (a * p.0 + b * p.1 + e, c * p.0 + d * p.1 + f)
    }

    #[test]
    fn a_mirror_flips_the_upright_picture_whatever_its_turn() {
        let stored = (320, 180);
        for quarter_turns in 0..4 {
            for flipped in [false, true] {
                let o = Orientation {
                    quarter_turns,
                    mirrored: flipped,
                };
                let m = mirrored(o);
                let (w, _) = o.upright_size(stored);
                assert_eq!(m.upright_size(stored), o.upright_size(stored));
                for p in [(0.0, 0.0), (10.0, 20.0), (37.0, 5.0)] {
                    let flipped_p = (w as f32 - p.0, p.1);
                    assert_eq!(map(m, stored, p), map(o, stored, flipped_p), "{o:?} {p:?}");
                }
            }
        }
    }

    #[test]
    fn the_inside_leaves_out_the_camera_s_blocks_and_says_which() {
        use crate::{FramePlan, Regions};
        use reel_scene::Scene;
        let scene = Scene::from_ron(
            r#"(source: (path: "a.mp4"), output: (path: "b.mp4", size: (1280, 720)), camera: (path: "c.mp4", shadow: (blur: 10)))"#,
            "s.ron".as_ref(),
        )
        .unwrap();
        let crop = Rect {
            x: 0.0,
            y: 0.0,
            width: 1280.0,
            height: 720.0,
        };
        let screen = SourceFacts::screen((1280, 720), crop);
        let camera = scene.camera.as_ref().unwrap();
        let look = camera.look((640, 480), (1280, 720));
        let facts = SourceFacts::camera(
            (640, 480),
            Orientation::UPRIGHT,
            camera.crop_rect((640, 480)),
        );
        let plain = FramePlan::build(&scene, 0.0, &screen, (1280, 720), 30.0);
        let with = plain
            .clone()
            .with_camera(Some(CameraLayer::place(&look, &facts)));
        let area = |r: &[Scissor]| {
            r.iter()
                .map(|s| u64::from(s.width) * u64::from(s.height))
                .sum::<u64>()
        };
        let (before, after) = (Regions::new(&plain), Regions::new(&with));
        let bounds = after.camera.unwrap();
        // Whole 2x2 blocks round the circle and its shadow, in the bottom right corner.
        assert!(bounds.x % 2 == 0 && bounds.width % 2 == 0 && bounds.right() <= 1280);
        // The shadow reaches 3 standard deviations and a pixel past the circle: 16.
        assert_eq!(
            (bounds.x, bounds.bottom()),
            (1280 - 32 - 180 - 16, 720 - 32 + 16)
        );
        // Inside and what it leaves out for the camera are the inside without one.
        assert!(after.inside.iter().all(|s| s.intersect(&bounds).is_none()));
        assert_eq!(
            area(&after.inside) + area(&after.under_overlays),
            area(&before.inside)
        );
        assert!(before.under_overlays.is_empty());
    }
}
