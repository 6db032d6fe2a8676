//! The edit: cuts, speed changes, a second recording and transitions, through the real
//! pipeline. Every source frame shows its index as a row of blocks, so each output frame
//! can be checked against the source frame the timeline puts there.

mod common;

use common::media::{INDEX_BITS, SourceSpec, decode_video, make_source};
use common::{scratch_dir, write_scene};
use reel::render::RendererChoice;
use reel::{ReelPlugins, Scene, export_app, run_export};
use std::path::Path;
use std::process::Command;

const FULL_FRAME_320: (f32, f32, f32, f32) = (0.0, 0.0, 320.0, 180.0);

/// The luma of a block showing a 1 bit and a 0 bit in the test sources.
const LIGHT: f32 = 220.0;
const DARK: f32 = 30.0;

fn export(scene: &Path, workers: usize) -> reel::ExportSummary {
    let scene = Scene::load(scene).unwrap_or_else(|e| panic!("{e}"));
    let mut plugins = ReelPlugins::with_workers(workers);
    plugins.renderer = RendererChoice::Auto;
    let mut app = export_app(plugins);
    run_export(&mut app, scene).unwrap_or_else(|e| panic!("export failed: {e}"))
}

/// The luma at the middle of each index block of `frame` (a 320x180 output).
fn block_luma(frame: &ffmpeg_next::frame::Video) -> Vec<f32> {
    let (cx, cy, cw, ch) = FULL_FRAME_320;
    let y = (cy + ch / 2.0) as usize;
    (0..INDEX_BITS)
        .map(|bit| {
            let x = (cx + cw * (bit as f32 + 0.5) / INDEX_BITS as f32) as usize;
            f32::from(frame.data(0)[y * frame.stride(0) + x])
        })
        .collect()
}

/// The block luma a frame mixing index `a` at weight `wa` with index `b` at `wb` shows.
fn mixed_luma(a: u32, wa: f32, b: u32, wb: f32) -> Vec<f32> {
    let level = |index: u32, bit: u32| {
        if (index >> bit) & 1 == 1 { LIGHT } else { DARK }
    };
    (0..INDEX_BITS)
        .map(|bit| level(a, bit) * wa + level(b, bit) * wb)
        .collect()
}

/// Source A (10 s, 320x180) and source B (3 s, 640x360: fitted to the output), both at
/// 30 fps, each frame showing its index.
fn sources(dir: &Path) {
    make_source(&dir.join("a.mp4"), &SourceSpec::h264(320, 180, 30, 300));
    make_source(&dir.join("b.mp4"), &SourceSpec::h264(640, 360, 30, 90));
}

const EDIT: &str = r#"(
    source: (path: "a.mp4"),
    output: (path: "OUT", fps: 30, crf: 0),
    timeline: [
        (start: 0.0, end: 1.0),
        (start: 5.0, end: 7.0, speed: 2.0),
        (start: 8.0, end: 9.0, speed: 0.5),
        (source: "b.mp4", start: 1.0, end: 2.0, transition: (kind: CrossFade, duration: 0.5)),
    ],
)"#;

#[test]
fn cuts_speeds_a_second_source_and_a_cross_fade_show_the_expected_frames() {
    let dir = scratch_dir("timeline-edit");
    sources(&dir);
    let mut outputs = Vec::new();
    for workers in [1, 4] {
        let name = format!("edit-{workers}.mp4");
        let scene = write_scene(
            &dir,
            &format!("edit-{workers}.ron"),
            &EDIT.replace("OUT", &name),
        );
        let summary = export(&scene, workers);
        // 1 s + 2 s at 2x + 1 s at 0.5x + 1 s, less the 0.5 s the cross-fade overlaps.
        assert_eq!(summary.frames, 135);
        outputs.push(decode_video(&dir.join(name)));
    }
    let video = &outputs[0];
    assert_eq!(video.frames.len(), 135);
    let shown = video.indices(FULL_FRAME_320);
    let (mut mix_error, mut mix_samples) = (0.0, 0);
    for frame in 0..135usize {
        let f = frame as u32;
        let expected = match frame {
            0..30 => Some(f),                    // a.mp4 0-1 s
            30..60 => Some(150 + 2 * (f - 30)),  // a.mp4 5-7 s at 2x
            60..105 => Some(240 + (f - 60) / 2), // a.mp4 8-9 s at 0.5x
            120..135 => Some(30 + (f - 105)),    // b.mp4 from 1 s
            _ => None,                           // the cross-fade, checked below
        };
        if let Some(expected) = expected {
            assert_eq!(
                shown[frame],
                Some(expected),
                "output frame {frame}: {shown:?}"
            );
            continue;
        }
        // Frames 105-119 mix a.mp4 (still at 0.5x) into b.mp4 by the frame's middle.
        let progress = ((f as f32 + 0.5) / 30.0 - 3.5) / 0.5;
        let expected = mixed_luma(240 + (f - 60) / 2, 1.0 - progress, 30 + (f - 105), progress);
        let actual = block_luma(&video.frames[frame]);
        for (bit, (a, e)) in actual.iter().zip(&expected).enumerate() {
            assert!(
                (a - e).abs() <= 10.0,
                "output frame {frame}, block {bit}: luma {a}, expected {e} ({progress:.2} of the way)"
            );
            mix_error += (a - e).abs();
            mix_samples += 1;
        }
    }
    // The encoder's own error aside, the mix is the one the transition asks for.
    let mean = mix_error / mix_samples as f32;
    assert!(
        mix_samples == 15 * 12 && mean < 3.0,
        "mean error {mean} over {mix_samples}"
    );
    // The worker count changes nothing.
    for n in 0..135 {
        assert!(
            outputs[0].planes(n) == outputs[1].planes(n),
            "frame {n} differs between 1 and 4 workers"
        );
    }
}

#[test]
fn a_fade_through_black_passes_through_black_between_clips() {
    let dir = scratch_dir("timeline-black");
    sources(&dir);
    let scene = write_scene(
        &dir,
        "s.ron",
        r#"(source: (path: "a.mp4"), output: (path: "out.mp4", fps: 30, crf: 0),
            timeline: [(start: 0, end: 1), (source: "b.mp4", start: 0, end: 1,
                        transition: (kind: FadeThroughBlack, duration: 0.4))])"#,
    );
    assert_eq!(export(&scene, 2).frames, 48);
    let video = decode_video(&dir.join("out.mp4"));
    let shown = video.indices(FULL_FRAME_320);
    assert_eq!(shown[17], Some(17));
    assert_eq!(shown[30], Some(12));
    // Frames 23 and 24 straddle the middle of the 0.6-1.0 s overlap: nearly black.
    for frame in [23, 24] {
        let middle = block_luma(&video.frames[frame]);
        assert!(
            middle.iter().all(|&l| l <= 36.0),
            "frame {frame}: {middle:?}"
        );
    }
    // A quarter of the way, a.mp4's frame 21 at half its brightness above black.
    let quarter = block_luma(&video.frames[21]);
    let progress = (21.5 / 30.0 - 0.6) / 0.4;
    let weight = 1.0 - 2.0 * progress;
    for (bit, (&actual, expected)) in quarter
        .iter()
        .zip(mixed_luma(21, weight, 0, 0.0))
        .enumerate()
    {
        let expected = expected + 16.0 * (1.0 - weight);
        assert!(
            (actual - expected).abs() <= 4.0,
            "block {bit}: {actual} vs {expected}"
        );
    }
}

#[test]
fn a_clip_deep_in_a_long_recording_seeks_instead_of_decoding_what_comes_before() {
    let dir = scratch_dir("timeline-seek");
    // Ten minutes at 10 fps, a key frame every 2 s.
    let status = Command::new("ffmpeg")
        .args(["-loglevel", "error", "-y", "-f", "lavfi", "-i"])
        .arg("testsrc2=size=64x36:rate=10:duration=600")
        .args(["-c:v", "libx264", "-preset", "ultrafast", "-g", "20"])
        .arg(dir.join("long.mp4"))
        .status()
        .expect("run ffmpeg");
    assert!(status.success());
    let scene = write_scene(
        &dir,
        "s.ron",
        r#"(source: (path: "long.mp4"), output: (path: "out.mp4"),
            timeline: [(start: 570, end: 572)])"#,
    );
    let summary = export(&scene, 2);
    assert_eq!(summary.frames, 20);
    // Decoding from the start would take 5720 pictures; from the key frame before 9:30,
    // at most a key interval more than the 20 shown.
    assert!(
        summary.pictures_decoded <= 45,
        "{} pictures decoded for 20 frames at 9:30",
        summary.pictures_decoded
    );
    // A trim is one clip, and seeks the same way.
    let trim = write_scene(
        &dir,
        "t.ron",
        r#"(source: (path: "long.mp4", trim: (start: 570, end: 571)), output: (path: "trim.mp4"))"#,
    );
    let summary = export(&trim, 2);
    assert_eq!(summary.frames, 10);
    assert!(
        summary.pictures_decoded <= 35,
        "{}",
        summary.pictures_decoded
    );
}

#[test]
fn check_prints_the_timeline_and_bad_clips_are_refused_with_their_place() {
    let dir = scratch_dir("timeline-check");
    sources(&dir);
    let scene = write_scene(&dir, "s.ron", &EDIT.replace("OUT", "out.mp4"));
    let output = Command::new(env!("CARGO_BIN_EXE_export"))
        .arg(&scene)
        .arg("--check")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("4.50 s, 135 frames"), "{stdout}");
    assert!(stdout.contains("clip 1: "), "{stdout}");
    assert!(
        stdout.contains("5.000-7.000 s at 2x -> output 1.000-2.000 s"),
        "{stdout}"
    );
    assert!(
        stdout.contains("b.mp4 1.000-2.000 s at 1x -> output 3.500-4.500 s, from the clip before by CrossFade 0.50 s"),
        "{stdout}"
    );
    // A clip past its recording's end is refused before anything is written.
    let past = write_scene(
        &dir,
        "past.ron",
        r#"(source: (path: "a.mp4"), output: (path: "past.mp4"),
            timeline: [(start: 0, end: 1), (source: "b.mp4", start: 2, end: 5)])"#,
    );
    for check in [true, false] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_export"));
        command.arg(&past);
        if check {
            command.arg("--check");
        }
        let output = command.output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success());
        assert!(
            stderr.contains(
                "past.ron:2:44: timeline[1]: ends at 5 s, past the end of the 3.000 s recording"
            ),
            "{stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    assert!(!dir.join("past.mp4").exists());
}
