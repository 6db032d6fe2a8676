//! Where and how the cursor is drawn at any time of the recording.

use crate::clicks::{Click, ClickEffect, ClickStyle};
use crate::error::SettingsError;
use crate::idle::{IdleFade, IdleHide};
use crate::kind::CursorKind;
use crate::picture::CursorImageData;
use crate::point::Point;
use crate::pull::ClickPull;
use crate::spring::{SmoothPath, Smoothing, Spring};
use crate::track::CursorTrack;
use std::sync::Arc;

/// How the cursor moves and which effects it shows.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct CursorSettings {
    /// How much the path is smoothed. Default: [`Smoothing::Smooth`].
    pub smoothing: Smoothing,
    /// How clicks pull the smoothed cursor onto the recorded path.
    pub pull: ClickPull,
    /// When a resting cursor is hidden; `None` never hides it. Default: after 2 s, over
    /// 0.3 s.
    pub idle: Option<IdleHide>,
    /// How clicks are shown.
    pub click: ClickStyle,
}

impl CursorSettings {
    /// The default settings with idle hiding on.
    pub fn with_idle_hiding() -> CursorSettings {
        CursorSettings {
            idle: Some(IdleHide::default()),
            ..CursorSettings::default()
        }
    }

    /// Checks every setting.
    pub fn validate(&self) -> Result<(), SettingsError> {
        if let Some(spring) = self.smoothing.spring() {
            spring.validate()?;
        }
        self.pull.validate()?;
        if let Some(idle) = &self.idle {
            idle.validate()?;
        }
        self.click.validate()
    }
}

/// The images a cursor is drawn with instead of the built-in shapes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CursorPictures {
    /// The recorder's images, decoded, by index into [`CursorTrack::images`] (`None`
    /// where one could not be, or is not used).
    pub recorded: Vec<Option<Arc<CursorImageData>>>,
    /// One image for every shape, named by the scene.
    pub custom: Option<Arc<CursorImageData>>,
}

/// How the cursor is drawn at one time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CursorState {
    /// Where the hotspot is drawn, in source pixels.
    pub position: Point,
    /// How fast the drawn cursor moves, in source pixels a second (for motion blur).
    pub velocity: Point,
    /// The cursor's shape.
    pub kind: CursorKind,
    /// The recorder's image for it, as an index into [`CursorTrack::images`].
    pub image: Option<usize>,
    /// How opaque it is, 0 (hidden: the app hid it, or it rested) to 1.
    pub opacity: f64,
    /// How large it is drawn relative to its size (below 1 just after a click).
    pub scale: f64,
    /// The click ring playing, if any.
    pub click: Option<ClickEffect>,
}

impl CursorState {
    /// The drawn cursor's speed, in source pixels a second.
    pub fn speed(&self) -> f64 {
        self.velocity.length()
    }
}

/// A track with its settings, ready to answer where the cursor is at any time.
///
/// Built once per track (integrating the spring once, see [`crate::spring`]); every
/// question after that is a pure function of the track, the settings and the time, so
/// any frame rate, order and worker get the same answers.
#[derive(Debug, Clone, PartialEq)]
pub struct CursorMotion {
    camera: SmoothPath,
    pictures: CursorPictures,
    track: CursorTrack,
    settings: CursorSettings,
    path: Option<SmoothPath>,
    idle: Option<IdleFade>,
    clicks: Vec<Click>,
    click_times: Vec<f64>,
}

impl CursorMotion {
    /// Prepares `track` to be drawn with `settings`, after checking them.
    pub fn new(
        track: CursorTrack,
        settings: &CursorSettings,
    ) -> Result<CursorMotion, SettingsError> {
        settings.validate()?;
        let path = settings
            .smoothing
            .spring()
            .map(|spring| SmoothPath::new(&track, spring));
        let idle = settings.idle.map(|hide| IdleFade::new(&track, hide));
        let clicks: Vec<Click> = track
            .clicks()
            .map(|event| Click {
                time: event.time,
                at: event.position,
                button: event.button,
            })
            .collect();
        let click_times = clicks.iter().map(|click| click.time).collect();
        Ok(CursorMotion {
            camera: SmoothPath::new(&track, Spring::CAMERA),
            pictures: CursorPictures::default(),
            track,
            settings: *settings,
            path,
            idle,
            clicks,
            click_times,
        })
    }

    /// This motion drawn with `pictures` instead of the built-in shapes.
    pub fn with_pictures(mut self, pictures: CursorPictures) -> CursorMotion {
        self.pictures = pictures;
        self
    }

    /// The image a cursor showing the track's image `image` is drawn with: the
    /// scene's own image if it names one, else the recorder's, if decoded; `None` draws
    /// the built-in shape.
    pub fn picture(&self, image: Option<usize>) -> Option<&CursorImageData> {
        self.pictures.custom.as_deref().or_else(|| {
            let index = image?;
            self.pictures.recorded.get(index)?.as_deref()
        })
    }

    /// Where a zoom that follows the cursor looks at `time` (seconds of the recording):
    /// the recorded path smoothed by the slow [`Spring::CAMERA`], in source pixels.
    pub fn camera_at(&self, time: f64) -> Point {
        self.camera.at(&self.track, time).position
    }

    /// The track.
    pub fn track(&self) -> &CursorTrack {
        &self.track
    }

    /// The settings.
    pub fn settings(&self) -> &CursorSettings {
        &self.settings
    }

    /// Where the cursor is drawn at `time` (seconds of the recording) and how fast it
    /// moves: the smoothed path, pulled onto the recorded one around clicks.
    pub fn position_at(&self, time: f64) -> (Point, Point) {
        let raw = self.track.raw_position_at(time);
        let raw_velocity = self.track.raw_velocity_at(time);
        let Some(path) = &self.path else {
            return (raw, raw_velocity);
        };
        let smooth = path.at(&self.track, time);
        let weight = self.settings.pull.weight(&self.click_times, time);
        if weight == 0.0 {
            return (smooth.position, smooth.velocity);
        }
        (
            smooth.position.lerp(raw, weight),
            smooth.velocity.lerp(raw_velocity, weight),
        )
    }

    /// How the cursor is drawn at `time`, in seconds of the recording (map output time
    /// to it through the scene's timeline first).
    pub fn state_at(&self, time: f64) -> CursorState {
        let (position, velocity) = self.position_at(time);
        let sample = self.track.sample_at(time);
        let resting = self.idle.as_ref().map_or(1.0, |idle| idle.opacity_at(time));
        let shown = sample.visible && sample.kind != CursorKind::Hidden;
        CursorState {
            position,
            velocity,
            kind: sample.kind,
            image: sample.image,
            opacity: if shown { resting } else { 0.0 },
            scale: self.settings.click.scale_at(&self.clicks, time),
            click: self.settings.click.effect_at(&self.clicks, time),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::track::tests::track;

    fn clicking() -> CursorTrack {
        let mut lines = String::new();
        for i in 0..90 {
            let t = f64::from(i) / 30.0;
            let x = 200.0 + 600.0 * (t * 2.0).sin().abs();
            let y = 300.0 + 100.0 * t;
            let button = match i {
                20 => ", \"button\": \"down\"",
                24 => ", \"button\": \"up\"",
                61 => ", \"button\": \"down\"",
                _ => "",
            };
            lines.push_str(&format!("{{\"t\": {t}, \"x\": {x}, \"y\": {y}{button}}}\n"));
        }
        track(&lines)
    }

    #[test]
    fn at_a_click_the_cursor_is_exactly_where_the_click_was() {
        for smoothing in [
            Smoothing::Gentle,
            Smoothing::Smooth,
            Smoothing::Snappy,
            Smoothing::None,
        ] {
            let settings = CursorSettings {
                smoothing,
                ..CursorSettings::default()
            };
            let motion = CursorMotion::new(clicking(), &settings).unwrap();
            for click in motion.track().clicks() {
                let state = motion.state_at(click.time);
                assert_eq!(state.position, click.position, "{smoothing:?}");
                assert_eq!(state.click.unwrap().progress, 0.0);
                assert_eq!(state.click.unwrap().at, click.position);
            }
        }
    }

    #[test]
    fn away_from_clicks_the_smoothed_cursor_lags_the_recorded_path() {
        let motion = CursorMotion::new(clicking(), &CursorSettings::default()).unwrap();
        let (position, _) = motion.position_at(1.2);
        assert!(position.distance(motion.track().raw_position_at(1.2)) > 5.0);
    }

    #[test]
    fn no_smoothing_is_the_recorded_path() {
        let settings = CursorSettings {
            smoothing: Smoothing::None,
            ..CursorSettings::default()
        };
        let motion = CursorMotion::new(clicking(), &settings).unwrap();
        for f in 0..400 {
            let time = f64::from(f) / 120.0 - 0.2;
            let state = motion.state_at(time);
            let raw = motion.track().raw_position_at(time);
            assert!(state.position.distance(raw) < 1e-6, "{time}");
        }
    }

    #[test]
    fn states_are_the_same_at_any_frame_rate_and_in_any_order() {
        let motion = CursorMotion::new(clicking(), &CursorSettings::with_idle_hiding()).unwrap();
        let at_30: Vec<CursorState> = (0..90)
            .map(|f| motion.state_at(f64::from(f) / 30.0))
            .collect();
        let at_60: Vec<CursorState> = (0..180)
            .step_by(2)
            .map(|f| motion.state_at(f64::from(f) / 60.0))
            .collect();
        assert_eq!(at_30, at_60);
        // A scrambled order, from a motion built again.
        let again = CursorMotion::new(clicking(), &CursorSettings::with_idle_hiding()).unwrap();
        let mut order: Vec<usize> = (0..90).collect();
        let mut seed = 7usize;
        for i in (1..order.len()).rev() {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            order.swap(i, (seed >> 33) % (i + 1));
        }
        for f in order {
            assert_eq!(again.state_at(f as f64 / 30.0), at_30[f]);
        }
    }

    #[test]
    fn the_speed_follows_the_drawn_path() {
        let settings = CursorSettings {
            smoothing: Smoothing::None,
            ..CursorSettings::default()
        };
        let track = track("{\"t\": 0, \"x\": 0, \"y\": 0}\n{\"t\": 2, \"x\": 600, \"y\": 800}\n");
        let motion = CursorMotion::new(track, &settings).unwrap();
        assert_eq!(motion.state_at(1.0).speed(), 500.0);
        assert_eq!(motion.state_at(3.0).speed(), 0.0);
    }

    #[test]
    fn hidden_samples_and_resting_cursors_are_not_drawn() {
        let track = track(
            "{\"t\": 0, \"x\": 0, \"y\": 0}\n\
             {\"t\": 1, \"x\": 100, \"y\": 0, \"kind\": \"text\"}\n\
             {\"t\": 1.5, \"x\": 120, \"y\": 0, \"visible\": false}\n\
             {\"t\": 2, \"x\": 140, \"y\": 0}\n\
             {\"t\": 9, \"x\": 140, \"y\": 0}\n",
        );
        let motion = CursorMotion::new(track, &CursorSettings::with_idle_hiding()).unwrap();
        assert_eq!(motion.state_at(1.2).kind, CursorKind::Text);
        assert_eq!(motion.state_at(1.2).opacity, 1.0);
        assert_eq!(motion.state_at(1.7).opacity, 0.0);
        assert_eq!(motion.state_at(3.0).opacity, 1.0);
        assert_eq!(motion.state_at(5.0).opacity, 0.0);
        assert_eq!(
            CursorMotion::new(motion.track().clone(), &CursorSettings::default())
                .unwrap()
                .state_at(5.0)
                .opacity,
            1.0
        );
    }

    #[test]
    fn bad_settings_are_refused() {
        let settings = CursorSettings {
            idle: Some(IdleHide {
                delay: -1.0,
                fade: 0.3,
            }),
            ..CursorSettings::default()
        };
        let error = CursorMotion::new(clicking(), &settings).unwrap_err();
        assert!(error.to_string().starts_with("idle.delay: "));
    }
}
