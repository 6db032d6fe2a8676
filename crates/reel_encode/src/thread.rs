//! The encoder thread: takes frames in order from the sink queue and writes them.

use crate::error::EncodeError;
use crate::writer::VideoWriter;
use bevy_ecs::resource::Resource;
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender, bounded, unbounded};
use reel_pipeline::{FaultKind, FaultPlan, PipelineStats, PipelineWaker, SinkMessage, Stage};
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How often a waiting encoder thread checks whether it should stop.
const STOP_CHECK_INTERVAL: Duration = Duration::from_millis(50);

/// How the encoder thread ended.
#[derive(Debug)]
pub enum EncoderReport {
    /// The file is complete and at its final path.
    Finished {
        /// The final path.
        path: PathBuf,
        /// Frames written.
        frames: u64,
        /// The file's size in bytes.
        bytes: u64,
    },
    /// Encoding stopped; the temporary file was removed.
    Failed(EncodeError),
}

/// The running encoder thread of the active export. Dropping it stops the thread (which
/// removes an unfinished file) and waits for it.
#[derive(Resource)]
pub struct EncoderHandle {
    reports: Receiver<EncoderReport>,
    encoded: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl EncoderHandle {
    /// Starts a thread that writes the frames sent on the returned sender into `writer`.
    /// Writing fails with [`EncodeError::Injected`] where `faults` holds a
    /// [`FaultKind::EncodeError`] for the frame.
    pub fn start(
        writer: VideoWriter,
        path: PathBuf,
        queue: usize,
        waker: PipelineWaker,
        stats: PipelineStats,
        faults: FaultPlan,
    ) -> (Self, Sender<SinkMessage>) {
        let (frames, frame_receiver) = bounded(queue.max(1));
        let (report_sender, reports) = unbounded();
        let encoded = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (thread_encoded, thread_stop) = (encoded.clone(), stop.clone());
        let thread = std::thread::Builder::new()
            .name(ENCODER_THREAD.into())
            .spawn(move || {
                // A panic unwinds through the writer, whose drop removes the unfinished
                // file, and ends the export with an error instead of a stall.
                let report = std::panic::catch_unwind(AssertUnwindSafe(|| {
                    encode_frames(
                        writer,
                        path,
                        &frame_receiver,
                        &thread_encoded,
                        &thread_stop,
                        &waker,
                        &stats,
                        &faults,
                    )
                }))
                .unwrap_or_else(|payload| {
                    Some(EncoderReport::Failed(EncodeError::Panicked(panic_message(
                        payload.as_ref(),
                    ))))
                });
                if let Some(report) = report {
                    let _ = report_sender.send(report);
                    waker.wake();
                }
            })
            .expect("the operating system refused to start the encoder thread");
        let handle = Self {
            reports,
            encoded,
            stop,
            thread: Some(thread),
        };
        (handle, frames)
    }

    /// Frames encoded so far.
    pub fn encoded(&self) -> u64 {
        self.encoded.load(Ordering::Relaxed)
    }

    /// How the thread ended, once it has.
    pub fn try_report(&self) -> Option<EncoderReport> {
        self.reports.try_recv().ok()
    }
}

impl Drop for EncoderHandle {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The message a panic carried.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into())
}

/// The name of the encoder thread, for panic hooks that report its panics themselves.
pub const ENCODER_THREAD: &str = "reel-encode";

/// Writes frames until the end of the stream; `None` when stopped from outside. Returning
/// drops `writer`, which removes the unfinished file.
fn encode_frames(
    mut writer: VideoWriter,
    path: PathBuf,
    frames: &Receiver<SinkMessage>,
    encoded: &AtomicU64,
    stop: &AtomicBool,
    waker: &PipelineWaker,
    stats: &PipelineStats,
    faults: &FaultPlan,
) -> Option<EncoderReport> {
    loop {
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        let message = match frames.recv_timeout(STOP_CHECK_INTERVAL) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return None,
        };
        match message {
            SinkMessage::Frame { index, mut picture } => {
                let expected = writer.frames();
                if index != expected {
                    return Some(EncoderReport::Failed(EncodeError::OutOfOrder {
                        expected,
                        got: index,
                    }));
                }
                if faults
                    .take(index, None, |kind| kind == FaultKind::EncodeError)
                    .is_some()
                {
                    return Some(EncoderReport::Failed(EncodeError::Injected {
                        frame: index,
                    }));
                }
                if faults
                    .take(index, None, |kind| kind == FaultKind::EncodePanic)
                    .is_some()
                {
                    panic!("injected fault: encoder panic while writing frame {index}");
                }
                let started = Instant::now();
                let written = writer.write(&mut picture.frame);
                stats.add_busy(Stage::Encode, started.elapsed());
                if let Err(error) = written {
                    return Some(EncoderReport::Failed(error));
                }
                encoded.store(writer.frames(), Ordering::Relaxed);
                // The queue has room again: let the ordering system send more.
                waker.wake();
            }
            SinkMessage::End { frames } => {
                let written = writer.frames();
                if frames != written {
                    return Some(EncoderReport::Failed(EncodeError::OutOfOrder {
                        expected: written,
                        got: frames,
                    }));
                }
                return Some(match writer.finish() {
                    Ok(bytes) => EncoderReport::Finished {
                        path,
                        frames: written,
                        bytes,
                    },
                    Err(error) => EncoderReport::Failed(error),
                });
            }
        }
    }
}
