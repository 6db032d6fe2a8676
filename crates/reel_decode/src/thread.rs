//! The decoder thread: for each clip of the timeline, open its recording, seek to the
//! key frame before the clip (or the export's window), demux, decode, convert when
//! needed, map onto output frames, send. Clips that overlap (a transition) are decoded
//! side by side, each from its own reader. Damaged data is skipped and counted (see
//! [`crate::damage`]).

use crate::camera::{CameraFeed, CameraJob};
use crate::damage::Damage;
use crate::error::DecodeError;
use crate::pixels::{color_info, upload_format};
use crate::probe::{SourceReader, probe_source};
use crate::timing::{FrameMapper, SlotRun};
use bevy_ecs::resource::Resource;
use crossbeam_channel::{Receiver, Sender, bounded};
use ffmpeg_next::Packet;
use ffmpeg_next::format::Pixel;
use ffmpeg_next::frame::Video;
use ffmpeg_next::software::scaling;
use reel_pipeline::{
    Blend, FaultKind, FaultPlan, FrameWindow, OtherClip, PipelineStats, PipelineWaker,
    SourcePicture, SourcePictures, Stage,
};
use reel_plan::SourceId;
use reel_scene::{FrameRate, Timeline};
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Instant;

/// Consecutive unreadable packets after which the rest of the source is taken as lost.
const MAX_CONSECUTIVE_READ_ERRORS: u32 = 64;

/// Decoding errors in a row, with no picture in between, after which the decoder is
/// given the next packet instead of being asked for more pictures.
const MAX_CONSECUTIVE_DECODE_ERRORS: u32 = 64;

/// One output frame's pictures, as sent by the decoder thread.
#[derive(Debug)]
pub struct DecodedFrame {
    /// The output frame index (counted in the export's window).
    pub index: u64,
    /// The output frame's time in seconds (in the whole export).
    pub time: f64,
    /// The source picture it shows (shared with neighbouring frames that repeat it).
    pub picture: SourcePicture,
    /// The camera's picture on screen at the frame's time, when the export has a camera
    /// and it shows one then.
    pub camera: Option<SourcePicture>,
    /// The timeline clip the picture belongs to.
    pub clip: usize,
    /// During a transition, how the frame mixes with another clip or with black.
    pub blend: Option<Blend>,
}

/// How decoding ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeSummary {
    /// Output frames sent.
    pub output_frames: u64,
    /// Source pictures decoded, across every clip (those before a clip's start
    /// included: they show how far seeking got).
    pub source_frames: u64,
    /// What was wrong with the sources' data, if anything.
    pub damage: Damage,
}

/// What the decoder thread sends.
#[derive(Debug)]
pub enum DecodeMessage {
    /// The next output frame's picture, in index order.
    Frame(DecodedFrame),
    /// Every frame was sent.
    End(DecodeSummary),
    /// Decoding the recording at `path` stopped with an error; nothing more follows.
    Failed {
        /// The recording that failed.
        path: PathBuf,
        /// What went wrong.
        error: DecodeError,
    },
}

/// What the decoder thread decodes: the timeline's clips into frames at `rate`, the
/// frames of `window` only.
#[derive(Debug, Clone)]
pub struct DecodeJob {
    /// The clips, on the output's clock.
    pub timeline: Timeline,
    /// The output frame rate.
    pub rate: FrameRate,
    /// The output frames sent (the others are not decoded where seeking can skip them).
    pub window: FrameWindow,
    /// At most this many frames are decoded ahead of the pipeline.
    pub prefetch: usize,
    /// Faults a test asked the decoder to suffer.
    pub faults: FaultPlan,
    /// Camera seconds at the screen recording's second 0, for the camera's reader.
    pub camera_offset: f64,
}

impl DecodeJob {
    /// A job for every frame of `timeline` at `rate`, `prefetch` frames ahead.
    pub fn new(timeline: Timeline, rate: FrameRate, prefetch: usize) -> Self {
        Self {
            timeline,
            rate,
            window: FrameWindow::default(),
            prefetch,
            faults: FaultPlan::default(),
            camera_offset: 0.0,
        }
    }
}

/// The running decoder thread of the active export. Dropping it stops and joins the thread.
#[derive(Resource)]
pub struct DecoderHandle {
    receiver: Option<Receiver<DecodeMessage>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl DecoderHandle {
    /// Starts decoding `job` on a thread of its own; `reader` is the scene's source,
    /// already opened, used for the first clip that shows it, and `camera` the scene's
    /// camera, decoded on a thread of its own in step with it.
    pub fn start(
        (reader, camera): (SourceReader, Option<SourceReader>),
        job: DecodeJob,
        waker: PipelineWaker,
        stats: PipelineStats,
    ) -> Self {
        let (sender, receiver) = bounded(job.prefetch.max(1));
        let stop = Arc::new(AtomicBool::new(false));
        let thread_stop = stop.clone();
        let camera = camera.map(|reader| {
            let camera_job = CameraJob {
                timeline: job.timeline.clone(),
                rate: job.rate,
                window: job.window,
                offset: job.camera_offset,
                prefetch: job.prefetch,
            };
            CameraFeed::start(reader, camera_job)
        });
        let thread = std::thread::Builder::new()
            .name("reel-decode".into())
            .spawn(move || {
                let mut worker = DecodeWorker {
                    sender,
                    waker,
                    stop: thread_stop,
                    counters: Counters {
                        decoded: 0,
                        damage: Damage::default(),
                        stats,
                    },
                    busy_since: Instant::now(),
                    sent: 0,
                    job,
                    camera,
                };
                let result = worker.run(reader);
                worker.count_busy();
                let message = match result {
                    Ok(summary) => DecodeMessage::End(summary),
                    Err(Stopped::Error(path, error)) => DecodeMessage::Failed { path, error },
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
    Error(PathBuf, DecodeError),
    Cancelled,
}

/// What every clip's decoding adds to.
struct Counters {
    /// Source pictures decoded so far.
    decoded: u64,
    /// What was wrong with the data so far.
    damage: Damage,
    /// Where the thread counts its busy time, and says it is working.
    stats: PipelineStats,
}

struct DecodeWorker {
    sender: Sender<DecodeMessage>,
    waker: PipelineWaker,
    stop: Arc<AtomicBool>,
    counters: Counters,
    /// When the thread last went back to work after waiting for room in the queue.
    busy_since: Instant,
    /// Frames sent so far.
    sent: u64,
    job: DecodeJob,
    /// The camera's pictures, one per frame, when the export has a camera.
    camera: Option<CameraFeed>,
}

/// Converts pictures the renderer cannot take into one it can, reusing its context.
#[derive(Default)]
pub(crate) struct Converter {
    context: Option<(scaling::Context, Pixel, u32, u32)>,
}

impl Converter {
    pub(crate) fn convert(&mut self, frame: Video, target: Pixel) -> Result<Video, DecodeError> {
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

/// One clip being decoded: its reader, and the runs of output frames its pictures make.
struct ClipStream {
    path: PathBuf,
    source: SourceId,
    reader: SourceReader,
    mapper: FrameMapper<SourcePicture>,
    converter: Converter,
    /// Runs released and not yet passed.
    ready: VecDeque<SlotRun<SourcePicture>>,
    /// The last picture passed, shown again if the recording ends before the clip.
    last: Option<SourcePicture>,
    /// Pictures this clip decoded.
    decoded: u64,
    read_errors: u32,
    /// Whether the input has no more packets (or none are needed).
    input_done: bool,
    /// Whether a picture past the clip's end was seen.
    reached_end: bool,
    /// Whether no more runs come.
    ended: bool,
}

impl ClipStream {
    /// Opens clip `k` of `job` for output frames from `from` on, seeking to the key frame
    /// before the source time shown there.
    fn open(reader: SourceReader, job: &DecodeJob, k: usize, from: u64) -> Self {
        let clip = &job.timeline.clips[k];
        let (first, end) = job.timeline.clip_frames(k, job.rate);
        let from = from.max(first);
        let mut reader = reader;
        let seek_to = clip.source_time(job.rate.frame_time(from)).max(clip.start);
        let origin = if seek_to > 0.0 {
            reader.seek_to(seek_to)
        } else {
            reader.start_time
        };
        let mut mapper = FrameMapper::new(reader.time_base, job.rate).with_clip(
            (clip.start, clip.speed, clip.output_start),
            from,
            end,
        );
        if let Some(origin) = origin {
            mapper = mapper.with_origin(origin);
        }
        Self {
            path: clip.source.clone(),
            source: reader.info().id,
            reader,
            mapper,
            converter: Converter::default(),
            ready: VecDeque::new(),
            last: None,
            decoded: 0,
            read_errors: 0,
            input_done: false,
            reached_end: false,
            ended: false,
        }
    }

    /// The picture output frame `frame` shows, decoding as far as needed; `None` when
    /// the recording ended before it.
    fn picture_for(
        &mut self,
        frame: u64,
        counters: &mut Counters,
        stop: &AtomicBool,
    ) -> Result<Option<SourcePicture>, Stopped> {
        loop {
            while let Some(run) = self.ready.front() {
                if run.frames.end <= frame {
                    self.last = self.ready.pop_front().map(|run| run.item);
                    continue;
                }
                return Ok(Some(run.item.clone()));
            }
            if self.ended {
                return Ok(None);
            }
            if stop.load(Ordering::Relaxed) {
                return Err(Stopped::Cancelled);
            }
            self.pull(counters)?;
        }
    }

    /// Reads and decodes one more packet, or ends the stream.
    fn pull(&mut self, counters: &mut Counters) -> Result<(), Stopped> {
        if self.input_done {
            return self.end(counters);
        }
        // A fresh packet each time: FFmpeg's av_read_frame overwrites the packet it is
        // given without releasing its data, so reusing one leaks every packet read.
        let mut packet = Packet::empty();
        match packet.read(&mut self.reader.input) {
            Ok(()) => self.read_errors = 0,
            Err(ffmpeg_next::Error::Eof) => {
                self.input_done = true;
                return Ok(());
            }
            Err(error) => {
                counters.damage.unreadable_reads += 1;
                self.read_errors += 1;
                if self.read_errors >= MAX_CONSECUTIVE_READ_ERRORS {
                    tracing::debug!("stopping at unreadable data: {error}");
                    counters.damage.stopped_early = true;
                    self.input_done = true;
                }
                return Ok(());
            }
        }
        if packet.stream() != self.reader.stream_index {
            return Ok(());
        }
        if packet.is_corrupt() {
            counters.damage.corrupt_packets += 1;
        }
        if let Err(error) = self.reader.decoder.send_packet(&packet) {
            tracing::debug!("skipping a packet the decoder refused: {error}");
            counters.damage.damaged_packets += 1;
        }
        if self.drain_decoder(counters)? {
            self.reached_end = true;
            self.input_done = true;
        }
        Ok(())
    }

    /// Flushes the decoder and releases the last picture's run.
    fn end(&mut self, counters: &mut Counters) -> Result<(), Stopped> {
        if !self.reached_end && self.reader.decoder.send_eof().is_ok() {
            self.reached_end = self.drain_decoder(counters)?;
        }
        if self.decoded == 0 && self.last.is_none() {
            let damaged = counters.damage.damaged_packets
                + counters.damage.unreadable_reads
                + counters.damage.damaged_pictures;
            let error = if damaged > 0 {
                DecodeError::Undecodable { damaged }
            } else {
                DecodeError::NoFrames
            };
            return Err(Stopped::Error(self.path.clone(), error));
        }
        if let Some(run) = self.mapper.finish(self.reached_end) {
            self.ready.push_back(run);
        }
        self.ended = true;
        Ok(())
    }

    /// Receives every picture the decoder has ready and queues the runs they complete.
    /// Returns whether a picture past the clip's end arrived (nothing more is needed).
    fn drain_decoder(&mut self, counters: &mut Counters) -> Result<bool, Stopped> {
        let mut errors = 0;
        loop {
            let mut frame = Video::empty();
            match self.reader.decoder.receive_frame(&mut frame) {
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
                    counters.damage.damaged_packets += 1;
                    errors += 1;
                    if errors >= MAX_CONSECUTIVE_DECODE_ERRORS {
                        return Ok(false);
                    }
                    continue;
                }
            }
            errors = 0;
            let pts = frame.timestamp();
            if self.mapper.is_past_end(pts) {
                return Ok(true);
            }
            if frame.is_corrupt() || frame.has_decode_errors() {
                // Partly reconstructed: drop it, and the picture before stays on screen.
                counters.damage.damaged_pictures += 1;
                continue;
            }
            let duration = frame.packet().duration;
            let upload = upload_format(frame.format());
            let color = color_info(&frame, upload);
            let frame = self
                .converter
                .convert(frame, upload)
                .map_err(|error| Stopped::Error(self.path.clone(), error))?;
            let picture = SourcePicture {
                source: self.source,
                frame: Arc::new(frame),
                color,
                source_index: self.decoded,
            };
            self.decoded += 1;
            counters.decoded += 1;
            // Pictures before a clip's start make no frame; say the decoder is working.
            counters.stats.beat();
            if let Some(run) = self.mapper.push(pts, Some(duration), picture) {
                self.ready.push_back(run);
            }
        }
    }
}

impl DecodeWorker {
    fn run(&mut self, screen: SourceReader) -> Result<DecodeSummary, Stopped> {
        let rate = self.job.rate;
        let window = self.job.window;
        let clips = self.job.timeline.clips.len();
        let mut screen = Some(screen);
        let mut streams: Vec<Option<ClipStream>> = (0..clips).map(|_| None).collect();
        let mut frame = window.start;
        let mut current = 0;
        while window.end.is_none_or(|end| frame < end) {
            // The clip on screen: the first whose frames have not all passed.
            while current < clips
                && self
                    .job
                    .timeline
                    .clip_frames(current, rate)
                    .1
                    .is_some_and(|end| end <= frame)
            {
                streams[current] = None;
                current += 1;
            }
            if current >= clips {
                break;
            }
            let Some(picture) = self.clip_picture(&mut streams, &mut screen, current, frame)?
            else {
                break;
            };
            let shown = self.job.timeline.at_frame(frame, rate);
            let incoming = shown.and_then(|shown| shown.incoming);
            let blend = match incoming {
                None => None,
                Some(incoming) => {
                    let next = incoming.clip;
                    let other = self
                        .clip_picture(&mut streams, &mut screen, next, frame)?
                        .map(|picture| (next, picture));
                    Some((incoming.weights(), other))
                }
            };
            self.send(frame, current, picture, blend)?;
            frame += 1;
        }
        Ok(DecodeSummary {
            output_frames: self.sent,
            source_frames: self.counters.decoded,
            damage: self.counters.damage,
        })
    }

    /// The picture clip `k` shows at output frame `frame`, opening the clip's stream
    /// when it is first needed. `None` ends the export: the recording of its last clip
    /// ended there (a clip in an edited timeline whose recording ends early shows its last
    /// picture to its end instead, so that every later clip keeps its place).
    fn clip_picture(
        &mut self,
        streams: &mut [Option<ClipStream>],
        screen: &mut Option<SourceReader>,
        k: usize,
        frame: u64,
    ) -> Result<Option<SourcePicture>, Stopped> {
        if streams[k].is_none() {
            let clip = &self.job.timeline.clips[k];
            let reader = match screen.take() {
                Some(reader) if clip.is_scene_source => reader,
                _ => probe_source(&clip.source)
                    .map_err(|error| Stopped::Error(clip.source.clone(), error))?,
            };
            streams[k] = Some(ClipStream::open(reader, &self.job, k, frame));
        }
        let last_clip = k + 1 == streams.len();
        let stream = streams[k]
            .as_mut()
            .expect("the clip's stream was just opened");
        let picture = stream.picture_for(frame, &mut self.counters, &self.stop)?;
        Ok(match picture {
            Some(picture) => Some(picture),
            None if self.job.timeline.edited || !last_clip => stream.last.clone(),
            None => None,
        })
    }

    /// Counts the time since the thread last went back to work as decode time.
    fn count_busy(&mut self) {
        self.counters
            .stats
            .add_busy(Stage::Decode, self.busy_since.elapsed());
        self.busy_since = Instant::now();
    }

    /// Sends output frame `absolute` (counted in the whole export).
    fn send(
        &mut self,
        absolute: u64,
        clip: usize,
        picture: SourcePicture,
        blend: Option<Mixed>,
    ) -> Result<(), Stopped> {
        let index = absolute - self.job.window.start;
        if self
            .job
            .faults
            .take(index, None, |kind| kind == FaultKind::DecodeError)
            .is_some()
        {
            let path = self.job.timeline.clips[clip].source.clone();
            return Err(Stopped::Error(path, DecodeError::Injected { frame: index }));
        }
        let (clip, picture, blend) = blend_of(clip, picture, blend);
        let camera = match &self.camera {
            Some(feed) => feed
                .picture_for(index)
                .map_err(|(path, error)| Stopped::Error(path, error))?,
            None => None,
        };
        let frame = DecodedFrame {
            index,
            // The look is evaluated at the frame's time in the whole export.
            time: self.job.rate.frame_time(absolute),
            picture,
            camera,
            clip,
            blend,
        };
        self.count_busy();
        self.sent += 1;
        let sent = self.sender.send(DecodeMessage::Frame(frame));
        self.busy_since = Instant::now();
        if sent.is_err() {
            return Err(Stopped::Cancelled);
        }
        self.waker.wake();
        Ok(())
    }
}

/// A transition's weights `(outgoing, incoming)` and the incoming clip's picture, when
/// it has one.
type Mixed = ((f32, f32), Option<(usize, SourcePicture)>);

/// The picture a transition's frame is drawn from first and how the rest is mixed in:
/// with weights `(outgoing, incoming)`, a cross-fade draws the outgoing clip and mixes
/// the incoming one; a fade through black draws whichever clip is visible and mixes
/// black.
fn blend_of(
    clip: usize,
    picture: SourcePicture,
    blend: Option<Mixed>,
) -> (usize, SourcePicture, Option<Blend>) {
    let Some(((outgoing, incoming), other)) = blend else {
        return (clip, picture, None);
    };
    let other = other.filter(|_| incoming > 0.0);
    match other {
        Some((next, next_picture)) if outgoing <= 0.0 => (
            next,
            next_picture,
            Some(Blend {
                weight: incoming,
                other: None,
            }),
        ),
        Some((next, next_picture)) => (
            clip,
            picture,
            Some(Blend {
                weight: outgoing,
                other: Some(OtherClip {
                    clip: next,
                    pictures: SourcePictures::single(next_picture),
                }),
            }),
        ),
        None => (
            clip,
            picture,
            Some(Blend {
                weight: outgoing,
                other: None,
            }),
        ),
    }
}
