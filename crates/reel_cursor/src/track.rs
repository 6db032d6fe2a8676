//! A cursor track: where the cursor was, what it looked like and which buttons were
//! pressed, over the recording's own clock.

use crate::error::{TrackError, TrackErrorKind, TrackWarning, TrackWarningKind};
use crate::formats::{self, TrackFormat};
use crate::kind::CursorKind;
use crate::normalize;
use crate::point::Point;
use std::path::{Path, PathBuf};

/// Where the cursor was at one moment of the recording.
#[derive(Debug, Clone, PartialEq)]
pub struct CursorSample {
    /// Seconds of the recording (its first picture is second 0, as the recorder counts).
    pub time: f64,
    /// The hotspot's position in source pixels; it may lie outside the picture (on
    /// another display).
    pub position: Point,
    /// The cursor's shape.
    pub kind: CursorKind,
    /// Whether the cursor was shown (false while the recorded app hid it).
    pub visible: bool,
    /// The recorder's image of the cursor, as an index into [`CursorTrack::images`].
    pub image: Option<usize>,
}

/// Whether a button went down or came up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ButtonAction {
    /// The button was pressed: a click.
    Down,
    /// The button was released.
    Up,
}

/// A mouse button pressed or released.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ButtonEvent {
    /// Seconds of the recording.
    pub time: f64,
    /// Where the cursor was then, in source pixels: the track's path at `time`.
    pub position: Point,
    /// Pressed or released.
    pub action: ButtonAction,
    /// Which button, as the recorder numbers them (0 for the primary button and for
    /// recorders that do not say).
    pub button: u8,
}

/// A recorder's picture of a cursor shape, kept for drawing the cursor as it looked.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CursorImage {
    /// The recorder's id for it (OpenScreen's `assetId`, Cap's `cursor_id`).
    pub id: String,
    /// The encoded image (PNG for the recorders Reel reads) when the track embeds it.
    pub bytes: Option<Vec<u8>>,
    /// The media type of `bytes`, such as `image/png`, when the track says.
    pub media_type: Option<String>,
    /// The image's file, as the recorder names it, when it is kept beside the track.
    pub path: Option<PathBuf>,
    /// The size the recorder gives for it, in its logical pixels.
    pub size: Option<(f64, f64)>,
    /// The hotspot, as a fraction of the image's width and height from its top-left
    /// corner.
    pub hotspot: Option<(f64, f64)>,
    /// Image pixels per logical pixel (2 for a Retina cursor); 1 when not given.
    pub scale_factor: f64,
    /// The shape the recorder says it shows.
    pub kind: Option<CursorKind>,
}

/// A cursor track, normalised: samples in source pixels on the recording's clock,
/// sorted by time and never empty, with the button events and recorder images.
///
/// Read one with [`CursorTrack::read`]; the format is recognised from the content (see
/// [`TrackFormat`]).
#[derive(Debug, Clone, PartialEq)]
pub struct CursorTrack {
    pub(crate) format: TrackFormat,
    pub(crate) capture_size: (u32, u32),
    pub(crate) samples: Vec<CursorSample>,
    pub(crate) buttons: Vec<ButtonEvent>,
    pub(crate) images: Vec<CursorImage>,
}

impl CursorTrack {
    /// Reads the track at `path` for a recording whose picture is `capture_size` pixels
    /// (formats that give positions as fractions of the capture need it; for the others
    /// it bounds what counts as far outside). A Cap track's cursor images that its
    /// project keeps in `recording-meta.json` are read from there.
    ///
    /// Returns the track and what was skipped in it, or an error naming the file (and
    /// the line and column where they apply).
    pub fn read(
        path: &Path,
        capture_size: (u32, u32),
    ) -> Result<(CursorTrack, Vec<TrackWarning>), TrackError> {
        let text = std::fs::read_to_string(path).map_err(|error| TrackError {
            file: path.to_path_buf(),
            position: None,
            kind: TrackErrorKind::Read(error.to_string()),
        })?;
        let (mut track, mut warnings) = CursorTrack::parse(&text, path, capture_size)?;
        if track.format == TrackFormat::Cap {
            let reasons = crate::formats::fill_from_meta(&mut track, path);
            if !reasons.is_empty() {
                warnings.push(TrackWarning {
                    file: path.to_path_buf(),
                    kind: TrackWarningKind::Images { reasons },
                });
            }
        }
        Ok((track, warnings))
    }

    /// Reads a track from its text; `file` names it in errors and warnings.
    pub fn parse(
        text: &str,
        file: &Path,
        capture_size: (u32, u32),
    ) -> Result<(CursorTrack, Vec<TrackWarning>), TrackError> {
        let located = |error: formats::Located| TrackError {
            file: file.to_path_buf(),
            position: error.position,
            kind: error.kind,
        };
        let (width, height) = capture_size;
        if width == 0 || height == 0 {
            return Err(located(formats::Located::new(
                None,
                TrackErrorKind::CaptureSize { width, height },
            )));
        }
        let raw = formats::read_raw(text, capture_size).map_err(located)?;
        normalize::normalize(raw, file, capture_size)
    }

    /// The format the track was written in.
    pub fn format(&self) -> TrackFormat {
        self.format
    }

    /// The recording's picture size the track was read for.
    pub fn capture_size(&self) -> (u32, u32) {
        self.capture_size
    }

    /// The samples, sorted by strictly increasing time; never empty.
    pub fn samples(&self) -> &[CursorSample] {
        &self.samples
    }

    /// The button events, sorted by time.
    pub fn buttons(&self) -> &[ButtonEvent] {
        &self.buttons
    }

    /// The clicks: the button events that press a button.
    pub fn clicks(&self) -> impl Iterator<Item = &ButtonEvent> + '_ {
        self.buttons
            .iter()
            .filter(|event| event.action == ButtonAction::Down)
    }

    /// The recorder's cursor images, which samples refer to by index.
    pub fn images(&self) -> &[CursorImage] {
        &self.images
    }

    /// The recorder's cursor images, to fill in from files kept beside the track (such
    /// as Cap's `recording-meta.json`).
    pub fn images_mut(&mut self) -> &mut [CursorImage] {
        &mut self.images
    }

    /// The time of the first sample.
    pub fn start(&self) -> f64 {
        self.samples[0].time
    }

    /// The time of the last sample.
    pub fn end(&self) -> f64 {
        self.samples[self.samples.len() - 1].time
    }

    /// The index of the last sample at or before `time` (the first before it starts).
    pub fn index_at(&self, time: f64) -> usize {
        self.samples
            .partition_point(|sample| sample.time <= time)
            .saturating_sub(1)
    }

    /// The last sample at or before `time`, which gives the shape and visibility then
    /// (the first sample before the track starts).
    pub fn sample_at(&self, time: f64) -> &CursorSample {
        &self.samples[self.index_at(time)]
    }

    /// The recorded path at `time`: straight lines between samples, held before the
    /// first and after the last.
    pub fn raw_position_at(&self, time: f64) -> Point {
        let index = self.index_at(time);
        let from = &self.samples[index];
        match self.samples.get(index + 1) {
            Some(to) if time > from.time => {
                let amount = (time - from.time) / (to.time - from.time);
                from.position.lerp(to.position, amount)
            }
            _ => from.position,
        }
    }

    /// The recorded path's velocity at `time`, in source pixels per second: the slope of
    /// the line it is on; zero before the first sample and after the last.
    pub fn raw_velocity_at(&self, time: f64) -> Point {
        let index = self.index_at(time);
        let from = &self.samples[index];
        match self.samples.get(index + 1) {
            Some(to) if time >= from.time => {
                (to.position - from.position) * (1.0 / (to.time - from.time))
            }
            _ => Point::default(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A track in Reel's format from its lines, for tests across the crate.
    pub(crate) fn track(lines: &str) -> CursorTrack {
        let (track, warnings) =
            CursorTrack::parse(lines, Path::new("test.cursor.jsonl"), (1920, 1080)).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        track
    }

    #[test]
    fn the_raw_path_runs_straight_between_samples() {
        let track = track(
            "{\"t\": 1.0, \"x\": 100, \"y\": 100}\n\
             {\"t\": 2.0, \"x\": 300, \"y\": 200}\n",
        );
        assert_eq!(track.raw_position_at(0.0), Point::new(100.0, 100.0));
        assert_eq!(track.raw_position_at(1.5), Point::new(200.0, 150.0));
        assert_eq!(track.raw_position_at(2.0), Point::new(300.0, 200.0));
        assert_eq!(track.raw_position_at(9.0), Point::new(300.0, 200.0));
        assert_eq!(track.raw_velocity_at(1.5), Point::new(200.0, 100.0));
        assert_eq!(track.raw_velocity_at(2.5), Point::default());
        assert_eq!((track.start(), track.end()), (1.0, 2.0));
    }

    /// One motion — a move right, a click, a release — written in each format.
    const SAME_MOTION: [&str; 3] = [
        r#"{"version": 2, "provider": "native", "assets": [], "samples": [
            {"timeMs": 0, "cx": 0.25, "cy": 0.5, "interactionType": "move"},
            {"timeMs": 500, "cx": 0.5, "cy": 0.5, "interactionType": "click"},
            {"timeMs": 750, "cx": 0.5, "cy": 0.75, "interactionType": "mouseup"}]}"#,
        r#"{"moves": [
            {"time_ms": 0, "x": 0.25, "y": 0.5, "cursor_id": "0", "active_modifiers": []},
            {"time_ms": 500, "x": 0.5, "y": 0.5, "cursor_id": "0", "active_modifiers": []},
            {"time_ms": 750, "x": 0.5, "y": 0.75, "cursor_id": "0", "active_modifiers": []}],
           "clicks": [
            {"time_ms": 500, "down": true, "cursor_num": 0, "cursor_id": "0", "active_modifiers": []},
            {"time_ms": 750, "down": false, "cursor_num": 0, "cursor_id": "0", "active_modifiers": []}]}"#,
        "{\"t\": 0, \"x\": 480, \"y\": 540}\n\
         {\"t\": 0.5, \"x\": 960, \"y\": 540, \"button\": \"down\"}\n\
         {\"t\": 0.75, \"x\": 960, \"y\": 810, \"button\": \"up\"}\n",
    ];

    #[test]
    fn every_format_gives_the_same_samples_for_the_same_motion() {
        let read: Vec<CursorTrack> = SAME_MOTION
            .iter()
            .map(|text| {
                let (track, warnings) =
                    CursorTrack::parse(text, Path::new("cursor.json"), (1920, 1080)).unwrap();
                assert!(warnings.is_empty(), "{warnings:?}");
                track
            })
            .collect();
        let formats: Vec<TrackFormat> = read.iter().map(CursorTrack::format).collect();
        assert_eq!(
            formats,
            [TrackFormat::OpenScreen, TrackFormat::Cap, TrackFormat::Reel]
        );
        let path = |track: &CursorTrack| -> Vec<(f64, Point, bool)> {
            track
                .samples()
                .iter()
                .map(|s| (s.time, s.position, s.visible))
                .collect()
        };
        let expected = vec![
            (0.0, Point::new(480.0, 540.0), true),
            (0.5, Point::new(960.0, 540.0), true),
            (0.75, Point::new(960.0, 810.0), true),
        ];
        for track in &read {
            assert_eq!(path(track), expected, "{}", track.format());
            assert_eq!(track.buttons(), read[2].buttons(), "{}", track.format());
        }
        assert_eq!(read[2].buttons()[0].position, Point::new(960.0, 540.0));
    }

    #[test]
    fn a_track_is_read_from_its_file() {
        let path =
            std::env::temp_dir().join(format!("reel-cursor-{}.cursor.json", std::process::id()));
        std::fs::write(&path, SAME_MOTION[0]).unwrap();
        let read = CursorTrack::read(&path, (1920, 1080));
        std::fs::remove_file(&path).unwrap();
        let (track, warnings) = read.unwrap();
        assert!(warnings.is_empty());
        assert_eq!(track.samples().len(), 3);
        assert_eq!(track.clicks().count(), 1);
    }

    #[test]
    fn reading_a_missing_file_names_it() {
        let error = CursorTrack::read(Path::new("no/such.cursor.json"), (1920, 1080)).unwrap_err();
        assert_eq!(error.file, Path::new("no/such.cursor.json"));
        assert!(matches!(error.kind, TrackErrorKind::Read(_)));
    }

    #[test]
    fn a_zero_capture_size_is_an_error() {
        let error =
            CursorTrack::parse("{\"t\":0,\"x\":1,\"y\":1}", Path::new("a"), (0, 1080)).unwrap_err();
        assert!(matches!(error.kind, TrackErrorKind::CaptureSize { .. }));
    }
}
