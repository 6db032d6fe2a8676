//! The decoder thread: demux, decode, convert when needed, map onto output frames, send.
//! Damaged data is skipped and counted (see [`crate::damage`]).

use crate::damage::Damage;
use crate::error::DecodeError;
use crate::pixels::{color_info, upload_format};
use crate::probe::SourceReader;
use crate::timing::{FrameMapper, SlotRun};
use bevy_ecs::resource::Resource;
use crossbeam_channel::{Receiver, Sender, bounded};
use ffmpeg_next::Packet;
use ffmpeg_next::format::Pixel;
use ffmpeg_next::frame::Video;
use ffmpeg_next::software::scaling;
use reel_pipeline::{
    FaultKind, FaultPlan, FrameWindow, PipelineStats, PipelineWaker, SourcePicture, Stage,
};
use reel_plan::SourceId;
use reel_scene::{FrameRate, Trim};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Instant;

/// Consecutive unreadable packets after which the rest of the source is taken as lost.
const MAX_CONSECUTIVE_READ_ERRORS: u32 = 64;

/// Decoding errors in a row, with no picture in between, after which the decoder is
/// given the next packet instead of being asked for more pictures.
const MAX_CONSECUTIVE_DECODE_ERRORS: u32 = 64;

/// One output frame's picture, as sent by the decoder thread.
#[derive(Debug)]
pub struct DecodedFrame {
    /// The output frame index.
    pub index: u64,
    /// The output frame's time in seconds.
    pub time: f64,
    /// The source picture it shows (shared with neighbouring frames that repeat it).
    pub picture: SourcePicture,
}

/// How decoding ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeSummary {
    /// Output frames sent.
    pub output_frames: u64,
    /// Source pictures decoded and used.
    pub source_frames: u64,
    /// What was wrong with the source's data, if anything.
    pub damage: Damage,
}

/// What the decoder thread sends.
#[derive(Debug)]
pub enum DecodeMessage {
    /// The next output frame's picture, in index order.
    Frame(DecodedFrame),
    /// Every frame was sent.
    End(DecodeSummary),
    /// Decoding stopped with an error; nothing more follows.
    Failed(DecodeError),
}

/// The running decoder thread of the active export. Dropping it stops and joins the thread.
#[derive(Resource)]
pub struct DecoderHandle {
    receiver: Option<Receiver<DecodeMessage>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl DecoderHandle {
    /// Starts decoding `reader` into frames at `rate`, at most `prefetch` frames ahead,
    /// from source second `trim.start` to `trim.end`.
    pub fn start(
        reader: SourceReader,
        rate: FrameRate,
        trim: Trim,
        prefetch: usize,
        waker: PipelineWaker,
        stats: PipelineStats,
    ) -> Self {
        Self::start_with_faults(
            reader,
            rate,
            trim,
            prefetch,
            waker,
            stats,
            FaultPlan::default(),
            FrameWindow::default(),
        )
    }

    /// As [`DecoderHandle::start`], and fails with [`DecodeError::Injected`] where `faults`
    /// holds a [`FaultKind::DecodeError`] for the output frame about to be sent.
    pub fn start_with_faults(
        reader: SourceReader,
        rate: FrameRate,
        trim: Trim,
        prefetch: usize,
        waker: PipelineWaker,
        stats: PipelineStats,
        faults: FaultPlan,
        window: FrameWindow,
    ) -> Self {
        let (sender, receiver) = bounded(prefetch.max(1));
        let stop = Arc::new(AtomicBool::new(false));
        let thread_stop = stop.clone();
        let thread = std::thread::Builder::new()
            .name("reel-decode".into())
            .spawn(move || {
                let mut worker = DecodeWorker {
                    source: reader.info().id,
                    sender,
                    waker,
                    stop: thread_stop,
                    rate,
                    trim,
                    faults,
                    decoded: 0,
                    damage: Damage::default(),
                    reached_end: false,
                    busy_since: Instant::now(),
                    stats,
                    window,
                    sent: 0,
                    window_done: false,
                };
                let result = worker.run(reader);
                worker.count_busy();
                let message = match result {
                    Ok(summary) => DecodeMessage::End(summary),
                    Err(Stopped::Error(error)) => DecodeMessage::Failed(error),
                    Err(Stopped::Cancelled) => return,
                };
                let _ = worker.sender.send(message);
                worker.waker.wake();
            })
            .expect("the operating system refused to start the decoder thread");
        Self {
            receiver: Some(receiver),
            stop,
            thread: Some(thread),
        }
    }

    /// Waits for the next message from the decoder; `None` once it has stopped.
    pub fn recv(&self) -> Option<DecodeMessage> {
        self.receiver.as_ref()?.recv().ok()
    }

    /// The next message from the decoder, if one is waiting.
    pub fn try_recv(&self) -> Option<DecodeMessage> {
        self.receiver.as_ref()?.try_recv().ok()
    }
}

impl Drop for DecoderHandle {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Closing the queue fails the thread's next send, so it stops even when blocked.
        self.receiver = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

enum Stopped {
    Error(DecodeError),
    Cancelled,
}

impl From<DecodeError> for Stopped {
    fn from(error: DecodeError) -> Self {
        Stopped::Error(error)
    }
}

struct DecodeWorker {
    /// The recording decoded.
    source: SourceId,
    sender: Sender<DecodeMessage>,
    waker: PipelineWaker,
    stop: Arc<AtomicBool>,
    rate: FrameRate,
    trim: Trim,
    faults: FaultPlan,
    /// Source pictures decoded and used so far.
    decoded: u64,
    /// What was wrong with the data so far.
    damage: Damage,
    /// Whether a picture past the trim's end was seen.
    reached_end: bool,
    /// When the thread last went back to work after waiting for room in the queue.
    busy_since: Instant,
    /// Where the thread counts its busy time, and says it is working.
    stats: PipelineStats,
    /// The output frames sent on; the others are decoded (for timing) but not sent.
    window: FrameWindow,
    /// Frames sent so far.
    sent: u64,
    /// Whether the window's last frame has been sent.
    window_done: bool,
}

/// Converts pictures the renderer cannot take into one it can, reusing its context.
struct Converter {
    context: Option<(scaling::Context, Pixel, u32, u32)>,
}

impl Converter {
    fn convert(&mut self, frame: Video, target: Pixel) -> Result<Video, DecodeError> {
        if frame.format() == target {
            return Ok(frame);
        }
        let (format, width, height) = (frame.format(), frame.width(), frame.height());
        let error = |source| DecodeError::Convert {
            format: format!("{format:?}").to_lowercase(),
            source,
        };
        let reusable =
            matches!(&self.context, Some((_, f, w, h)) if (*f, *w, *h) == (format, width, height));
        if !reusable {
            let context = scaling::Context::get(
                format,
                width,
                height,
                target,
                width,
                height,
                scaling::Flags::POINT,
            )
            .map_err(error)?;
            self.context = Some((context, format, width, height));
        }
        let (context, ..) = self.context.as_mut().expect("context was just created");
        let mut converted = Video::empty();
        context.run(&frame, &mut converted).map_err(error)?;
        converted.set_pts(frame.pts());
        Ok(converted)
    }
}

impl DecodeWorker {
    fn run(&mut self, mut reader: SourceReader) -> Result<DecodeSummary, Stopped> {
        let mut mapper =
            FrameMapper::new(reader.time_base, self.rate).with_trim(self.trim.start, self.trim.end);
        let mut converter = Converter { context: None };
        let mut read_errors = 0u32;
        loop {
            if self.stop.load(Ordering::Relaxed) {
                return Err(Stopped::Cancelled);
            }
            // A fresh packet each time: FFmpeg's av_read_frame overwrites the packet it is
            // given without releasing its data, so reusing one leaks every packet read.
            let mut packet = Packet::empty();
            match packet.read(&mut reader.input) {
                Ok(()) => read_errors = 0,
                Err(ffmpeg_next::Error::Eof) => break,
                Err(error) => {
                    self.damage.unreadable_reads += 1;
                    read_errors += 1;
                    if read_errors >= MAX_CONSECUTIVE_READ_ERRORS {
                        tracing::debug!("stopping at unreadable data: {error}");
                        self.damage.stopped_early = true;
                        break;
                    }
                    continue;
                }
            }
            if packet.stream() != reader.stream_index {
                continue;
            }
            if packet.is_corrupt() {
                self.damage.corrupt_packets += 1;
            }
            if let Err(error) = reader.decoder.send_packet(&packet) {
                tracing::debug!("skipping a packet the decoder refused: {error}");
                self.damage.damaged_packets += 1;
            }
            if self.drain_decoder(&mut reader, &mut mapper, &mut converter)? {
                self.reached_end = true;
                break;
            }
        }
        // Flush the pictures the decoder still holds.
        if !self.reached_end && reader.decoder.send_eof().is_ok() {
            self.reached_end = self.drain_decoder(&mut reader, &mut mapper, &mut converter)?;
        }
        if self.decoded == 0 {
            return Err(if self.damage.any() {
                DecodeError::Undecodable {
                    damaged: self.damage.damaged_packets
                        + self.damage.unreadable_reads
                        + self.damage.damaged_pictures,
                }
            } else {
                DecodeError::NoFrames
            }
            .into());
        }
        if let Some(run) = mapper.finish(self.reached_end) {
            self.send_run(run)?;
        }
        Ok(DecodeSummary {
            output_frames: self.sent,
            source_frames: self.decoded,
            damage: self.damage,
        })
    }

    /// Receives every picture the decoder has ready and sends the frames they complete.
    /// Returns whether a picture past the trim's end arrived (nothing more is needed).
    fn drain_decoder(
        &mut self,
        reader: &mut SourceReader,
        mapper: &mut FrameMapper<SourcePicture>,
        converter: &mut Converter,
    ) -> Result<bool, Stopped> {
        let mut errors = 0;
        loop {
            let mut frame = Video::empty();
            match reader.decoder.receive_frame(&mut frame) {
                Ok(()) => {}
                Err(ffmpeg_next::Error::Eof) => return Ok(false),
                Err(ffmpeg_next::Error::Other { errno })
                    if errno == ffmpeg_next::util::error::EAGAIN =>
                {
                    return Ok(false);
                }
                Err(error) => {
                    // The decoder reports a damaged packet here when it decodes on
                    // several threads; skip it like one refused on sending.
                    tracing::debug!("skipping a packet that failed to decode: {error}");
                    self.damage.damaged_packets += 1;
                    errors += 1;
                    if errors >= MAX_CONSECUTIVE_DECODE_ERRORS {
                        return Ok(false);
                    }
                    continue;
                }
            }
            errors = 0;
            let pts = frame.timestamp();
            if mapper.is_past_end(pts) {
                return Ok(true);
            }
            if frame.is_corrupt() || frame.has_decode_errors() {
                // Partly reconstructed: drop it, and the picture before stays on screen.
                self.damage.damaged_pictures += 1;
                continue;
            }
            let duration = frame.packet().duration;
            let upload = upload_format(frame.format());
            let color = color_info(&frame, upload);
            let frame = converter.convert(frame, upload)?;
            let picture = SourcePicture {
                source: self.source,
                frame: Arc::new(frame),
                color,
                source_index: self.decoded,
            };
            self.decoded += 1;
            // Pictures before a trimmed start make no frame; say the decoder is working.
            self.stats.beat();
            if let Some(run) = mapper.push(pts, Some(duration), picture) {
                self.send_run(run)?;
                if self.window_done {
                    return Ok(true);
                }
            }
        }
    }

    /// Counts the time since the thread last went back to work as decode time.
    fn count_busy(&mut self) {
        self.stats
            .add_busy(Stage::Decode, self.busy_since.elapsed());
        self.busy_since = Instant::now();
    }

    fn send_run(&mut self, run: SlotRun<SourcePicture>) -> Result<(), Stopped> {
        for absolute in run.frames {
            if absolute < self.window.start {
                continue;
            }
            if !self.window.contains(absolute) {
                self.window_done = true;
                return Ok(());
            }
            let index = absolute - self.window.start;
            if self
                .faults
                .take(index, None, |kind| kind == FaultKind::DecodeError)
                .is_some()
            {
                return Err(DecodeError::Injected { frame: index }.into());
            }
            let frame = DecodedFrame {
                index,
                // The look is evaluated at the frame's time in the whole export.
                time: self.rate.frame_time(absolute),
                picture: run.item.clone(),
            };
            self.count_busy();
            self.sent += 1;
            let sent = self.sender.send(DecodeMessage::Frame(frame));
            self.busy_since = Instant::now();
            if sent.is_err() {
                return Err(Stopped::Cancelled);
            }
            self.waker.wake();
        }
        Ok(())
    }
}
