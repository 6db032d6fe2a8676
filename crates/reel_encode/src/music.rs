//! Music under the edit: a sound file decoded from its start (again each time it ends,
//! when looped), given its volume and fades on the output clock, optionally ducked under
//! the recording's sound by FFmpeg's `sidechaincompress`, and added to that sound.
//!
//! The music is read block by block as the mix advances, so memory stays bounded however
//! long the output is.

use crate::edit::{MIX_RATE, SoundPiece, SoundSpeed, sample_at};
use crate::error::EncodeError;
use crate::mixdown::fill_frame;
use crate::pieces::PieceReader;
use ffmpeg_next::{ChannelLayout, filter, format, frame};
use std::collections::VecDeque;
use std::path::PathBuf;

/// The compressor that ducks the music: it starts turning the music down when the
/// recording's sound passes about -30 dBFS (a quiet voice), by up to a tenth of what the
/// sound goes over it, within a few milliseconds, and lets it back up over a quarter of a
/// second once the voice stops (longer after a loud passage: the compressor follows the
/// voice's level down at that rate).
const DUCKING: &str = "sidechaincompress=threshold=0.03:ratio=10:attack=5:release=250";

/// A music bed, as the export asks for it.
#[derive(Debug, Clone, PartialEq)]
pub struct MusicBed {
    /// The sound file.
    pub path: PathBuf,
    /// The gain applied to the file's sound (1 keeps its level).
    pub volume: f32,
    /// Output seconds over which the music rises from silence at the start.
    pub fade_in: f64,
    /// Output seconds over which the music falls to silence before `length`.
    pub fade_out: f64,
    /// Whether the file plays again from its start when it ends before the output does.
    pub looped: bool,
    /// Whether the music is turned down while the recording's sound is heard.
    pub duck: bool,
    /// The output's length in seconds, where the fade out ends; `None` when it is not
    /// known ahead (the music is then only cut where the output ends).
    pub length: Option<f64>,
}

impl MusicBed {
    /// The music's gain at output sample `sample`: its volume, with a linear ramp up over
    /// the fade in and down over the fade out.
    pub(crate) fn gain(&self, sample: i64) -> f32 {
        let ramp = |done: f64, over: i64| {
            if over <= 0 {
                1.0
            } else {
                ((done + 0.5) / over as f64).clamp(0.0, 1.0)
            }
        };
        let rise = ramp(sample as f64, sample_at(self.fade_in));
        let fall = self.length.map_or(1.0, |length| {
            ramp(
                (sample_at(length) - 1 - sample) as f64,
                sample_at(self.fade_out),
            )
        });
        (f64::from(self.volume) * rise.min(fall)) as f32
    }
}

/// Checks that `bed` can be played: its file has sound and the ducker can be set up.
pub fn probe_music(bed: &MusicBed) -> Result<(), EncodeError> {
    MusicMix::open(bed).map(drop)
}

/// The music being mixed into edited sound.
pub(crate) struct MusicMix {
    bed: MusicBed,
    file: LoopingFile,
    ducker: Option<Ducker>,
}

impl MusicMix {
    /// Opens the music file; an error when it has no sound.
    pub(crate) fn open(bed: &MusicBed) -> Result<Self, EncodeError> {
        Ok(Self {
            file: LoopingFile::open(bed)?,
            ducker: bed.duck.then(Ducker::new).transpose()?,
            bed: bed.clone(),
        })
    }

    /// Adds the music for the output samples from `first` on to `voice` (the
    /// recording's sound there, interleaved stereo) and returns the mixed sound that is
    /// ready: all of it, unless the ducker holds some back until [`MusicMix::drain`].
    pub(crate) fn mix(&mut self, voice: Vec<f32>, first: i64) -> Result<Vec<f32>, EncodeError> {
        let frames = voice.len() / 2;
        let mut music = Vec::with_capacity(voice.len());
        self.file.take(frames, &mut music)?;
        for (k, pair) in music.chunks_exact_mut(2).enumerate() {
            let gain = self.bed.gain(first + k as i64);
            pair[0] *= gain;
            pair[1] *= gain;
        }
        match &mut self.ducker {
            Some(ducker) => ducker.duck(&music, voice, first),
            None => {
                let mut mixed = voice;
                for (out, value) in mixed.iter_mut().zip(&music) {
                    *out += value;
                }
                Ok(mixed)
            }
        }
    }

    /// The mixed sound the ducker still holds, once no more comes.
    pub(crate) fn drain(&mut self) -> Result<Vec<f32>, EncodeError> {
        match &mut self.ducker {
            Some(ducker) => ducker.drain(),
            None => Ok(Vec::new()),
        }
    }
}

/// The music file's sound from its start, played again from the start each time it
/// ends when looped, else followed by silence.
struct LoopingFile {
    piece: SoundPiece,
    looped: bool,
    reader: Option<PieceReader>,
    /// Whether the reader was opened since it last gave sound: a file that ends before
    /// giving any is not opened again.
    fresh: bool,
    /// Whether no more sound comes.
    ended: bool,
}

impl LoopingFile {
    fn open(bed: &MusicBed) -> Result<Self, EncodeError> {
        let piece = SoundPiece {
            source: bed.path.clone(),
            start: 0.0,
            end: f64::INFINITY,
            speed: 1.0,
            output_start: 0.0,
            fade_in: 0.0,
            fade_out: 0.0,
            silent_head: 0.0,
            silent_tail: 0.0,
            speed_sound: SoundSpeed::KeepPitch,
        };
        let mut file = Self {
            piece,
            looped: bed.looped,
            reader: None,
            fresh: true,
            ended: false,
        };
        file.reader = Some(file.open_again()?);
        Ok(file)
    }

    /// Opens the file at its start.
    fn open_again(&self) -> Result<PieceReader, EncodeError> {
        PieceReader::open(&self.piece)?.ok_or_else(|| EncodeError::SilentMusic {
            path: self.piece.source.clone(),
        })
    }

    /// Appends exactly `frames` stereo samples to `out`: the file's, then silence once it
    /// has ended for good.
    fn take(&mut self, frames: usize, out: &mut Vec<f32>) -> Result<(), EncodeError> {
        let wanted = out.len() + frames * 2;
        while out.len() < wanted && !self.ended {
            let mut reader = match self.reader.take() {
                Some(reader) => reader,
                None => {
                    self.fresh = true;
                    self.open_again()?
                }
            };
            let left = (wanted - out.len()) / 2;
            let taken = reader.take(left, out)?;
            if taken > 0 {
                self.fresh = false;
            }
            if taken < left {
                // The file has ended: play it again, unless it gave nothing since it was
                // opened or the music is not looped.
                self.ended = self.fresh || !self.looped;
            } else {
                self.reader = Some(reader);
            }
        }
        out.resize(wanted, 0.0);
        Ok(())
    }
}

/// A sidechain compressor: the music turned down by the recording's sound.
struct Ducker {
    graph: filter::Graph,
    /// The recording's sound waiting for its ducked music.
    voice: VecDeque<f32>,
    /// Ducked music waiting for its recording's sound.
    music: VecDeque<f32>,
}

impl Ducker {
    fn new() -> Result<Self, EncodeError> {
        let ducking = |source| EncodeError::Ducking { reason: source };
        let mut graph = filter::Graph::new();
        let abuffer =
            filter::find("abuffer").ok_or_else(|| ducking(ffmpeg_next::Error::FilterNotFound))?;
        let abuffersink = filter::find("abuffersink")
            .ok_or_else(|| ducking(ffmpeg_next::Error::FilterNotFound))?;
        let arguments = format!(
            "time_base=1/{MIX_RATE}:sample_rate={MIX_RATE}:sample_fmt=flt:channel_layout=stereo"
        );
        let spec = format!(
            "[music][voice]{DUCKING},\
             aformat=sample_fmts=flt:sample_rates={MIX_RATE}:channel_layouts=stereo[out]"
        );
        (|| {
            graph.add(&abuffer, "music", &arguments)?;
            graph.add(&abuffer, "voice", &arguments)?;
            graph.add(&abuffersink, "out", "")?;
            graph
                .output("music", 0)?
                .output("voice", 0)?
                .input("out", 0)?
                .parse(&spec)?;
            graph.validate()
        })()
        .map_err(ducking)?;
        Ok(Self {
            graph,
            voice: VecDeque::new(),
            music: VecDeque::new(),
        })
    }

    /// Ducks `music` under `voice` (both interleaved stereo, from output sample `first`)
    /// and returns the sum for the samples that are ready.
    fn duck(
        &mut self,
        music: &[f32],
        voice: Vec<f32>,
        first: i64,
    ) -> Result<Vec<f32>, EncodeError> {
        self.send("music", Some(music), first)?;
        self.send("voice", Some(&voice), first)?;
        self.voice.extend(voice);
        self.receive()?;
        Ok(self.ready())
    }

    /// Tells the compressor no more sound comes and returns what it still held.
    fn drain(&mut self) -> Result<Vec<f32>, EncodeError> {
        self.send("music", None, 0)?;
        self.send("voice", None, 0)?;
        self.receive()?;
        let mut rest = self.ready();
        // Sound the compressor did not give back (it never holds any) is kept unducked.
        rest.extend(self.voice.drain(..));
        Ok(rest)
    }

    /// Adds `sound` to the graph's input `name`, or with `None` ends that input.
    fn send(&mut self, name: &str, sound: Option<&[f32]>, first: i64) -> Result<(), EncodeError> {
        let ducking = |source| EncodeError::Ducking { reason: source };
        let mut input = self
            .graph
            .get(name)
            .ok_or_else(|| ducking(ffmpeg_next::Error::FilterNotFound))?;
        let mut source = input.source();
        match sound {
            Some(sound) => {
                let format = format::Sample::F32(format::sample::Type::Packed);
                let mut frame = frame::Audio::new(format, sound.len() / 2, ChannelLayout::STEREO);
                frame.set_rate(MIX_RATE as u32);
                frame.set_pts(Some(first));
                fill_frame(&mut frame, sound, false);
                source.add(&frame)
            }
            None => source.flush(),
        }
        .map_err(ducking)
    }

    /// Takes every frame the compressor has ready.
    fn receive(&mut self) -> Result<(), EncodeError> {
        let mut sink = self.graph.get("out").ok_or(EncodeError::Ducking {
            reason: ffmpeg_next::Error::FilterNotFound,
        })?;
        let mut ducked = frame::Audio::empty();
        while sink.sink().frame(&mut ducked).is_ok() {
            let values = ducked.samples() * 2;
            let floats = ducked.data(0).chunks_exact(4).take(values);
            self.music
                .extend(floats.map(|b| f32::from_ne_bytes([b[0], b[1], b[2], b[3]])));
        }
        Ok(())
    }

    /// The sum of the ducked music and the recording's sound where both are here.
    fn ready(&mut self) -> Vec<f32> {
        let values = self.music.len().min(self.voice.len());
        self.voice
            .drain(..values)
            .zip(self.music.drain(..values))
            .map(|(voice, music)| voice + music)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bed(fade_in: f64, fade_out: f64, length: Option<f64>) -> MusicBed {
        MusicBed {
            path: "bed.mp3".into(),
            volume: 0.5,
            fade_in,
            fade_out,
            looped: true,
            duck: false,
            length,
        }
    }

    #[test]
    fn the_music_rises_and_falls_at_the_ends_of_the_output() {
        let bed = bed(1.0, 2.0, Some(10.0));
        assert!(bed.gain(0) < 0.001);
        assert!((bed.gain(24_000) - 0.25).abs() < 1e-4);
        assert_eq!(bed.gain(48_000), 0.5);
        assert_eq!(bed.gain(5 * 48_000), 0.5);
        // Half way down the last two seconds.
        assert!((bed.gain(9 * 48_000) - 0.25).abs() < 1e-4);
        assert!(bed.gain(10 * 48_000 - 1) < 0.001);
        assert_eq!(bed.gain(10 * 48_000 + 5), 0.0);
    }

    #[test]
    fn without_fades_or_a_known_length_the_music_keeps_its_volume() {
        let bed = bed(0.0, 3.0, None);
        assert_eq!(bed.gain(0), 0.5);
        assert_eq!(bed.gain(i64::from(i32::MAX)), 0.5);
    }

    #[test]
    fn the_ducker_gives_back_every_sample_turned_down_under_a_loud_voice() {
        let mut ducker = Ducker::new().unwrap();
        let tone = |amplitude: f32, hz: f32, from: usize, frames: usize| -> Vec<f32> {
            (from..from + frames)
                .flat_map(|k| {
                    let value =
                        amplitude * (k as f32 * hz * std::f32::consts::TAU / 48_000.0).sin();
                    [value, value]
                })
                .collect()
        };
        let (mut out, mut voices) = (Vec::new(), Vec::new());
        // Two seconds of music; the voice is silent for the first, loud for the second.
        for block in 0..24 {
            let from = block * 4000;
            let music = tone(0.2, 220.0, from, 4000);
            let voice = if block < 12 {
                vec![0.0; 8000]
            } else {
                tone(0.5, 1000.0, from, 4000)
            };
            voices.extend_from_slice(&voice);
            out.extend(ducker.duck(&music, voice, from as i64).unwrap());
        }
        out.extend(ducker.drain().unwrap());
        assert_eq!(out.len(), voices.len());
        // What the ducker added to the voice is the music, as loud as it came while the
        // voice is silent, and turned down to under a third while it sounds.
        let music: Vec<f32> = out
            .iter()
            .zip(&voices)
            .map(|(sum, voice)| sum - voice)
            .collect();
        let peak = |from: usize, to: usize| {
            music[from * 2..to * 2]
                .iter()
                .fold(0.0f32, |m, v| m.max(v.abs()))
        };
        let alone = peak(30_000, 46_000);
        assert!((alone - 0.2).abs() < 0.01, "music alone peaks at {alone}");
        let ducked = peak(60_000, 96_000);
        assert!(
            ducked < 0.2 / 3.0,
            "music under the voice peaks at {ducked}"
        );
    }
}
