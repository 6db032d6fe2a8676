//! Reel's frame plan: what each output frame is drawn from, as plain data.
//!
//! A [`FramePlan`] is the scene evaluated at one output time and turned into an ordered
//! list of [`Layer`]s with typed parameters — the background, the shadow, each recording
//! placed in the frame ([`MediaLayer`]: crop, placement, zoom, rounded corners, border,
//! motion-blur samples, blurred regions). It needs no GPU, so the GPU renderer and a CPU
//! renderer draw the same plan, and tests check it on any machine. Each layer has a
//! [`LayerKey`] (the bits of its parameters), so that renderers keep what they drew for a
//! layer that has not changed since the previous frame.
//!
//! [`Regions`] splits a frame into the areas that need different work (background, the
//! recording's rim, its inside); [`FramePlan::backdrop_scale`] says how coarsely the
//! smooth background and shadow may be drawn. The limits every part shares live in
//! [`limits`].
//!
//! ```
//! use reel_plan::{FramePlan, Layer, SourceFacts};
//! use reel_scene::{Rect, Scene};
//!
//! let scene = Scene::from_ron(
//!     r##"(
//!         source: (path: "recording.mp4"),
//!         output: (path: "export.mp4", size: (1920, 1080)),
//!         background: Color("#204060"),
//!         inset: (padding: 0.1, corner_radius: 12),
//!         shadow: (blur: 40),
//!     )"##,
//!     "scene.ron".as_ref(),
//! )
//! .unwrap();
//! let crop = Rect { x: 0.0, y: 0.0, width: 1280.0, height: 720.0 };
//! let screen = SourceFacts::screen((1280, 720), crop);
//! let plan = FramePlan::build(&scene, 0.0, &screen, (1920, 1080), 30.0);
//! assert!(matches!(plan.layers[..], [Layer::Background(_), Layer::Shadow(_), Layer::Media(_)]));
//! // The recording fills the padded area: 108 pixels from the top.
//! assert!((plan.screen().placement.y - 108.0).abs() < 1e-3);
//! // A still frame a moment later draws the same background and shadow.
//! let later = FramePlan::build(&scene, 0.5, &screen, (1920, 1080), 30.0);
//! assert_eq!(later.unchanged_since(&plan.keys()), [true, true, false]);
//! ```

mod backdrop;
mod background;
mod camera;
mod cursor;
mod key;
mod layer;
mod media;
mod overlay;
mod plan;
mod regions;
mod shadow;
mod source;
mod spotlight;

pub use backdrop::{MAX_BACKDROP_SCALE, UvMap, backdrop_size, cover_map, cover_scale};
pub use background::{BackgroundKind, BackgroundLayer};
pub use camera::{CameraLayer, mirrored};
pub use cursor::{CURSOR_BOX, CursorLayer};
pub use key::{KeyHasher, LayerKey};
pub use layer::{Layer, LayerKind};
pub use media::MediaLayer;
pub use overlay::{OverlayLayer, OverlayPicture};
pub use plan::FramePlan;
pub use reel_scene::limits;
pub use regions::{Regions, Scissor};
pub use shadow::ShadowLayer;
pub use source::{Orientation, SourceFacts, SourceId};
pub use spotlight::SpotlightLayer;

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use reel_scene::{BackgroundLook, FrameLook, LinearRgba, PixelRect, Rect, ShadowLook};

    /// A grey of `value` (linear light) with opacity `alpha`.
    pub fn gray(value: f32, alpha: f32) -> LinearRgba {
        LinearRgba {
            red: value,
            green: value,
            blue: value,
            alpha,
        }
    }

    /// A 1280x720 recording shown whole at `content` of a 1920x1080 frame.
    pub fn plan(
        background: BackgroundLook,
        content: PixelRect,
        shadow: Option<ShadowLook>,
    ) -> FramePlan {
        let crop = Rect {
            x: 0.0,
            y: 0.0,
            width: 1280.0,
            height: 720.0,
        };
        let look = FrameLook {
            background,
            content,
            shadow,
            views: vec![crop],
            ..FrameLook::default()
        };
        FramePlan::from_look(look, &SourceFacts::screen((1280, 720), crop), (1920, 1080))
    }
}
