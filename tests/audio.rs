//! The source's sound in the export: copied or encoded, trimmed with the video and in
//! sync with it. Sources beep at known times; the export's beeps must land within one
//! video frame of where the video puts those moments.

mod common;

use common::media::{
    SourceSpec, amplitude, decode_sound, lavfi_source, make_source, probe_streams,
};
use common::{scratch_dir, write_scene};
use std::path::Path;
use std::process::{Command, Output};

/// One output frame at 30 fps: the most the sound may be off.
const ONE_FRAME: f64 = 1.0 / 30.0;

/// Makes `path`: a `seconds`-long testsrc2 video at 30 fps and sound that beeps for 0.1 s
/// at every whole `period` seconds, with the sound in `audio_codec`.
fn beeping_source(path: &Path, seconds: u32, period: u32, audio_codec: &str) {
    let beep =
        format!("aevalsrc=0.8*sin(2*PI*1000*t)*lt(mod(t\\,{period})\\,0.1):s=48000:d={seconds}");
    lavfi_source(
        path,
        &format!("testsrc2=size=160x90:rate=30:duration={seconds}"),
        Some((&beep, audio_codec)),
    );
}

fn export(scene: &Path) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_export"))
        .arg(scene)
        .output()
        .expect("run export");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The codecs of the streams in `path`, in order.
fn stream_codecs(path: &Path) -> Vec<String> {
    probe_streams(path, "codec_name", &[])
}

/// The duration of the first stream of `kind` (`v` or `a`) in `path`, in seconds.
fn stream_duration(path: &Path, kind: &str) -> f64 {
    probe_streams(path, "duration", &["-select_streams", kind])[0]
        .parse()
        .expect("a duration")
}

/// The times at which beeps start in `path`'s sound.
fn beep_onsets(path: &Path) -> Vec<f64> {
    let mut onsets = Vec::new();
    let mut quiet = usize::MAX;
    for (i, sample) in decode_sound(path).iter().enumerate() {
        if sample.abs() > 0.2 {
            if quiet >= 2400 {
                onsets.push(i as f64 / 48_000.0);
            }
            quiet = 0;
        } else {
            quiet = quiet.saturating_add(1);
        }
    }
    onsets
}

fn assert_onsets(path: &Path, expected: &[f64]) {
    let onsets = beep_onsets(path);
    assert_eq!(onsets.len(), expected.len(), "beeps at {onsets:?}");
    for (got, want) in onsets.iter().zip(expected) {
        assert!(
            (got - want).abs() <= ONE_FRAME,
            "a beep due at {want} s sounds at {got} s: {onsets:?}"
        );
    }
}

#[test]
fn aac_sound_is_copied_and_trimmed_in_sync() {
    let dir = scratch_dir("audio_copy");
    beeping_source(&dir.join("in.mp4"), 4, 1, "aac");
    let scene = write_scene(
        &dir,
        "s.ron",
        r#"(source: (path: "in.mp4", trim: (start: 0.5)), output: (path: "out.mp4"),
            inset: (padding: 0.1))"#,
    );
    export(&scene);
    let out = dir.join("out.mp4");
    assert_eq!(stream_codecs(&out), ["h264", "aac"]);
    // Source beeps at 1, 2 and 3 s; the export starts at 0.5 s.
    assert_onsets(&out, &[0.5, 1.5, 2.5]);
    let (video, audio) = (stream_duration(&out, "v"), stream_duration(&out, "a"));
    assert!((video - 3.5).abs() < 1e-6, "video lasts {video} s");
    assert!((audio - video).abs() <= ONE_FRAME, "sound lasts {audio} s");
}

#[test]
fn opus_sound_is_encoded_to_aac_and_cut_at_both_ends() {
    let dir = scratch_dir("audio_encode");
    beeping_source(&dir.join("in.mkv"), 4, 1, "libopus");
    let scene = write_scene(
        &dir,
        "s.ron",
        r#"(source: (path: "in.mkv", trim: (start: 0.25, end: 2.9)), output: (path: "out.mp4"))"#,
    );
    export(&scene);
    let out = dir.join("out.mp4");
    assert_eq!(stream_codecs(&out), ["h264", "aac"]);
    // 2.65 s of source make 80 frames (2.667 s): the beep at 3 s is cut off.
    assert_onsets(&out, &[0.75, 1.75]);
    let (video, audio) = (stream_duration(&out, "v"), stream_duration(&out, "a"));
    assert!((video - 80.0 / 30.0).abs() < 1e-6, "video lasts {video} s");
    assert!((audio - video).abs() <= ONE_FRAME, "sound lasts {audio} s");
}

#[test]
fn a_long_export_keeps_its_sound_in_sync_to_the_end() {
    let dir = scratch_dir("audio_long");
    beeping_source(&dir.join("in.mkv"), 90, 10, "libopus");
    let scene = write_scene(
        &dir,
        "s.ron",
        r#"(source: (path: "in.mkv", trim: (start: 5.0)), output: (path: "out.mp4", preset: "ultrafast"))"#,
    );
    export(&scene);
    let expected: Vec<f64> = (1..9).map(|k| f64::from(k) * 10.0 - 5.0).collect();
    assert_onsets(&dir.join("out.mp4"), &expected);
}

#[test]
fn sound_can_be_dropped_and_silent_sources_have_none() {
    let dir = scratch_dir("audio_none");
    beeping_source(&dir.join("in.mp4"), 2, 1, "aac");
    make_source(&dir.join("silent.mp4"), &SourceSpec::h264(160, 90, 30, 20));
    let dropped = write_scene(
        &dir,
        "dropped.ron",
        r#"(source: (path: "in.mp4"), output: (path: "dropped.mp4"), audio: None)"#,
    );
    let silent = write_scene(
        &dir,
        "silent.ron",
        r#"(source: (path: "silent.mp4"), output: (path: "silent_out.mp4"))"#,
    );
    let encoded = write_scene(
        &dir,
        "encoded.ron",
        r#"(source: (path: "in.mp4"), output: (path: "encoded.mp4"), audio: (bitrate: 96, encode: true))"#,
    );
    export(&dropped);
    export(&silent);
    export(&encoded);
    assert_eq!(stream_codecs(&dir.join("dropped.mp4")), ["h264"]);
    assert_eq!(stream_codecs(&dir.join("silent_out.mp4")), ["h264"]);
    assert_eq!(stream_codecs(&dir.join("encoded.mp4")), ["h264", "aac"]);
    assert_onsets(&dir.join("encoded.mp4"), &[0.0, 1.0]);
}

#[test]
fn a_variable_frame_rate_source_keeps_sound_and_pictures_together() {
    use common::media::decode_video;
    let dir = scratch_dir("audio_vfr");
    // Pictures every 100 ms, with a stall from 0.5 s to 1.2 s; picture n shows index n.
    let pts_ms: Vec<i64> = (0..6)
        .map(|n| n * 100)
        .chain((12..29).map(|n| n * 100))
        .collect();
    let frames = pts_ms.len() as u32;
    let spec = SourceSpec {
        fps: (10, 1),
        pts_ms: Some(pts_ms.clone()),
        ..SourceSpec::h264(320, 180, 10, frames)
    };
    make_source(&dir.join("video.mkv"), &spec);
    let beep = "aevalsrc=0.8*sin(2*PI*1000*t)*lt(mod(t\\,1)\\,0.1):s=48000:d=2.9";
    let status = Command::new("ffmpeg")
        .args(["-loglevel", "error", "-y", "-i"])
        .arg(dir.join("video.mkv"))
        .args(["-f", "lavfi", "-i", beep, "-c:v", "copy", "-c:a", "aac"])
        .arg(dir.join("in.mkv"))
        .status()
        .expect("run ffmpeg");
    assert!(status.success());
    let scene = write_scene(
        &dir,
        "s.ron",
        r#"(source: (path: "in.mkv", trim: (start: 0.3)), output: (path: "out.mp4", fps: 10))"#,
    );
    export(&scene);
    let out = dir.join("out.mp4");
    // Source beeps at 1 and 2 s sound at 0.7 and 1.7 s of the export...
    assert_onsets(&out, &[0.7, 1.7]);
    // ...where the export shows the pictures the source showed at 1 and 2 s.
    let video = decode_video(&out);
    let shown = video.indices((0.0, 0.0, 320.0, 180.0));
    let at = |seconds: i64| pts_ms.iter().rposition(|&p| p <= seconds).map(|n| n as u32);
    assert_eq!(shown[7], at(1000), "{shown:?}");
    assert_eq!(shown[17], at(2000), "{shown:?}");
}

/// The frequency of the sound in `seconds` of `samples` from `from`, by zero crossings.
fn frequency(samples: &[f32], from: f64, seconds: f64) -> f64 {
    let start = (from * 48_000.0) as usize;
    let part = &samples[start..start + (seconds * 48_000.0) as usize];
    let crossings = part
        .windows(2)
        .filter(|w| (w[0] < 0.0) != (w[1] < 0.0))
        .count();
    crossings as f64 / 2.0 / seconds
}

#[test]
fn the_sound_follows_an_edited_timeline_with_its_pitch_kept() {
    let dir = scratch_dir("audio_timeline");
    beeping_source(&dir.join("in.mp4"), 10, 1, "aac");
    let scene = write_scene(
        &dir,
        "s.ron",
        r#"(source: (path: "in.mp4"), output: (path: "out.mp4", fps: 30),
            timeline: [(start: 0, end: 2), (start: 4, end: 8, speed: 2), (start: 9, end: 10)])"#,
    );
    export(&scene);
    let out = dir.join("out.mp4");
    assert_eq!(stream_codecs(&out), ["h264", "aac"]);
    // Beeps at source 0, 1 | 4, 5, 6, 7 at twice the speed | 9.
    assert_onsets(&out, &[0.0, 1.0, 2.0, 2.5, 3.0, 3.5, 4.0]);
    let (video, audio) = (stream_duration(&out, "v"), stream_duration(&out, "a"));
    assert!((video - 5.0).abs() < 1e-6, "video lasts {video} s");
    assert!((audio - video).abs() <= ONE_FRAME, "sound lasts {audio} s");
    // The 2x clip's beeps keep their 1 kHz; they last half as long.
    let sound = decode_sound(&out);
    for onset in [0.0, 2.5] {
        let hz = frequency(&sound, onset + 0.01, 0.03);
        assert!(
            (hz - 1000.0).abs() < 50.0,
            "the beep at {onset} s is at {hz} Hz"
        );
    }
}

/// The level of 220 Hz music in `sound` over the 50 ms from `at` (eleven whole periods,
/// in which the 1000 Hz beeps do not leak).
fn music_level(sound: &[f32], at: f64) -> f64 {
    let start = (at * 48_000.0) as usize;
    amplitude(&sound[start..start + 2400], 220.0)
}

#[test]
fn music_plays_under_an_edited_timeline_ducked_by_the_recording() {
    let dir = scratch_dir("audio_music");
    // A beep every two seconds: the ducked music recovers between them.
    beeping_source(&dir.join("in.mp4"), 10, 2, "aac");
    // Three seconds of stereo 220 Hz at half scale in MP3: shorter than the 5 s output.
    let made = Command::new("ffmpeg")
        .args(["-loglevel", "error", "-y", "-f", "lavfi", "-i"])
        .arg("aevalsrc=0.5*sin(2*PI*220*t):s=48000:d=3")
        .args(["-ac", "2", "-c:a", "libmp3lame", "-b:a", "192k"])
        .arg(dir.join("bed.mp3"))
        .status()
        .expect("run ffmpeg");
    assert!(made.success());
    let scene = write_scene(
        &dir,
        "s.ron",
        r#"(source: (path: "in.mp4"), output: (path: "out.mp4", fps: 30),
            timeline: [(start: 0, end: 2), (start: 4, end: 8, speed: 2), (start: 9, end: 10)],
            music: (path: "bed.mp3", volume: 0.3, fade_in: 0.5, fade_out: 0.5, duck: true))"#,
    );
    let check = Command::new(env!("CARGO_BIN_EXE_export"))
        .arg(&scene)
        .arg("--check")
        .output()
        .expect("run export --check");
    let described = String::from_utf8_lossy(&check.stdout);
    assert!(
        described.contains(
            "bed.mp3 at volume 0.30, fading in over 0.50 s and out over 0.50 s, looped, ducked under the recording's sound"
        ),
        "{described}"
    );
    export(&scene);
    let out = dir.join("out.mp4");
    assert_eq!(stream_codecs(&out), ["h264", "aac"]);
    // The recording's beeps are where the timeline puts them, over the music.
    assert_onsets(&out, &[0.0, 2.0, 3.0]);
    let sound = decode_sound(&out);
    // The music (0.5 x 0.3) is heard between the beeps from start to end, after its
    // three seconds too: it loops.
    let between = [0.6, 1.6, 2.6, 3.6, 4.2].map(|at| music_level(&sound, at));
    // Ducked while a beep sounds (50 ms long at 2x).
    let under = [2.01, 3.01].map(|at| music_level(&sound, at));
    // Faded in and out.
    let ends = [0.1, 4.92].map(|at| music_level(&sound, at));
    println!("music at {between:?} between the beeps, {under:?} under them, {ends:?} at the ends");
    for level in between {
        assert!((level - 0.15).abs() < 0.015, "{between:?}");
    }
    for level in under {
        assert!(level < 0.15 / 3.0, "{under:?}");
    }
    for level in ends {
        assert!(level < 0.15 * 0.4, "{ends:?}");
    }
    let (video, audio) = (stream_duration(&out, "v"), stream_duration(&out, "a"));
    assert!(
        (audio - video).abs() <= ONE_FRAME,
        "sound lasts {audio} s of {video}"
    );
}
