//! The decoder thread: demux, decode, convert when needed, map onto output frames, send.

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
use reel_pipeline::{PipelineStats, PipelineWaker, SourcePicture, Stage};
use reel_scene::{FrameRate, Trim};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Consecutive unreadable packets after which the source is taken as broken.
const MAX_CONSECUTIVE_READ_ERRORS: u32 = 64;

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
    /// Source pictures decoded.
    pub source_frames: u64,
    /// Packets that could not be decoded and were skipped.
    pub damaged_packets: u64,
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
        let (sender, receiver) = bounded(prefetch.max(1));
        let stop = Arc::new(AtomicBool::new(false));
        let thread_stop = stop.clone();
        let thread = std::thread::Builder::new()
            .name("reel-decode".into())
            .spawn(move || {
                let mut worker = DecodeWorker {
                    sender,
                    waker,
                    stop: thread_stop,
                    rate,
                    trim,
                    decoded: 0,
                    reached_end: false,
                    blocked: Duration::ZERO,
                };
                let started = Instant::now();
                let result = worker.run(reader);
                stats.add_busy(
                    Stage::Decode,
                    started.elapsed().saturating_sub(worker.blocked),
                );
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
    sender: Sender<DecodeMessage>,
    waker: PipelineWaker,
    stop: Arc<AtomicBool>,
    rate: FrameRate,
    trim: Trim,
    /// Source pictures decoded so far.
    decoded: u64,
    /// Whether a picture past the trim's end was seen.
    reached_end: bool,
    /// Time spent waiting for room in the queue (not decoding).
    blocked: Duration,
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
        let mut damaged_packets = 0u64;
        let mut read_errors = 0u32;
        let mut packet = Packet::empty();
        loop {
            if self.stop.load(Ordering::Relaxed) {
                return Err(Stopped::Cancelled);
            }
            match packet.read(&mut reader.input) {
                Ok(()) => read_errors = 0,
                Err(ffmpeg_next::Error::Eof) => break,
                Err(error) => {
                    read_errors += 1;
                    if read_errors >= MAX_CONSECUTIVE_READ_ERRORS {
                        tracing::warn!("stopping at unreadable data: {error}");
                        break;
                    }
                    continue;
                }
            }
            if packet.stream() != reader.stream_index {
                continue;
            }
            if reader.decoder.send_packet(&packet).is_err() {
                damaged_packets += 1;
                continue;
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
            return Err(DecodeError::NoFrames.into());
        }
        if let Some(run) = mapper.finish(self.reached_end) {
            self.send_run(run)?;
        }
        Ok(DecodeSummary {
            output_frames: mapper.frames_released(),
            source_frames: self.decoded,
            damaged_packets,
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
                Err(error) => return Err(DecodeError::Decode(error).into()),
            }
            let pts = frame.timestamp();
            if mapper.is_past_end(pts) {
                return Ok(true);
            }
            let duration = frame.packet().duration;
            let upload = upload_format(frame.format());
            let color = color_info(&frame, upload);
            let frame = converter.convert(frame, upload)?;
            let picture = SourcePicture {
                frame: Arc::new(frame),
                color,
                source_index: self.decoded,
            };
            self.decoded += 1;
            if let Some(run) = mapper.push(pts, Some(duration), picture) {
                self.send_run(run)?;
            }
        }
    }

    fn send_run(&mut self, run: SlotRun<SourcePicture>) -> Result<(), Stopped> {
        for index in run.frames {
            let frame = DecodedFrame {
                index,
                time: self.rate.frame_time(index),
                picture: run.item.clone(),
            };
            let waiting = Instant::now();
            let sent = self.sender.send(DecodeMessage::Frame(frame));
            self.blocked += waiting.elapsed();
            if sent.is_err() {
                return Err(Stopped::Cancelled);
            }
            self.waker.wake();
        }
        Ok(())
    }
}
