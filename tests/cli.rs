//! The `export` command line: success prints one summary line; every failure prints one
//! `error:` line naming the file and the problem, exits non-zero, and leaves nothing at
//! the output path.

mod common;

use common::media::{SourceSpec, make_source};
use common::{folder_names, scratch_dir, write_scene};
use std::process::{Command, Output};

fn run_export(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_export"))
        .args(args)
        .output()
        .expect("run export")
}

/// Asserts a failed run: non-zero exit, exactly one stderr line, starting `error: ` and
/// containing `expected`.
fn assert_fails_with(output: &Output, expected: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr
        .lines()
        // The Vulkan loader may print its own notice on machines without a display.
        .filter(|l| !l.contains("XDG_RUNTIME_DIR"))
        .collect();
    assert!(
        !output.status.success(),
        "expected failure, got success: {stderr}"
    );
    assert_eq!(lines.len(), 1, "expected one line on stderr, got: {stderr}");
    assert!(lines[0].starts_with("error: "), "{stderr}");
    assert!(
        lines[0].contains(expected),
        "expected {expected:?} in: {stderr}"
    );
}

#[test]
fn exports_a_scene_and_prints_a_summary() {
    let dir = scratch_dir("cli_success");
    make_source(&dir.join("in.mp4"), &SourceSpec::h264(160, 90, 30, 10));
    let scene = write_scene(
        &dir,
        "scene.ron",
        r#"(source: (path: "in.mp4"), output: (path: "out.mp4", size: (320, 180), fps: 30))"#,
    );
    let output = run_export(&[scene.to_str().unwrap(), "--workers", "2"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("out.mp4: 10 frames, 320x180 at 30 fps"),
        "{stdout}"
    );
    assert_eq!(folder_names(&dir), ["in.mp4", "out.mp4", "scene.ron"]);
}

#[test]
fn output_flag_overrides_the_scene() {
    let dir = scratch_dir("cli_output_flag");
    make_source(&dir.join("in.mp4"), &SourceSpec::h264(160, 90, 30, 5));
    let scene = write_scene(
        &dir,
        "s.ron",
        r#"(source: (path: "in.mp4"), output: (path: "a.mp4"))"#,
    );
    let target = dir.join("b.mp4");
    let output = run_export(&[
        scene.to_str().unwrap(),
        "--output",
        target.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(folder_names(&dir), ["b.mp4", "in.mp4", "s.ron"]);
}

#[test]
fn bad_scenes_fail_with_one_clear_line_and_no_output() {
    let dir = scratch_dir("cli_bad_scenes");
    make_source(&dir.join("in.mp4"), &SourceSpec::h264(160, 90, 30, 5));
    std::fs::write(dir.join("notes.txt"), "this is not a video\n").unwrap();
    std::fs::create_dir(dir.join("folder.mp4")).unwrap();
    let cases = [
        (
            "empty.ron",
            "",
            "empty.ron: the scene file is empty".to_owned(),
        ),
        (
            "syntax.ron",
            "(source: (path: \"in.mp4\"),\n output: (path: \"o.mp4\"",
            "syntax.ron:2:".into(),
        ),
        (
            "unknown.ron",
            "(source: (path: \"in.mp4\"),\n output: (path: \"o.mp4\", colour: 3))",
            "unknown.ron:2:26: Unexpected field named `colour`".into(),
        ),
        (
            "type.ron",
            "(source: (path: \"in.mp4\"),\n output: (path: \"o.mp4\", fps: \"fast\"))",
            "type.ron:2:31: Expected float".into(),
        ),
        (
            "missing_source.ron",
            "(\n  source: (path: \"nowhere.mp4\"),\n  output: (path: \"o.mp4\"))",
            "missing_source.ron:2:18: source.path: file not found".into(),
        ),
        (
            "folder_source.ron",
            "(source: (path: \"folder.mp4\"), output: (path: \"o.mp4\"))",
            "source.path: not a file".into(),
        ),
        (
            "zero_fps.ron",
            "(source: (path: \"in.mp4\"), output: (path: \"o.mp4\", fps: 0))",
            "output.fps: invalid frame rate 0 (expected 1 to 240".into(),
        ),
        (
            "huge.ron",
            "(source: (path: \"in.mp4\"), output: (path: \"o.mp4\", size: (100000, 1080)))",
            "output.size: invalid width 100000".into(),
        ),
        (
            "no_folder.ron",
            "(source: (path: \"in.mp4\"), output: (path: \"missing/o.mp4\"))",
            "output.path: the output folder does not exist".into(),
        ),
        (
            "not_video.ron",
            "(source: (path: \"notes.txt\"), output: (path: \"o.mp4\"))",
            "notes.txt: not a video file FFmpeg can read".into(),
        ),
    ];
    for (name, text, expected) in cases {
        let scene = write_scene(&dir, name, text);
        let output = run_export(&[scene.to_str().unwrap()]);
        assert_fails_with(&output, &expected);
        assert!(!dir.join("o.mp4").exists(), "{name} left an output file");
    }
    let missing = run_export(&[dir.join("absent.ron").to_str().unwrap()]);
    assert_fails_with(&missing, "absent.ron: cannot read the scene");
    // Only the files made above remain: no partial output anywhere.
    let names = folder_names(&dir);
    assert!(
        names
            .iter()
            .all(|n| n.ends_with(".ron")
                || ["in.mp4", "notes.txt", "folder.mp4"].contains(&n.as_str())),
        "{names:?}"
    );
}

#[test]
fn zero_workers_is_refused() {
    let dir = scratch_dir("cli_zero_workers");
    make_source(&dir.join("in.mp4"), &SourceSpec::h264(160, 90, 30, 5));
    let scene = write_scene(
        &dir,
        "s.ron",
        r#"(source: (path: "in.mp4"), output: (path: "o.mp4"))"#,
    );
    let output = run_export(&[scene.to_str().unwrap(), "--workers", "0"]);
    assert_fails_with(&output, "--workers: expected at least 1");
    assert!(!dir.join("o.mp4").exists());
}

#[test]
fn interrupting_an_export_stops_it_quickly_and_leaves_nothing() {
    let dir = scratch_dir("cli_interrupt");
    make_source(&dir.join("in.mp4"), &SourceSpec::h264(640, 360, 30, 600));
    let scene = write_scene(
        &dir,
        "s.ron",
        r#"(source: (path: "in.mp4"), output: (path: "out.mp4", size: (1280, 720)), background: Blurred(radius: 30), inset: (padding: 0.1, corner_radius: 12))"#,
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_export"))
        .arg(&scene)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start export");
    // Wait until the export is writing its (hidden, temporary) file.
    let partial = dir.join(".out.mp4.reel-partial");
    let started = std::time::Instant::now();
    while !partial.exists() {
        assert!(
            started.elapsed().as_secs() < 60,
            "the export never started writing"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the export ended before it was interrupted"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    let signalled = std::time::Instant::now();
    let kill = Command::new("kill")
        .arg("-INT")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(kill.success());
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            signalled.elapsed().as_secs_f64() < 2.0,
            "export still running 2 s after SIGINT"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    assert_eq!(status.code(), Some(130));
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert!(stderr.contains("error: export cancelled"), "{stderr}");
    assert_eq!(folder_names(&dir), ["in.mp4", "s.ron"]);
}
