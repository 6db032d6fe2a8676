//! Zooms proposed from clicks: a window around each click, nearby windows merged.
//!
//! Each click (a button going down) opens a window from `lead` seconds before it to
//! `hold` seconds after it (never before second 0). Windows whose gap is less than
//! `merge_gap` seconds merge into one, from the first window's start to the last one's
//! end, centred on the middle of the box around its clicks (so that all of them are in
//! view), with that box kept to choose a zoom that fits them. Times are seconds of the
//! recording; an export maps them to its own clock through the scene's timeline.

use crate::error::SettingsError;
use crate::point::Point;
use crate::track::CursorTrack;

/// When clicks zoom in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AutoZoomRule {
    /// Seconds before a click its zoom starts. Default: 0.6.
    pub lead: f64,
    /// Seconds after a click its zoom lasts. Default: 1.5.
    pub hold: f64,
    /// Windows closer than this many seconds merge into one. Default: 1.
    pub merge_gap: f64,
}

impl Default for AutoZoomRule {
    fn default() -> AutoZoomRule {
        AutoZoomRule {
            lead: 0.6,
            hold: 1.5,
            merge_gap: 1.0,
        }
    }
}

/// The longest `lead`, `hold` or `merge_gap`, in seconds.
pub const MAX_AUTO_ZOOM_TIME: f64 = 60.0;

impl AutoZoomRule {
    /// Checks that each time is 0 to [`MAX_AUTO_ZOOM_TIME`] seconds.
    pub fn validate(&self) -> Result<(), SettingsError> {
        for (field, value) in [
            ("zooms.Auto.lead", self.lead),
            ("zooms.Auto.hold", self.hold),
            ("zooms.Auto.merge_gap", self.merge_gap),
        ] {
            if !(0.0..=MAX_AUTO_ZOOM_TIME).contains(&value) {
                return Err(SettingsError::Invalid {
                    field,
                    message: format!("{value} is not 0 to {MAX_AUTO_ZOOM_TIME} seconds"),
                });
            }
        }
        Ok(())
    }
}

/// A stretch of the recording to zoom into.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ZoomWindow {
    /// Seconds of the recording where the zoom starts.
    pub start: f64,
    /// Seconds of the recording where it ends.
    pub end: f64,
    /// The point to zoom onto, in source pixels: the middle of `bounds`.
    pub center: Point,
    /// The top-left and bottom-right corners of the box around the window's clicks.
    pub bounds: (Point, Point),
    /// How many clicks the window holds.
    pub clicks: usize,
}

impl ZoomWindow {
    fn around(time: f64, at: Point, rule: &AutoZoomRule) -> ZoomWindow {
        ZoomWindow {
            start: (time - rule.lead).max(0.0),
            end: time + rule.hold,
            center: at,
            bounds: (at, at),
            clicks: 1,
        }
    }

    fn absorb(&mut self, other: ZoomWindow) {
        self.end = self.end.max(other.end);
        let (low, high) = self.bounds;
        self.bounds = (
            Point::new(low.x.min(other.bounds.0.x), low.y.min(other.bounds.0.y)),
            Point::new(high.x.max(other.bounds.1.x), high.y.max(other.bounds.1.y)),
        );
        self.center = (self.bounds.0 + self.bounds.1) * 0.5;
        self.clicks += other.clicks;
    }
}

/// The zoom windows `rule` makes of `track`'s clicks, in time order, none overlapping.
pub fn auto_zooms(track: &CursorTrack, rule: &AutoZoomRule) -> Vec<ZoomWindow> {
    zoom_windows(
        track.clicks().map(|click| (click.time, click.position)),
        rule,
    )
}

/// The zoom windows `rule` makes of `clicks` (each a time and where it was, in time
/// order, on any clock: an export passes its output times), none overlapping.
pub fn zoom_windows(
    clicks: impl IntoIterator<Item = (f64, Point)>,
    rule: &AutoZoomRule,
) -> Vec<ZoomWindow> {
    let mut windows: Vec<ZoomWindow> = Vec::new();
    for (time, at) in clicks {
        let window = ZoomWindow::around(time, at, rule);
        match windows.last_mut() {
            Some(last) if window.start - last.end < rule.merge_gap => last.absorb(window),
            _ => windows.push(window),
        }
    }
    windows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::track::tests::track;

    fn clicks_at(clicks: &[(f64, f64, f64)]) -> CursorTrack {
        let mut lines = String::from("{\"t\": 0, \"x\": 0, \"y\": 0}\n");
        for (t, x, y) in clicks {
            lines.push_str(&format!(
                "{{\"t\": {t}, \"x\": {x}, \"y\": {y}, \"button\": \"down\"}}\n"
            ));
            lines.push_str(&format!(
                "{{\"t\": {}, \"x\": {x}, \"y\": {y}, \"button\": \"up\"}}\n",
                t + 0.05
            ));
        }
        track(&lines)
    }

    #[test]
    fn each_click_opens_a_window_from_lead_to_hold() {
        let track = clicks_at(&[(2.0, 100.0, 200.0), (10.0, 800.0, 600.0)]);
        let windows = auto_zooms(&track, &AutoZoomRule::default());
        assert_eq!(windows.len(), 2);
        assert_eq!((windows[0].start, windows[0].end), (1.4, 3.5));
        assert_eq!(windows[0].center, Point::new(100.0, 200.0));
        assert_eq!((windows[1].start, windows[1].end), (9.4, 11.5));
        assert_eq!(windows[1].clicks, 1);
    }

    #[test]
    fn nearby_windows_merge_around_the_box_of_their_clicks() {
        let track = clicks_at(&[
            (2.0, 100.0, 200.0),
            (4.0, 300.0, 100.0),
            (5.0, 200.0, 400.0),
            (9.0, 0.0, 0.0),
        ]);
        let windows = auto_zooms(&track, &AutoZoomRule::default());
        assert_eq!(windows.len(), 2);
        assert_eq!(
            (windows[0].start, windows[0].end, windows[0].clicks),
            (1.4, 6.5, 3)
        );
        assert_eq!(
            windows[0].bounds,
            (Point::new(100.0, 100.0), Point::new(300.0, 400.0))
        );
        assert_eq!(windows[0].center, Point::new(200.0, 250.0));
        // 8.4 - 6.5 = 1.9 s apart: not merged.
        assert_eq!(windows[1].start, 8.4);
    }

    #[test]
    fn a_window_never_starts_before_the_recording() {
        let track = clicks_at(&[(0.2, 10.0, 10.0)]);
        let windows = auto_zooms(&track, &AutoZoomRule::default());
        assert_eq!(windows[0].start, 0.0);
    }

    #[test]
    fn no_clicks_no_zooms_and_bad_rules_are_refused() {
        let track = track("{\"t\": 0, \"x\": 0, \"y\": 0}\n");
        assert!(auto_zooms(&track, &AutoZoomRule::default()).is_empty());
        assert!(
            AutoZoomRule {
                lead: -1.0,
                ..AutoZoomRule::default()
            }
            .validate()
            .is_err()
        );
    }
}
