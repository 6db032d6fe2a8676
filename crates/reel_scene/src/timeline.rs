//! The edit: which part of which recording each output frame shows, at what speed, and
//! how one clip gives way to the next.
//!
//! A scene's `timeline` lists clips in output order. Clip `k` plays source seconds
//! `start..end` of its recording at `speed`, so it lasts `(end - start) / speed` output
//! seconds. A clip with a `transition` begins that many seconds before the previous one
//! ends: the two overlap and are mixed there. Without a `timeline` the export is one clip,
//! the scene's `source` with its `trim`.
//!
//! [`Timeline`] is the one mapping from output time to (clip, source time) that the
//! export, `--frame`, `--check`, `--plan` and segments share, and that maps anything kept
//! in source time (a cursor track, a transcript) onto the output.
//!
//! ```
//! use reel_scene::{FrameRate, Scene, Timeline};
//!
//! let scene = Scene::from_ron(
//!     r#"(
//!         source: (path: "take1.mp4"),
//!         output: (path: "talk.mp4", fps: 30),
//!         timeline: [
//!             (start: 0.0, end: 4.0),
//!             (start: 6.0, end: 10.0, speed: 2.0),
//!             (source: "take2.mp4", start: 1.0, end: 3.0,
//!              transition: (kind: CrossFade, duration: 0.5)),
//!         ],
//!     )"#,
//!     "talk.ron".as_ref(),
//! )
//! .unwrap();
//! let timeline = Timeline::of(&scene, None);
//! assert_eq!(timeline.duration(), Some(4.0 + 2.0 + 2.0 - 0.5));
//! let rate = FrameRate::whole(30);
//! // Output second 5 is one second into the 2x clip: source second 8.
//! let shown = timeline.at_frame(150, rate).unwrap();
//! assert_eq!((shown.clip, shown.source_time), (1, 8.0));
//! // Output second 5.75 lies in the cross-fade: a quarter of the way into take2.
//! let mixed = timeline.at_frame(172, rate).unwrap();
//! assert_eq!(mixed.incoming.unwrap().clip, 2);
//! ```

use crate::fps::FrameRate;
use crate::model::{Rect, Scene};
use crate::validate::Invalid;
use serde::Deserialize;
use std::ops::Range;
use std::path::PathBuf;

/// The slowest speed a clip may play at.
pub const MIN_SPEED: f64 = 0.1;
/// The fastest speed a clip may play at.
pub const MAX_SPEED: f64 = 16.0;
/// The most clips a timeline may hold.
pub const MAX_CLIPS: usize = 1000;

/// One clip of a scene's `timeline`, as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clip {
    /// The recording, relative to the scene file's folder. Default: the scene's `source`.
    #[serde(default)]
    pub source: Option<PathBuf>,
    /// Where the clip starts, in seconds of its recording (from its first picture).
    pub start: f64,
    /// Where it ends, in seconds of its recording.
    pub end: f64,
    /// How fast it plays, 0.1 to 16. Default: 1.
    #[serde(default = "default_speed")]
    pub speed: f64,
    /// How the previous clip gives way to this one. Default: a cut.
    #[serde(default)]
    pub transition: Option<Transition>,
}

fn default_speed() -> f64 {
    1.0
}

/// How one clip gives way to the next: `(kind: CrossFade, duration: 0.5)`.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    /// The kind of transition.
    pub kind: TransitionKind,
    /// Output seconds the two clips overlap, at most half the shorter of them.
    pub duration: f64,
}

/// The transitions between clips.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum TransitionKind {
    /// The outgoing clip's frames dissolve into the incoming clip's.
    CrossFade,
    /// The outgoing clip fades to black over the first half, the incoming one in from
    /// black over the second.
    FadeThroughBlack,
}

/// One clip placed on the output's clock.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedClip {
    /// The scene field the clip comes from (`timeline[2]`, or `source.trim`), for errors.
    pub field: String,
    /// The recording it shows.
    pub source: PathBuf,
    /// Whether the recording is the scene's `source` (its crop applies).
    pub is_scene_source: bool,
    /// The part of the picture shown: the scene's crop for its own source, else all.
    pub crop: Option<Rect>,
    /// Source seconds where the clip starts.
    pub start: f64,
    /// Source seconds where it ends; `None` for a trim to the recording's unknown end.
    pub end: Option<f64>,
    /// Source seconds per output second.
    pub speed: f64,
    /// Output seconds where the clip starts.
    pub output_start: f64,
    /// How the clip before gives way to this one, if not by a cut.
    pub transition: Option<Transition>,
}

impl PlacedClip {
    /// Output seconds where the clip ends, when its end is known.
    pub fn output_end(&self) -> Option<f64> {
        self.end
            .map(|end| self.output_start + (end - self.start) / self.speed)
    }

    /// The source second shown at output second `time`.
    pub fn source_time(&self, time: f64) -> f64 {
        self.start + (time - self.output_start) * self.speed
    }

    /// The output second at which source second `time` is shown.
    pub fn output_time(&self, time: f64) -> f64 {
        self.output_start + (time - self.start) / self.speed
    }
}

/// What one output frame shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shown {
    /// The clip on screen (the outgoing one during a transition).
    pub clip: usize,
    /// The source second of that clip at the frame's time.
    pub source_time: f64,
    /// During a transition, the clip coming in and how far the transition has gone.
    pub incoming: Option<Incoming>,
}

/// The clip coming in during a transition.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Incoming {
    /// The incoming clip.
    pub clip: usize,
    /// Its source second at the frame's time.
    pub source_time: f64,
    /// The kind of transition.
    pub kind: TransitionKind,
    /// How far it has gone, from 0 (all the outgoing clip) to 1 (all the incoming one),
    /// at the middle of the frame.
    pub progress: f64,
}

impl Incoming {
    /// The outgoing clip's weight, the incoming clip's weight, and what is left over
    /// for black: a cross-fade mixes the two; a fade through black shows the outgoing
    /// clip fading out over the first half and the incoming one fading in over the
    /// second.
    pub fn weights(&self) -> (f32, f32) {
        let p = self.progress.clamp(0.0, 1.0) as f32;
        match self.kind {
            TransitionKind::CrossFade => (1.0 - p, p),
            TransitionKind::FadeThroughBlack if p < 0.5 => (1.0 - 2.0 * p, 0.0),
            TransitionKind::FadeThroughBlack => (0.0, 2.0 * p - 1.0),
        }
    }
}

/// The clips of an export on the output's clock.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// The clips in output order.
    pub clips: Vec<PlacedClip>,
    /// Whether the scene wrote a `timeline` (rather than a trim of its source).
    pub edited: bool,
}

impl Timeline {
    /// The timeline of `scene`: its `timeline` placed end to end (overlapping where a
    /// transition says so), or one clip of its source's `trim` when it has none, ending
    /// at the recording's end (`screen_duration`, when known) if the trim does not say.
    pub fn of(scene: &Scene, screen_duration: Option<f64>) -> Timeline {
        if scene.timeline.is_empty() {
            let trim = scene.source.trim;
            let end = match (trim.end, screen_duration) {
                (Some(end), Some(duration)) => Some(end.min(duration)),
                (end, duration) => end.or(duration),
            };
            let clip = PlacedClip {
                field: "source.trim".into(),
                source: scene.source.path.clone(),
                is_scene_source: true,
                crop: scene.source.crop,
                start: trim.start,
                end,
                speed: 1.0,
                output_start: 0.0,
                transition: None,
            };
            return Timeline {
                clips: vec![clip],
                edited: false,
            };
        }
        let mut clips: Vec<PlacedClip> = Vec::with_capacity(scene.timeline.len());
        let mut at = 0.0;
        for (k, clip) in scene.timeline.iter().enumerate() {
            let overlap = clip.transition.map_or(0.0, |t| t.duration);
            let source = clip.source.clone().unwrap_or(scene.source.path.clone());
            let is_scene_source = source == scene.source.path;
            let placed = PlacedClip {
                field: format!("timeline[{k}]"),
                crop: scene.source.crop.filter(|_| is_scene_source),
                is_scene_source,
                source,
                start: clip.start,
                end: Some(clip.end),
                speed: clip.speed,
                output_start: (at - overlap).max(0.0),
                transition: clip.transition.filter(|_| k > 0),
            };
            at = placed.output_end().unwrap_or(at);
            clips.push(placed);
        }
        Timeline {
            clips,
            edited: true,
        }
    }

    /// The output's length in seconds, when every clip's end is known.
    pub fn duration(&self) -> Option<f64> {
        self.clips.last()?.output_end()
    }

    /// The output frame nearest output second `time` (halves round up), as the decoder
    /// places pictures.
    pub fn frame_at(time: f64, rate: FrameRate) -> u64 {
        (time * rate.as_f64() + 0.5 + 1e-9).floor().max(0.0) as u64
    }

    /// The output frames clip `k` is on screen for; `None` for the end when it is not
    /// known.
    pub fn clip_frames(&self, k: usize, rate: FrameRate) -> (u64, Option<u64>) {
        let clip = &self.clips[k];
        let start = Self::frame_at(clip.output_start, rate);
        let end = clip.output_end().map(|end| Self::frame_at(end, rate));
        (start, end)
    }

    /// The number of output frames, when the timeline's end is known.
    pub fn frame_count(&self, rate: FrameRate) -> Option<u64> {
        let last = self.clips.len().checked_sub(1)?;
        self.clip_frames(last, rate).1
    }

    /// The clips on screen during output frames `frames`, by index.
    pub fn clips_within(&self, frames: Range<u64>, rate: FrameRate) -> Range<usize> {
        let first = (0..self.clips.len())
            .find(|&k| {
                self.clip_frames(k, rate)
                    .1
                    .is_none_or(|end| end > frames.start)
            })
            .unwrap_or(self.clips.len());
        let last = (first..self.clips.len())
            .take_while(|&k| self.clip_frames(k, rate).0 < frames.end)
            .last()
            .map_or(first, |k| k + 1);
        first..last
    }

    /// What output frame `frame` shows: the clip on screen and its source time, and
    /// during a transition the incoming clip. `None` past the end.
    pub fn at_frame(&self, frame: u64, rate: FrameRate) -> Option<Shown> {
        let time = rate.frame_time(frame);
        let on = |k: usize| {
            let (start, end) = self.clip_frames(k, rate);
            frame >= start && end.is_none_or(|end| frame < end)
        };
        let clip = (0..self.clips.len()).find(|&k| on(k))?;
        let incoming = (clip + 1 < self.clips.len() && on(clip + 1)).then(|| {
            let next = &self.clips[clip + 1];
            let transition = next.transition.expect("clips overlap only in a transition");
            let middle = time + 0.5 / rate.as_f64();
            Incoming {
                clip: clip + 1,
                source_time: next.source_time(time),
                kind: transition.kind,
                progress: ((middle - next.output_start) / transition.duration).clamp(0.0, 1.0),
            }
        });
        Some(Shown {
            clip,
            source_time: self.clips[clip].source_time(time),
            incoming,
        })
    }

    /// The output seconds at which source second `time` of the recording `source` is
    /// shown: once per clip that plays it (a cursor position or a caption in source time
    /// lands on each).
    pub fn output_times(&self, source: &std::path::Path, time: f64) -> Vec<f64> {
        self.clips
            .iter()
            .filter(|clip| clip.source == source)
            .filter(|clip| time >= clip.start && clip.end.is_none_or(|end| time < end))
            .map(|clip| clip.output_time(time))
            .collect()
    }

    /// The distinct recordings the timeline shows, the scene's source first.
    pub fn sources(&self) -> Vec<PathBuf> {
        let mut sources: Vec<PathBuf> = Vec::new();
        for clip in &self.clips {
            if !sources.contains(&clip.source) {
                sources.push(clip.source.clone());
            }
        }
        sources
    }
}

/// Checks a scene's `timeline`: clips with a valid range and speed, transitions that fit
/// between their neighbours, and no `trim` beside it.
pub(crate) fn validate_timeline(scene: &Scene) -> Result<(), Invalid> {
    let clips = &scene.timeline;
    if clips.is_empty() {
        return Ok(());
    }
    if clips.len() > MAX_CLIPS {
        return Err((
            "timeline".into(),
            format!("{} clips (expected at most {MAX_CLIPS})", clips.len()),
        ));
    }
    if scene.source.trim != crate::Trim::default() {
        return Err((
            "source.trim".into(),
            "a scene with a timeline cuts its clips there (expected no trim beside a timeline)"
                .into(),
        ));
    }
    for (k, clip) in clips.iter().enumerate() {
        validate_clip(scene, k, clip)?;
    }
    Ok(())
}

/// The output seconds a clip lasts.
fn output_length(clip: &Clip) -> f64 {
    (clip.end - clip.start) / clip.speed
}

fn validate_clip(scene: &Scene, k: usize, clip: &Clip) -> Result<(), Invalid> {
    let field = format!("timeline[{k}]");
    if !(clip.start.is_finite() && clip.start >= 0.0) {
        return Err((
            field,
            format!("invalid start {} (expected seconds, 0 or more)", clip.start),
        ));
    }
    if !(clip.end.is_finite() && clip.end > clip.start) {
        return Err((
            field,
            format!(
                "invalid end {} (expected a time after the start, {})",
                clip.end, clip.start
            ),
        ));
    }
    if !(clip.speed.is_finite() && (MIN_SPEED..=MAX_SPEED).contains(&clip.speed)) {
        return Err((
            field,
            format!(
                "invalid speed {} (expected {MIN_SPEED} to {MAX_SPEED})",
                clip.speed
            ),
        ));
    }
    if clip.source.as_ref() == Some(&scene.output.path) {
        return Err((
            format!("{field}.source"),
            "the output would overwrite this clip's recording (expected a different file)".into(),
        ));
    }
    let Some(transition) = clip.transition else {
        return Ok(());
    };
    let field = format!("{field}.transition");
    if k == 0 {
        return Err((
            field,
            "the first clip has no clip before it to come from (expected no transition)".into(),
        ));
    }
    let shorter = output_length(&scene.timeline[k - 1]).min(output_length(clip));
    let limit = shorter / 2.0;
    if !(transition.duration.is_finite()
        && transition.duration > 0.0
        && transition.duration <= limit + 1e-9)
    {
        return Err((
            field,
            format!(
                "invalid duration {} (expected more than 0 and at most {limit:.3} s, half the shorter of the two clips)",
                transition.duration
            ),
        ));
    }
    Ok(())
}

/// The source seconds a clip may not reach past: its recording's `duration`. Checked once
/// the recording is probed; `field` and message when it does.
pub fn check_clip_against_source(clip: &PlacedClip, duration: Option<f64>) -> Result<(), Invalid> {
    let Some(duration) = duration else {
        return Ok(());
    };
    if clip.start >= duration {
        return Err((
            clip.field.clone(),
            format!(
                "starts at {} s, at or past the end of the {duration:.3} s recording {} (expected a start before {duration:.3})",
                clip.start,
                clip.source.display()
            ),
        ));
    }
    // A clip that asks for more than the recording holds would shift every clip after it:
    // refused, with the end it could have (a few milliseconds of rounding are allowed).
    if let Some(end) = clip.end
        && clip.field != "source.trim"
        && end > duration + 0.001
    {
        return Err((
            clip.field.clone(),
            format!(
                "ends at {end} s, past the end of the {duration:.3} s recording {} (expected an end of at most {duration:.3})",
                clip.source.display()
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(timeline: &str) -> String {
        Scene::from_ron(
            &format!(
                r#"(source: (path: "a.mp4"), output: (path: "o.mp4", fps: 10), timeline: [{timeline}])"#
            ),
            "s.ron".as_ref(),
        )
        .unwrap_err()
        .to_string()
    }

    #[test]
    fn invalid_clips_are_refused_where_they_are() {
        let cases = [
            (
                "(start: 2, end: 1)",
                "s.ron:1:72: timeline[0]: invalid end 1",
            ),
            (
                "(start: 0, end: 1, speed: 20)",
                "timeline[0]: invalid speed 20 (expected 0.1 to 16)",
            ),
            (
                "(start: 0, end: 1, transition: (kind: CrossFade, duration: 0.2))",
                "timeline[0].transition: the first clip has no clip before it",
            ),
            (
                "(start: 0, end: 1), (start: 0, end: 4, transition: (kind: FadeThroughBlack, duration: 0.6))",
                "timeline[1].transition: invalid duration 0.6 (expected more than 0 and at most 0.500 s",
            ),
            (
                "(start: 0, end: 1), (source: \"o.mp4\", start: 0, end: 1)",
                "timeline[1].source: the output would overwrite",
            ),
        ];
        for (timeline, expected) in cases {
            let error = error(timeline);
            assert!(error.contains(expected), "{timeline}: {error}");
        }
        let both = Scene::from_ron(
            r#"(source: (path: "a.mp4", trim: (start: 1)), output: (path: "o.mp4"), timeline: [(start: 0, end: 1)])"#,
            "s.ron".as_ref(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            both.contains("source.trim: a scene with a timeline"),
            "{both}"
        );
    }

    #[test]
    fn clips_past_their_recording_are_refused() {
        let timeline = Timeline::of(&scene("(start: 0, end: 1), (start: 3, end: 9)"), None);
        assert!(check_clip_against_source(&timeline.clips[0], Some(5.0)).is_ok());
        let (field, message) =
            check_clip_against_source(&timeline.clips[1], Some(5.0)).unwrap_err();
        assert_eq!(field, "timeline[1]");
        assert!(
            message.contains("ends at 9 s, past the end of the 5.000 s recording"),
            "{message}"
        );
    }

    fn scene(timeline: &str) -> Scene {
        Scene::from_ron(
            &format!(
                r#"(source: (path: "a.mp4"), output: (path: "o.mp4", fps: 10), timeline: [{timeline}])"#
            ),
            "s.ron".as_ref(),
        )
        .unwrap()
    }

    const TEN: FrameRate = FrameRate::whole(10);

    #[test]
    fn cuts_play_end_to_end() {
        let timeline = Timeline::of(
            &scene("(start: 0, end: 1), (start: 5, end: 5.5), (start: 2, end: 3)"),
            None,
        );
        assert_eq!(timeline.frame_count(TEN), Some(25));
        let shown: Vec<(usize, f64)> = (0..25)
            .map(|f| {
                let s = timeline.at_frame(f, TEN).unwrap();
                assert!(s.incoming.is_none());
                (s.clip, (s.source_time * 10.0).round() / 10.0)
            })
            .collect();
        assert_eq!(shown[0], (0, 0.0));
        assert_eq!(shown[9], (0, 0.9));
        assert_eq!(shown[10], (1, 5.0));
        assert_eq!(shown[14], (1, 5.4));
        assert_eq!(shown[15], (2, 2.0));
        assert_eq!(shown[24], (2, 2.9));
        assert_eq!(timeline.at_frame(25, TEN), None);
    }

    #[test]
    fn speed_scales_source_time() {
        let timeline = Timeline::of(
            &scene("(start: 0, end: 2, speed: 2), (start: 10, end: 11, speed: 0.5)"),
            None,
        );
        assert_eq!(timeline.duration(), Some(3.0));
        assert_eq!(timeline.frame_count(TEN), Some(30));
        let at = |f| timeline.at_frame(f, TEN).unwrap();
        assert_eq!((at(5).clip, at(5).source_time), (0, 1.0));
        assert_eq!(at(10).clip, 1);
        assert!((at(14).source_time - 10.2).abs() < 1e-9);
        assert_eq!(timeline.output_times("a.mp4".as_ref(), 10.5), vec![2.0]);
        assert_eq!(timeline.output_times("a.mp4".as_ref(), 1.0), vec![0.5]);
    }

    #[test]
    fn transitions_overlap_the_clip_before() {
        let timeline = Timeline::of(
            &scene(
                "(start: 0, end: 2), (source: \"b.mp4\", start: 0, end: 2, transition: (kind: CrossFade, duration: 1))",
            ),
            None,
        );
        assert_eq!(timeline.duration(), Some(3.0));
        assert_eq!(timeline.frame_count(TEN), Some(30));
        assert_eq!(timeline.sources().len(), 2);
        assert!(timeline.at_frame(9, TEN).unwrap().incoming.is_none());
        let first = timeline.at_frame(10, TEN).unwrap().incoming.unwrap();
        let last = timeline.at_frame(19, TEN).unwrap().incoming.unwrap();
        assert_eq!(first.clip, 1);
        assert!((first.progress - 0.05).abs() < 1e-9 && (last.progress - 0.95).abs() < 1e-9);
        let (a, b) = first.weights();
        assert!((a + b - 1.0).abs() < 1e-6 && a > 0.9);
        let after = timeline.at_frame(20, TEN).unwrap();
        assert_eq!((after.clip, after.incoming), (1, None));
        assert!((after.source_time - 1.0).abs() < 1e-9);
    }

    #[test]
    fn fade_through_black_passes_black_in_the_middle() {
        let incoming = |progress| Incoming {
            clip: 1,
            source_time: 0.0,
            kind: TransitionKind::FadeThroughBlack,
            progress,
        };
        assert_eq!(incoming(0.0).weights(), (1.0, 0.0));
        assert_eq!(incoming(0.5).weights(), (0.0, 0.0));
        assert_eq!(incoming(0.75).weights(), (0.0, 0.5));
    }

    #[test]
    fn a_scene_without_timeline_is_its_trim() {
        let scene = Scene::from_ron(
            r#"(source: (path: "a.mp4", trim: (start: 2, end: 9)), output: (path: "o.mp4"))"#,
            "s.ron".as_ref(),
        )
        .unwrap();
        let timeline = Timeline::of(&scene, Some(6.0));
        assert!(!timeline.edited);
        assert_eq!(timeline.duration(), Some(4.0));
        assert_eq!(timeline.clips[0].field, "source.trim");
        assert_eq!(Timeline::of(&scene, None).duration(), Some(7.0));
    }

    #[test]
    fn clips_within_a_window() {
        let timeline = Timeline::of(
            &scene("(start: 0, end: 1), (start: 5, end: 6), (start: 2, end: 3)"),
            None,
        );
        assert_eq!(timeline.clips_within(0..5, TEN), 0..1);
        assert_eq!(timeline.clips_within(5..15, TEN), 0..2);
        assert_eq!(timeline.clips_within(20..30, TEN), 2..3);
        assert_eq!(timeline.clips_within(10..20, TEN), 1..2);
    }
}
