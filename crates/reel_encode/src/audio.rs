//! The source's sound, written beside the video: packets copied as they are when the
//! container takes the codec, else decoded and encoded (AAC, or Opus for WebM). Either way the sound is
//! cut to the export's time range and laid on the same clock as the video, so they stay
//! in sync, and it is read in step with the video frames, so memory stays bounded.
//!
//! Output time 0 is the source's first picture plus the trim's start, as for the video:
//! a sample at source time `s` is written at output time `s - origin`.
//!
//! A timeline export asks for edited sound instead ([`AudioRequest::pieces`]): pieces of
//! one or more sources, cut, played at their speeds and mixed on the output clock (see
//! [`crate::edit`]). That sound is always encoded, as is the sound of an export with
//! music under it ([`AudioRequest::music`]).

use crate::edit::{SoundPiece, SoundSpeed};
use crate::error::EncodeError;
use crate::format::SoundCodec;
use crate::mixdown::EditedSound;
use crate::music::MusicBed;
use ffmpeg_next::{
    ChannelLayout, Dictionary, Packet, Rational, Rescale, codec, encoder, filter, format, frame,
    media,
};
use std::path::{Path, PathBuf};

/// The sound an export asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct AudioRequest {
    /// The source file whose audio stream is written.
    pub source: PathBuf,
    /// Source seconds skipped at the start (the scene's trim), counted from the first
    /// picture.
    pub trim_start: f64,
    /// The AAC bit rate in bit/s, used when the sound is encoded.
    pub bitrate: usize,
    /// Encode to AAC even when the codec could be copied.
    pub always_encode: bool,
    /// Edited sound: the pieces the output's sound is mixed from, in place of `source`
    /// from `trim_start` on. `None` for the source's sound as it is.
    pub pieces: Option<Vec<SoundPiece>>,
    /// Music mixed under the sound for the whole output. `None` for none.
    pub music: Option<MusicBed>,
}

impl AudioRequest {
    /// The pieces the output's sound is mixed from, when it is mixed at all: the edit's
    /// pieces, or with music under the source's plain sound, that sound from
    /// `trim_start` to its end as one piece. `None` for the source's sound as it is.
    fn mixed_pieces(&self) -> Option<Vec<SoundPiece>> {
        if let Some(pieces) = &self.pieces {
            return Some(pieces.clone());
        }
        self.music.as_ref()?;
        Some(vec![SoundPiece {
            source: self.source.clone(),
            start: self.trim_start,
            end: f64::INFINITY,
            speed: 1.0,
            output_start: 0.0,
            fade_in: if self.trim_start > 0.0 {
                crate::CUT_FADE
            } else {
                0.0
            },
            fade_out: 0.0,
            silent_head: 0.0,
            silent_tail: 0.0,
            speed_sound: SoundSpeed::KeepPitch,
        }])
    }
}

/// The sample rate sound is encoded at.
const SOUND_RATE: i32 = 48_000;

/// An audio stream being written into an output file.
pub struct AudioTrack {
    kind: TrackKind,
}

enum TrackKind {
    /// The source's sound from the trim's start.
    Source(Box<SourceTrack>),
    /// Pieces of sound mixed on the output clock.
    Edited(Box<EditedSound>),
}

/// The source's sound, copied or encoded.
struct SourceTrack {
    input: format::context::Input,
    input_index: usize,
    input_time_base: Rational,
    /// Output time 0, in the input stream's ticks.
    origin: i64,
    output_index: usize,
    mode: Mode,
    /// A packet read but not yet due.
    pending: Option<Packet>,
    /// Whether the input has no more packets.
    drained: bool,
}

enum Mode {
    /// Packets are copied as they are.
    Copy,
    /// Packets are decoded, cut and resampled by a filter graph, and encoded.
    Encode(Box<Transcoder>),
}

struct Transcoder {
    decoder: codec::decoder::Audio,
    graph: filter::Graph,
    encoder: encoder::Audio,
    /// Samples sent to the encoder so far: the next frame's timestamp.
    samples: i64,
    /// Whether the filter graph has been told the sound ended.
    flushed: bool,
}

impl AudioTrack {
    /// Opens the source's audio (or, for edited sound, checks the pieces and looks for
    /// sound in their sources) and adds a stream for it to `output`, before its header is
    /// written. `None` when the source (or every piece's source) has no audio stream.
    pub fn add_to(
        output: &mut format::context::Output,
        request: &AudioRequest,
        sound: SoundCodec,
    ) -> Result<Option<AudioTrack>, EncodeError> {
        let kind = match request.mixed_pieces() {
            Some(pieces) => EditedSound::add_to(
                output,
                &pieces,
                request.music.as_ref(),
                sound,
                request.bitrate,
            )?
            .map(|edited| TrackKind::Edited(Box::new(edited))),
            None => SourceTrack::add_to(output, request, sound)?
                .map(|source| TrackKind::Source(Box::new(source))),
        };
        Ok(kind.map(|kind| AudioTrack { kind }))
    }

    /// Writes the sound up to output second `until`.
    pub fn write_until(
        &mut self,
        output: &mut format::context::Output,
        until: f64,
    ) -> Result<(), EncodeError> {
        match &mut self.kind {
            TrackKind::Source(track) => track.write_until(output, until),
            TrackKind::Edited(track) => track.write_until(output, until),
        }
    }

    /// Writes the rest of the sound up to output second `end`, where the video ends.
    pub fn finish(
        &mut self,
        output: &mut format::context::Output,
        end: f64,
    ) -> Result<(), EncodeError> {
        match &mut self.kind {
            TrackKind::Source(track) => track.finish(output, end),
            TrackKind::Edited(track) => track.finish(output, end),
        }
    }

    /// Audio frames decoded so far from the sources of edited sound's pieces (each piece
    /// seeks to its start, so this stays near what the pieces play); always 0 for the
    /// source's sound as it is.
    pub fn decoded_frames(&self) -> u64 {
        match &self.kind {
            TrackKind::Source(_) => 0,
            TrackKind::Edited(track) => track.decoded_frames(),
        }
    }
}

impl SourceTrack {
    /// Opens the source's audio and adds a stream for it to `output`. `None` when the
    /// source has no audio stream.
    fn add_to(
        output: &mut format::context::Output,
        request: &AudioRequest,
        sound: SoundCodec,
    ) -> Result<Option<SourceTrack>, EncodeError> {
        let input = format::input(&request.source).map_err(|e| audio_error(&request.source, e))?;
        let Some(stream) = input.streams().best(media::Type::Audio) else {
            return Ok(None);
        };
        let input_index = stream.index();
        let input_time_base = stream.time_base();
        let parameters = stream.parameters();
        let origin_seconds = video_start(&input) + request.trim_start;
        let origin = (origin_seconds * f64::from(input_time_base.invert())).round() as i64;
        let copy = !request.always_encode && sound.copyable.contains(&parameters.id());
        let global_header = output
            .format()
            .flags()
            .contains(format::Flags::GLOBAL_HEADER);
        let mode = if copy {
            add_copied_stream(output, parameters, input_time_base)?;
            Mode::Copy
        } else {
            Mode::Encode(Box::new(Transcoder::open(
                output,
                sound.encoder,
                parameters,
                input_time_base,
                origin_seconds,
                request.bitrate,
                global_header,
            )?))
        };
        let output_index = output.nb_streams() as usize - 1;
        Ok(Some(SourceTrack {
            input,
            input_index,
            input_time_base,
            origin,
            output_index,
            mode,
            pending: None,
            drained: false,
        }))
    }

    /// Writes the sound up to output second `until`.
    fn write_until(
        &mut self,
        output: &mut format::context::Output,
        until: f64,
    ) -> Result<(), EncodeError> {
        match &mut self.mode {
            Mode::Copy => {
                let output_time_base = output_time_base(output, self.output_index);
                while let Some(packet) = self.next_packet(until)? {
                    write_copied(
                        output,
                        packet,
                        self.origin,
                        self.input_time_base,
                        output_time_base,
                        self.output_index,
                    )?;
                }
                Ok(())
            }
            Mode::Encode(_) => self.encode_until(output, until, false),
        }
    }

    /// Writes the rest of the sound up to output second `end`, where the video ends.
    fn finish(
        &mut self,
        output: &mut format::context::Output,
        end: f64,
    ) -> Result<(), EncodeError> {
        match self.mode {
            Mode::Copy => self.write_until(output, end),
            Mode::Encode(_) => self.encode_until(output, end, true),
        }
    }

    /// The next packet of the audio stream that starts before output second `until`
    /// (packets before output time 0 are skipped); `None` when none is due.
    fn next_packet(&mut self, until: f64) -> Result<Option<Packet>, EncodeError> {
        loop {
            let packet = match self.pending.take() {
                Some(packet) => packet,
                None if self.drained => return Ok(None),
                None => {
                    let mut packet = Packet::empty();
                    match packet.read(&mut self.input) {
                        Ok(()) => {}
                        Err(ffmpeg_next::Error::Eof) => {
                            self.drained = true;
                            return Ok(None);
                        }
                        // A damaged stretch of sound is skipped; the video decides
                        // whether the source is usable.
                        Err(_) => continue,
                    }
                    if packet.stream() != self.input_index {
                        continue;
                    }
                    packet
                }
            };
            let Some(pts) = packet.pts().or(packet.dts()) else {
                continue;
            };
            let seconds = (pts - self.origin) as f64 * f64::from(self.input_time_base);
            if seconds >= until {
                self.pending = Some(packet);
                return Ok(None);
            }
            if matches!(self.mode, Mode::Copy) && seconds < 0.0 {
                // Sound from before the export's start: a copied packet cannot be cut,
                // so it is left out (less than one audio frame is lost).
                continue;
            }
            return Ok(Some(packet));
        }
    }

    fn encode_until(
        &mut self,
        output: &mut format::context::Output,
        until: f64,
        last: bool,
    ) -> Result<(), EncodeError> {
        // Decode ahead a little so the graph has the samples up to `until`.
        let lead = if last { f64::INFINITY } else { until + 0.1 };
        while let Some(packet) = self.next_packet(lead)? {
            let Mode::Encode(transcoder) = &mut self.mode else {
                unreachable!("encode_until runs in encode mode");
            };
            transcoder.decode(&packet)?;
        }
        let output_time_base = output_time_base(output, self.output_index);
        let Mode::Encode(transcoder) = &mut self.mode else {
            unreachable!("encode_until runs in encode mode");
        };
        if last {
            transcoder.flush_input()?;
        }
        transcoder.encode_until(output, until, last, output_time_base, self.output_index)
    }
}

impl Transcoder {
    fn open(
        output: &mut format::context::Output,
        encoder_name: &str,
        parameters: codec::Parameters,
        input_time_base: Rational,
        origin_seconds: f64,
        bitrate: usize,
        global_header: bool,
    ) -> Result<Self, EncodeError> {
        let open_error = |source| EncodeError::OpenEncoder {
            encoder: "audio".into(),
            source,
        };
        let mut decoder_context =
            codec::context::Context::from_parameters(parameters).map_err(open_error)?;
        decoder_context.set_time_base(input_time_base);
        let decoder = decoder_context.decoder().audio().map_err(open_error)?;
        let encoder = open_sound_encoder(output, encoder_name, bitrate, global_header)?;
        let graph = sound_graph(
            &decoder,
            input_time_base,
            origin_seconds,
            encoder.format(),
            encoder.frame_size(),
        )
        .map_err(open_error)?;
        Ok(Self {
            decoder,
            graph,
            encoder,
            samples: 0,
            flushed: false,
        })
    }

    /// Decodes a packet and feeds its sound to the graph; damaged packets are skipped.
    fn decode(&mut self, packet: &Packet) -> Result<(), EncodeError> {
        if self.decoder.send_packet(packet).is_err() {
            return Ok(());
        }
        self.receive_decoded()
    }

    fn receive_decoded(&mut self) -> Result<(), EncodeError> {
        let mut decoded = frame::Audio::empty();
        while self.decoder.receive_frame(&mut decoded).is_ok() {
            let timestamp = decoded.timestamp();
            decoded.set_pts(timestamp);
            self.graph
                .get("in")
                .expect("the graph has an input")
                .source()
                .add(&decoded)
                .map_err(EncodeError::Write)?;
        }
        Ok(())
    }

    /// Tells the decoder and the graph that no more sound comes.
    fn flush_input(&mut self) -> Result<(), EncodeError> {
        if self.flushed {
            return Ok(());
        }
        self.flushed = true;
        if self.decoder.send_eof().is_ok() {
            self.receive_decoded()?;
        }
        self.graph
            .get("in")
            .expect("the graph has an input")
            .source()
            .flush()
            .map_err(EncodeError::Write)
    }

    /// Encodes the graph's sound up to output second `until`, then, at the end, flushes
    /// the encoder.
    fn encode_until(
        &mut self,
        output: &mut format::context::Output,
        until: f64,
        last: bool,
        output_time_base: Rational,
        stream: usize,
    ) -> Result<(), EncodeError> {
        let limit = (until * f64::from(SOUND_RATE)).round() as i64;
        let mut sound = frame::Audio::empty();
        while self.samples < limit {
            let mut sink = self.graph.get("out").expect("the graph has an output");
            if sink.sink().frame(&mut sound).is_err() {
                break;
            }
            let wanted = (limit - self.samples) as usize;
            if last && sound.samples() > wanted {
                // The video ends inside this frame: so does the sound.
                sound.set_samples(wanted);
            }
            sound.set_pts(Some(self.samples));
            self.samples += sound.samples() as i64;
            self.encoder
                .send_frame(&sound)
                .map_err(EncodeError::Write)?;
            self.write_packets(output, output_time_base, stream)?;
        }
        if last {
            self.encoder.send_eof().map_err(EncodeError::Write)?;
            self.write_packets(output, output_time_base, stream)?;
        }
        Ok(())
    }

    fn write_packets(
        &mut self,
        output: &mut format::context::Output,
        output_time_base: Rational,
        stream: usize,
    ) -> Result<(), EncodeError> {
        let mut packet = Packet::empty();
        while self.encoder.receive_packet(&mut packet).is_ok() {
            packet.set_stream(stream);
            packet.rescale_ts(Rational(1, SOUND_RATE), output_time_base);
            packet
                .write_interleaved(output)
                .map_err(EncodeError::Write)?;
        }
        Ok(())
    }
}

/// Adds a stream to `output` and opens `encoder_name` for it: 48 kHz stereo floats
/// (planar for AAC, interleaved for libopus) at `bitrate` bit/s, timed in samples.
pub(crate) fn open_sound_encoder(
    output: &mut format::context::Output,
    encoder_name: &str,
    bitrate: usize,
    global_header: bool,
) -> Result<encoder::Audio, EncodeError> {
    let open_error = |source| EncodeError::OpenEncoder {
        encoder: encoder_name.into(),
        source,
    };
    let codec = encoder::find_by_name(encoder_name)
        .ok_or_else(|| EncodeError::NoEncoder(encoder_name.into()))?;
    let mut stream = output.add_stream(codec).map_err(EncodeError::Create)?;
    let mut context = codec::context::Context::new_with_codec(codec)
        .encoder()
        .audio()
        .map_err(open_error)?;
    context.set_rate(SOUND_RATE);
    context.set_channel_layout(ChannelLayout::STEREO);
    // AAC takes planar floats; libopus interleaved ones.
    let layout = match encoder_name {
        "libopus" => format::sample::Type::Packed,
        _ => format::sample::Type::Planar,
    };
    context.set_format(format::Sample::F32(layout));
    context.set_bit_rate(bitrate);
    context.set_time_base(Rational(1, SOUND_RATE));
    if global_header {
        context.set_flags(codec::Flags::GLOBAL_HEADER);
    }
    let encoder = context.open_with(Dictionary::new()).map_err(open_error)?;
    stream.set_parameters(&encoder);
    stream.set_time_base(Rational(1, SOUND_RATE));
    Ok(encoder)
}

/// Writes the packets `encoder` has ready (timed in samples) to `output`'s `stream`.
pub(crate) fn write_encoded(
    encoder: &mut encoder::Audio,
    output: &mut format::context::Output,
    stream: usize,
) -> Result<(), EncodeError> {
    let time_base = output_time_base(output, stream);
    let mut packet = Packet::empty();
    while encoder.receive_packet(&mut packet).is_ok() {
        packet.set_stream(stream);
        packet.rescale_ts(Rational(1, SOUND_RATE), time_base);
        packet
            .write_interleaved(output)
            .map_err(EncodeError::Write)?;
    }
    Ok(())
}

/// The source second of `input`'s first picture, the origin of source times; 0 without
/// video.
pub(crate) fn video_start(input: &format::context::Input) -> f64 {
    input
        .streams()
        .best(media::Type::Video)
        .map(|video| {
            let start = video.start_time();
            if start == i64::MIN {
                0.0
            } else {
                start as f64 * f64::from(video.time_base())
            }
        })
        .unwrap_or(0.0)
}

/// The `abuffer` arguments for the sound `decoder` gives out, timed in `time_base`.
pub(crate) fn abuffer_arguments(decoder: &codec::decoder::Audio, time_base: Rational) -> String {
    let layout = match decoder.channel_layout().bits() {
        0 => ChannelLayout::default(i32::from(decoder.channels())),
        _ => decoder.channel_layout(),
    };
    format!(
        "time_base={}/{}:sample_rate={}:sample_fmt={}:channel_layout=0x{:x}",
        time_base.numerator(),
        time_base.denominator(),
        decoder.rate(),
        decoder.format().name(),
        layout.bits()
    )
}

/// A graph that lays the decoded sound on the output clock (sample 0 at `origin`
/// seconds, silence where the source has none, nothing before), resamples it to 48 kHz
/// stereo in the encoder's sample format, and cuts it into frames of the encoder's size.
fn sound_graph(
    decoder: &codec::decoder::Audio,
    time_base: Rational,
    origin: f64,
    sample: format::Sample,
    frame_size: u32,
) -> Result<filter::Graph, ffmpeg_next::Error> {
    let mut graph = filter::Graph::new();
    let arguments = abuffer_arguments(decoder, time_base);
    let abuffer = filter::find("abuffer").ok_or(ffmpeg_next::Error::FilterNotFound)?;
    let abuffersink = filter::find("abuffersink").ok_or(ffmpeg_next::Error::FilterNotFound)?;
    graph.add(&abuffer, "in", &arguments)?;
    graph.add(&abuffersink, "out", "")?;
    let spec = format!(
        "atrim=start={origin}, asetpts=PTS-{origin}/TB, \
         aresample={SOUND_RATE}:async=1:first_pts=0, \
         aformat=sample_fmts={}:channel_layouts=stereo",
        sample.name()
    );
    graph.output("in", 0)?.input("out", 0)?.parse(&spec)?;
    graph.validate()?;
    if let Some(mut sink) = graph.get("out") {
        sink.sink().set_frame_size(frame_size);
    }
    Ok(graph)
}

/// Writes a copied packet on the output clock.
fn write_copied(
    output: &mut format::context::Output,
    mut packet: Packet,
    origin: i64,
    input_time_base: Rational,
    output_time_base: Rational,
    stream: usize,
) -> Result<(), EncodeError> {
    let shift = |t: Option<i64>| t.map(|t| (t - origin).rescale(input_time_base, output_time_base));
    let pts = shift(packet.pts());
    let dts = shift(packet.dts()).or(pts);
    packet.set_pts(pts);
    packet.set_dts(dts);
    packet.set_duration(packet.duration().rescale(input_time_base, output_time_base));
    packet.set_position(-1);
    packet.set_stream(stream);
    packet.write_interleaved(output).map_err(EncodeError::Write)
}

fn output_time_base(output: &format::context::Output, stream: usize) -> Rational {
    output
        .stream(stream)
        .map_or(Rational(1, SOUND_RATE), |s| s.time_base())
}

fn audio_error(path: &Path, source: ffmpeg_next::Error) -> EncodeError {
    EncodeError::AudioSource {
        path: path.to_owned(),
        source,
    }
}

/// Adds a stream to `output` whose packets are copied as they are from a stream with
/// these `parameters`, timed in `time_base`.
pub(crate) fn add_copied_stream(
    output: &mut format::context::Output,
    parameters: codec::Parameters,
    time_base: Rational,
) -> Result<(), EncodeError> {
    let mut stream = output
        .add_stream(encoder::find(codec::Id::None))
        .map_err(EncodeError::Create)?;
    stream.set_parameters(parameters);
    // SAFETY: the stream's parameters are owned by the output context and valid; the
    // tag is cleared so the muxer picks its own for the codec.
    unsafe {
        (*stream.parameters().as_mut_ptr()).codec_tag = 0;
    }
    stream.set_time_base(time_base);
    Ok(())
}
