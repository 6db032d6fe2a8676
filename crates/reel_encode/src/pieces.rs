//! Reads one piece of edited sound from its source: the input is opened on its own and
//! sought to just before the piece's start, packets are decoded only as the mix asks for
//! sound, and a filter graph cuts the sound to the piece's source seconds, plays it at
//! the piece's speed and gives it out as 48 kHz interleaved stereo floats.

use crate::audio::{abuffer_arguments, video_start};
use crate::edit::{SoundPiece, piece_filter_spec, speed_filters};
use crate::error::EncodeError;
use ffmpeg_next::{Packet, Rational, codec, filter, format, frame, media};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};

/// Source seconds decoded before a piece's start: an AAC or MP3 frame overlaps the one
/// before it, so the first frames after a seek are not yet right.
const PREROLL: f64 = 0.2;

/// Unreadable packets in a row after which the source is taken to have ended.
const MAX_READ_ERRORS: u32 = 64;

/// One piece's sound, decoded as it is asked for.
pub(crate) struct PieceReader {
    path: PathBuf,
    input: format::context::Input,
    stream: usize,
    time_base: Rational,
    decoder: codec::decoder::Audio,
    graph: filter::Graph,
    /// The piece's first source second, on the stream's clock.
    start: f64,
    /// The source second (on the stream's clock) from which no packet is needed.
    stop_at: f64,
    /// Whether the input was sought: a seek that landed past the start is undone.
    sought: bool,
    /// Unreadable packets in a row.
    read_errors: u32,
    /// Whether the decoder and the graph were told that no more sound comes.
    flushed: bool,
    /// Whether the graph has given out all it will.
    ended: bool,
    /// Sound out of the graph, interleaved stereo, not yet taken.
    sound: VecDeque<f32>,
    decoded_frames: u64,
}

impl PieceReader {
    /// Opens `piece`'s source and seeks to just before the piece's start. `None` when the
    /// piece is silent: its source has no audio stream, or it is muted for its speed.
    pub(crate) fn open(piece: &SoundPiece) -> Result<Option<Self>, EncodeError> {
        let Some(speed) = speed_filters(piece.speed, piece.speed_sound) else {
            return Ok(None);
        };
        let fail = |source| audio_error(&piece.source, source);
        let mut input = format::input(&piece.source).map_err(fail)?;
        let Some(audio) = input.streams().best(media::Type::Audio) else {
            return Ok(None);
        };
        let (stream, time_base, parameters) =
            (audio.index(), audio.time_base(), audio.parameters());
        let origin = video_start(&input);
        let (start, stop_at) = (origin + piece.start, origin + piece.end);
        let sought = seek_before(&mut input, stream, time_base, start - PREROLL);
        let mut context = codec::context::Context::from_parameters(parameters).map_err(fail)?;
        context.set_time_base(time_base);
        let decoder = context.decoder().audio().map_err(fail)?;
        let spec = piece_filter_spec(start, stop_at, &speed);
        let graph = piece_graph(&decoder, time_base, &spec).map_err(fail)?;
        Ok(Some(Self {
            path: piece.source.clone(),
            input,
            stream,
            time_base,
            decoder,
            graph,
            start,
            stop_at,
            sought,
            read_errors: 0,
            flushed: false,
            ended: false,
            sound: VecDeque::new(),
            decoded_frames: 0,
        }))
    }

    /// Audio frames decoded so far.
    pub(crate) fn decoded_frames(&self) -> u64 {
        self.decoded_frames
    }

    /// Appends the next `frames` stereo samples of the piece to `out` (fewer where its
    /// sound ends first); returns how many it appended.
    pub(crate) fn take(&mut self, frames: usize, out: &mut Vec<f32>) -> Result<usize, EncodeError> {
        self.fill(frames)?;
        let values = self.sound.len().min(frames * 2);
        out.extend(self.sound.drain(..values));
        Ok(values / 2)
    }

    /// Drops the next `frames` stereo samples of the piece.
    pub(crate) fn skip(&mut self, frames: usize) -> Result<(), EncodeError> {
        let mut left = frames;
        while left > 0 {
            let step = left.min(8192);
            self.fill(step)?;
            let values = self.sound.len().min(step * 2);
            if values == 0 {
                break;
            }
            self.sound.drain(..values);
            left -= values / 2;
        }
        Ok(())
    }

    /// Decodes until at least `frames` stereo samples are ready or the sound has ended.
    fn fill(&mut self, frames: usize) -> Result<(), EncodeError> {
        while self.sound.len() < frames * 2 && !self.ended {
            if self.pull()? {
                continue;
            }
            if self.flushed {
                // Flushed and nothing more came out: the graph is empty.
                self.ended = true;
            } else {
                self.feed()?;
            }
        }
        Ok(())
    }

    /// Takes one frame out of the graph; `false` when it has none ready.
    fn pull(&mut self) -> Result<bool, EncodeError> {
        let mut sound = frame::Audio::empty();
        let mut sink = self
            .graph
            .get("out")
            .ok_or_else(|| audio_error(&self.path, ffmpeg_next::Error::FilterNotFound))?;
        match sink.sink().frame(&mut sound) {
            Ok(()) => {
                let values = sound.samples() * 2;
                let bytes = sound.data(0);
                let floats = bytes
                    .chunks_exact(4)
                    .take(values)
                    .map(|b| f32::from_ne_bytes([b[0], b[1], b[2], b[3]]));
                self.sound.extend(floats);
                Ok(true)
            }
            Err(ffmpeg_next::Error::Eof) => {
                self.ended = true;
                Ok(false)
            }
            Err(_) => Ok(false),
        }
    }

    /// Reads the next packet and decodes it into the graph; at the end of the stream, or
    /// past the piece's end, flushes the decoder and the graph.
    fn feed(&mut self) -> Result<(), EncodeError> {
        let mut packet = Packet::empty();
        match packet.read(&mut self.input) {
            Ok(()) => self.read_errors = 0,
            Err(ffmpeg_next::Error::Eof) => return self.flush(),
            // A damaged stretch of sound is skipped, unless nothing readable follows.
            Err(_) => {
                self.read_errors += 1;
                if self.read_errors >= MAX_READ_ERRORS {
                    return self.flush();
                }
                return Ok(());
            }
        }
        if packet.stream() != self.stream {
            return Ok(());
        }
        if let Some(pts) = packet.pts().or(packet.dts()) {
            let seconds = pts as f64 * f64::from(self.time_base);
            if std::mem::take(&mut self.sought) && seconds > self.start {
                // The seek overshot the piece's start: read the source from its start.
                return self.reopen();
            }
            if seconds >= self.stop_at {
                return self.flush();
            }
        }
        if self.decoder.send_packet(&packet).is_err() {
            return Ok(());
        }
        self.receive_decoded()
    }

    /// Opens the source afresh, positioned at its start.
    fn reopen(&mut self) -> Result<(), EncodeError> {
        self.input = format::input(&self.path).map_err(|e| audio_error(&self.path, e))?;
        Ok(())
    }

    /// Passes the decoder's frames to the graph.
    fn receive_decoded(&mut self) -> Result<(), EncodeError> {
        let mut decoded = frame::Audio::empty();
        while self.decoder.receive_frame(&mut decoded).is_ok() {
            self.decoded_frames += 1;
            let timestamp = decoded.timestamp();
            decoded.set_pts(timestamp);
            self.send_to_graph(Some(&decoded))?;
        }
        Ok(())
    }

    /// Tells the decoder and the graph that no more sound comes.
    fn flush(&mut self) -> Result<(), EncodeError> {
        if self.flushed {
            return Ok(());
        }
        self.flushed = true;
        if self.decoder.send_eof().is_ok() {
            self.receive_decoded()?;
        }
        self.send_to_graph(None)
    }

    /// Adds a decoded frame to the graph, or with `None` tells it the sound has ended.
    fn send_to_graph(&mut self, decoded: Option<&frame::Audio>) -> Result<(), EncodeError> {
        let fail = |source| audio_error(&self.path, source);
        let mut input = self
            .graph
            .get("in")
            .ok_or_else(|| fail(ffmpeg_next::Error::FilterNotFound))?;
        let mut source = input.source();
        match decoded {
            Some(decoded) => source.add(decoded),
            None => source.flush(),
        }
        .map_err(fail)
    }
}

/// Seeks `stream` of `input` to its last packet at or before source second `seconds`;
/// whether it did. Nothing is sought for a start at the source's beginning, and a
/// failed seek leaves the input where it was: at its start, which is only slower.
fn seek_before(
    input: &mut format::context::Input,
    stream: usize,
    time_base: Rational,
    seconds: f64,
) -> bool {
    if seconds <= 0.0 {
        return false;
    }
    let (Ok(index), Some(ticks)) = (i32::try_from(stream), seconds_to_ticks(seconds, time_base))
    else {
        return false;
    };
    // SAFETY: the context is open, `index` is one of its streams, and `ticks` is in that
    // stream's time base, as `avformat_seek_file` takes it when given a stream.
    let done = unsafe {
        ffmpeg_next::ffi::avformat_seek_file(input.as_mut_ptr(), index, i64::MIN, ticks, ticks, 0)
    };
    done >= 0
}

/// `seconds` in ticks of `time_base`, rounded down; `None` for a time base of 0.
fn seconds_to_ticks(seconds: f64, time_base: Rational) -> Option<i64> {
    let tick = f64::from(time_base);
    (tick > 0.0).then(|| (seconds / tick).floor() as i64)
}

/// A graph from the decoder's sound through `spec` to a sink.
fn piece_graph(
    decoder: &codec::decoder::Audio,
    time_base: Rational,
    spec: &str,
) -> Result<filter::Graph, ffmpeg_next::Error> {
    let mut graph = filter::Graph::new();
    let abuffer = filter::find("abuffer").ok_or(ffmpeg_next::Error::FilterNotFound)?;
    let abuffersink = filter::find("abuffersink").ok_or(ffmpeg_next::Error::FilterNotFound)?;
    graph.add(&abuffer, "in", &abuffer_arguments(decoder, time_base))?;
    graph.add(&abuffersink, "out", "")?;
    graph.output("in", 0)?.input("out", 0)?.parse(spec)?;
    graph.validate()?;
    Ok(graph)
}

fn audio_error(path: &Path, source: ffmpeg_next::Error) -> EncodeError {
    EncodeError::AudioSource {
        path: path.to_owned(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_become_ticks_rounded_down() {
        assert_eq!(seconds_to_ticks(1.5, Rational(1, 48_000)), Some(72_000));
        assert_eq!(seconds_to_ticks(0.001_01, Rational(1, 1000)), Some(1));
        assert_eq!(seconds_to_ticks(1.0, Rational(0, 1)), None);
    }
}
