//! The camera's layouts over time: where the screen and the camera go in each
//! (`Overlay`, `SideBySide`, `CameraOnly`, `ScreenOnly`), the eased move from one to the
//! next, and the camera shrinking while the screen is zoomed.

use crate::camera::{Camera, CameraLook, CameraPosition, CameraShape};
use crate::evaluate::{PixelRect, fit_in};
use crate::model::{Ease, Rect, Zoom};
use crate::validate::Invalid;
use serde::Deserialize;

/// How the screen and the camera share the frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum Layout {
    /// The camera over the screen, where its `position` says.
    #[default]
    Overlay,
    /// Side by side: the screen in the larger part, the camera in a column beside it
    /// (on the side its `position` names), as tall as the screen.
    SideBySide,
    /// The camera fills the frame.
    CameraOnly,
    /// The screen alone; the camera fades out.
    ScreenOnly,
}

/// A layout for a stretch of output time: `(start: 4, end: 9, layout: SideBySide)`.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CameraLayout {
    /// Output second it starts (moving in from the layout before).
    pub start: f64,
    /// Output second it ends (back to `Overlay` unless the next starts here).
    pub end: f64,
    /// The layout.
    pub layout: Layout,
}

/// The share of the frame's width (inside the padding) the camera's column takes side
/// by side.
pub const SIDE_BY_SIDE_SHARE: f32 = 0.3;

/// Where the frame is between two layouts: `progress` (eased, 0 to 1) of the way from
/// `from` to `to`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayoutState {
    /// The layout moved from.
    pub from: Layout,
    /// The layout moved to.
    pub to: Layout,
    /// How far, 0 to 1, eased.
    pub progress: f32,
}

impl LayoutState {
    /// One layout, still.
    pub fn still(layout: Layout) -> Self {
        Self {
            from: layout,
            to: layout,
            progress: 1.0,
        }
    }
}

fn lerp(a: f32, b: f32, t: f32) -> f32 {
    a + (b - a) * t
}

fn lerp_rect(a: &PixelRect, b: &PixelRect, t: f32) -> PixelRect {
    PixelRect {
        x: lerp(a.x, b.x, t),
        y: lerp(a.y, b.y, t),
        width: lerp(a.width, b.width, t),
        height: lerp(a.height, b.height, t),
    }
}

fn lerp_view(a: &Rect, b: &Rect, t: f32) -> Rect {
    Rect {
        x: lerp(a.x, b.x, t),
        y: lerp(a.y, b.y, t),
        width: lerp(a.width, b.width, t),
        height: lerp(a.height, b.height, t),
    }
}

/// The part of `crop` of the aspect `aspect` (width / height) that fills a place of
/// that shape: as large as fits, centred.
fn covering(crop: &Rect, aspect: f32) -> Rect {
    let (mut width, mut height) = (crop.width, crop.width / aspect.max(1e-6));
    if height > crop.height {
        (width, height) = (crop.height * aspect, crop.height);
    }
    Rect {
        x: crop.x + (crop.width - width) / 2.0,
        y: crop.y + (crop.height - height) / 2.0,
        width,
        height,
    }
}

/// How zoomed in the screen is at output time `time`, 0 (not at all) to 1 (at a zoom's
/// target): each zoom's eased move in and out, chained zooms held in between.
pub fn zoom_envelope(zooms: &[Zoom], time: f64) -> f32 {
    let mut most: f64 = 0.0;
    for (index, zoom) in zooms.iter().enumerate() {
        if time < zoom.start || time >= zoom.end {
            continue;
        }
        let transition = zoom.transition().max(1e-9);
        let chained = zooms
            .get(index + 1)
            .is_some_and(|next| next.start <= zoom.end);
        let after_previous = index > 0 && zooms[index - 1].end >= zoom.start;
        let moving_in = if after_previous {
            1.0
        } else {
            zoom.ease.apply((time - zoom.start) / transition)
        };
        let moving_out = if chained {
            1.0
        } else {
            zoom.ease.apply((zoom.end - time) / transition)
        };
        most = most.max(moving_in.min(moving_out));
    }
    most as f32
}

impl Camera {
    /// Where the layouts are at output time `time`.
    pub fn layout_at(&self, time: f64) -> LayoutState {
        let ease = |t: f64| Ease::EaseInOut.apply(t) as f32;
        let Some(k) = self
            .layouts
            .iter()
            .position(|l| l.start <= time && time < l.end)
        else {
            return LayoutState::still(Layout::Overlay);
        };
        let entry = &self.layouts[k];
        let transition = self
            .transition
            .min((entry.end - entry.start) / 2.0)
            .max(1e-9);
        let adjacent = |a: &CameraLayout, b: &CameraLayout| (b.start - a.end).abs() < 1e-6;
        let before = k
            .checked_sub(1)
            .map(|j| &self.layouts[j])
            .filter(|prev| adjacent(prev, entry))
            .map_or(Layout::Overlay, |prev| prev.layout);
        let followed = self
            .layouts
            .get(k + 1)
            .is_some_and(|next| adjacent(entry, next));
        if time < entry.start + transition {
            return LayoutState {
                from: before,
                to: entry.layout,
                progress: ease((time - entry.start) / transition),
            };
        }
        if !followed && time >= entry.end - transition {
            return LayoutState {
                from: entry.layout,
                to: Layout::Overlay,
                progress: ease((time - (entry.end - transition)) / transition),
            };
        }
        LayoutState::still(entry.layout)
    }

    /// Where the screen recording lands at output time `time` in an `output` frame:
    /// `content` (its place without a camera) or beside the camera, as the layout says;
    /// `crop` is its shown part, `pad` the scene's padding in pixels.
    pub fn screen_place(
        &self,
        time: f64,
        (content, crop, pad): (PixelRect, &Rect, f32),
        output: (u32, u32),
    ) -> PixelRect {
        let state = self.layout_at(time);
        let place = |layout: Layout| match layout {
            Layout::SideBySide => self.side_by_side(crop, pad, output).0,
            _ => content,
        };
        lerp_rect(&place(state.from), &place(state.to), state.progress)
    }

    /// Side by side in an `output` frame: the screen (its shown part `crop`) and the
    /// camera's place, inside the padding `pad` (or the margin, if larger), a gap of the
    /// same size between them.
    fn side_by_side(&self, crop: &Rect, pad: f32, output: (u32, u32)) -> (PixelRect, PixelRect) {
        let (w, h) = (output.0 as f32, output.1 as f32);
        let edge = pad.max(self.margin.min(w / 8.0));
        let inner = (w - 3.0 * edge).max(2.0);
        let column = inner * SIDE_BY_SIDE_SHARE;
        let camera_right = match self.position {
            CameraPosition::TopRight | CameraPosition::BottomRight => true,
            CameraPosition::TopLeft | CameraPosition::BottomLeft => false,
            CameraPosition::At { x, .. } => x >= 0.5,
        };
        let screen_x = if camera_right {
            edge
        } else {
            2.0 * edge + column
        };
        let area = PixelRect {
            x: screen_x,
            y: edge,
            width: inner - column,
            height: (h - 2.0 * edge).max(1.0),
        };
        let screen = fit_in((crop.width, crop.height), &area);
        let camera = PixelRect {
            x: if camera_right {
                screen_x + area.width + edge
            } else {
                edge
            },
            y: screen.y,
            width: column,
            height: screen.height,
        };
        (screen, camera)
    }

    /// The camera (of `size` upright pixels) at output time `time` in an `output` frame
    /// whose screen shows `crop` inside padding `pad`, with corners of `radius`, zoomed
    /// in by `zoomed` (0 to 1, [`zoom_envelope`]).
    pub fn look_at(
        &self,
        time: f64,
        size: (u32, u32),
        (output, crop, pad): ((u32, u32), &Rect, f32),
        (radius, zoomed): (f32, f32),
    ) -> CameraLook {
        let state = self.layout_at(time);
        let overlay = self.shrunk(self.look(size, output), zoomed);
        let camera_crop = self.crop_rect(size);
        let look = |layout: Layout| -> (CameraLook, f32) {
            match layout {
                Layout::Overlay => (overlay, 1.0),
                Layout::ScreenOnly => (overlay, 0.0),
                Layout::CameraOnly => {
                    let content = PixelRect {
                        x: 0.0,
                        y: 0.0,
                        width: output.0 as f32,
                        height: output.1 as f32,
                    };
                    let view = covering(&camera_crop, content.width / content.height);
                    let mut full = overlay;
                    full.content = content;
                    full.view = view;
                    full.corner_radius = 0.0;
                    full.border = None;
                    (full, 1.0)
                }
                Layout::SideBySide => {
                    let (_, content) = self.side_by_side(crop, pad, output);
                    let view = covering(&camera_crop, content.width / content.height.max(1.0));
                    let corner = match self.shape {
                        CameraShape::Rounded { radius } => radius,
                        _ => radius,
                    };
                    let mut beside = overlay;
                    beside.content = content;
                    beside.view = view;
                    beside.corner_radius =
                        corner.min(content.width / 2.0).min(content.height / 2.0);
                    (beside, 1.0)
                }
            }
        };
        let ((from, from_opacity), (to, to_opacity)) = (look(state.from), look(state.to));
        let t = state.progress;
        let content = lerp_rect(&from.content, &to.content, t);
        let corner_radius = lerp(from.corner_radius, to.corner_radius, t);
        let border = match (from.border, to.border) {
            (Some(a), Some(b)) => Some(crate::evaluate::BorderLook {
                width: lerp(a.width, b.width, t),
                ..b
            }),
            (Some(a), None) => Some(crate::evaluate::BorderLook {
                width: a.width * (1.0 - t),
                ..a
            }),
            (None, Some(b)) => Some(crate::evaluate::BorderLook {
                width: b.width * t,
                ..b
            }),
            (None, None) => None,
        };
        CameraLook {
            content,
            corner_radius,
            view: lerp_view(&from.view, &to.view, t),
            mirror: self.mirror,
            border,
            shadow: self.shadow.map(|s| s.look(&content, corner_radius)),
            opacity: lerp(from_opacity, to_opacity, t),
        }
    }

    /// `look` scaled by the camera's `during_zoom` as far as the screen is `zoomed`,
    /// about the corner it is held to (its centre for `At`).
    fn shrunk(&self, look: CameraLook, zoomed: f32) -> CameraLook {
        let factor = lerp(1.0, self.during_zoom, zoomed.clamp(0.0, 1.0));
        if (factor - 1.0).abs() < 1e-6 {
            return look;
        }
        let c = look.content;
        let (width, height) = (c.width * factor, c.height * factor);
        let (x, y) = match self.position {
            CameraPosition::TopLeft => (c.x, c.y),
            CameraPosition::TopRight => (c.x + c.width - width, c.y),
            CameraPosition::BottomLeft => (c.x, c.y + c.height - height),
            CameraPosition::BottomRight => (c.x + c.width - width, c.y + c.height - height),
            CameraPosition::At { .. } => (
                c.x + (c.width - width) / 2.0,
                c.y + (c.height - height) / 2.0,
            ),
        };
        let content = PixelRect {
            x,
            y,
            width,
            height,
        };
        let corner_radius = look.corner_radius * factor;
        CameraLook {
            content,
            corner_radius,
            shadow: self.shadow.map(|s| s.look(&content, corner_radius)),
            ..look
        }
    }

    /// Checks the layouts: each a time range after the one before, inside the times
    /// allowed, with a transition of 0 to 10 seconds; `during_zoom` 0.2 to 1.
    pub(crate) fn validate_layouts(&self) -> Result<(), Invalid> {
        if !(self.transition.is_finite() && (0.0..=10.0).contains(&self.transition)) {
            return Err((
                "camera.transition".into(),
                format!(
                    "invalid transition {} (expected 0 to 10 seconds)",
                    self.transition
                ),
            ));
        }
        if !(self.during_zoom.is_finite() && (0.2..=1.0).contains(&self.during_zoom)) {
            return Err((
                "camera.during_zoom".into(),
                format!(
                    "invalid scale {} (expected 0.2 to 1: the camera's size while the screen is zoomed)",
                    self.during_zoom
                ),
            ));
        }
        let mut last_end = 0.0;
        for (k, layout) in self.layouts.iter().enumerate() {
            let field = format!("camera.layouts[{k}]");
            if !(layout.start.is_finite() && layout.end.is_finite() && layout.start >= 0.0) {
                return Err((field, "invalid times (expected seconds from 0)".into()));
            }
            if layout.end <= layout.start {
                return Err((
                    field,
                    format!(
                        "invalid end {} (expected a time after the start, {})",
                        layout.end, layout.start
                    ),
                ));
            }
            if layout.start < last_end - 1e-9 {
                return Err((
                    field,
                    format!(
                        "starts at {} before the layout before it ends ({last_end}): layouts are listed in order and do not overlap",
                        layout.start
                    ),
                ));
            }
            last_end = layout.end;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::camera::tests::camera;

    const CROP: Rect = Rect {
        x: 0.0,
        y: 0.0,
        width: 1920.0,
        height: 1080.0,
    };
    const OUTPUT: (u32, u32) = (1920, 1080);

    fn look(camera: &Camera, time: f64) -> CameraLook {
        camera.look_at(time, (1280, 720), (OUTPUT, &CROP, 0.0), (12.0, 0.0))
    }

    #[test]
    fn layouts_move_in_hold_and_move_out() {
        let camera = camera(
            ", transition: 1.0, layouts: [(start: 2, end: 6, layout: SideBySide), (start: 6, end: 8, layout: CameraOnly)]",
        );
        assert_eq!(camera.layout_at(1.0), LayoutState::still(Layout::Overlay));
        let moving = camera.layout_at(2.5);
        assert_eq!(
            (moving.from, moving.to),
            (Layout::Overlay, Layout::SideBySide)
        );
        assert!((moving.progress - 0.5).abs() < 1e-6);
        assert_eq!(
            camera.layout_at(4.0),
            LayoutState::still(Layout::SideBySide)
        );
        // Straight from one to the next where they meet, then back out at the end.
        let next = camera.layout_at(6.5);
        assert_eq!(
            (next.from, next.to),
            (Layout::SideBySide, Layout::CameraOnly)
        );
        let out = camera.layout_at(7.5);
        assert_eq!((out.from, out.to), (Layout::CameraOnly, Layout::Overlay));
        assert_eq!(camera.layout_at(8.0), LayoutState::still(Layout::Overlay));
    }

    #[test]
    fn each_layout_places_the_camera_and_the_screen() {
        let camera = camera(
            ", transition: 0.5, layouts: [(start: 1, end: 3, layout: SideBySide), (start: 4, end: 6, layout: CameraOnly), (start: 7, end: 9, layout: ScreenOnly)]",
        );
        let whole = PixelRect {
            x: 0.0,
            y: 0.0,
            width: 1920.0,
            height: 1080.0,
        };
        // Overlay: the corner circle.
        let overlay = look(&camera, 0.5);
        assert_eq!(overlay.content.width, 270.0);
        assert_eq!(overlay.opacity, 1.0);
        // Side by side: the camera's column on the right, as tall as the screen,
        // the screen fitted in the rest.
        let screen = camera.screen_place(2.0, (whole, &CROP, 0.0), OUTPUT);
        let beside = look(&camera, 2.0);
        let c = beside.content;
        assert!(screen.x + screen.width < c.x, "{screen:?} {c:?}");
        assert!(c.x + c.width <= 1920.0 - 31.9);
        assert_eq!((c.y, c.height), (screen.y, screen.height));
        assert!((screen.width / screen.height - 16.0 / 9.0).abs() < 1e-3);
        assert!((beside.view.width / beside.view.height - c.width / c.height).abs() < 1e-3);
        // Camera only: the whole frame, the camera's picture cut to its shape.
        let full = look(&camera, 5.0);
        assert_eq!(full.content, whole);
        assert_eq!(full.corner_radius, 0.0);
        assert_eq!(camera.screen_place(5.0, (whole, &CROP, 0.0), OUTPUT), whole);
        // Screen only: the camera gone, the screen where it is without one.
        assert_eq!(look(&camera, 8.0).opacity, 0.0);
        // Half-way into side by side, between the two.
        let middle = look(&camera, 1.25).content;
        assert!(middle.width > overlay.content.width && middle.width < c.width);
        let half = camera.screen_place(1.25, (whole, &CROP, 0.0), OUTPUT);
        assert!(half.width < whole.width && half.width > screen.width);
    }

    #[test]
    fn the_camera_shrinks_into_its_corner_while_the_screen_is_zoomed() {
        let camera = camera(", during_zoom: 0.5");
        let zoomed = camera.look_at(0.0, (1280, 720), (OUTPUT, &CROP, 0.0), (12.0, 1.0));
        let plain = look(&camera, 0.0);
        assert_eq!(zoomed.content.width, plain.content.width / 2.0);
        // The bottom right corner stays put.
        let right = |c: PixelRect| (c.x + c.width, c.y + c.height);
        assert_eq!(right(zoomed.content), right(plain.content));
        let zooms: Vec<Zoom> = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(
                "[(start: 1, end: 3, scale: 2, transition: 0.5), (start: 3, end: 5, scale: 3, transition: 0.5)]",
            )
            .unwrap();
        assert_eq!(zoom_envelope(&zooms, 0.5), 0.0);
        assert_eq!(zoom_envelope(&zooms, 2.0), 1.0);
        // Chained zooms hold in between.
        assert_eq!(zoom_envelope(&zooms, 3.1), 1.0);
        let leaving = zoom_envelope(&zooms, 4.75);
        assert!(leaving > 0.0 && leaving < 1.0, "{leaving}");
        assert_eq!(zoom_envelope(&zooms, 5.0), 0.0);
    }

    #[test]
    fn bad_layouts_name_their_entry() {
        for (fields, field) in [
            (
                ", layouts: [(start: 2, end: 1, layout: SideBySide)]",
                "camera.layouts[0]",
            ),
            (
                ", layouts: [(start: 2, end: 4, layout: SideBySide), (start: 3, end: 5, layout: CameraOnly)]",
                "camera.layouts[1]",
            ),
            (", transition: -1", "camera.transition"),
            (", during_zoom: 0", "camera.during_zoom"),
        ] {
            let error = camera(fields).validate().unwrap_err();
            assert_eq!(error.0, field, "{fields}: {error:?}");
        }
    }
}
