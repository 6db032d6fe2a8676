//! Maps source pictures onto output frames by presentation time.
//!
//! Output frame `i` is shown at `i / fps`. Each source picture is placed on the output
//! frame nearest its timestamp (its slot); it is shown from that slot until the next
//! picture's slot. A picture whose slot is already taken by a later one is dropped, and a
//! slot no picture lands on repeats the one before. So a 24 fps source in a 30 fps output
//! repeats every fourth picture, a 60 fps source drops every other one, and a variable
//! frame rate source keeps its timing: frames are duplicated or dropped, never shifted.
//! All arithmetic is exact (integer ticks), so long exports do not drift.
//!
//! A trim moves the origin to its start (the picture on screen at the start is output
//! frame 0) and ends the output at its end.

use ffmpeg_next::Rational;
use reel_scene::FrameRate;
use std::ops::Range;

/// A picture and the run of output frames that show it.
#[derive(Debug, Clone, PartialEq)]
pub struct SlotRun<T> {
    /// The output frame indices that show `item`.
    pub frames: Range<u64>,
    /// The picture.
    pub item: T,
}

/// Turns a stream of timestamped pictures into runs of output frames.
#[derive(Debug)]
pub struct FrameMapper<T> {
    rate: FrameRate,
    time_base: Rational,
    /// Source microseconds, from the origin, where the clip starts.
    start_us: i64,
    /// Thousandths of the clip's speed (source seconds per output second).
    speed_milli: i64,
    /// Output microseconds where the clip starts.
    output_start_us: i64,
    /// The output frame after the clip's last one, when known.
    end: Option<u64>,
    origin: Option<i64>,
    last_pts: Option<i64>,
    last_duration: Option<i64>,
    next_output: u64,
    held: Option<T>,
}

/// Seconds as whole microseconds.
fn micros(seconds: f64) -> i64 {
    (seconds * 1e6).round() as i64
}

impl<T> FrameMapper<T> {
    /// A mapper for timestamps in `time_base` seconds per tick into frames at `rate`.
    pub fn new(time_base: Rational, rate: FrameRate) -> Self {
        Self {
            rate,
            time_base,
            start_us: 0,
            speed_milli: 1000,
            output_start_us: 0,
            end: None,
            origin: None,
            last_pts: None,
            last_duration: None,
            next_output: 0,
            held: None,
        }
    }

    /// Exports only source seconds `start` to `end` (counted from the first picture).
    pub fn with_trim(mut self, start: f64, end: Option<f64>) -> Self {
        self.start_us = micros(start);
        self.end = end.map(|end| self.slot_of_output(micros(end - start).into(), 1));
        self
    }

    /// Maps one clip of a timeline: source seconds from `start` played at `speed`,
    /// shown from output second `output_start`, on output frames `first..end` (the
    /// timeline's frames for the clip; `end` unknown for a clip running to the
    /// recording's end). Frames are counted in the whole export.
    pub fn with_clip(
        mut self,
        (start, speed, output_start): (f64, f64, f64),
        first: u64,
        end: Option<u64>,
    ) -> Self {
        self.start_us = micros(start);
        self.speed_milli = (speed * 1000.0).round().max(1.0) as i64;
        self.output_start_us = micros(output_start);
        self.next_output = first;
        self.end = end;
        self
    }

    /// Counts source time from the picture at `pts` ticks (the stream's start), rather
    /// than from the first picture pushed: needed when decoding starts after a seek.
    pub fn with_origin(mut self, pts: i64) -> Self {
        self.origin = Some(pts);
        self
    }

    /// Whether a picture at `pts` would only be shown from the clip's end on: the
    /// stream can stop.
    pub fn is_past_end(&self, pts: Option<i64>) -> bool {
        match (pts, self.origin, self.end) {
            (Some(pts), Some(origin), Some(end)) => self.slot(pts - origin) >= end,
            _ => false,
        }
    }

    /// The number of output frames released so far (counted from the clip's first).
    pub fn frames_released(&self) -> u64 {
        self.next_output
    }

    /// The output frame nearest output microsecond `numerator / denominator` (halves
    /// round up).
    fn slot_of_output(&self, numerator: i128, denominator: i128) -> u64 {
        let frames = i128::from(self.rate.frames);
        let seconds = i128::from(self.rate.seconds) * 1_000_000;
        let scale = denominator * seconds;
        if scale <= 0 || numerator <= 0 {
            return 0;
        }
        ((2 * numerator * frames + scale) / (2 * scale)) as u64
    }

    /// The output slot of a picture `ticks` after the origin: the output frame nearest
    /// the time it is shown at (halves round up); a picture before the clip's start
    /// belongs to its first frame.
    fn slot(&self, ticks: i64) -> u64 {
        let (num, den) = (
            i128::from(self.time_base.numerator()),
            i128::from(self.time_base.denominator()),
        );
        if den <= 0 {
            return 0;
        }
        // Source microseconds past the clip's start, times the time base's denominator.
        let past_start =
            (i128::from(ticks) * num * 1_000_000 - i128::from(self.start_us) * den).max(0);
        let speed = i128::from(self.speed_milli);
        let numerator = i128::from(self.output_start_us) * den * speed + past_start * 1000;
        self.slot_of_output(numerator, den * speed)
    }

    /// Accepts the next picture in presentation order, with its timestamp and duration in
    /// time-base ticks when known. Returns the run of output frames that the previous
    /// picture covers, now that it is known where it ends.
    pub fn push(&mut self, pts: Option<i64>, duration: Option<i64>, item: T) -> Option<SlotRun<T>> {
        let gap = self.last_duration.unwrap_or(1).max(1);
        let pts = match (pts, self.last_pts) {
            (Some(pts), Some(last)) if pts > last => pts,
            (Some(pts), None) => pts,
            // Missing or non-increasing timestamps: assume the picture follows the last.
            (_, Some(last)) => last + gap,
            (None, None) => 0,
        };
        if let Some(last) = self.last_pts {
            self.last_duration = Some(pts - last);
        }
        if let Some(duration) = duration.filter(|&d| d > 0) {
            self.last_duration = Some(duration);
        }
        let origin = *self.origin.get_or_insert(pts);
        self.last_pts = Some(pts);
        let slot = self.slot(pts - origin);
        let previous = self.held.replace(item);
        self.release(previous, slot)
    }

    /// Ends the stream: returns the run of the last picture, up to its end time, or up
    /// to the clip's end when `reached_end` says a picture past it was seen.
    pub fn finish(&mut self, reached_end: bool) -> Option<SlotRun<T>> {
        let (Some(origin), Some(last)) = (self.origin, self.last_pts) else {
            return None;
        };
        let natural = self.slot(last + self.last_duration.unwrap_or(1).max(1) - origin);
        let end = match self.end {
            Some(end) if reached_end => end,
            Some(end) => natural.min(end),
            None => natural,
        };
        let held = self.held.take();
        self.release(held, end)
    }

    fn release(&mut self, item: Option<T>, until: u64) -> Option<SlotRun<T>> {
        let item = item?;
        let until = self.end.map_or(until, |end| until.min(end));
        if until <= self.next_output {
            return None;
        }
        let frames = self.next_output..until;
        self.next_output = until;
        Some(SlotRun { frames, item })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `count` pictures at `source_fps` (time base 1/15360, like MP4) and returns
    /// the picture shown by each output frame at `output_fps`.
    fn map(count: u64, source_fps: u32, output_fps: u32) -> Vec<u64> {
        let tick = 15360 / i64::from(source_fps);
        let mut mapper = FrameMapper::new(Rational(1, 15360), FrameRate::whole(output_fps));
        let mut shown = Vec::new();
        let mut take = |run: Option<SlotRun<u64>>| {
            if let Some(run) = run {
                assert_eq!(run.frames.start, shown.len() as u64, "runs are contiguous");
                shown.extend(run.frames.map(|_| run.item));
            }
        };
        for i in 0..count {
            take(mapper.push(Some(1000 + i as i64 * tick), Some(tick), i));
        }
        take(mapper.finish(false));
        shown
    }

    #[test]
    fn same_rate_maps_one_to_one() {
        assert_eq!(map(60, 30, 30), (0..60).collect::<Vec<_>>());
    }

    #[test]
    fn double_rate_drops_every_other_picture() {
        let shown = map(60, 60, 30);
        assert_eq!(shown, (0..30).map(|i| 2 * i).collect::<Vec<_>>());
    }

    #[test]
    fn lower_rate_repeats_pictures_and_keeps_duration() {
        let shown = map(48, 24, 30);
        assert_eq!(shown.len(), 60, "2 seconds at 30 fps");
        assert!(shown.windows(2).all(|w| w[1] == w[0] || w[1] == w[0] + 1));
        assert_eq!(shown.first(), Some(&0));
        assert_eq!(shown.last(), Some(&47));
        // Output frame i shows the picture whose time is nearest at or before it.
        for (i, &picture) in shown.iter().enumerate() {
            let t = i as f64 / 30.0;
            assert!(picture as f64 / 24.0 <= t + 1e-9 + 0.5 / 30.0, "frame {i}");
        }
    }

    #[test]
    fn variable_rate_keeps_timing() {
        // Pictures at 0 ms, 100 ms and 500 ms (time base 1/1000), the last lasting 100 ms.
        let mut mapper = FrameMapper::new(Rational(1, 1000), FrameRate::whole(10));
        assert_eq!(mapper.push(Some(0), None, 'a'), None);
        assert_eq!(
            mapper.push(Some(100), None, 'b'),
            Some(SlotRun {
                frames: 0..1,
                item: 'a'
            })
        );
        assert_eq!(
            mapper.push(Some(500), Some(100), 'c'),
            Some(SlotRun {
                frames: 1..5,
                item: 'b'
            })
        );
        assert_eq!(
            mapper.finish(false),
            Some(SlotRun {
                frames: 5..6,
                item: 'c'
            })
        );
    }

    #[test]
    fn missing_and_repeated_timestamps_follow_the_previous_picture() {
        let mut mapper = FrameMapper::new(Rational(1, 30), FrameRate::whole(30));
        assert_eq!(mapper.push(Some(0), None, 0), None);
        assert_eq!(
            mapper.push(None, None, 1),
            Some(SlotRun {
                frames: 0..1,
                item: 0
            })
        );
        assert_eq!(
            mapper.push(Some(1), None, 2),
            Some(SlotRun {
                frames: 1..2,
                item: 1
            })
        );
        assert_eq!(
            mapper.finish(false),
            Some(SlotRun {
                frames: 2..3,
                item: 2
            })
        );
    }

    #[test]
    fn trim_starts_with_the_picture_on_screen_and_ends_on_time() {
        // Pictures every 100 ms; export 250 ms to 650 ms at 10 fps.
        let mut mapper =
            FrameMapper::new(Rational(1, 1000), FrameRate::whole(10)).with_trim(0.25, Some(0.65));
        let mut shown = Vec::new();
        let mut reached_end = false;
        for i in 0..10i64 {
            let pts = 1000 + i * 100;
            if mapper.is_past_end(Some(pts)) {
                reached_end = true;
                break;
            }
            if let Some(run) = mapper.push(Some(pts), Some(100), i) {
                shown.extend(run.frames.map(|_| run.item));
            }
        }
        if let Some(run) = mapper.finish(reached_end) {
            shown.extend(run.frames.map(|_| run.item));
        }
        // Output frame k shows source time 250 + 100k ms: pictures 2 (at 200), 3, 4, 5.
        assert!(reached_end);
        assert_eq!(shown, [2, 3, 4, 5]);
    }

    #[test]
    fn a_clip_at_twice_the_speed_shows_every_other_picture_from_its_place() {
        // Pictures every 1/30 s; the clip plays source 1-3 s at 2x from output 0.5 s
        // (frames 15 to 45 at 30 fps), after a seek (origin given, decoding from 0.9 s).
        let mut mapper = FrameMapper::new(Rational(1, 15360), FrameRate::whole(30))
            .with_clip((1.0, 2.0, 0.5), 15, Some(45))
            .with_origin(0);
        let mut shown = Vec::new();
        let mut reached_end = false;
        for picture in 27..120i64 {
            let pts = picture * 512;
            if mapper.is_past_end(Some(pts)) {
                reached_end = true;
                break;
            }
            if let Some(run) = mapper.push(Some(pts), Some(512), picture) {
                assert_eq!(run.frames.start, 15 + shown.len() as u64);
                shown.extend(run.frames.map(|_| run.item));
            }
        }
        if let Some(run) = mapper.finish(reached_end) {
            shown.extend(run.frames.map(|_| run.item));
        }
        assert!(reached_end);
        let expected: Vec<i64> = (0..30).map(|j| 30 + 2 * j).collect();
        assert_eq!(shown, expected);
    }
}
