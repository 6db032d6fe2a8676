//! Maps source pictures onto output frames by presentation time.
//!
//! Output frame `i` is shown at `i / fps`. Each source picture is placed on the output
//! frame nearest its timestamp (its slot); it is shown from that slot until the next
//! picture's slot. A picture whose slot is already taken by a later one is dropped, and a
//! slot no picture lands on repeats the one before. So a 24 fps source in a 30 fps output
//! repeats every fourth picture, a 60 fps source drops every other one, and a variable
//! frame rate source keeps its timing: frames are duplicated or dropped, never shifted.
//! All arithmetic is exact (integer ticks), so long exports do not drift.

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
    origin: Option<i64>,
    last_pts: Option<i64>,
    last_duration: Option<i64>,
    next_output: u64,
    held: Option<T>,
}

impl<T> FrameMapper<T> {
    /// A mapper for timestamps in `time_base` seconds per tick into frames at `rate`.
    pub fn new(time_base: Rational, rate: FrameRate) -> Self {
        Self {
            rate,
            time_base,
            origin: None,
            last_pts: None,
            last_duration: None,
            next_output: 0,
            held: None,
        }
    }

    /// The number of output frames released so far.
    pub fn frames_released(&self) -> u64 {
        self.next_output
    }

    /// The output slot nearest `ticks` after the origin (halves round up).
    fn slot(&self, ticks: i64) -> u64 {
        let numerator = i128::from(ticks.max(0))
            * i128::from(self.time_base.numerator())
            * i128::from(self.rate.frames);
        let denominator = i128::from(self.time_base.denominator()) * i128::from(self.rate.seconds);
        if denominator <= 0 {
            return 0;
        }
        ((2 * numerator + denominator) / (2 * denominator)) as u64
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

    /// Ends the stream: returns the run of the last picture, up to its end time.
    pub fn finish(&mut self) -> Option<SlotRun<T>> {
        let (Some(origin), Some(last)) = (self.origin, self.last_pts) else {
            return None;
        };
        let end = self.slot(last + self.last_duration.unwrap_or(1).max(1) - origin);
        let held = self.held.take();
        self.release(held, end)
    }

    fn release(&mut self, item: Option<T>, until: u64) -> Option<SlotRun<T>> {
        let item = item?;
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
        take(mapper.finish());
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
            mapper.finish(),
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
            mapper.finish(),
            Some(SlotRun {
                frames: 2..3,
                item: 2
            })
        );
    }
}
