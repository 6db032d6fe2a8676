//! Edited sound written through the real encoder: sources made by the ffmpeg command
//! line beep or hum at known times and pitches, pieces of them are cut, sped and mixed
//! into an MP4 beside black video, and the file's sound, decoded back by the ffmpeg
//! command line, must beep where and at the pitch the edit says.

use ffmpeg_next::format::{self, Pixel};
use ffmpeg_next::frame;
use reel_encode::{
    AudioRequest, AudioTrack, EncodeError, EncoderSettings, FormatProfile, MusicBed, SoundPiece,
    SoundSpeed, VideoWriter,
};
use reel_scene::{FrameRate, VideoFormat};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Samples per second of the decoded sound.
const RATE: f64 = 48_000.0;

/// One output frame at 30 fps: the most the sound may be off.
const ONE_FRAME: f64 = 1.0 / 30.0;

/// A short fade at a plain cut, so no click is heard.
const CUT_FADE: f64 = 0.005;

/// A fresh folder for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("edit_sound")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the scratch folder");
    dir
}

fn ffmpeg(args: &[&str]) {
    let output = Command::new("ffmpeg")
        .args(["-loglevel", "error", "-y"])
        .args(args)
        .output()
        .expect("run ffmpeg");
    assert!(
        output.status.success(),
        "ffmpeg {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Makes `path`: `seconds` of 160x90 testsrc2 at 30 fps, with `sound` (an `aevalsrc`
/// expression, mono 48 kHz, in AAC) when given.
fn make_source(path: &Path, seconds: u32, sound: Option<&str>) {
    let video = format!("testsrc2=size=160x90:rate=30:duration={seconds}");
    let audio = sound.map(|expr| format!("aevalsrc={expr}:s=48000:d={seconds}"));
    let mut args = vec!["-f", "lavfi", "-i", &video];
    if let Some(audio) = &audio {
        args.extend(["-f", "lavfi", "-i", audio, "-c:a", "aac", "-b:a", "192k"]);
    }
    let path = path.to_str().expect("a UTF-8 path");
    args.extend(["-c:v", "libx264", "-preset", "ultrafast", "-shortest", path]);
    ffmpeg(&args);
}

/// A 1000 Hz beep of 0.1 s at every whole second.
const BEEPS: &str = "0.8*sin(2*PI*1000*t)*lt(mod(t\\,1)\\,0.1)";

/// A steady tone at `hertz`.
fn tone(hertz: u32) -> String {
    format!("0.5*sin(2*PI*{hertz}*t)")
}

/// A 1x piece of `source` from source second `start` to `end`, heard from output second
/// `at`, with short fades at both ends.
fn piece(source: &Path, start: f64, end: f64, at: f64) -> SoundPiece {
    SoundPiece {
        source: source.to_owned(),
        start,
        end,
        speed: 1.0,
        output_start: at,
        fade_in: CUT_FADE,
        fade_out: CUT_FADE,
        silent_head: 0.0,
        silent_tail: 0.0,
        speed_sound: SoundSpeed::KeepPitch,
    }
}

fn request(pieces: Vec<SoundPiece>) -> AudioRequest {
    AudioRequest {
        source: pieces
            .first()
            .map_or_else(PathBuf::new, |p| p.source.clone()),
        trim_start: 0.0,
        bitrate: 192_000,
        always_encode: false,
        pieces: Some(pieces),
        music: None,
    }
}

/// Writes `out`: `seconds` of black 160x90 video at 30 fps with the sound `request`
/// asks for.
fn export(out: &Path, seconds: f64, request: &AudioRequest) -> Result<u64, EncodeError> {
    let mut writer = VideoWriter::create(
        out,
        (160, 90),
        FrameRate::whole(30),
        &EncoderSettings::default(),
        Some(request),
    )?;
    let frames = (seconds * 30.0).round() as u64;
    for _ in 0..frames {
        let mut black = frame::Video::new(Pixel::NV12, 160, 90);
        black.data_mut(0).fill(16);
        black.data_mut(1).fill(128);
        writer.write(&mut black)?;
    }
    writer.finish()
}

/// Writes `out` (in `muxer`) holding only the sound `request` asks for, `seconds` long,
/// through the track itself in steps of one 30 fps frame, encoded as `format`'s
/// container wants; returns the audio frames the track decoded.
fn write_sound_only(
    out: &Path,
    format: VideoFormat,
    muxer: &str,
    seconds: f64,
    request: &AudioRequest,
) -> u64 {
    ffmpeg_next::init().expect("FFmpeg");
    let settings = EncoderSettings {
        format,
        ..EncoderSettings::default()
    };
    let extension = out.extension().and_then(|e| e.to_str());
    let sound = FormatProfile::new(&settings, extension)
        .sound
        .expect("the format carries sound");
    let mut output = format::output_as(out, muxer).expect("create the output");
    let mut track = AudioTrack::add_to(&mut output, request, sound)
        .expect("open the sound")
        .expect("the sources have sound");
    output.write_header().expect("write the header");
    let frames = (seconds * 30.0).round() as u32;
    for frame in 1..=frames {
        track
            .write_until(&mut output, f64::from(frame) / 30.0)
            .expect("write the sound");
    }
    track
        .finish(&mut output, seconds)
        .expect("finish the sound");
    output.write_trailer().expect("write the trailer");
    track.decoded_frames()
}

/// The left channel of `path`'s sound at 48 kHz.
fn decode_sound(path: &Path) -> Vec<f32> {
    let output = Command::new("ffmpeg")
        .args(["-loglevel", "error", "-i"])
        .arg(path)
        .args([
            "-map", "0:a", "-f", "f32le", "-ac", "2", "-ar", "48000", "-",
        ])
        .output()
        .expect("run ffmpeg");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
        .stdout
        .chunks_exact(8)
        .map(|pair| f32::from_le_bytes([pair[0], pair[1], pair[2], pair[3]]))
        .collect()
}

/// The kinds of `path`'s streams (`video`, `audio`), in order.
fn stream_kinds(path: &Path) -> Vec<String> {
    let output = Command::new("ffprobe")
        .args(["-v", "error", "-show_entries", "stream=codec_type", "-of"])
        .args(["csv=p=0"])
        .arg(path)
        .output()
        .expect("run ffprobe");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

/// The duration of `path`'s audio stream as its container gives it, in seconds.
fn audio_duration(path: &Path) -> f64 {
    let output = Command::new("ffprobe")
        .args(["-v", "error", "-select_streams", "a", "-show_entries"])
        .args(["stream=duration", "-of", "csv=p=0"])
        .arg(path)
        .output()
        .expect("run ffprobe");
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .expect("a duration")
}

/// The seconds at which beeps start: loud after at least 50 ms of quiet.
fn onsets(sound: &[f32]) -> Vec<f64> {
    let mut onsets = Vec::new();
    let mut quiet = usize::MAX;
    for (i, sample) in sound.iter().enumerate() {
        if sample.abs() > 0.2 {
            if quiet >= 2400 {
                onsets.push(i as f64 / RATE);
            }
            quiet = 0;
        } else {
            quiet = quiet.saturating_add(1);
        }
    }
    onsets
}

/// Each beep's start and end, in seconds: loud stretches apart by at least 50 ms of quiet.
fn beep_spans(sound: &[f32]) -> Vec<(f64, f64)> {
    let mut spans: Vec<(f64, f64)> = Vec::new();
    let mut last_loud: Option<usize> = None;
    for (i, sample) in sound.iter().enumerate() {
        if sample.abs() <= 0.2 {
            continue;
        }
        let at = i as f64 / RATE;
        match (last_loud, spans.last_mut()) {
            (Some(last), Some(span)) if i - last < 2400 => span.1 = at,
            _ => spans.push((at, at)),
        }
        last_loud = Some(i);
    }
    spans
}

fn assert_onsets(sound: &[f32], expected: &[f64]) -> Vec<f64> {
    let found = onsets(sound);
    assert_eq!(found.len(), expected.len(), "beeps at {found:?}");
    for (got, want) in found.iter().zip(expected) {
        assert!(
            (got - want).abs() < ONE_FRAME,
            "beeps at {found:?}, expected {expected:?}"
        );
    }
    found
}

/// The samples of `sound` from second `at` for `seconds`.
fn window(sound: &[f32], at: f64, seconds: f64) -> &[f32] {
    let start = (at * RATE).round() as usize;
    let end = ((at + seconds) * RATE).round() as usize;
    &sound[start.min(sound.len())..end.min(sound.len())]
}

/// The frequency of the tone in `samples`, from its zero crossings.
fn frequency(samples: &[f32]) -> f64 {
    let crossings = samples
        .windows(2)
        .filter(|pair| (pair[0] < 0.0) != (pair[1] < 0.0))
        .count();
    crossings as f64 / 2.0 / (samples.len() as f64 / RATE)
}

/// The amplitude of the `hertz` component of `samples` (a whole number of its periods).
fn amplitude(samples: &[f32], hertz: f64) -> f64 {
    let (mut re, mut im) = (0.0, 0.0);
    for (n, &sample) in samples.iter().enumerate() {
        let phase = 2.0 * std::f64::consts::PI * hertz * n as f64 / RATE;
        re += f64::from(sample) * phase.cos();
        im -= f64::from(sample) * phase.sin();
    }
    2.0 * (re * re + im * im).sqrt() / samples.len() as f64
}

fn rms(samples: &[f32]) -> f64 {
    let sum: f64 = samples.iter().map(|&s| f64::from(s).powi(2)).sum();
    (sum / samples.len() as f64).sqrt()
}

fn peak(samples: &[f32]) -> f32 {
    samples.iter().fold(0.0, |peak, s| peak.max(s.abs()))
}

/// The pitch of each beep, measured over 30 ms from just after its start.
fn beep_pitches(sound: &[f32], onsets: &[f64]) -> Vec<f64> {
    onsets
        .iter()
        .map(|&at| frequency(window(sound, at + 0.008, 0.03)))
        .collect()
}

fn assert_pitches(pitches: &[f64], hertz: f64) {
    for pitch in pitches {
        assert!(
            (pitch - hertz).abs() < hertz * 0.05,
            "pitches {pitches:?}, expected {hertz}"
        );
    }
}

#[test]
fn cuts_put_each_piece_where_the_edit_says() {
    let dir = scratch("cuts");
    let source = dir.join("beeps.mp4");
    make_source(&source, 6, Some(BEEPS));
    let out = dir.join("out.mp4");
    // Source seconds 0..2, then 3..5: source beeps 0, 1, 3, 4 sound at 0, 1, 2, 3.
    let pieces = vec![piece(&source, 0.0, 2.0, 0.0), piece(&source, 3.0, 5.0, 2.0)];
    export(&out, 4.0, &request(pieces)).expect("export");
    let sound = decode_sound(&out);
    let found = assert_onsets(&sound, &[0.0, 1.0, 2.0, 3.0]);
    let seconds = sound.len() as f64 / RATE;
    let stream = audio_duration(&out);
    println!("beeps at {found:?}; {seconds} s of sound decoded, the stream lasts {stream} s");
    assert!((seconds - 4.0).abs() < ONE_FRAME, "{seconds} s of sound");
    assert!(
        (stream - 4.0).abs() < 1.0 / RATE,
        "the sound lasts {stream} s"
    );
    assert_eq!(stream_kinds(&out), ["video", "audio"]);
}

#[test]
fn a_faster_piece_keeps_its_pitch_resamples_or_is_muted() {
    let dir = scratch("faster");
    let source = dir.join("beeps.mp4");
    make_source(&source, 5, Some(BEEPS));
    let out = dir.join("out.mp4");
    // The same four source seconds at 2x three times: at its own pitch, at twice the
    // pitch, and muted.
    let fast = |at: f64, speed_sound| SoundPiece {
        speed: 2.0,
        speed_sound,
        ..piece(&source, 0.0, 4.0, at)
    };
    let pieces = vec![
        fast(0.0, SoundSpeed::KeepPitch),
        fast(2.0, SoundSpeed::Resample),
        fast(4.0, SoundSpeed::Mute),
    ];
    export(&out, 6.0, &request(pieces)).expect("export");
    let sound = decode_sound(&out);
    // Beeps every half second of output time while the pieces sound...
    let found = assert_onsets(&sound, &[0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5]);
    let pitches = beep_pitches(&sound, &found);
    println!("beeps at {found:?}, pitches {pitches:?}");
    // ...at 1000 Hz while the pitch is kept, at 2000 Hz while it follows the speed...
    assert_pitches(&pitches[..4], 1000.0);
    assert_pitches(&pitches[4..], 2000.0);
    // ...and none while muted.
    let muted = peak(window(&sound, 4.02, 1.96));
    println!("muted peak {muted}");
    assert!(muted < 0.01, "muted piece peaks at {muted}");
}

#[test]
fn a_slower_piece_keeps_its_pitch() {
    let dir = scratch("slower");
    let source = dir.join("beeps.mp4");
    make_source(&source, 4, Some(BEEPS));
    let out = dir.join("out.mp4");
    let slow = SoundPiece {
        speed: 0.5,
        ..piece(&source, 0.0, 3.0, 0.0)
    };
    export(&out, 6.0, &request(vec![slow])).expect("export");
    let sound = decode_sound(&out);
    // Time stretching moves a beep's edges by up to one of atempo's windows (1/24 s),
    // but not its middle: the source's beeps at 0, 1 and 2 s, 0.1 s long, last 0.2 s
    // and centre on 0.1, 2.1 and 4.1 s.
    let spans = beep_spans(&sound);
    println!("beeps from/to {spans:?}");
    assert_eq!(spans.len(), 3, "{spans:?}");
    for ((from, to), centre) in spans.iter().zip([0.1, 2.1, 4.1]) {
        assert!(((from + to) / 2.0 - centre).abs() < ONE_FRAME, "{spans:?}");
        assert!((to - from - 0.2).abs() < 2.0 * ONE_FRAME, "{spans:?}");
        assert!((from - (centre - 0.1)).abs() < 1.0 / 24.0, "{spans:?}");
    }
    let onsets: Vec<f64> = spans.iter().map(|span| span.0).collect();
    let pitches = beep_pitches(&sound, &onsets);
    println!("pitches {pitches:?}");
    assert_pitches(&pitches, 1000.0);
}

#[test]
fn a_cross_fade_blends_two_sources() {
    let dir = scratch("cross_fade");
    let (high, low) = (dir.join("high.mp4"), dir.join("low.mp4"));
    make_source(&high, 3, Some(&tone(1000)));
    make_source(&low, 3, Some(&tone(500)));
    let out = dir.join("out.mp4");
    // The 1000 Hz source fades out over output 1.5..2 while the 500 Hz one fades in.
    let pieces = vec![
        SoundPiece {
            fade_out: 0.5,
            ..piece(&high, 0.0, 2.0, 0.0)
        },
        SoundPiece {
            fade_in: 0.5,
            ..piece(&low, 0.0, 2.0, 1.5)
        },
    ];
    export(&out, 3.5, &request(pieces)).expect("export");
    let sound = decode_sound(&out);
    let levels = |at: f64, seconds: f64| {
        let samples = window(&sound, at, seconds);
        (
            amplitude(samples, 1000.0),
            amplitude(samples, 500.0),
            rms(samples),
        )
    };
    let before = levels(0.5, 0.1);
    let middle = levels(1.74, 0.02);
    let after = levels(2.5, 0.1);
    println!("1000 Hz, 500 Hz, RMS: before {before:?}, middle {middle:?}, after {after:?}");
    // Before the overlap only the high tone, after it only the low one...
    assert!(before.0 > 0.2 && before.1 < before.0 * 0.05, "{before:?}");
    assert!(after.1 > 0.2 && after.0 < after.1 * 0.05, "{after:?}");
    // ...and in its middle both at half their level.
    let (high_share, low_share) = (middle.0 / before.0, middle.1 / after.1);
    assert!((high_share - 0.5).abs() < 0.1, "high tone at {high_share}");
    assert!((low_share - 0.5).abs() < 0.1, "low tone at {low_share}");
    // Two unrelated tones at half level: the RMS of either alone, over the square root of 2.
    let expected = (before.2.powi(2) + after.2.powi(2)).sqrt() / 2.0;
    assert!((middle.2 / expected - 1.0).abs() < 0.15, "RMS {}", middle.2);
}

#[test]
fn a_piece_deep_in_a_long_source_seeks_to_its_start() {
    let dir = scratch("seek");
    let source = dir.join("long.mp4");
    make_source(&source, 60, Some(BEEPS));
    let out = dir.join("out.mp4");
    // Source seconds 50..52.
    let request = request(vec![piece(&source, 50.0, 52.0, 0.0)]);
    let decoded = write_sound_only(&out, VideoFormat::H264, "mp4", 2.0, &request);
    // Decoding from the source's start to second 52 would take 52 s of 1024-sample AAC
    // frames; from a seek, little more than the piece's 2 s (94 frames).
    let from_start = 52.0 * RATE / 1024.0;
    println!("{decoded} frames decoded, {from_start:.0} from the start");
    assert!(decoded >= 94, "{decoded} frames decoded");
    assert!(
        (decoded as f64) < from_start / 10.0,
        "{decoded} frames decoded"
    );
    // And the seek lands where it should: source beeps 50 and 51 sound at 0 and 1.
    let sound = decode_sound(&out);
    assert_onsets(&sound, &[0.0, 1.0]);
    assert!((sound.len() as f64 / RATE - 2.0).abs() < ONE_FRAME);
}

#[test]
fn a_source_without_sound_is_silence_between_the_others() {
    let dir = scratch("silent_source");
    let (beeps, mute) = (dir.join("beeps.mp4"), dir.join("mute.mp4"));
    make_source(&beeps, 5, Some(BEEPS));
    make_source(&mute, 3, None);
    let out = dir.join("out.mp4");
    let pieces = vec![
        piece(&beeps, 0.0, 2.0, 0.0),
        piece(&mute, 0.0, 2.0, 2.0),
        piece(&beeps, 2.0, 4.0, 4.0),
    ];
    export(&out, 6.0, &request(pieces)).expect("export");
    let sound = decode_sound(&out);
    // Source beeps 0, 1 at 0, 1; 2, 3 at 4, 5; nothing in between.
    let found = assert_onsets(&sound, &[0.0, 1.0, 4.0, 5.0]);
    let between = peak(window(&sound, 2.02, 1.96));
    println!("beeps at {found:?}; peak {between} in between");
    assert!(
        between < 0.01,
        "peak {between} where the source has no sound"
    );
    assert!((sound.len() as f64 / RATE - 6.0).abs() < ONE_FRAME);
}

#[test]
fn pieces_without_any_sound_write_no_audio_stream() {
    let dir = scratch("no_sound");
    let mute = dir.join("mute.mp4");
    make_source(&mute, 2, None);
    let out = dir.join("out.mp4");
    let pieces = vec![piece(&mute, 0.0, 1.0, 0.0), piece(&mute, 1.0, 2.0, 1.0)];
    export(&out, 2.0, &request(pieces)).expect("export");
    assert_eq!(stream_kinds(&out), ["video"]);
}

#[test]
fn a_piece_out_of_range_is_refused_before_anything_is_written() {
    let dir = scratch("refused");
    let source = dir.join("beeps.mp4");
    make_source(&source, 1, Some(BEEPS));
    let out = dir.join("out.mp4");
    let too_fast = SoundPiece {
        speed: 32.0,
        ..piece(&source, 0.0, 1.0, 0.0)
    };
    let pieces = vec![piece(&source, 0.0, 1.0, 0.0), too_fast];
    match export(&out, 1.0, &request(pieces)) {
        Err(EncodeError::BadSoundPiece { index, reason }) => {
            assert_eq!(index, 1);
            assert!(reason.contains("speed 32"), "{reason}");
        }
        other => panic!("expected a refused piece, got {other:?}"),
    }
    assert!(!out.exists());
}

#[test]
fn webm_sound_is_opus_cut_where_the_edit_says() {
    let dir = scratch("opus");
    let source = dir.join("beeps.mp4");
    make_source(&source, 6, Some(BEEPS));
    let out = dir.join("out.webm");
    let pieces = vec![piece(&source, 0.0, 2.0, 0.0), piece(&source, 3.0, 5.0, 2.0)];
    write_sound_only(&out, VideoFormat::Vp9, "webm", 4.0, &request(pieces));
    let sound = decode_sound(&out);
    let found = assert_onsets(&sound, &[0.0, 1.0, 2.0, 3.0]);
    let pitches = beep_pitches(&sound, &found);
    let seconds = sound.len() as f64 / RATE;
    println!("Opus: beeps at {found:?}, pitches {pitches:?}, {seconds} s");
    assert_pitches(&pitches, 1000.0);
    assert!((seconds - 4.0).abs() < ONE_FRAME, "{seconds} s of sound");
}

#[test]
fn the_slowest_and_fastest_speeds_play_and_the_end_is_padded() {
    let dir = scratch("extremes");
    let source = dir.join("beeps.mp4");
    make_source(&source, 5, Some(BEEPS));
    let out = dir.join("out.mp4");
    let at_speed = |start: f64, end: f64, at: f64, speed: f64, speed_sound| SoundPiece {
        speed,
        speed_sound,
        ..piece(&source, start, end, at)
    };
    let pieces = vec![
        // The first beep at 0.1x: a second of 1000 Hz (four chained atempo filters).
        at_speed(0.0, 0.2, 0.0, 0.1, SoundSpeed::KeepPitch),
        // Four source seconds at 16x: a quarter second.
        at_speed(0.0, 4.0, 2.0, 16.0, SoundSpeed::KeepPitch),
        // The first beep at 0.1x with the pitch following: a second of 100 Hz.
        at_speed(0.0, 0.1, 2.25, 0.1, SoundSpeed::Resample),
    ];
    // The video runs on for a quarter second after the last piece.
    write_sound_only(&out, VideoFormat::H264, "mp4", 3.5, &request(pieces));
    let sound = decode_sound(&out);
    let slow = frequency(window(&sound, 0.2, 0.6));
    let fast = peak(window(&sound, 2.0, 0.25));
    let low = frequency(window(&sound, 2.4, 0.7));
    let tail = peak(window(&sound, 3.27, 0.23));
    let seconds = sound.len() as f64 / RATE;
    println!(
        "0.1x at {slow} Hz, 16x peak {fast}, 0.1x resampled at {low} Hz, tail peak {tail}, {seconds} s"
    );
    assert!((slow - 1000.0).abs() < 50.0, "0.1x at {slow} Hz");
    assert!(peak(window(&sound, 1.1, 0.85)) < 0.01, "0.1x past the beep");
    assert!(fast > 0.2, "16x peaks at {fast}");
    assert!((low - 100.0).abs() < 5.0, "0.1x resampled at {low} Hz");
    assert!(tail < 0.01, "tail peaks at {tail}");
    assert!((seconds - 3.5).abs() < ONE_FRAME, "{seconds} s of sound");
}

/// Makes `path`: one second of a 220 Hz tone at half scale, as 16-bit WAV (no encoder
/// delay, so its loops meet exactly).
fn make_music(path: &Path) {
    let tone = format!("aevalsrc={}:s=48000:d=1", tone(220));
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        &tone,
        "-c:a",
        "pcm_s16le",
        path.to_str().unwrap(),
    ]);
}

/// Music from `path` at `volume`, faded in and out over half a second, under an output of
/// `length` seconds.
fn music(path: &Path, volume: f32, looped: bool, duck: bool, length: f64) -> MusicBed {
    MusicBed {
        path: path.to_owned(),
        volume,
        fade_in: 0.5,
        fade_out: 0.5,
        looped,
        duck,
        length: Some(length),
    }
}

/// A mono file's level in each channel of the stereo output: FFmpeg's resampler spreads
/// its one channel over both at equal power (−3 dB each).
const MONO_IN_STEREO: f64 = std::f64::consts::FRAC_1_SQRT_2;

/// The level of the music's 220 Hz in `sound` over the 50 ms from `at` (eleven whole
/// periods, so the 1000 Hz beeps do not leak into it), as a share of the file's own
/// level in one channel.
fn music_level(sound: &[f32], at: f64) -> f64 {
    amplitude(window(sound, at, 0.05), 220.0) / MONO_IN_STEREO
}

#[test]
fn music_loops_under_the_sound_with_its_volume_and_fades() {
    let dir = scratch("music");
    let (source, bed) = (dir.join("beeps.mp4"), dir.join("bed.wav"));
    make_source(&source, 4, Some(BEEPS));
    make_music(&bed);
    let looped = dir.join("looped.mp4");
    let request = AudioRequest {
        music: Some(music(&bed, 0.5, true, false, 4.0)),
        ..self::request(vec![piece(&source, 0.0, 4.0, 0.0)])
    };
    export(&looped, 4.0, &request).expect("export");
    let sound = decode_sound(&looped);
    // The recording's beeps are where they were.
    assert_onsets(&sound, &[0.0, 1.0, 2.0, 3.0]);
    // The one-second music is heard at a quarter scale (its half times the volume)
    // through all four seconds, between the beeps.
    let levels: Vec<f64> = [0.6, 1.3, 1.6, 2.3, 2.6, 3.2]
        .iter()
        .map(|&at| music_level(&sound, at))
        .collect();
    println!("music levels between the beeps: {levels:?}");
    for level in &levels {
        assert!((level - 0.25).abs() < 0.02, "music levels {levels:?}");
    }
    // It rises over the first half second and falls over the last.
    let (start, end) = (music_level(&sound, 0.15), music_level(&sound, 3.9));
    println!("music level at 0.15 s: {start}, at 3.9 s: {end}");
    assert!(start < 0.25 * 0.5, "the music starts at {start}");
    assert!(end < 0.25 * 0.3, "the music ends at {end}");
    assert!((sound.len() as f64 / RATE - 4.0).abs() < ONE_FRAME);
    // Played once, it is silent after its one second.
    let once = dir.join("once.mp4");
    let request = AudioRequest {
        music: Some(music(&bed, 0.5, false, false, 4.0)),
        ..request
    };
    export(&once, 4.0, &request).expect("export");
    let sound = decode_sound(&once);
    let (during, after) = (music_level(&sound, 0.6), music_level(&sound, 2.3));
    println!("played once: {during} during its second, {after} after");
    assert!((during - 0.25).abs() < 0.02 && after < 0.005);
}

#[test]
fn ducked_music_dips_while_the_recording_sounds() {
    let dir = scratch("ducked");
    let (source, bed) = (dir.join("speaks.mp4"), dir.join("bed.wav"));
    // The recording speaks (a loud 1000 Hz tone) from 1.0 to 1.5 s, else is silent.
    make_source(
        &source,
        3,
        Some("0.8*sin(2*PI*1000*t)*between(t\\,1\\,1.5)"),
    );
    make_music(&bed);
    let levels = |duck: bool| {
        let out = dir.join(format!("duck-{duck}.mp4"));
        let request = AudioRequest {
            music: Some(music(&bed, 0.5, true, duck, 3.0)),
            ..request(vec![piece(&source, 0.0, 3.0, 0.0)])
        };
        export(&out, 3.0, &request).expect("export");
        let sound = decode_sound(&out);
        // Before, while and well after the recording speaks.
        [0.8, 1.1, 1.4, 2.3].map(|at| music_level(&sound, at))
    };
    let plain = levels(false);
    println!("not ducked: {plain:?}");
    for level in plain {
        assert!((level - 0.25).abs() < 0.02, "{plain:?}");
    }
    let ducked = levels(true);
    println!("ducked: {ducked:?}");
    let [before, under, still_under, after] = ducked;
    assert!((before - 0.25).abs() < 0.02, "{ducked:?}");
    assert!(under < 0.25 / 4.0 && still_under < 0.25 / 4.0, "{ducked:?}");
    assert!((after - 0.25).abs() < 0.03, "{ducked:?}");
}

#[test]
fn music_plays_alone_and_a_file_without_sound_is_refused() {
    let dir = scratch("music_alone");
    let (mute, bed) = (dir.join("mute.mp4"), dir.join("bed.wav"));
    make_source(&mute, 2, None);
    make_music(&bed);
    // Without any recorded sound the music still makes a sound track.
    let out = dir.join("out.mp4");
    let request = AudioRequest {
        music: Some(music(&bed, 1.0, true, true, 2.0)),
        ..request(Vec::new())
    };
    export(&out, 2.0, &request).expect("export");
    assert_eq!(stream_kinds(&out), ["video", "audio"]);
    let level = music_level(&decode_sound(&out), 1.2);
    assert!((level - 0.5).abs() < 0.03, "music alone at {level}");
    // A music file without sound is refused before anything is written.
    let silent = AudioRequest {
        music: Some(music(&mute, 1.0, true, false, 2.0)),
        ..request
    };
    let refused = dir.join("refused.mp4");
    match export(&refused, 2.0, &silent) {
        Err(EncodeError::SilentMusic { path }) => assert_eq!(path, mute),
        other => panic!("{other:?}"),
    }
    assert!(reel_encode::probe_music(silent.music.as_ref().unwrap()).is_err());
    assert!(!refused.exists());
}
