//! Stall detection: an export in which no frame moves on for too long fails with an
//! error that says where it stopped, rather than hanging.

use crate::PipelineSettings;
use crate::error::ExportError;
use crate::lifecycle::{ActiveExport, ExportFailed};
use crate::progress::ExportProgress;
use crate::stats::PipelineStats;
use bevy_ecs::prelude::*;
use std::time::Instant;

/// The progress counters when they last changed, and when that was.
#[derive(Default)]
pub(crate) struct LastMove {
    counts: Option<[u64; 5]>,
    since: Option<Instant>,
    reported: bool,
}

/// Fails the active export when none of its counters (nor any stage's
/// [`beat`](PipelineStats::beat)) moved for
/// [`PipelineSettings::stall_timeout`].
pub(crate) fn detect_stalls(
    active: Option<Res<ActiveExport>>,
    progress: Res<ExportProgress>,
    settings: Res<PipelineSettings>,
    stats: Res<PipelineStats>,
    mut last: Local<LastMove>,
    mut failures: MessageWriter<ExportFailed>,
) {
    if active.is_none() {
        *last = LastMove::default();
        return;
    }
    let counts = [
        progress.decoded,
        progress.rendered,
        progress.emitted,
        progress.encoded,
        stats.beats(),
    ];
    let now = Instant::now();
    if last.counts != Some(counts) {
        last.counts = Some(counts);
        last.since = Some(now);
        return;
    }
    let since = *last.since.get_or_insert(now);
    if last.reported || now - since < settings.stall_timeout {
        return;
    }
    last.reported = true;
    let [decoded, rendered, emitted, encoded, _] = counts;
    let stage = if decoded > rendered {
        "render"
    } else if emitted > encoded {
        "encode"
    } else {
        "decode"
    };
    failures.write(ExportFailed(ExportError::Stalled {
        seconds: settings.stall_timeout.as_secs_f64(),
        stage,
        decoded,
        rendered,
        encoded,
    }));
}
