//! The frame plan: a frame's layers, built from the scene evaluated at an output time.

use crate::background::BackgroundLayer;
use crate::camera::CameraLayer;
use crate::cursor::CursorLayer;
use crate::key::LayerKey;
use crate::layer::Layer;
use crate::media::MediaLayer;
use crate::overlay::OverlayLayer;
use crate::shadow::ShadowLayer;
use crate::source::SourceFacts;
use crate::spotlight::SpotlightLayer;
use reel_scene::{Follow, FrameLook, Scaling, Scene};

/// Everything a renderer needs to draw one output frame: its size and its layers, back
/// to front. Plain data, made without a GPU; both renderers draw the same plan.
///
/// A plan always starts with its background and has the screen recording's media
/// layer; a shadow, when there is one, comes just before the media layer it belongs to,
/// then the cursor, when the frame shows one, and the camera, when the scene has one
/// and the frame shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct FramePlan {
    /// The output's width and height in pixels.
    pub output: (u32, u32),
    /// The layers, back to front.
    pub layers: Vec<Layer>,
}

impl FramePlan {
    /// The plan of the frame at output time `time` (seconds) of `scene`, whose screen
    /// recording is `screen`, rendered `output`-sized at `fps` frames per second (which
    /// sets the motion blur's exposure).
    pub fn build(
        scene: &Scene,
        time: f64,
        screen: &SourceFacts,
        output: (u32, u32),
        fps: f64,
    ) -> Self {
        Self::build_following(scene, time, (screen, output, fps), &|_| None)
    }

    /// As [`FramePlan::build`] (`(screen, output, fps)` as there), with `follow` saying
    /// what the scene's zooms that follow the cursor look at.
    pub fn build_following(
        scene: &Scene,
        time: f64,
        (screen, output, fps): (&SourceFacts, (u32, u32), f64),
        follow: Follow<'_>,
    ) -> Self {
        let look = scene.look_following(time, (screen.size, output, fps), follow);
        let mut plan = Self::from_look(look, screen, output);
        let media = plan.screen_mut();
        media.scaling = Scaling::for_magnification(scene.output.scaling, media.magnification());
        plan
    }

    /// The plan of a frame that looks like `look`, showing `screen` (resampled
    /// bilinearly: [`FramePlan::build`] picks the scene's filter).
    pub fn from_look(look: FrameLook, screen: &SourceFacts, output: (u32, u32)) -> Self {
        let mut layers = vec![Layer::Background(BackgroundLayer::new(look.background))];
        if let Some(shadow) = look.shadow {
            layers.push(Layer::Shadow(ShadowLayer(shadow)));
        }
        layers.push(Layer::Media(MediaLayer {
            source: screen.id,
            orientation: screen.orientation,
            crop: screen.crop,
            placement: look.content,
            corner_radius: look.corner_radius,
            border: look.border,
            views: look.views,
            redactions: look.blurs,
            scaling: Scaling::Bilinear,
        }));
        Self { output, layers }
    }

    /// The background layer.
    pub fn background(&self) -> &BackgroundLayer {
        match self.layers.first() {
            Some(Layer::Background(background)) => background,
            _ => unreachable!("a frame plan starts with its background"),
        }
    }

    /// The screen recording's shadow, if it casts one.
    pub fn shadow(&self) -> Option<&ShadowLayer> {
        self.layers.iter().find_map(|layer| match layer {
            Layer::Shadow(shadow) => Some(shadow),
            _ => None,
        })
    }

    /// The media layers, back to front.
    pub fn media(&self) -> impl Iterator<Item = &MediaLayer> {
        self.layers.iter().filter_map(|layer| match layer {
            Layer::Media(media) => Some(media),
            _ => None,
        })
    }

    /// The screen recording's media layer.
    pub fn screen(&self) -> &MediaLayer {
        self.media()
            .next()
            .expect("a frame plan has the screen's media layer")
    }

    /// The screen recording's media layer, to change.
    pub fn screen_mut(&mut self) -> &mut MediaLayer {
        self.layers
            .iter_mut()
            .find_map(|layer| match layer {
                Layer::Media(media) => Some(media),
                _ => None,
            })
            .expect("a frame plan has the screen's media layer")
    }

    /// This plan with `cursor` drawn over everything, when there is one.
    pub fn with_cursor(mut self, cursor: Option<CursorLayer>) -> Self {
        self.layers.extend(cursor.map(Layer::Cursor));
        self
    }

    /// The cursor, when the frame shows one.
    pub fn cursor(&self) -> Option<&CursorLayer> {
        self.layers.iter().find_map(|layer| match layer {
            Layer::Cursor(cursor) => Some(cursor),
            _ => None,
        })
    }

    /// This plan with `camera` drawn over everything, when there is one.
    pub fn with_camera(mut self, camera: Option<CameraLayer>) -> Self {
        self.layers.extend(camera.map(Layer::Camera));
        self
    }

    /// This plan with `spotlight` over what it has so far (the camera and the overlay
    /// come after it), when there is one.
    pub fn with_spotlight(mut self, spotlight: Option<SpotlightLayer>) -> Self {
        self.layers.extend(spotlight.map(Layer::Spotlight));
        self
    }

    /// The spotlight, when the frame shows one.
    pub fn spotlight(&self) -> Option<&SpotlightLayer> {
        self.layers.iter().find_map(|layer| match layer {
            Layer::Spotlight(spotlight) => Some(spotlight),
            _ => None,
        })
    }

    /// This plan with `overlay` (annotations and captions) over everything, when there
    /// is one.
    pub fn with_overlay(mut self, overlay: Option<OverlayLayer>) -> Self {
        self.layers.extend(overlay.map(Layer::Overlay));
        self
    }

    /// The overlay, when the frame shows one.
    pub fn overlay(&self) -> Option<&OverlayLayer> {
        self.layers.iter().find_map(|layer| match layer {
            Layer::Overlay(overlay) => Some(overlay),
            _ => None,
        })
    }

    /// The camera, when the frame shows one.
    pub fn camera(&self) -> Option<&CameraLayer> {
        self.layers.iter().find_map(|layer| match layer {
            Layer::Camera(camera) => Some(camera),
            _ => None,
        })
    }

    /// The key of each layer, in order.
    pub fn keys(&self) -> Vec<LayerKey> {
        self.layers.iter().map(Layer::key).collect()
    }

    /// For each layer, whether it draws exactly what it drew in a frame whose layers had
    /// `previous` keys: the same key at the same place, and no recording's picture in it.
    pub fn unchanged_since(&self, previous: &[LayerKey]) -> Vec<bool> {
        self.layers
            .iter()
            .enumerate()
            .map(|(i, layer)| !layer.follows_a_source() && previous.get(i) == Some(&layer.key()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Layer, SourceId};
    use reel_scene::Rect;

    const SOURCE: (u32, u32) = (1280, 720);

    fn scene(fields: &str) -> Scene {
        scene_from(r#"source: (path: "a.mp4")"#, fields)
    }

    fn scene_from(source: &str, fields: &str) -> Scene {
        Scene::from_ron(
            &format!(r#"({source}, output: (path: "b.mp4"){fields})"#),
            "s.ron".as_ref(),
        )
        .unwrap()
    }

    fn screen(crop: Option<Rect>) -> SourceFacts {
        let whole = Rect {
            x: 0.0,
            y: 0.0,
            width: SOURCE.0 as f32,
            height: SOURCE.1 as f32,
        };
        SourceFacts::screen(SOURCE, crop.unwrap_or(whole))
    }

    /// Asserts that each value is within a thousandth of a pixel of the expected one.
    fn assert_close(got: &[f32], expected: &[f32]) {
        let close = got.iter().zip(expected).all(|(a, b)| (a - b).abs() < 1e-3);
        assert!(
            close && got.len() == expected.len(),
            "{got:?} != {expected:?}"
        );
    }

    fn plan_at(scene: &Scene, time: f64) -> FramePlan {
        let facts = screen(scene.source.crop);
        FramePlan::build(scene, time, &facts, (1920, 1080), 30.0)
    }

    #[test]
    fn layers_come_back_to_front() {
        let plain = plan_at(&scene(""), 0.0);
        assert!(matches!(
            plain.layers[..],
            [Layer::Background(_), Layer::Media(_)]
        ));
        assert_eq!(plain.screen().source, SourceId::SCREEN);
        assert!(plain.shadow().is_none());
        let shadowed = plan_at(&scene(", shadow: (blur: 20)"), 0.0);
        assert!(matches!(
            shadowed.layers[..],
            [Layer::Background(_), Layer::Shadow(_), Layer::Media(_)]
        ));
        assert_eq!(shadowed.shadow().unwrap().0.sigma, 10.0);
    }

    #[test]
    fn placement_fits_the_crop_inside_the_padding() {
        let scene = scene_from(
            r#"source: (path: "a.mp4", crop: (x: 100, y: 0, width: 960, height: 720))"#,
            ", inset: (padding: 0.1)",
        );
        let plan = plan_at(&scene, 0.0);
        let media = plan.screen();
        // A 4:3 crop in the 1704x864 padded area: 1152x864, centred.
        let p = media.placement;
        assert_close(
            &[p.x, p.y, p.width, p.height],
            &[384.0, 108.0, 1152.0, 864.0],
        );
        assert_eq!(media.crop.x, 100.0);
        assert_eq!(media.views, [media.crop]);
        assert_close(&[media.magnification()], &[1.2]);
        // The placement's corners show the crop's corners, half a pixel in.
        let at = |x: f32, y: f32| {
            let s = media.source_position(&media.views[0], (x, y));
            [s.0, s.1]
        };
        assert_close(&at(384.0, 108.0), &[100.5, 0.5]);
        assert_close(&at(1536.0, 972.0), &[1059.5, 719.5]);
        // Outside the placement, the nearest edge.
        assert_close(&at(0.0, 540.0), &[100.5, 360.0]);
    }

    #[test]
    fn a_zoom_narrows_the_view_about_its_centre() {
        let scene =
            scene(", zooms: [(start: 1, end: 3, scale: 2, center: (320, 180), transition: 0.5)]");
        let before = plan_at(&scene, 0.5);
        assert_eq!(before.screen().views[0].width, 1280.0);
        let zoomed = plan_at(&scene, 2.0);
        let media = zoomed.screen();
        let view = media.views[0];
        assert_eq!((view.width, view.height), (640.0, 360.0));
        assert_eq!((view.x, view.y), (0.0, 0.0));
        assert_close(&[media.magnification()], &[3.0]);
        // The output's centre shows the view's centre: the zoom's centre.
        let centre = media.source_position(&view, (960.0, 540.0));
        assert_close(&[centre.0, centre.1], &[320.0, 180.0]);
        // Half-way through moving in, the view is between the two.
        let moving = plan_at(&scene, 1.25).screen().views[0];
        assert!(moving.width < 1280.0 && moving.width > 640.0, "{moving:?}");
    }

    #[test]
    fn keys_say_what_changed_since_the_last_frame() {
        let scene = scene(
            ", background: Color(\"#336699\"), shadow: (blur: 30), zooms: [(start: 1, end: 3, scale: 2, transition: 0.5)], blur_regions: [(rect: (x: 0, y: 0, width: 50, height: 50), start: 0.5)]",
        );
        let first = plan_at(&scene, 0.0);
        let second = plan_at(&scene, 0.1);
        // Background and shadow stay; the media layer shows a new picture every frame.
        assert_eq!(second.unchanged_since(&first.keys()), [true, true, false]);
        assert_eq!(first.keys()[2], second.keys()[2], "same shape, new picture");
        // A blurred region appears: the media layer's key changes.
        let third = plan_at(&scene, 0.6);
        assert_ne!(third.keys()[2], second.keys()[2]);
        // Zooming moves the view but not the background or the shadow.
        let zooming = plan_at(&scene, 1.2);
        assert_eq!(zooming.keys()[..2], first.keys()[..2]);
        assert_ne!(zooming.keys()[2], third.keys()[2]);
        // Nothing before: everything is drawn.
        assert_eq!(first.unchanged_since(&[]), [false, false, false]);
    }

    #[test]
    fn a_blurred_background_follows_the_recording() {
        let scene = scene(", background: Blurred(radius: 40)");
        let first = plan_at(&scene, 0.0);
        assert_eq!(first.background().source, Some(SourceId::SCREEN));
        let second = plan_at(&scene, 0.1);
        assert_eq!(first.keys(), second.keys());
        assert_eq!(second.unchanged_since(&first.keys()), [false, false]);
    }

    #[test]
    fn redactions_are_found_through_every_view() {
        let scene = scene(
            ", blur_regions: [(rect: (x: 0, y: 0, width: 64, height: 36), radius: 8), (rect: (x: 640, y: 360, width: 64, height: 36), radius: 20)]",
        );
        let plan = plan_at(&scene, 0.0);
        let media = plan.screen();
        assert_eq!(media.redactions.len(), 2);
        assert_eq!(media.redactions[1].radius, 20.0);
        // 1.5 output pixels per source pixel.
        assert!(media.is_redacted_at((10.0, 10.0)));
        assert!(media.is_redacted_at((961.0, 541.0)));
        assert!(!media.is_redacted_at((200.0, 10.0)));
    }
}
