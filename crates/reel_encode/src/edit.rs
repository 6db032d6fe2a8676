//! Edited sound: the pieces a timeline export's sound is made of, and the plain
//! arithmetic that lays them on the output clock.
//!
//! Each piece covers an exact range of output samples at 48 kHz: from
//! `round(output_start * 48000)` up to `round(output_end * 48000)`. Its decoded sound is
//! cut or padded with silence to exactly that length, so however many clips an export
//! has, the sound never drifts from the picture by more than a sample. Overlapping
//! pieces are summed; their fades are linear gain ramps, which add up to exactly 1 across
//! a cross-fade.

use crate::error::EncodeError;
use std::path::PathBuf;

/// The sample rate edited sound is mixed and encoded at.
pub(crate) const MIX_RATE: i32 = 48_000;

/// The slowest speed a piece may play at.
pub const MIN_SOUND_SPEED: f64 = 0.1;

/// The fastest speed a piece may play at.
pub const MAX_SOUND_SPEED: f64 = 16.0;

/// The range one `atempo` filter takes in FFmpeg 5.1; slower or faster speeds chain
/// several.
const ATEMPO_RANGE: (f64, f64) = (0.5, 100.0);

/// How a clip's sound follows a speed change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SoundSpeed {
    /// The sound is stretched or squeezed in time at its own pitch (FFmpeg's `atempo`,
    /// chained for speeds below 0.5).
    #[default]
    KeepPitch,
    /// Clips whose speed is not 1 are silent.
    Mute,
    /// The pitch follows the speed, as on a tape played faster or slower.
    Resample,
}

/// One clip's sound in the output.
#[derive(Debug, Clone, PartialEq)]
pub struct SoundPiece {
    /// The source file whose audio stream the piece plays.
    pub source: PathBuf,
    /// The first source second heard, counted from the start of the source's video
    /// stream (the origin [`AudioRequest::trim_start`](crate::AudioRequest) uses).
    pub start: f64,
    /// The source second where the piece stops (not heard); infinite for a piece that
    /// plays to the end of its source's sound.
    pub end: f64,
    /// How fast the source plays: from [`MIN_SOUND_SPEED`] to [`MAX_SOUND_SPEED`].
    pub speed: f64,
    /// The output second at which source second `start` is heard; the piece lasts
    /// `(end - start) / speed` output seconds.
    pub output_start: f64,
    /// Output seconds, after the silent head, over which the sound rises linearly from
    /// silence (a cross-fade in, or a few milliseconds at a plain cut so no click is
    /// heard).
    pub fade_in: f64,
    /// Output seconds, before the silent tail, over which the sound falls linearly to
    /// silence.
    pub fade_out: f64,
    /// Output seconds of silence at the piece's start, before the fade in (the incoming
    /// half of a fade through black). May be 0.
    pub silent_head: f64,
    /// Output seconds of silence at the piece's end, after the fade out (the outgoing
    /// half of a fade through black). May be 0.
    pub silent_tail: f64,
    /// How the sound follows a speed other than 1.
    pub speed_sound: SoundSpeed,
}

impl SoundPiece {
    /// The output second at which the piece ends.
    pub fn output_end(&self) -> f64 {
        self.output_start + (self.end - self.start) / self.speed
    }

    /// Whether the piece is silent whatever its source holds: muted for its speed.
    pub fn is_muted(&self) -> bool {
        self.speed_sound == SoundSpeed::Mute && self.speed != 1.0
    }

    /// Checks the piece's numbers; `index` is its place in the request, for the error.
    pub fn validate(&self, index: usize) -> Result<(), EncodeError> {
        let bad = |reason: String| Err(EncodeError::BadSoundPiece { index, reason });
        if self.end.is_nan() || self.end == f64::NEG_INFINITY {
            return bad(format!("end is {} (expected a number)", self.end));
        }
        let numbers = [
            ("start", self.start),
            ("speed", self.speed),
            ("output_start", self.output_start),
            ("fade_in", self.fade_in),
            ("fade_out", self.fade_out),
            ("silent_head", self.silent_head),
            ("silent_tail", self.silent_tail),
        ];
        if let Some((name, value)) = numbers.iter().find(|(_, value)| !value.is_finite()) {
            return bad(format!("{name} is {value} (expected a finite number)"));
        }
        if !(MIN_SOUND_SPEED..=MAX_SOUND_SPEED).contains(&self.speed) {
            return bad(format!(
                "speed {} (expected >= {MIN_SOUND_SPEED}, <= {MAX_SOUND_SPEED})",
                self.speed
            ));
        }
        if self.end < self.start {
            return bad(format!(
                "end {} is before start {} (expected end >= start)",
                self.end, self.start
            ));
        }
        let lengths = &numbers[3..];
        if let Some((name, value)) = lengths.iter().find(|(_, value)| *value < 0.0) {
            return bad(format!("{name} is {value} (expected >= 0)"));
        }
        Ok(())
    }
}

/// The output sample at output second `seconds`.
pub(crate) fn sample_at(seconds: f64) -> i64 {
    (seconds * f64::from(MIX_RATE)).round() as i64
}

/// Where a piece lies in output samples, and how its gain ramps there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Placement {
    /// The piece's first output sample.
    pub(crate) first: i64,
    /// The output sample just past its last one.
    pub(crate) last: i64,
    /// Samples of silence at its start.
    pub(crate) silent_head: i64,
    /// Samples over which it rises, after the silent head.
    pub(crate) fade_in: i64,
    /// Samples over which it falls, before the silent tail.
    pub(crate) fade_out: i64,
    /// Samples of silence at its end.
    pub(crate) silent_tail: i64,
}

impl Placement {
    /// Lays `piece` on the output clock.
    pub(crate) fn of(piece: &SoundPiece) -> Self {
        let first = sample_at(piece.output_start);
        Self {
            first,
            last: sample_at(piece.output_end()).max(first),
            silent_head: sample_at(piece.silent_head),
            fade_in: sample_at(piece.fade_in),
            fade_out: sample_at(piece.fade_out),
            silent_tail: sample_at(piece.silent_tail),
        }
    }

    /// The samples the piece covers.
    pub(crate) fn len(&self) -> i64 {
        self.last - self.first
    }

    /// The piece's gain at output sample `sample`: 0 outside it and in its silent head
    /// and tail, rising and falling linearly over its fades, else 1. A ramp over `n`
    /// samples takes the values `(k + 0.5) / n`, so a fade out and a fade in over the
    /// same samples add up to exactly 1.
    pub(crate) fn gain(&self, sample: i64) -> f32 {
        if sample < self.first || sample >= self.last {
            return 0.0;
        }
        let from_start = sample - self.first - self.silent_head;
        let from_end = self.last - 1 - sample - self.silent_tail;
        if from_start < 0 || from_end < 0 {
            return 0.0;
        }
        let ramp = |done: i64, over: i64| {
            if over <= 0 {
                1.0
            } else {
                ((done as f64 + 0.5) / over as f64).min(1.0)
            }
        };
        ramp(from_start, self.fade_in).min(ramp(from_end, self.fade_out)) as f32
    }
}

/// The `atempo` factors whose product is `speed`, each within the range one filter
/// takes: 0.1 is 0.5 × 0.5 × 0.5 × 0.8. Empty for speed 1 (and for a speed that is not
/// a positive number).
pub(crate) fn atempo_factors(speed: f64) -> Vec<f64> {
    let mut factors = Vec::new();
    if !(speed.is_finite() && speed > 0.0) || speed == 1.0 {
        return factors;
    }
    let (slowest, fastest) = ATEMPO_RANGE;
    let mut rest = speed;
    while rest < slowest {
        factors.push(slowest);
        rest /= slowest;
    }
    while rest > fastest {
        factors.push(fastest);
        rest /= fastest;
    }
    factors.push(rest);
    factors
}

/// The filters that play 48 kHz sound at `speed` as `mode` says: `None` when the piece
/// is silent, an empty string when the speed is 1.
pub(crate) fn speed_filters(speed: f64, mode: SoundSpeed) -> Option<String> {
    if speed == 1.0 {
        return Some(String::new());
    }
    match mode {
        SoundSpeed::Mute => None,
        SoundSpeed::KeepPitch => Some(
            atempo_factors(speed)
                .iter()
                .map(|factor| format!("atempo={factor},"))
                .collect(),
        ),
        SoundSpeed::Resample => {
            let rate = (f64::from(MIX_RATE) * speed).round().max(1.0) as i64;
            Some(format!("asetrate={rate},aresample={MIX_RATE},"))
        }
    }
}

/// The filter chain for one piece's decoded sound: cut to source seconds
/// `start..end` (on the stream's clock; to its end when `end` is infinite), laid from time 0 with silence where the
/// source has none, resampled to 48 kHz, played at the piece's speed, and given out as
/// interleaved stereo floats.
pub(crate) fn piece_filter_spec(start: f64, end: f64, speed: &str) -> String {
    let end = if end.is_finite() {
        format!(":end={end}")
    } else {
        String::new()
    };
    format!(
        "atrim=start={start}{end},asetpts=PTS-{start}/TB,\
         aresample={MIX_RATE}:async=1:first_pts=0,{speed}\
         aformat=sample_fmts=flt:sample_rates={MIX_RATE}:channel_layouts=stereo"
    )
}

/// Adds `sound` (interleaved stereo, its first sample at output sample `sound_start`)
/// into `block` (interleaved stereo, from output sample `block_start`), with
/// `placement`'s gain. Samples of `sound` outside `block` are left out.
pub(crate) fn mix_into(
    block: &mut [f32],
    block_start: i64,
    placement: &Placement,
    sound: &[f32],
    sound_start: i64,
) {
    for (k, pair) in sound.chunks_exact(2).enumerate() {
        let sample = sound_start + k as i64;
        let Ok(at) = usize::try_from(sample - block_start) else {
            continue;
        };
        let Some(target) = block.get_mut(at * 2..at * 2 + 2) else {
            break;
        };
        let gain = placement.gain(sample);
        target[0] += pair[0] * gain;
        target[1] += pair[1] * gain;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(output_start: f64, start: f64, end: f64, speed: f64) -> SoundPiece {
        SoundPiece {
            source: PathBuf::from("a.mp4"),
            start,
            end,
            speed,
            output_start,
            fade_in: 0.0,
            fade_out: 0.0,
            silent_head: 0.0,
            silent_tail: 0.0,
            speed_sound: SoundSpeed::KeepPitch,
        }
    }

    #[test]
    fn a_piece_covers_the_rounded_samples_of_its_output_time() {
        // 2 source seconds at 1x from output second 1: samples 48000..144000.
        let placement = Placement::of(&piece(1.0, 3.0, 5.0, 1.0));
        assert_eq!((placement.first, placement.last), (48_000, 144_000));
        // At 2x the same seconds last 1 output second; at 0.5x, 4.
        assert_eq!(Placement::of(&piece(1.0, 3.0, 5.0, 2.0)).len(), 48_000);
        assert_eq!(Placement::of(&piece(1.0, 3.0, 5.0, 0.5)).len(), 192_000);
        // A start between samples rounds to the nearest one.
        assert_eq!(sample_at(1.0 / 30.0), 1600);
        assert_eq!(sample_at(0.000_01), 0);
        assert_eq!(sample_at(0.000_011), 1);
    }

    #[test]
    fn consecutive_pieces_meet_without_gap_or_overlap() {
        // Clips of a third of a second each, one after the other, stay sample-exact.
        let mut end = 0;
        for n in 0..90 {
            let at = f64::from(n) / 3.0;
            let placement = Placement::of(&piece(at, 0.0, 1.0 / 3.0, 1.0));
            assert_eq!(placement.first, end, "clip {n}");
            end = placement.last;
        }
        assert_eq!(end, 30 * 48_000);
    }

    #[test]
    fn gain_is_one_inside_and_zero_outside() {
        let placement = Placement::of(&piece(0.0, 0.0, 1.0, 1.0));
        assert_eq!(placement.gain(-1), 0.0);
        assert_eq!(placement.gain(0), 1.0);
        assert_eq!(placement.gain(47_999), 1.0);
        assert_eq!(placement.gain(48_000), 0.0);
    }

    #[test]
    fn fades_ramp_linearly_after_the_silent_head_and_before_the_silent_tail() {
        let placement = Placement::of(&SoundPiece {
            fade_in: 0.5,
            fade_out: 0.25,
            silent_head: 0.25,
            silent_tail: 0.5,
            ..piece(0.0, 0.0, 2.0, 1.0)
        });
        assert_eq!(placement.gain(0), 0.0);
        assert_eq!(placement.gain(11_999), 0.0);
        // Half way up the fade in (0.25 s of silence, then 0.5 s of rise).
        assert!((placement.gain(12_000 + 12_000) - 0.5).abs() < 1e-4);
        assert_eq!(placement.gain(36_000), 1.0);
        // Half way down the fade out, which ends 0.5 s before the end.
        assert!((placement.gain(72_000 - 6_000) - 0.5).abs() < 1e-4);
        assert_eq!(placement.gain(72_000), 0.0);
        assert_eq!(placement.gain(95_999), 0.0);
    }

    #[test]
    fn a_cross_fade_adds_up_to_one_at_every_sample() {
        let outgoing = Placement::of(&SoundPiece {
            fade_out: 0.5,
            ..piece(0.0, 0.0, 2.0, 1.0)
        });
        let incoming = Placement::of(&SoundPiece {
            fade_in: 0.5,
            ..piece(1.5, 0.0, 2.0, 1.0)
        });
        for sample in (60_000..110_000).step_by(7) {
            let sum = outgoing.gain(sample) + incoming.gain(sample);
            assert!((sum - 1.0).abs() < 1e-5, "{sample}: {sum}");
        }
        // In the middle of the overlap each is at half level.
        assert!((outgoing.gain(84_000) - 0.5).abs() < 1e-4);
    }

    #[test]
    fn a_piece_shorter_than_its_fades_peaks_below_one() {
        let placement = Placement::of(&SoundPiece {
            fade_in: 1.0,
            fade_out: 1.0,
            ..piece(0.0, 0.0, 1.0, 1.0)
        });
        let peak = (0..48_000).map(|s| placement.gain(s)).fold(0.0, f32::max);
        assert!((peak - 0.5).abs() < 1e-3, "{peak}");
    }

    #[test]
    fn atempo_factors_stay_in_range_and_multiply_to_the_speed() {
        assert_eq!(atempo_factors(1.0), Vec::<f64>::new());
        assert_eq!(atempo_factors(2.0), vec![2.0]);
        assert_eq!(atempo_factors(16.0), vec![16.0]);
        assert_eq!(atempo_factors(0.5), vec![0.5]);
        assert_eq!(atempo_factors(0.25), vec![0.5, 0.5]);
        let tenth = atempo_factors(0.1);
        assert_eq!(tenth.len(), 4);
        assert_eq!(&tenth[..3], &[0.5, 0.5, 0.5]);
        assert!((tenth[3] - 0.8).abs() < 1e-12);
        for step in 0..=159 {
            let speed = 0.1 + f64::from(step) * 0.1;
            let factors = atempo_factors(speed);
            assert!(factors.iter().all(|f| (0.5..=100.0).contains(f)), "{speed}");
            let product: f64 = factors.iter().product();
            assert!((product - speed).abs() < 1e-9, "{speed}: {factors:?}");
        }
    }

    #[test]
    fn speed_filters_follow_the_mode() {
        assert_eq!(speed_filters(1.0, SoundSpeed::Mute), Some(String::new()));
        assert_eq!(speed_filters(2.0, SoundSpeed::Mute), None);
        assert_eq!(
            speed_filters(0.25, SoundSpeed::KeepPitch).as_deref(),
            Some("atempo=0.5,atempo=0.5,")
        );
        assert_eq!(
            speed_filters(2.0, SoundSpeed::Resample).as_deref(),
            Some("asetrate=96000,aresample=48000,")
        );
        let spec = piece_filter_spec(1.5, 3.0, "atempo=2,");
        assert!(spec.starts_with("atrim=start=1.5:end=3,asetpts=PTS-1.5/TB,"));
        assert!(spec.contains("first_pts=0,atempo=2,aformat=sample_fmts=flt:"));
        let open = piece_filter_spec(0.0, f64::INFINITY, "");
        assert!(
            open.starts_with("atrim=start=0,asetpts=PTS-0/TB,"),
            "{open}"
        );
    }

    #[test]
    fn validation_names_what_is_wrong() {
        let error = |p: SoundPiece| match p.validate(3) {
            Err(EncodeError::BadSoundPiece { index, reason }) => (index, reason),
            other => panic!("{other:?}"),
        };
        assert!(piece(0.0, 0.0, 1.0, 1.0).validate(0).is_ok());
        assert!(piece(0.0, 1.0, 1.0, 0.1).validate(0).is_ok());
        let (index, reason) = error(piece(0.0, 0.0, 1.0, 20.0));
        assert_eq!(index, 3);
        assert!(reason.contains("speed 20"), "{reason}");
        assert!(error(piece(0.0, 0.0, 1.0, 0.0)).1.contains("speed"));
        assert!(error(piece(0.0, 2.0, 1.0, 1.0)).1.contains("before start"));
        assert!(
            error(piece(0.0, 0.0, f64::NAN, 1.0))
                .1
                .contains("end is NaN")
        );
        // A piece may play to its source's end.
        let open = piece(2.0, 1.0, f64::INFINITY, 1.0);
        assert!(open.validate(0).is_ok());
        assert_eq!(Placement::of(&open).last, i64::MAX);
        assert!(
            error(piece(f64::NAN, 0.0, 1.0, 1.0))
                .1
                .contains("output_start")
        );
        let negative_fade = SoundPiece {
            fade_in: -0.1,
            ..piece(0.0, 0.0, 1.0, 1.0)
        };
        assert!(error(negative_fade).1.contains("fade_in"));
    }

    #[test]
    fn mixing_adds_with_gain_and_keeps_to_the_block() {
        let placement = Placement::of(&SoundPiece {
            fade_in: 4.0 / 48_000.0,
            ..piece(10.0 / 48_000.0, 0.0, 20.0 / 48_000.0, 1.0)
        });
        let mut block = vec![0.25; 2 * 8];
        // Eight samples from output sample 8; the piece starts at sample 10.
        let sound = vec![1.0; 2 * 20];
        mix_into(&mut block, 8, &placement, &sound, 10);
        let left: Vec<f32> = block.iter().step_by(2).copied().collect();
        assert_eq!(
            left,
            vec![0.25, 0.25, 0.375, 0.625, 0.875, 1.125, 1.25, 1.25]
        );
        // Sound starting before the block is cut at the block's start.
        let mut block = vec![0.0; 2 * 4];
        mix_into(&mut block, 20, &placement, &sound, 10);
        assert_eq!(block, vec![1.0; 8]);
    }
}
