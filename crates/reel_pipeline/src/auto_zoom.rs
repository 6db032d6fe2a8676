//! Zooms made from the cursor's clicks: the scene's `Auto(...)` entries turned into
//! zooms on the output's clock once the cursor track is read.

use reel_cursor::{AutoZoomRule, CursorTrack, Point, ZoomWindow, zoom_windows};
use reel_scene::{AutoZoom, Rect, Timeline, Zoom};

/// The share of the view the box around a window's clicks may fill, at most: an eighth
/// of the view to spare on each side.
pub const CLICK_BOX_SHARE: f32 = 0.75;

/// The clicks of `track` on the output's clock: each click the timeline shows (in a
/// clip of the scene's own recording), at the output time it is shown, in time order.
pub fn output_clicks(track: &CursorTrack, timeline: &Timeline) -> Vec<(f64, Point)> {
    let mut clicks = Vec::new();
    for clip in timeline.clips.iter().filter(|clip| clip.is_scene_source) {
        for click in track.clicks() {
            let shown = click.time >= clip.start && clip.end.is_none_or(|end| click.time < end);
            if shown {
                clicks.push((clip.output_time(click.time), click.position));
            }
        }
    }
    clicks.sort_by(|a, b| a.0.total_cmp(&b.0));
    clicks
}

/// The zooms `auto` makes of `clicks` (output times) over a recording showing `crop`.
pub fn made_zooms(auto: &AutoZoom, clicks: &[(f64, Point)], crop: &Rect) -> Vec<Zoom> {
    let rule = AutoZoomRule {
        lead: auto.lead,
        hold: auto.hold,
        merge_gap: auto.merge_gap,
    };
    zoom_windows(clicks.iter().copied(), &rule)
        .into_iter()
        .filter(|window| window.end > window.start)
        .map(|window| zoom_of(auto, &window, crop))
        .collect()
}

/// The zoom onto `window`: onto the middle of its clicks, no further than keeps them
/// all in view.
fn zoom_of(auto: &AutoZoom, window: &ZoomWindow, crop: &Rect) -> Zoom {
    let (low, high) = window.bounds;
    let fit = |extent: f32, span: f64| {
        if span > 0.0 {
            CLICK_BOX_SHARE * extent / span as f32
        } else {
            f32::INFINITY
        }
    };
    let scale = auto
        .scale
        .min(fit(crop.width, high.x - low.x))
        .min(fit(crop.height, high.y - low.y))
        .max(1.0);
    Zoom {
        start: window.start,
        end: window.end,
        scale: Some(scale),
        center: Some((window.center.x as f32, window.center.y as f32)),
        rect: None,
        transition: Some(auto.transition.min((window.end - window.start) / 2.0)),
        ease: auto.ease,
        follow: auto.follow,
    }
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

    #[test]
    fn a_click_zooms_from_lead_before_it_to_hold_after_it() {
        let zooms = made_zooms(
            &AutoZoom::default(),
            &[(2.0, Point::new(400.0, 300.0))],
            &CROP,
        );
        assert_eq!(zooms.len(), 1);
        let zoom = zooms[0];
        assert!((zoom.start - 1.4).abs() < 1e-12 && (zoom.end - 3.5).abs() < 1e-12);
        assert_eq!((zoom.scale, zoom.center), (Some(2.0), Some((400.0, 300.0))));
        assert_eq!(zoom.transition, Some(0.6));
    }

    #[test]
    fn merged_clicks_far_apart_zoom_less_so_that_all_stay_in_view() {
        let clicks = [
            (2.0, Point::new(200.0, 500.0)),
            (2.5, Point::new(1400.0, 500.0)),
        ];
        let zoom = made_zooms(&AutoZoom::default(), &clicks, &CROP)[0];
        // 1200 px of clicks fill three quarters of the view: 1920 × 0.75 / 1200.
        assert!((zoom.scale.unwrap() - 1.2).abs() < 1e-6, "{zoom:?}");
        assert_eq!(zoom.center, Some((800.0, 500.0)));
        let wide = [
            (2.0, Point::new(0.0, 0.0)),
            (2.5, Point::new(1920.0, 1080.0)),
        ];
        assert_eq!(
            made_zooms(&AutoZoom::default(), &wide, &CROP)[0].scale,
            Some(1.0)
        );
    }

    #[test]
    fn a_short_window_moves_in_and_out_within_its_length() {
        let auto = AutoZoom {
            lead: 0.2,
            hold: 0.2,
            ..AutoZoom::default()
        };
        let zoom = made_zooms(&auto, &[(5.0, Point::new(10.0, 10.0))], &CROP)[0];
        assert!((zoom.transition.unwrap() - 0.2).abs() < 1e-12);
        let none = AutoZoom {
            lead: 0.0,
            hold: 0.0,
            ..AutoZoom::default()
        };
        assert!(made_zooms(&none, &[(5.0, Point::new(1.0, 1.0))], &CROP).is_empty());
    }
}
