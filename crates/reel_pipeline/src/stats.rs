//! Where an export's time goes: busy time per stage and bytes copied, counted by the stage
//! threads as they work, for benchmarks and progress displays.

use bevy_ecs::resource::Resource;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// A stage of the pipeline whose busy time is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Demuxing, decoding and converting source pictures (decoder thread).
    Decode,
    /// Copying source planes into the GPU's staging memory (render workers).
    Upload,
    /// Waiting for the GPU to draw and read back a batch (render workers).
    Render,
    /// Copying read-back planes into the encoder's frames (render workers).
    Readback,
    /// Encoding and writing frames (encoder thread).
    Encode,
}

impl Stage {
    /// Every stage, in pipeline order.
    pub const ALL: [Stage; 5] = [
        Stage::Decode,
        Stage::Upload,
        Stage::Render,
        Stage::Readback,
        Stage::Encode,
    ];

    /// The stage's name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Decode => "decode",
            Stage::Upload => "upload",
            Stage::Render => "render",
            Stage::Readback => "readback",
            Stage::Encode => "encode",
        }
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Default)]
struct Counters {
    busy_nanos: [AtomicU64; 5],
    bytes_copied: AtomicU64,
    peak_in_flight: AtomicU64,
    beats: AtomicU64,
}

/// Shared counters of the active export; cheap to clone into stage threads.
#[derive(Resource, Debug, Clone, Default)]
pub struct PipelineStats {
    counters: Arc<Counters>,
}

/// A snapshot of [`PipelineStats`].
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StatsSnapshot {
    /// Busy time per stage, in [`Stage::ALL`] order.
    pub busy: [Duration; 5],
    /// Bytes of pixels copied by the CPU.
    pub bytes_copied: u64,
    /// The most frames alive at once.
    pub peak_in_flight: u64,
}

impl PipelineStats {
    /// Adds `time` of work to `stage`.
    pub fn add_busy(&self, stage: Stage, time: Duration) {
        let index = Stage::ALL.iter().position(|s| *s == stage).unwrap_or(0);
        self.counters.busy_nanos[index].fetch_add(time.as_nanos() as u64, Ordering::Relaxed);
    }

    /// Counts `bytes` of pixels copied by the CPU.
    pub fn add_copied(&self, bytes: u64) {
        self.counters
            .bytes_copied
            .fetch_add(bytes, Ordering::Relaxed);
    }

    /// Records that `frames` are alive now.
    pub fn note_in_flight(&self, frames: u64) {
        self.counters
            .peak_in_flight
            .fetch_max(frames, Ordering::Relaxed);
    }

    /// Says that a stage did some work that moved no frame on (the decoder reading past
    /// a trimmed start, say), so that the export is not taken for stalled.
    pub fn beat(&self) {
        self.counters.beats.fetch_add(1, Ordering::Relaxed);
    }

    /// How many times stages said they were working; see [`beat`](Self::beat).
    pub fn beats(&self) -> u64 {
        self.counters.beats.load(Ordering::Relaxed)
    }

    /// The counts so far.
    pub fn snapshot(&self) -> StatsSnapshot {
        StatsSnapshot {
            busy: std::array::from_fn(|i| {
                Duration::from_nanos(self.counters.busy_nanos[i].load(Ordering::Relaxed))
            }),
            bytes_copied: self.counters.bytes_copied.load(Ordering::Relaxed),
            peak_in_flight: self.counters.peak_in_flight.load(Ordering::Relaxed),
        }
    }

    /// Sets every count back to zero (a new export begins).
    pub fn reset(&self) {
        for counter in &self.counters.busy_nanos {
            counter.store(0, Ordering::Relaxed);
        }
        self.counters.bytes_copied.store(0, Ordering::Relaxed);
        self.counters.peak_in_flight.store(0, Ordering::Relaxed);
        self.counters.beats.store(0, Ordering::Relaxed);
    }
}
