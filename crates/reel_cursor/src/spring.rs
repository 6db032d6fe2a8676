//! Smoothing the cursor's path with a damped spring, the same at any frame rate.
//!
//! A point of mass `mass` is pulled towards the recorded path (straight lines between
//! samples) by a spring of `stiffness` and slowed by `damping`:
//! `a = (stiffness × (target − x) − damping × v) / mass`. It starts at rest on the first
//! sample and is integrated (semi-implicit Euler) at a fixed [`STEP`] of 1/960 s from
//! the track's first sample, never at the output's frame times, so the position at a
//! time is a pure function of the track, the spring and the time: any frame rate, any
//! order of questions and any worker give the same answer, bit for bit. Between two
//! steps the state is interpolated linearly.
//!
//! The state is kept every [`CHECKPOINT_STEPS`] steps (every 0.1 s: 32 bytes each, about
//! 1.2 MB for an hour of track); a question integrates at most that many steps from the
//! checkpoint before it. After the last sample the spring runs on until it has settled
//! (within [`SETTLE_DISTANCE`] pixels and [`SETTLE_SPEED`] pixels a second of the last
//! sample, or [`MAX_SETTLE`] seconds); from then on the cursor rests on the last sample.

use crate::error::SettingsError;
use crate::point::Point;
use crate::track::CursorTrack;

/// The fixed integration step, in seconds.
pub const STEP: f64 = 1.0 / 960.0;
/// Steps between kept states.
pub const CHECKPOINT_STEPS: usize = 96;
/// How close to the last sample, in source pixels, the spring counts as settled.
pub const SETTLE_DISTANCE: f64 = 1e-3;
/// How slow, in source pixels a second, the spring counts as settled.
pub const SETTLE_SPEED: f64 = 1e-2;
/// The longest the spring runs on after the last sample, in seconds.
pub const MAX_SETTLE: f64 = 5.0;

/// The largest `stiffness / mass` accepted: beyond it the fixed step is too coarse.
pub const MAX_STIFFNESS_PER_MASS: f64 = 100_000.0;
/// The largest `damping / mass` accepted, for the same reason.
pub const MAX_DAMPING_PER_MASS: f64 = 500.0;

/// A damped spring.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spring {
    /// How hard the path pulls, in newtons per pixel of a unit mass: higher follows
    /// closer.
    pub stiffness: f64,
    /// How much motion is slowed: `2 × √(stiffness × mass)` is critical (no overshoot);
    /// less overshoots, more lags.
    pub damping: f64,
    /// The cursor's inertia: heavier is slower to start and to stop.
    pub mass: f64,
}

impl Spring {
    /// Slow and soft: about 0.5 s to catch up with a sudden move; critically damped.
    pub const GENTLE: Spring = Spring {
        stiffness: 80.0,
        damping: 18.0,
        mass: 1.0,
    };
    /// The default: about 0.35 s to catch up; just short of critical damping.
    pub const SMOOTH: Spring = Spring {
        stiffness: 170.0,
        damping: 26.0,
        mass: 1.0,
    };
    /// The camera of a zoom that follows the cursor: about 1.5 s to catch up, critically
    /// damped, so that the view drifts after the cursor without shaking.
    pub const CAMERA: Spring = Spring {
        stiffness: 6.0,
        damping: 4.9,
        mass: 1.0,
    };
    /// Quick: about 0.2 s to catch up; critically damped.
    pub const SNAPPY: Spring = Spring {
        stiffness: 600.0,
        damping: 49.0,
        mass: 1.0,
    };

    /// `damping / (2 × √(stiffness × mass))`: 1 is critical, less overshoots.
    pub fn damping_ratio(&self) -> f64 {
        self.damping / (2.0 * (self.stiffness * self.mass).sqrt())
    }

    /// Checks that the spring can be integrated at [`STEP`]: positive stiffness and
    /// mass, damping not negative, and neither too stiff nor too damped for the step.
    pub fn validate(&self) -> Result<(), SettingsError> {
        let invalid = |field, message: String| Err(SettingsError::Invalid { field, message });
        if !(self.mass.is_finite() && self.mass > 0.0) {
            return invalid("smoothing.mass", format!("{} is not above 0", self.mass));
        }
        if !(self.stiffness > 0.0 && self.stiffness / self.mass <= MAX_STIFFNESS_PER_MASS) {
            return invalid(
                "smoothing.stiffness",
                format!(
                    "{} is not above 0 and at most {} times the mass",
                    self.stiffness, MAX_STIFFNESS_PER_MASS
                ),
            );
        }
        if !(self.damping >= 0.0 && self.damping / self.mass <= MAX_DAMPING_PER_MASS) {
            return invalid(
                "smoothing.damping",
                format!(
                    "{} is not 0 or more and at most {} times the mass",
                    self.damping, MAX_DAMPING_PER_MASS
                ),
            );
        }
        Ok(())
    }
}

/// How much the cursor's path is smoothed.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Smoothing {
    /// Not at all: the recorded path, straight lines between samples.
    None,
    /// [`Spring::GENTLE`].
    Gentle,
    /// [`Spring::SMOOTH`], the default.
    #[default]
    Smooth,
    /// [`Spring::SNAPPY`].
    Snappy,
    /// A spring of one's own.
    Custom(Spring),
}

impl Smoothing {
    /// The spring, or `None` for no smoothing.
    pub fn spring(self) -> Option<Spring> {
        match self {
            Smoothing::None => None,
            Smoothing::Gentle => Some(Spring::GENTLE),
            Smoothing::Smooth => Some(Spring::SMOOTH),
            Smoothing::Snappy => Some(Spring::SNAPPY),
            Smoothing::Custom(spring) => Some(spring),
        }
    }
}

/// Where the spring is and how fast it moves.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct SpringState {
    pub position: Point,
    pub velocity: Point,
}

/// The spring-smoothed path of one track, kept at checkpoints.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SmoothPath {
    spring: Spring,
    start: f64,
    /// The state at steps 0, N, 2N, … up to `last_step`.
    checkpoints: Vec<SpringState>,
    /// The step from which the cursor rests on the last sample.
    last_step: usize,
    rest: Point,
}

impl SmoothPath {
    /// Integrates the spring along `track` once, keeping checkpoints.
    pub(crate) fn new(track: &CursorTrack, spring: Spring) -> SmoothPath {
        let start = track.start();
        let rest = track.samples()[track.samples().len() - 1].position;
        let mut path = SmoothPath {
            spring,
            start,
            checkpoints: Vec::new(),
            last_step: 0,
            rest,
        };
        let mut state = path.initial(track);
        let end = track.end();
        let mut step = 0;
        loop {
            if step % CHECKPOINT_STEPS == 0 {
                path.checkpoints.push(state);
            }
            let time = path.time_of(step);
            let settled = state.position.distance(rest) < SETTLE_DISTANCE
                && state.velocity.length() < SETTLE_SPEED;
            if time >= end && (settled || time >= end + MAX_SETTLE) {
                break;
            }
            state = path.advance(track, state, step);
            step += 1;
        }
        path.last_step = step;
        path
    }

    fn initial(&self, track: &CursorTrack) -> SpringState {
        SpringState {
            position: track.samples()[0].position,
            velocity: Point::default(),
        }
    }

    /// The time of step `step`, computed from its number (never accumulated), so that
    /// every way of reaching a step computes the same time.
    fn time_of(&self, step: usize) -> f64 {
        self.start + step as f64 * STEP
    }

    /// The state at step `step + 1` from the state at step `step`.
    fn advance(&self, track: &CursorTrack, state: SpringState, step: usize) -> SpringState {
        let target = track.raw_position_at(self.time_of(step));
        let Spring {
            stiffness,
            damping,
            mass,
        } = self.spring;
        let acceleration =
            ((target - state.position) * stiffness - state.velocity * damping) * (1.0 / mass);
        let velocity = state.velocity + acceleration * STEP;
        SpringState {
            position: state.position + velocity * STEP,
            velocity,
        }
    }

    /// The state at step `step` (at most `last_step`), from the checkpoint before it.
    fn state_at_step(&self, track: &CursorTrack, step: usize) -> SpringState {
        let checkpoint = step / CHECKPOINT_STEPS;
        let mut state = self.checkpoints[checkpoint];
        for at in checkpoint * CHECKPOINT_STEPS..step {
            state = self.advance(track, state, at);
        }
        state
    }

    /// The smoothed position and velocity at `time`: the initial state before the track
    /// starts, the last sample at rest once the spring has settled, else the states of
    /// the two steps around `time` interpolated.
    pub(crate) fn at(&self, track: &CursorTrack, time: f64) -> SpringState {
        let steps = (time - self.start) / STEP;
        if steps.is_nan() || steps <= 0.0 {
            return self.initial(track);
        }
        if steps >= self.last_step as f64 {
            return SpringState {
                position: self.rest,
                velocity: Point::default(),
            };
        }
        let step = steps.floor() as usize;
        let amount = steps - step as f64;
        let before = self.state_at_step(track, step);
        if amount == 0.0 {
            return before;
        }
        let after = self.advance(track, before, step);
        SpringState {
            position: before.position + (after.position - before.position) * amount,
            velocity: before.velocity + (after.velocity - before.velocity) * amount,
        }
    }

    /// How many states are kept.
    #[cfg(test)]
    pub(crate) fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::track::tests::track;

    fn zigzag() -> CursorTrack {
        let lines: String = (0..60)
            .map(|i| {
                let x = if i % 2 == 0 { 100 } else { 900 };
                format!(
                    "{{\"t\": {}, \"x\": {x}, \"y\": {}}}\n",
                    f64::from(i) * 0.05,
                    300 + i * 5
                )
            })
            .collect();
        track(&lines)
    }

    #[test]
    fn presets_are_damped_about_critically() {
        for spring in [Spring::GENTLE, Spring::SMOOTH, Spring::SNAPPY] {
            assert!((0.95..1.05).contains(&spring.damping_ratio()), "{spring:?}");
            spring.validate().unwrap();
        }
        assert_eq!(Smoothing::default().spring(), Some(Spring::SMOOTH));
        assert_eq!(Smoothing::None.spring(), None);
    }

    #[test]
    fn springs_the_step_cannot_integrate_are_refused() {
        for spring in [
            Spring {
                stiffness: 0.0,
                ..Spring::SMOOTH
            },
            Spring {
                mass: -1.0,
                ..Spring::SMOOTH
            },
            Spring {
                damping: f64::NAN,
                ..Spring::SMOOTH
            },
            Spring {
                stiffness: 1e7,
                ..Spring::SMOOTH
            },
        ] {
            assert!(spring.validate().is_err(), "{spring:?}");
        }
    }

    #[test]
    fn the_same_time_gives_the_same_state_in_any_order_and_at_any_rate() {
        let track = zigzag();
        let path = SmoothPath::new(&track, Spring::SMOOTH);
        // Every 30 fps frame time is also a 60 fps frame time.
        let at_30: Vec<SpringState> = (0..100)
            .map(|f| path.at(&track, f64::from(f) / 30.0))
            .collect();
        let at_60: Vec<SpringState> = (0..200)
            .map(|f| path.at(&track, f64::from(f) / 60.0))
            .step_by(2)
            .collect();
        assert_eq!(at_30, at_60);
        // Backwards, and from a second path built separately.
        let again = SmoothPath::new(&track, Spring::SMOOTH);
        for f in (0..100).rev() {
            assert_eq!(again.at(&track, f64::from(f) / 30.0), at_30[f as usize]);
        }
    }

    #[test]
    fn the_spring_lags_the_path_and_settles_on_a_still_target() {
        let track =
            track("{\"t\": 0, \"x\": 0, \"y\": 0}\n{\"t\": 0.1, \"x\": 1000, \"y\": 500}\n");
        for spring in [Spring::GENTLE, Spring::SMOOTH, Spring::SNAPPY] {
            let path = SmoothPath::new(&track, spring);
            let early = path.at(&track, 0.1).position;
            assert!(early.x < 1000.0 * 0.9, "{spring:?}: {early:?}");
            let late = path.at(&track, 2.0).position;
            assert!(
                late.distance(Point::new(1000.0, 500.0)) < 0.5,
                "{spring:?}: {late:?}"
            );
            let rest = path.at(&track, 60.0);
            assert_eq!(rest.position, Point::new(1000.0, 500.0));
            assert_eq!(rest.velocity, Point::default());
            // The last state before resting is within the settling distance.
            let settle = path.last_step as f64 * STEP - 1e-9;
            assert!(
                path.at(&track, settle).position.distance(rest.position) < 2.0 * SETTLE_DISTANCE
            );
        }
    }

    #[test]
    fn before_the_track_the_cursor_rests_on_the_first_sample() {
        let track = zigzag();
        let path = SmoothPath::new(&track, Spring::SNAPPY);
        assert_eq!(path.at(&track, -3.0).position, Point::new(100.0, 300.0));
        assert_eq!(path.at(&track, f64::NAN).position, Point::new(100.0, 300.0));
    }

    #[test]
    fn checkpoints_grow_with_the_track_not_the_steps() {
        let track = zigzag();
        let path = SmoothPath::new(&track, Spring::SMOOTH);
        let seconds = path.last_step as f64 * STEP;
        assert_eq!(
            path.checkpoint_count(),
            path.last_step / CHECKPOINT_STEPS + 1
        );
        assert!(path.checkpoint_count() as f64 <= seconds * 10.0 + 1.0);
    }
}
