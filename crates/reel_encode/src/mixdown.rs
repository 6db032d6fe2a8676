//! The edited sound's track: its pieces mixed on the output clock and encoded.
//!
//! The mix advances in blocks as the video asks for sound. A piece's source is opened
//! when the mix reaches the piece's first sample and dropped once it is past its last,
//! and each open piece decodes only what the block needs, so memory stays bounded
//! however long the export. The mix is sent to the encoder in frames of its size, timed
//! by the samples written, and the last frame ends exactly where the video does.
//!
//! Music, when the export has any, is added block by block on the same clock (see
//! [`crate::music`]).

use crate::audio::{open_sound_encoder, write_encoded};
use crate::edit::{MIX_RATE, Placement, SoundPiece, mix_into, sample_at};
use crate::error::EncodeError;
use crate::format::SoundCodec;
use crate::music::{MusicBed, MusicMix};
use crate::pieces::PieceReader;
use ffmpeg_next::codec::Capabilities;
use ffmpeg_next::{ChannelLayout, encoder, format, frame, media};
use std::path::Path;

/// Output samples mixed at a time.
const BLOCK: i64 = 4096;

/// The samples of a frame for an encoder that takes any number.
const DEFAULT_FRAME_SIZE: usize = 1024;

/// A piece of the request, laid on the output clock.
struct Planned {
    piece: SoundPiece,
    placement: Placement,
}

/// A piece whose source is open.
struct Active {
    placement: Placement,
    reader: PieceReader,
    /// The output sample the reader's next sample belongs at.
    position: i64,
}

/// Edited sound being written into an output file.
pub(crate) struct EditedSound {
    /// The pieces that may sound, by first sample.
    pieces: Vec<Planned>,
    /// The first of `pieces` not yet opened.
    next: usize,
    active: Vec<Active>,
    encoder: encoder::Audio,
    stream: usize,
    planar: bool,
    frame_size: usize,
    /// Whether the encoder needs its last frame filled out to the full size.
    pad_last: bool,
    /// Output samples mixed so far.
    mixed: i64,
    /// Output samples sent to the encoder so far: the next frame's timestamp.
    sent: i64,
    /// Mixed sound not yet sent, interleaved stereo: less than one frame.
    pending: Vec<f32>,
    /// The music added under the pieces' sound.
    music: Option<MusicMix>,
    /// Frames decoded by pieces already dropped.
    decoded_before: u64,
    finished: bool,
}

impl EditedSound {
    /// Checks `pieces`, opens `music`, and adds an encoded stream for their sound to
    /// `output`, before its header is written. `None` when there is no music and no
    /// piece's source has an audio stream.
    pub(crate) fn add_to(
        output: &mut format::context::Output,
        pieces: &[SoundPiece],
        music: Option<&MusicBed>,
        sound: SoundCodec,
        bitrate: usize,
    ) -> Result<Option<Self>, EncodeError> {
        for (index, piece) in pieces.iter().enumerate() {
            piece.validate(index)?;
        }
        let music = music.map(MusicMix::open).transpose()?;
        if music.is_none() && !any_has_sound(pieces)? {
            return Ok(None);
        }
        let global_header = output
            .format()
            .flags()
            .contains(format::Flags::GLOBAL_HEADER);
        let encoder = open_sound_encoder(output, sound.encoder, bitrate, global_header)?;
        let stream = output.nb_streams() as usize - 1;
        let capabilities = encoder
            .codec()
            .map_or(Capabilities::empty(), |codec| codec.capabilities());
        let frame_size = match encoder.frame_size() {
            0 => DEFAULT_FRAME_SIZE,
            size => size as usize,
        };
        Ok(Some(Self {
            pieces: plan(pieces),
            next: 0,
            active: Vec::new(),
            planar: encoder.format().is_planar(),
            pad_last: !capabilities
                .intersects(Capabilities::SMALL_LAST_FRAME | Capabilities::VARIABLE_FRAME_SIZE),
            encoder,
            stream,
            frame_size,
            mixed: 0,
            sent: 0,
            pending: Vec::new(),
            music,
            decoded_before: 0,
            finished: false,
        }))
    }

    /// Audio frames decoded from the pieces' sources so far.
    pub(crate) fn decoded_frames(&self) -> u64 {
        self.decoded_before
            + self
                .active
                .iter()
                .map(|active| active.reader.decoded_frames())
                .sum::<u64>()
    }

    /// Mixes and encodes the sound up to output second `until`.
    pub(crate) fn write_until(
        &mut self,
        output: &mut format::context::Output,
        until: f64,
    ) -> Result<(), EncodeError> {
        if self.finished {
            return Ok(());
        }
        self.mix_until(output, sample_at(until))
    }

    /// Mixes and encodes the rest of the sound, ending exactly at output second `end`
    /// (silent after the last piece), and flushes the encoder.
    pub(crate) fn finish(
        &mut self,
        output: &mut format::context::Output,
        end: f64,
    ) -> Result<(), EncodeError> {
        if self.finished {
            return Ok(());
        }
        let end = sample_at(end).max(self.sent);
        self.mix_until(output, end)?;
        if let Some(music) = &mut self.music {
            let rest = music.drain()?;
            self.pending.extend_from_slice(&rest);
        }
        // Sound mixed beyond the end but not yet sent is dropped.
        let over = usize::try_from(self.mixed - end).unwrap_or(0);
        let keep = self.pending.len().saturating_sub(over * 2);
        self.pending.truncate(keep);
        self.finished = true;
        let mut rest = std::mem::take(&mut self.pending);
        if !rest.is_empty() {
            if self.pad_last {
                rest.resize(self.frame_size * 2, 0.0);
            }
            self.send(output, &rest)?;
        }
        self.drop_past(i64::MAX);
        self.encoder.send_eof().map_err(EncodeError::Write)?;
        write_encoded(&mut self.encoder, output, self.stream)
    }

    /// Mixes blocks up to output sample `target`, sending every whole frame.
    fn mix_until(
        &mut self,
        output: &mut format::context::Output,
        target: i64,
    ) -> Result<(), EncodeError> {
        let mut sound = Vec::new();
        while self.mixed < target {
            let (from, to) = (self.mixed, target.min(self.mixed + BLOCK));
            self.open_due(to)?;
            let mut block = vec![0.0; (to - from) as usize * 2];
            for active in &mut self.active {
                active.mix(&mut block, from, to, &mut sound)?;
            }
            self.drop_past(to);
            let block = match &mut self.music {
                Some(music) => music.mix(block, from)?,
                None => block,
            };
            self.pending.extend_from_slice(&block);
            self.mixed = to;
            self.send_whole_frames(output)?;
        }
        Ok(())
    }

    /// Opens the pieces that start before output sample `until`.
    fn open_due(&mut self, until: i64) -> Result<(), EncodeError> {
        while let Some(planned) = self.pieces.get(self.next)
            && planned.placement.first < until
        {
            self.next += 1;
            if planned.placement.last <= self.mixed {
                continue;
            }
            if let Some(reader) = PieceReader::open(&planned.piece)? {
                self.active.push(Active {
                    placement: planned.placement,
                    reader,
                    position: planned.placement.first,
                });
            }
        }
        Ok(())
    }

    /// Drops the pieces that end by output sample `until`.
    fn drop_past(&mut self, until: i64) {
        let mut kept = Vec::with_capacity(self.active.len());
        for active in self.active.drain(..) {
            if active.placement.last <= until {
                self.decoded_before += active.reader.decoded_frames();
            } else {
                kept.push(active);
            }
        }
        self.active = kept;
    }

    fn send_whole_frames(
        &mut self,
        output: &mut format::context::Output,
    ) -> Result<(), EncodeError> {
        let values = self.frame_size * 2;
        while self.pending.len() >= values {
            let sound: Vec<f32> = self.pending.drain(..values).collect();
            self.send(output, &sound)?;
        }
        Ok(())
    }

    /// Encodes `sound` (interleaved stereo) as one frame and writes what comes out.
    fn send(
        &mut self,
        output: &mut format::context::Output,
        sound: &[f32],
    ) -> Result<(), EncodeError> {
        let samples = sound.len() / 2;
        let mut frame = frame::Audio::new(self.encoder.format(), samples, ChannelLayout::STEREO);
        frame.set_rate(MIX_RATE as u32);
        fill_frame(&mut frame, sound, self.planar);
        frame.set_pts(Some(self.sent));
        self.sent += samples as i64;
        self.encoder
            .send_frame(&frame)
            .map_err(EncodeError::Write)?;
        write_encoded(&mut self.encoder, output, self.stream)
    }
}

impl Active {
    /// Adds the piece's sound for output samples `from..to` into `block`.
    fn mix(
        &mut self,
        block: &mut [f32],
        from: i64,
        to: i64,
        sound: &mut Vec<f32>,
    ) -> Result<(), EncodeError> {
        let start = from.max(self.placement.first);
        let end = to.min(self.placement.last);
        if start >= end {
            return Ok(());
        }
        if self.position < start {
            self.reader.skip((start - self.position) as usize)?;
        }
        sound.clear();
        // Where the piece's sound runs out before its end, silence fills the rest.
        self.reader.take((end - start) as usize, sound)?;
        self.position = end;
        mix_into(block, from, &self.placement, sound, start);
        Ok(())
    }
}

/// The pieces that may sound, by first sample: empty and muted ones are left out.
fn plan(pieces: &[SoundPiece]) -> Vec<Planned> {
    let mut planned: Vec<Planned> = pieces
        .iter()
        .filter(|piece| !piece.is_muted())
        .map(|piece| Planned {
            placement: Placement::of(piece),
            piece: piece.clone(),
        })
        .filter(|planned| planned.placement.len() > 0)
        .collect();
    planned.sort_by_key(|planned| planned.placement.first);
    planned
}

/// Whether any piece's source has an audio stream; each source is opened once.
fn any_has_sound(pieces: &[SoundPiece]) -> Result<bool, EncodeError> {
    let mut seen: Vec<&Path> = Vec::new();
    for piece in pieces {
        let path = piece.source.as_path();
        if seen.contains(&path) {
            continue;
        }
        seen.push(path);
        let input = format::input(path).map_err(|source| EncodeError::AudioSource {
            path: path.to_owned(),
            source,
        })?;
        if input.streams().best(media::Type::Audio).is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Writes interleaved stereo `sound` into `frame`: into its two planes, or interleaved.
pub(crate) fn fill_frame(frame: &mut frame::Audio, sound: &[f32], planar: bool) {
    let put = |bytes: &mut [u8], values: &mut dyn Iterator<Item = f32>| {
        for (target, value) in bytes.chunks_exact_mut(4).zip(values) {
            target.copy_from_slice(&value.to_ne_bytes());
        }
    };
    if planar {
        for channel in 0..2 {
            put(
                frame.data_mut(channel),
                &mut sound.iter().skip(channel).step_by(2).copied(),
            );
        }
    } else {
        put(frame.data_mut(0), &mut sound.iter().copied());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::SoundSpeed;

    fn piece(output_start: f64, seconds: f64, speed: f64, mode: SoundSpeed) -> SoundPiece {
        SoundPiece {
            source: "a.mp4".into(),
            start: 0.0,
            end: seconds,
            speed,
            output_start,
            fade_in: 0.0,
            fade_out: 0.0,
            silent_head: 0.0,
            silent_tail: 0.0,
            speed_sound: mode,
        }
    }

    #[test]
    fn the_plan_orders_pieces_and_leaves_out_silent_ones() {
        let planned = plan(&[
            piece(2.0, 1.0, 1.0, SoundSpeed::KeepPitch),
            piece(0.0, 1.0, 2.0, SoundSpeed::Mute),
            piece(1.0, 0.0, 1.0, SoundSpeed::KeepPitch),
            piece(0.5, 1.0, 1.0, SoundSpeed::Mute),
        ]);
        let firsts: Vec<i64> = planned.iter().map(|p| p.placement.first).collect();
        // The muted 2x piece and the empty one are gone; a 1x piece is not muted.
        assert_eq!(firsts, vec![24_000, 96_000]);
    }

    #[test]
    fn frames_are_filled_planar_or_interleaved() {
        let sound = [0.5, -0.5, 0.25, -0.25];
        let sample = |layout| format::Sample::F32(layout);
        let mut planar = frame::Audio::new(
            sample(format::sample::Type::Planar),
            2,
            ChannelLayout::STEREO,
        );
        fill_frame(&mut planar, &sound, true);
        assert_eq!(planar.plane::<f32>(0), &[0.5, 0.25]);
        assert_eq!(planar.plane::<f32>(1), &[-0.5, -0.25]);
        let mut packed = frame::Audio::new(
            sample(format::sample::Type::Packed),
            2,
            ChannelLayout::STEREO,
        );
        fill_frame(&mut packed, &sound, false);
        assert_eq!(packed.plane::<(f32, f32)>(0), &[(0.5, -0.5), (0.25, -0.25)]);
    }
}
