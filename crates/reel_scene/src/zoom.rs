//! The zoom timeline: which part of the recording is in view at any output time.
//!
//! A view is a centre and a magnification. Each zoom moves in over its `transition`,
//! holds, and moves back out over its last `transition`. When the next zoom starts
//! before this one has ended, the view moves straight from one target to the next
//! without zooming out in between. Centres move linearly and magnifications
//! geometrically (equal ratios in equal times), both along the zoom's easing curve.

use crate::model::{Ease, Rect, Zoom};

/// What part of the recording is in view: a centre in source pixels and a magnification
/// (1 shows the whole crop).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    /// The centre of the view, in source pixels.
    pub center: (f32, f32),
    /// The magnification, at least 1.
    pub scale: f32,
}

/// The magnification used when a zoom names neither a scale nor a rectangle.
pub const DEFAULT_ZOOM_SCALE: f32 = 2.0;

impl Ease {
    /// The eased progress for linear progress `t` in 0–1.
    pub fn apply(self, t: f64) -> f64 {
        let t = t.clamp(0.0, 1.0);
        match self {
            Ease::Linear => t,
            Ease::EaseIn => t * t * t,
            Ease::EaseOut => 1.0 - (1.0 - t).powi(3),
            Ease::EaseInOut => {
                if t < 0.5 {
                    4.0 * t * t * t
                } else {
                    1.0 - (-2.0 * t + 2.0).powi(3) / 2.0
                }
            }
            Ease::Smooth => t * t * t * (t * (t * 6.0 - 15.0) + 10.0),
        }
    }
}

impl View {
    /// The whole crop in view.
    pub fn whole(crop: &Rect) -> Self {
        View {
            center: (crop.x + crop.width / 2.0, crop.y + crop.height / 2.0),
            scale: 1.0,
        }
    }

    /// The view a zoom moves to, within `crop`.
    pub fn of_zoom(zoom: &Zoom, crop: &Rect) -> Self {
        let fit = zoom
            .rect
            .map(|r| (crop.width / r.width.max(1.0)).min(crop.height / r.height.max(1.0)));
        let scale = zoom.scale.or(fit).unwrap_or(DEFAULT_ZOOM_SCALE).max(1.0);
        let center = zoom
            .center
            .or(zoom
                .rect
                .map(|r| (r.x + r.width / 2.0, r.y + r.height / 2.0)))
            .unwrap_or(View::whole(crop).center);
        View { center, scale }
    }

    /// The view `progress` (0–1) of the way from `self` to `to`.
    pub fn towards(self, to: View, progress: f64) -> View {
        let p = progress as f32;
        let lerp = |a: f32, b: f32| a + (b - a) * p;
        View {
            center: (
                lerp(self.center.0, to.center.0),
                lerp(self.center.1, to.center.1),
            ),
            scale: (self.scale.ln() + (to.scale.ln() - self.scale.ln()) * p).exp(),
        }
    }

    /// The rectangle of source pixels in view, kept inside `crop`.
    pub fn rect(self, crop: &Rect) -> Rect {
        let scale = self.scale.max(1.0);
        self.rect_sized(crop, (crop.width / scale, crop.height / scale))
    }

    /// The rectangle of `size` source pixels centred on this view, kept inside `crop`.
    pub fn rect_sized(self, crop: &Rect, (width, height): (f32, f32)) -> Rect {
        // Rounding can make the last position a hair less than the first (a crop at
        // y = 0.22 with scale 1): `max` keeps the range non-empty.
        let last_x = (crop.x + crop.width - width).max(crop.x);
        let last_y = (crop.y + crop.height - height).max(crop.y);
        let x = (self.center.0 - width / 2.0).clamp(crop.x, last_x);
        let y = (self.center.1 - height / 2.0).clamp(crop.y, last_y);
        Rect {
            x,
            y,
            width,
            height,
        }
    }
}

/// Where a following zoom looks at one time, in source pixels: the slow camera that
/// trails the cursor, and the cursor itself.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FollowPoint {
    /// The camera: the cursor's path smoothed again, slowly.
    pub camera: (f32, f32),
    /// The cursor as drawn.
    pub cursor: (f32, f32),
}

/// What a following zoom looks at, for each output time: `None` where nothing is
/// followed (no cursor, or a clip of another recording).
pub type Follow<'a> = &'a dyn Fn(f64) -> Option<FollowPoint>;

/// How far from the view's centre a followed cursor may go, as a share of half the
/// view: it stays within the middle 60 % of the view (less where the view stops at the
/// recording's edge).
pub const FOLLOW_REACH: f32 = 0.6;

impl View {
    /// This view following `point`: centred on the camera, held so that the cursor
    /// stays within [`FOLLOW_REACH`] of half the view (`size` source pixels) from the
    /// centre.
    pub fn following(self, point: FollowPoint, size: (f32, f32)) -> View {
        let reach = (FOLLOW_REACH * size.0 / 2.0, FOLLOW_REACH * size.1 / 2.0);
        let hold =
            |camera: f32, cursor: f32, reach: f32| camera.clamp(cursor - reach, cursor + reach);
        View {
            center: (
                hold(point.camera.0, point.cursor.0, reach.0),
                hold(point.camera.1, point.cursor.1, reach.1),
            ),
            scale: self.scale,
        }
    }
}

/// How views fill the recording's place in the frame: its shape, and whether the view
/// pans after the cursor when not zoomed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Framing {
    /// The width over the height of the recording's place in the frame.
    pub aspect: f32,
    /// Whether the unzoomed view follows the cursor (a view narrower or shorter than
    /// the recording: `fit: Cover`).
    pub pan: bool,
}

impl Framing {
    /// The recording shown whole, in its own shape.
    pub fn whole(crop: &Rect) -> Framing {
        Framing {
            aspect: crop.width / crop.height.max(1e-6),
            pan: false,
        }
    }

    /// The size in source pixels of a view at magnification `scale` within `crop`: the
    /// largest of this shape that fits the crop, over `scale`.
    pub fn view_size(&self, crop: &Rect, scale: f32) -> (f32, f32) {
        let scale = scale.max(1.0);
        let aspect = if self.aspect.is_finite() && self.aspect > 0.0 {
            self.aspect
        } else {
            crop.width / crop.height.max(1e-6)
        };
        let (width, height) = if aspect < crop.width / crop.height.max(1e-6) {
            (crop.height * aspect, crop.height)
        } else {
            (crop.width, crop.width / aspect)
        };
        (width / scale, height / scale)
    }
}

/// The view at output time `time`, for `zooms` sorted by start.
pub fn view_at(zooms: &[Zoom], crop: &Rect, time: f64) -> View {
    view_following(zooms, crop, time, &|_| None)
}

/// The view at output time `time`, for `zooms` sorted by start, with `follow` saying
/// what zooms that follow the cursor look at.
pub fn view_following(zooms: &[Zoom], crop: &Rect, time: f64, follow: Follow<'_>) -> View {
    view_framed(zooms, crop, time, (follow, Framing::whole(crop)))
}

/// The rectangle of source pixels in view at output time `time`, for `zooms` sorted by
/// start, `follow` saying what is followed and `framing` the view's shape; kept inside
/// `crop`.
pub fn rect_framed(
    zooms: &[Zoom],
    crop: &Rect,
    time: f64,
    (follow, framing): (Follow<'_>, Framing),
) -> Rect {
    let view = view_framed(zooms, crop, time, (follow, framing));
    view.rect_sized(crop, framing.view_size(crop, view.scale))
}

/// The view at output time `time`, for `zooms` sorted by start, as [`rect_framed`].
fn view_framed(
    zooms: &[Zoom],
    crop: &Rect,
    time: f64,
    (follow, framing): (Follow<'_>, Framing),
) -> View {
    let point = || follow(time);
    let mut whole = View::whole(crop);
    if framing.pan
        && let Some(point) = point()
    {
        whole = whole.following(point, framing.view_size(crop, 1.0));
    }
    let mut current = whole;
    for (index, zoom) in zooms.iter().enumerate() {
        if time < zoom.start {
            return current;
        }
        let mut target = View::of_zoom(zoom, crop);
        if zoom.follow
            && let Some(point) = point()
        {
            target = target.following(point, framing.view_size(crop, target.scale));
        }
        let moved_in = zoom.start + zoom.transition();
        if time < moved_in {
            let progress = zoom
                .ease
                .apply((time - zoom.start) / zoom.transition().max(1e-9));
            return current.towards(target, progress);
        }
        let chained = zooms
            .get(index + 1)
            .is_some_and(|next| next.start <= zoom.end);
        if chained {
            let next_start = zooms[index + 1].start;
            if time < next_start {
                return target;
            }
            current = target;
            continue;
        }
        let moving_out = zoom.end - zoom.transition();
        if time < moving_out {
            return target;
        }
        if time < zoom.end {
            let progress = zoom
                .ease
                .apply((time - moving_out) / zoom.transition().max(1e-9));
            return target.towards(whole, progress);
        }
        current = whole;
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;

    const CROP: Rect = Rect {
        x: 0.0,
        y: 0.0,
        width: 1920.0,
        height: 1080.0,
    };

    fn zoom(start: f64, end: f64, scale: f32, center: (f32, f32)) -> Zoom {
        Zoom {
            start,
            end,
            scale: Some(scale),
            center: Some(center),
            rect: None,
            transition: Some(0.5),
            ease: Ease::EaseInOut,
            follow: false,
        }
    }

    #[test]
    fn easing_curves_start_at_zero_end_at_one_and_never_go_back() {
        for ease in [
            Ease::Linear,
            Ease::EaseIn,
            Ease::EaseOut,
            Ease::EaseInOut,
            Ease::Smooth,
        ] {
            assert_eq!(ease.apply(0.0), 0.0);
            assert!((ease.apply(1.0) - 1.0).abs() < 1e-12);
            let mut last = 0.0;
            for i in 1..=100 {
                let value = ease.apply(f64::from(i) / 100.0);
                assert!(value >= last, "{ease:?} goes back at {i}");
                last = value;
            }
        }
    }

    #[test]
    fn before_a_zoom_the_whole_recording_is_in_view() {
        let zooms = [zoom(1.0, 3.0, 2.0, (400.0, 300.0))];
        assert_eq!(view_at(&zooms, &CROP, 0.0), View::whole(&CROP));
        assert_eq!(view_at(&zooms, &CROP, 0.999), View::whole(&CROP));
        assert_eq!(view_at(&zooms, &CROP, 3.0), View::whole(&CROP));
        assert_eq!(view_at(&zooms, &CROP, 10.0), View::whole(&CROP));
    }

    #[test]
    fn a_zoom_moves_in_holds_and_moves_out_smoothly() {
        let zooms = [zoom(1.0, 3.0, 2.0, (400.0, 300.0))];
        let held = view_at(&zooms, &CROP, 2.0);
        assert_eq!(
            held,
            View {
                center: (400.0, 300.0),
                scale: 2.0
            }
        );
        // Halfway in, the magnification is the geometric middle.
        let half = view_at(&zooms, &CROP, 1.25);
        assert!((half.scale - 2f32.sqrt()).abs() < 1e-4, "{half:?}");
        // Small steps in time make small steps in view: no jumps anywhere.
        let mut last = view_at(&zooms, &CROP, 0.0);
        for i in 1..=400 {
            let view = view_at(&zooms, &CROP, f64::from(i) / 100.0);
            assert!((view.scale / last.scale).ln().abs() < 0.05, "jump at {i}");
            assert!((view.center.0 - last.center.0).abs() < 40.0, "jump at {i}");
            last = view;
        }
    }

    #[test]
    fn consecutive_zooms_move_straight_from_one_to_the_next() {
        let zooms = [
            zoom(1.0, 3.0, 2.0, (400.0, 300.0)),
            zoom(3.0, 5.0, 3.0, (1500.0, 800.0)),
        ];
        // No zoom out between them: at the handover the first target is still in view.
        assert_eq!(view_at(&zooms, &CROP, 2.99).scale, 2.0);
        let between = view_at(&zooms, &CROP, 3.25);
        assert!(between.scale > 2.0 && between.scale < 3.0, "{between:?}");
        assert_eq!(
            view_at(&zooms, &CROP, 4.0),
            View {
                center: (1500.0, 800.0),
                scale: 3.0
            }
        );
        assert_eq!(view_at(&zooms, &CROP, 5.0), View::whole(&CROP));
    }

    #[test]
    fn a_following_zoom_keeps_the_cursor_in_view_and_moves_smoothly() {
        let zooms = [Zoom {
            follow: true,
            ..zoom(0.0, 10.0, 2.0, (0.0, 0.0))
        }];
        // The cursor sweeps across; the camera trails it by 300 px.
        let cursor = |t: f64| (100.0 + 180.0 * t as f32, 540.0);
        let follow = |t: f64| {
            let (x, y) = cursor(t);
            Some(FollowPoint {
                camera: (x - 300.0, y),
                cursor: (x, y),
            })
        };
        let mut last: Option<View> = None;
        for i in 100..900 {
            let t = f64::from(i) / 100.0;
            let view = view_following(&zooms, &CROP, t, &follow);
            let rect = view.rect(&CROP);
            let (x, _) = cursor(t);
            // Held: never more than 60 % of half the view (480 px) from the centre.
            assert!(
                (view.center.0 - x).abs() <= 0.6 * 480.0 + 1e-3,
                "{t}: {view:?}"
            );
            assert!(x >= rect.x && x <= rect.x + rect.width, "{t}: {rect:?}");
            if let Some(last) = last {
                assert!((view.center.0 - last.center.0).abs() < 5.0, "jump at {t}");
            }
            last = Some(view);
        }
        // Without a cursor to follow, the zoom looks where it was put.
        let still = view_following(&zooms, &CROP, 5.0, &|_| None);
        assert_eq!(still.center, (0.0, 0.0));
    }

    #[test]
    fn a_rectangle_is_fitted_and_views_stay_inside_the_crop() {
        let fit = Zoom {
            rect: Some(Rect {
                x: 1600.0,
                y: 900.0,
                width: 480.0,
                height: 270.0,
            }),
            scale: None,
            center: None,
            ..zoom(0.0, 1.0, 1.0, (0.0, 0.0))
        };
        let view = View::of_zoom(&fit, &CROP);
        assert_eq!(
            view,
            View {
                center: (1840.0, 1035.0),
                scale: 4.0
            }
        );
        // The rectangle in view is clamped to the recording's edge.
        let rect = view.rect(&CROP);
        assert_eq!(
            (rect.x, rect.y, rect.width, rect.height),
            (1440.0, 810.0, 480.0, 270.0)
        );
    }
}
