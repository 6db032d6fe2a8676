//! Segmented export as a cluster scheduler runs it: each segment rendered by its own
//! process, then joined. Lossless segments join into exactly the frames of a single-process
//! export; default ones within 45 dB PSNR of it; the sound runs on across the seams.

mod common;

use common::media::{decode_sound, lavfi_source, video_planes};
use common::{folder_names, scratch_dir, write_scene};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A 3-second 320x180 30 fps source with a steady tone.
fn source(dir: &Path) {
    lavfi_source(
        &dir.join("in.mp4"),
        "testsrc2=size=320x180:rate=30:duration=3",
        Some(("sine=frequency=440:duration=3", "aac")),
    );
}

fn scene(dir: &Path, name: &str, output: &str, crf: &str) -> PathBuf {
    write_scene(
        dir,
        name,
        &format!(
            "(source: (path: \"in.mp4\", trim: (start: 0.2)), output: (path: \"{output}\", size: (320, 180){crf}),
              background: Blurred(radius: 20), inset: (padding: 0.1, corner_radius: 10),
              zooms: [(start: 0.5, end: 2.0, scale: 1.6)])"
        ),
    )
}

fn export(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_export"));
    command.args(args);
    for (key, value) in envs {
        command.env(key, value);
    }
    command.output().expect("run export")
}

fn succeeded(output: Output) -> Output {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Renders every segment of `scene` split `count` ways, each in its own process, all at
/// once as a scheduler would start them, then joins them.
fn segmented(scene: &Path, count: u32) -> Output {
    let scene = scene.to_str().unwrap();
    let jobs: Vec<_> = (0..count)
        .map(|k| {
            Command::new(env!("CARGO_BIN_EXE_export"))
                .args([
                    scene,
                    "--segment",
                    &format!("{k}/{count}"),
                    "--workers",
                    "1",
                ])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("start a segment")
        })
        .collect();
    for job in jobs {
        let output = job.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    succeeded(export(
        &["join", scene, "--segments", &count.to_string()],
        &[],
    ))
}

/// The longest run of near-silence inside `samples` (a steady tone should have none).
fn longest_gap(samples: &[f32]) -> usize {
    let inner = &samples[2400..samples.len().saturating_sub(2400)];
    let (mut longest, mut run) = (0, 0);
    for sample in inner {
        run = if sample.abs() < 0.01 { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

#[test]
fn lossless_segments_join_into_the_single_export() {
    let dir = scratch_dir("segments_lossless");
    source(&dir);
    let single = scene(&dir, "single.ron", "single.mp4", ", crf: 0");
    succeeded(export(&[single.to_str().unwrap()], &[]));
    let reference = video_planes(&dir.join("single.mp4"));
    assert_eq!(reference.len(), 84);
    for count in [1, 3, 7] {
        let output = format!("joined{count}.mp4");
        let split = scene(&dir, &format!("split{count}.ron"), &output, ", crf: 0");
        let joined = segmented(&split, count);
        let said = String::from_utf8_lossy(&joined.stdout);
        assert!(said.contains(&format!("joined {count} segments")), "{said}");
        let frames = video_planes(&dir.join(&output));
        assert_eq!(frames.len(), reference.len(), "{count} segments");
        for (n, (a, b)) in frames.iter().zip(&reference).enumerate() {
            assert!(
                a == b,
                "{count} segments: frame {n} differs from the single export"
            );
        }
        let samples = decode_sound(&dir.join(&output));
        assert!(
            (samples.len() as f64 / 48_000.0 - 2.8).abs() < 0.05,
            "{} s of sound",
            samples.len() as f64 / 48_000.0
        );
        assert!(longest_gap(&samples) < 1024, "a gap in the sound at a seam");
    }
}

#[test]
fn default_segments_stay_within_45_db_of_the_single_export() {
    // A screen recording (the demo clip: an editor with code appearing), the content
    // Reel is for. (On `testsrc2`, all motion and fine detail, two encodes at the
    // default rate factor differ more: about 41 dB.)
    let dir = scratch_dir("segments_default");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/media/demo.mp4");
    std::fs::copy(demo, dir.join("in.mp4")).unwrap();
    let single = scene(&dir, "single.ron", "single.mp4", "");
    succeeded(export(&[single.to_str().unwrap()], &[]));
    let split = scene(&dir, "split.ron", "joined.mp4", "");
    segmented(&split, 3);
    let (a, b) = (
        video_planes(&dir.join("single.mp4")),
        video_planes(&dir.join("joined.mp4")),
    );
    assert_eq!(a.len(), b.len());
    let (mut error, mut count) = (0.0f64, 0usize);
    for (x, y) in a.iter().flatten().zip(b.iter().flatten()) {
        for (p, q) in x.iter().zip(y) {
            error += (f64::from(*p) - f64::from(*q)).powi(2);
        }
        count += x.len();
    }
    let psnr = 10.0 * (255.0f64.powi(2) / (error / count as f64).max(1e-12)).log10();
    assert!(psnr >= 45.0, "PSNR {psnr:.1} dB");
}

#[test]
fn a_missing_or_cut_segment_is_named_and_nothing_is_written() {
    let dir = scratch_dir("segments_broken");
    source(&dir);
    let split = scene(&dir, "split.ron", "joined.mp4", "");
    let path = split.to_str().unwrap();
    for k in 0..3 {
        succeeded(export(&[path, "--segment", &format!("{k}/3")], &[]));
    }
    let middle = dir.join("joined.segment-01-of-03.mp4");
    let bytes = std::fs::read(&middle).unwrap();

    std::fs::remove_file(&middle).unwrap();
    let missing = export(&["join", path, "--segments", "3"], &[]);
    assert!(!missing.status.success());
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(
        stderr.contains("joined.segment-01-of-03.mp4: segment missing"),
        "{stderr}"
    );

    std::fs::write(&middle, &bytes[..bytes.len() / 2]).unwrap();
    let cut = export(&["join", path, "--segments", "3"], &[]);
    assert!(!cut.status.success());
    let stderr = String::from_utf8_lossy(&cut.stderr);
    assert!(
        stderr.contains("joined.segment-01-of-03.mp4: segment"),
        "{stderr}"
    );
    assert!(!dir.join("joined.mp4").exists());
    assert!(
        !folder_names(&dir)
            .iter()
            .any(|n| n.contains("reel-partial"))
    );
}

#[test]
fn the_segment_index_comes_from_the_scheduler_and_the_plan_is_json() {
    let dir = scratch_dir("segments_scheduler");
    source(&dir);
    let split = scene(&dir, "split.ron", "out.mp4", "");
    let path = split.to_str().unwrap();
    succeeded(export(
        &[path, "--segment", "4"],
        &[("JOB_COMPLETION_INDEX", "2")],
    ));
    succeeded(export(
        &[path, "--segment", "4"],
        &[("SLURM_ARRAY_TASK_ID", "3")],
    ));
    assert!(dir.join("out.segment-02-of-04.mp4").exists());
    assert!(dir.join("out.segment-03-of-04.mp4").exists());
    let unset = export(&[path, "--segment", "4"], &[]);
    assert!(!unset.status.success());
    assert!(String::from_utf8_lossy(&unset.stderr).contains("JOB_COMPLETION_INDEX"));

    let plan = succeeded(export(&[path, "--plan", "4"], &[]));
    let plan: serde_json::Value = serde_json::from_slice(&plan.stdout).unwrap();
    let segments = plan.as_array().unwrap();
    assert_eq!(segments.len(), 4);
    assert_eq!(segments[0]["first_frame"], 0);
    assert_eq!(segments[1]["first_frame"], 21);
    assert_eq!(segments[0]["end_frame"], 21);
    assert!(segments[3]["end_frame"].is_null());
    assert!(
        segments[2]["output"]
            .as_str()
            .unwrap()
            .ends_with("out.segment-02-of-04.mp4")
    );
}

#[test]
fn segments_of_an_edited_timeline_join_into_the_single_export() {
    let dir = scratch_dir("segments_timeline");
    source(&dir);
    let text = |output: &str| {
        format!(
            "(source: (path: \"in.mp4\"), output: (path: \"{output}\", size: (320, 180), crf: 0),
              inset: (padding: 0.1), zooms: [(start: 0.5, end: 2.0, scale: 1.6)],
              timeline: [(start: 0.0, end: 1.0), (start: 1.5, end: 2.5, speed: 2.0),
                         (start: 0.5, end: 1.5, transition: (kind: CrossFade, duration: 0.2))])"
        )
    };
    let single = write_scene(&dir, "single.ron", &text("single.mp4"));
    succeeded(export(&[single.to_str().unwrap()], &[]));
    let reference = video_planes(&dir.join("single.mp4"));
    // 1 s + 0.5 s + 1 s, less the 0.2 s cross-fade: 2.3 s.
    assert_eq!(reference.len(), 69);
    let split = write_scene(&dir, "split.ron", &text("joined.mp4"));
    segmented(&split, 3);
    let frames = video_planes(&dir.join("joined.mp4"));
    assert_eq!(frames.len(), reference.len());
    for (n, (a, b)) in frames.iter().zip(&reference).enumerate() {
        assert!(a == b, "frame {n} differs from the single export");
    }
    // The join adds the edited sound once, for the whole timeline.
    let samples = decode_sound(&dir.join("joined.mp4"));
    assert!(
        (samples.len() as f64 / 48_000.0 - 2.3).abs() < 0.05,
        "{} s of sound",
        samples.len() as f64 / 48_000.0
    );
}
