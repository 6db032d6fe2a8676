//! Fault injection, for tests of how Reel recovers: a [`FaultPlan`] makes a render worker
//! panic, fail or stall, the GPU device get lost, or the decoder or encoder fail, at
//! chosen frames.
//!
//! A plan is empty unless a host sets one in [`PipelineSettings`](crate::PipelineSettings);
//! the `export` command reads one from the `REEL_FAULTS` environment variable, written as
//! faults separated by `;`, each a kind followed by `:key=value` options:
//!
//! ```text
//! render-panic:worker=1:times=3     worker 1 panics on the next 3 frames it is handed
//! render-panic:frame=5:times=9      frame 5 makes whichever worker renders it panic, 9 times
//! render-error:frame=8              rendering frame 8 fails once with a GPU error
//! render-stall:frame=4:seconds=30   the worker rendering frame 4 stops for 30 s
//! device-lost:frame=6               the GPU device is destroyed before frame 6
//! spawn-failure                     render threads cannot be started
//! decode-error:frame=20             the decoder fails when it reaches output frame 20
//! encode-error:frame=10             the encoder fails to write frame 10
//! encode-panic:frame=10             the encoder thread panics writing frame 10
//! ```
//!
//! `times` (default 1) counts how often a fault fires in the whole export, across
//! workers and retries. A fault tied to a frame fires on every attempt at that frame
//! until its count runs out; one that is not fires at most once per frame, so a frame
//! retried after it always gets through.

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What goes wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// The render sub-app panics while rendering the frame.
    RenderPanic,
    /// Rendering the frame fails with a GPU error.
    RenderError,
    /// The render worker stops responding for a while before rendering the frame.
    RenderStall(Duration),
    /// The GPU device is destroyed before the frame is rendered.
    DeviceLost,
    /// Render worker threads cannot be started.
    SpawnFailure,
    /// The decoder fails when it reaches the frame.
    DecodeError,
    /// The encoder fails to write the frame.
    EncodeError,
    /// The encoder thread panics while writing the frame (a bug, as Reel meets it).
    EncodePanic,
}

/// One fault: what happens, where, and how many more times.
#[derive(Debug, Clone)]
pub struct Fault {
    /// What goes wrong.
    pub kind: FaultKind,
    /// Only on this render worker (by its slot), if set.
    pub worker: Option<usize>,
    /// Only at this output frame, if set.
    pub frame: Option<u64>,
    remaining: Arc<AtomicU32>,
    hit: Arc<Mutex<HashSet<u64>>>,
}

impl Fault {
    /// A fault of `kind` that fires `times` times.
    pub fn new(kind: FaultKind, times: u32) -> Self {
        Self {
            kind,
            worker: None,
            frame: None,
            remaining: Arc::new(AtomicU32::new(times)),
            hit: Arc::default(),
        }
    }

    /// The same fault, only at output frame `frame`.
    pub fn at_frame(mut self, frame: u64) -> Self {
        self.frame = Some(frame);
        self
    }

    /// The same fault, only on render worker `worker`.
    pub fn on_worker(mut self, worker: usize) -> Self {
        self.worker = Some(worker);
        self
    }

    /// How many more times the fault fires.
    pub fn remaining(&self) -> u32 {
        self.remaining.load(Ordering::Relaxed)
    }

    /// Whether the fault applies to `frame` on `worker`; if so, uses up one firing.
    fn fire(&self, frame: u64, worker: Option<usize>) -> bool {
        if self.frame.is_some_and(|f| f != frame)
            || (self.worker.is_some() && worker.is_some() && self.worker != worker)
        {
            return false;
        }
        let mut hit = self.hit.lock().unwrap_or_else(|e| e.into_inner());
        if self.frame.is_none() && hit.contains(&frame) {
            return false;
        }
        let fired = self
            .remaining
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
            .is_ok();
        if fired {
            hit.insert(frame);
        }
        fired
    }
}

/// The faults to inject into an export; empty (and free) unless a test asks for faults.
/// Clones share their counters, so a fault fires `times` times in all.
#[derive(Debug, Clone, Default)]
pub struct FaultPlan {
    faults: Vec<Fault>,
}

impl FaultPlan {
    /// A plan with these faults.
    pub fn new(faults: Vec<Fault>) -> Self {
        Self { faults }
    }

    /// Whether the plan injects nothing.
    pub fn is_empty(&self) -> bool {
        self.faults.is_empty()
    }

    /// The plan's faults.
    pub fn faults(&self) -> &[Fault] {
        &self.faults
    }

    /// The fault of a kind matching `is_kind` due at `frame` on `worker` (`None`: any
    /// worker, as for the decoder and encoder), using up one of its firings.
    pub fn take(
        &self,
        frame: u64,
        worker: Option<usize>,
        is_kind: impl Fn(FaultKind) -> bool,
    ) -> Option<FaultKind> {
        self.faults
            .iter()
            .find(|fault| is_kind(fault.kind) && fault.fire(frame, worker))
            .map(|fault| fault.kind)
    }

    /// Whether the plan stops render threads from starting.
    pub fn blocks_threads(&self) -> bool {
        self.faults
            .iter()
            .any(|f| f.kind == FaultKind::SpawnFailure)
    }
}

/// Why a fault plan could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid fault `{fault}`: {reason}")]
pub struct FaultParseError {
    /// The fault as written.
    pub fault: String,
    /// What is wrong with it.
    pub reason: String,
}

impl FromStr for FaultPlan {
    type Err = FaultParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let faults = text
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|written| {
                parse_fault(written).map_err(|reason| FaultParseError {
                    fault: written.to_owned(),
                    reason,
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { faults })
    }
}

fn parse_fault(written: &str) -> Result<Fault, String> {
    let mut parts = written.split(':');
    let kind = parts.next().unwrap_or_default();
    let (mut worker, mut frame, mut times, mut seconds) = (None, None, 1, 10.0);
    for option in parts {
        let (key, value) = option
            .split_once('=')
            .ok_or_else(|| format!("expected key=value, found `{option}`"))?;
        let bad = |_| format!("`{key}` takes a number, found `{value}`");
        match key {
            "worker" => worker = Some(value.parse().map_err(bad)?),
            "frame" => frame = Some(value.parse().map_err(bad)?),
            "times" => times = value.parse().map_err(bad)?,
            "seconds" => {
                seconds = value
                    .parse::<f64>()
                    .ok()
                    .filter(|s| s.is_finite() && *s >= 0.0)
                    .ok_or_else(|| format!("`seconds` takes a duration, found `{value}`"))?;
            }
            _ => return Err(format!("unknown option `{key}`")),
        }
    }
    let kind = match kind {
        "render-panic" => FaultKind::RenderPanic,
        "render-error" => FaultKind::RenderError,
        "render-stall" => FaultKind::RenderStall(Duration::from_secs_f64(seconds)),
        "device-lost" => FaultKind::DeviceLost,
        "spawn-failure" => FaultKind::SpawnFailure,
        "decode-error" => FaultKind::DecodeError,
        "encode-error" => FaultKind::EncodeError,
        "encode-panic" => FaultKind::EncodePanic,
        _ => return Err(format!("unknown kind `{kind}`")),
    };
    let mut fault = Fault::new(kind, times);
    fault.worker = worker;
    fault.frame = frame;
    Ok(fault)
}

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FaultKind::RenderPanic => f.write_str("render panic"),
            FaultKind::RenderError => f.write_str("render error"),
            FaultKind::RenderStall(duration) => write!(f, "render stall of {duration:?}"),
            FaultKind::DeviceLost => f.write_str("device lost"),
            FaultKind::SpawnFailure => f.write_str("thread spawn failure"),
            FaultKind::DecodeError => f.write_str("decode error"),
            FaultKind::EncodeError => f.write_str("encode error"),
            FaultKind::EncodePanic => f.write_str("encode panic"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_kind_and_option() {
        let plan: FaultPlan = "render-panic:worker=1:times=3; render-stall:frame=4:seconds=0.5;\
             decode-error:frame=20;spawn-failure"
            .parse()
            .unwrap();
        let faults = plan.faults();
        assert_eq!(faults.len(), 4);
        assert_eq!(faults[0].kind, FaultKind::RenderPanic);
        assert_eq!(faults[0].worker, Some(1));
        assert_eq!(faults[0].remaining(), 3);
        assert_eq!(
            faults[1].kind,
            FaultKind::RenderStall(Duration::from_millis(500))
        );
        assert_eq!(faults[1].frame, Some(4));
        assert!(plan.blocks_threads());
    }

    #[test]
    fn refuses_unknown_kinds_and_options() {
        let error = "render-panic:when=now".parse::<FaultPlan>().unwrap_err();
        assert_eq!(error.reason, "unknown option `when`");
        let error = "explode".parse::<FaultPlan>().unwrap_err();
        assert_eq!(error.reason, "unknown kind `explode`");
        let error = "decode-error:frame=x".parse::<FaultPlan>().unwrap_err();
        assert_eq!(error.reason, "`frame` takes a number, found `x`");
    }

    #[test]
    fn fires_only_where_and_as_often_as_asked() {
        let plan = FaultPlan::new(vec![
            Fault::new(FaultKind::RenderPanic, 2).on_worker(1),
            Fault::new(FaultKind::EncodeError, 1).at_frame(7),
        ]);
        let panic = |k| k == FaultKind::RenderPanic;
        assert_eq!(plan.take(0, Some(0), panic), None);
        assert_eq!(plan.take(0, Some(1), panic), Some(FaultKind::RenderPanic));
        let shared = plan.clone();
        // A fault not tied to a frame lets a retried frame through.
        assert_eq!(shared.take(0, Some(1), panic), None);
        assert_eq!(shared.take(5, Some(1), panic), Some(FaultKind::RenderPanic));
        assert_eq!(plan.take(6, Some(1), panic), None);
        let encode = |k| k == FaultKind::EncodeError;
        assert_eq!(plan.take(6, None, encode), None);
        assert_eq!(plan.take(7, None, encode), Some(FaultKind::EncodeError));
        assert_eq!(plan.take(7, None, encode), None);
    }
}
