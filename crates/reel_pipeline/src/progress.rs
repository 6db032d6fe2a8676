//! Counters that say how far an export has come.

use bevy_ecs::resource::Resource;
use std::time::Instant;

/// How far the active export has come; reset when an export begins.
#[derive(Resource, Debug, Clone, Default)]
pub struct ExportProgress {
    /// When the export began.
    pub started: Option<Instant>,
    /// Output frames decoded (frame entities spawned).
    pub decoded: u64,
    /// Output frames rendered.
    pub rendered: u64,
    /// Output frames emitted to the encoder, in order.
    pub emitted: u64,
    /// Output frames encoded and written.
    pub encoded: u64,
    /// The exact number of output frames, once decoding has ended.
    pub total: Option<u64>,
    /// The expected number of output frames, from the source's stated duration.
    pub expected: Option<u64>,
    /// Source pictures decoded, once decoding has ended.
    pub pictures_decoded: u64,
}

impl ExportProgress {
    /// The best known number of output frames: exact once decoding ended, else expected.
    pub fn frames_to_do(&self) -> Option<u64> {
        self.total.or(self.expected)
    }
}
