//! The camera's decoder: its own thread, a bounded queue of pictures ahead of the
//! screen's, each output frame given the camera picture on screen at its camera time.
//!
//! Cameras often record at a variable frame rate, so pictures are matched by their
//! timestamps, not counted: output frame `f` shows the last picture whose time is at or
//! before `source time + offset`, where the source time is what the frame shows of the
//! screen recording. Before the first picture and after the last one ends the frame has
//! no camera picture (the camera is not drawn).

use crate::error::DecodeError;
use crate::pixels::{color_info, upload_format};
use crate::probe::SourceReader;
use crate::thread::Converter;
use crossbeam_channel::{Receiver, Sender, bounded};
use ffmpeg_next::Packet;
use ffmpeg_next::frame::Video;
use reel_pipeline::{FrameWindow, SourcePicture};
use reel_scene::{FrameRate, Timeline};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

/// How far ahead of the picture on screen a wanted time may be before the camera seeks
/// instead of decoding its way there, in seconds.
const SEEK_AHEAD: f64 = 3.0;

/// Timestamps this close count as the same instant, in seconds.
const SAME_TIME: f64 = 1e-4;

/// Which camera picture each output frame shows.
#[derive(Debug, Clone)]
pub struct CameraJob {
    /// The export's clips on the output's clock.
    pub timeline: Timeline,
    /// The output frame rate.
    pub rate: FrameRate,
    /// The output frames of this export.
    pub window: FrameWindow,
    /// Camera seconds at the screen recording's second 0.
    pub offset: f64,
    /// At most this many frames' pictures are decoded ahead.
    pub prefetch: usize,
}

impl CameraJob {
    /// The camera second output frame `frame` (counted in the whole export) shows, if
    /// any: only while a clip of the scene's own recording is on screen. `None` past the
    /// timeline's end too.
    pub fn camera_time(&self, frame: u64) -> Option<f64> {
        let shown = self.timeline.at_frame(frame, self.rate)?;
        let clip = &self.timeline.clips[shown.clip];
        clip.is_scene_source
            .then_some(shown.source_time + self.offset)
    }
}

/// What the camera thread sends for each output frame, in order.
enum CameraMessage {
    /// The picture frame `index` (counted in the window) shows, if the camera has one.
    Picture(u64, Option<SourcePicture>),
    /// The camera could not be decoded; nothing more follows.
    Failed(PathBuf, DecodeError),
}

/// The running camera thread. Dropping it stops and joins the thread.
pub struct CameraFeed {
    receiver: Option<Receiver<CameraMessage>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for CameraFeed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CameraFeed").finish_non_exhaustive()
    }
}

impl CameraFeed {
    /// Starts decoding the camera `reader` for `job` on a thread of its own.
    pub fn start(reader: SourceReader, job: CameraJob) -> Self {
        let (sender, receiver) = bounded(job.prefetch.max(1));
        let stop = Arc::new(AtomicBool::new(false));
        let thread_stop = stop.clone();
        let thread = std::thread::Builder::new()
            .name("reel-camera".into())
            .spawn(move || feed(reader, &job, &sender, &thread_stop))
            .expect("the operating system refused to start the camera thread");
        Self {
            receiver: Some(receiver),
            stop,
            thread: Some(thread),
        }
    }

    /// The camera picture of output frame `index` (counted in the window), waiting for
    /// it; frames are asked for in order, each once. An error names the camera's file.
    pub fn picture_for(&self, index: u64) -> Result<Option<SourcePicture>, (PathBuf, DecodeError)> {
        let receiver = self.receiver.as_ref().expect("open until dropped");
        match receiver.recv() {
            Ok(CameraMessage::Picture(sent, picture)) => {
                debug_assert_eq!(sent, index, "camera pictures come in frame order");
                Ok(picture)
            }
            Ok(CameraMessage::Failed(path, error)) => Err((path, error)),
            // The thread ended: the timeline ended, so no frame shows the camera.
            Err(_) => Ok(None),
        }
    }
}

impl Drop for CameraFeed {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        self.receiver = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The camera thread: one message per output frame of the window until the timeline
/// ends or the feed is dropped.
fn feed(reader: SourceReader, job: &CameraJob, sender: &Sender<CameraMessage>, stop: &AtomicBool) {
    let path = reader.info().path.clone();
    let mut stream = CameraStream::new(reader);
    let mut frame = job.window.start;
    while job.window.end.is_none_or(|end| frame < end) && !stop.load(Ordering::Relaxed) {
        if job.timeline.at_frame(frame, job.rate).is_none() {
            return;
        }
        let picture = match job.camera_time(frame) {
            Some(time) => match stream.picture_at(time) {
                Ok(picture) => picture,
                Err(error) => {
                    let _ = sender.send(CameraMessage::Failed(path, error));
                    return;
                }
            },
            None => None,
        };
        let index = frame - job.window.start;
        if sender.send(CameraMessage::Picture(index, picture)).is_err() {
            return;
        }
        frame += 1;
    }
}

/// A camera recording decoded forward in time, seeking when asked for a time before the
/// picture on screen or well after it.
pub struct CameraStream {
    reader: SourceReader,
    converter: Converter,
    /// The stream's first timestamp in seconds: camera time 0.
    origin: f64,
    /// The picture on screen and the camera time it starts at.
    current: Option<(f64, SourcePicture)>,
    /// The next picture, decoded, and its time.
    next: Option<(f64, SourcePicture)>,
    /// When the last picture decoded stops showing (its time plus its duration).
    last_end: f64,
    /// Whether the input has no more packets.
    input_done: bool,
    /// Whether the decoder has nothing more to give.
    ended: bool,
    /// Pictures decoded, for each one's index.
    decoded: u64,
}

impl CameraStream {
    /// A stream of `reader`'s pictures from its start.
    pub fn new(reader: SourceReader) -> Self {
        let origin = reader
            .start_time
            .map_or(0.0, |t| t as f64 * f64::from(reader.time_base));
        Self {
            reader,
            converter: Converter::default(),
            origin,
            current: None,
            next: None,
            last_end: f64::NEG_INFINITY,
            input_done: false,
            ended: false,
            decoded: 0,
        }
    }

    /// The picture on screen at camera second `time`, if the camera shows one then.
    pub fn picture_at(&mut self, time: f64) -> Result<Option<SourcePicture>, DecodeError> {
        let behind = self
            .current
            .as_ref()
            .is_some_and(|(t, _)| *t > time + SAME_TIME);
        // Past the last picture's end nothing more comes: no seeking for it.
        if !behind
            && self.ended
            && self.next.is_none()
            && self.decoded > 0
            && time >= self.last_end - SAME_TIME
        {
            return Ok(None);
        }
        let far = self
            .current
            .as_ref()
            .map_or(time > SEEK_AHEAD, |(t, _)| time - t > SEEK_AHEAD);
        if behind || far {
            self.seek(time);
        }
        loop {
            if self.next.is_none() && !self.ended {
                self.next = self.decode_one()?;
                continue;
            }
            match &self.next {
                Some((t, _)) if *t <= time + SAME_TIME => self.current = self.next.take(),
                _ => break,
            }
        }
        if self.decoded == 0 && self.ended {
            return Err(DecodeError::NoFrames);
        }
        let over = self.ended && self.next.is_none() && time >= self.last_end - SAME_TIME;
        Ok(match &self.current {
            Some((t, picture)) if *t <= time + SAME_TIME && !over => Some(picture.clone()),
            _ => None,
        })
    }

    /// Pictures decoded so far (seeking decodes some twice).
    pub fn decoded(&self) -> u64 {
        self.decoded
    }

    /// Moves to the key frame at or before camera second `time`.
    fn seek(&mut self, time: f64) {
        if self.reader.seek_to(time.max(0.0)).is_none() {
            return;
        }
        self.reader.decoder.flush();
        self.current = None;
        self.next = None;
        self.input_done = false;
        self.ended = false;
    }

    /// The next picture and its camera time; `None` at the end of the stream.
    fn decode_one(&mut self) -> Result<Option<(f64, SourcePicture)>, DecodeError> {
        loop {
            let mut frame = Video::empty();
            match self.reader.decoder.receive_frame(&mut frame) {
                Ok(()) => {
                    if frame.is_corrupt() || frame.has_decode_errors() {
                        continue;
                    }
                    return self.picture_of(frame).map(Some);
                }
                Err(ffmpeg_next::Error::Eof) => {
                    self.ended = true;
                    return Ok(None);
                }
                Err(ffmpeg_next::Error::Other { errno })
                    if errno == ffmpeg_next::util::error::EAGAIN =>
                {
                    self.send_more();
                    if self.ended {
                        return Ok(None);
                    }
                }
                Err(error) => {
                    tracing::debug!("skipping a camera packet that failed to decode: {error}");
                }
            }
        }
    }

    /// Gives the decoder the next packet of the camera's stream, or the end of input.
    fn send_more(&mut self) {
        if self.input_done {
            // Already told; an EAGAIN now would loop for ever, so end here.
            self.ended = true;
            let _ = self.reader.decoder.send_eof();
            return;
        }
        loop {
            let mut packet = Packet::empty();
            match packet.read(&mut self.reader.input) {
                Ok(()) if packet.stream() == self.reader.stream_index => {
                    if let Err(error) = self.reader.decoder.send_packet(&packet) {
                        tracing::debug!("skipping a camera packet the decoder refused: {error}");
                    }
                    return;
                }
                Ok(()) => {}
                Err(_) => {
                    self.input_done = true;
                    let _ = self.reader.decoder.send_eof();
                    return;
                }
            }
        }
    }

    /// The decoded `frame` as an upload-ready picture with its camera time.
    fn picture_of(&mut self, frame: Video) -> Result<(f64, SourcePicture), DecodeError> {
        let base = f64::from(self.reader.time_base);
        let time = frame.timestamp().map_or(self.last_end.max(0.0), |pts| {
            pts as f64 * base - self.origin
        });
        let duration = frame.packet().duration;
        let length = if duration > 0 {
            duration as f64 * base
        } else {
            self.reader
                .info()
                .frame_rate
                .map_or(1.0 / 30.0, |rate| 1.0 / rate.as_f64())
        };
        self.last_end = time + length;
        let upload = upload_format(frame.format());
        let color = color_info(&frame, upload);
        let frame = self.converter.convert(frame, upload)?;
        let picture = SourcePicture {
            source: self.reader.info().id,
            frame: Arc::new(frame),
            color,
            source_index: self.decoded,
        };
        self.decoded += 1;
        Ok((time, picture))
    }
}
