//! The `export` command line: success prints one summary line; every failure prints one
//! `error:` line naming the file and the problem, exits non-zero, and leaves nothing at
//! the output path.

mod common;

use common::media::{SourceSpec, make_source};
use common::{folder_names, json_lines, scratch_dir, write_scene};
use std::path::Path;
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
    common::assert_fails_with(output, &[expected]);
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
    // The summary says which renderer drew the frames, and why.
    assert!(stdout.contains("; renderer: "), "{stdout}");
    assert_eq!(folder_names(&dir), ["in.mp4", "out.mp4", "scene.ron"]);
    // Asked for, the CPU renderer draws them.
    let output = run_export(&[scene.to_str().unwrap(), "--overwrite", "--renderer", "cpu"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("; renderer: cpu (asked for)"), "{stdout}");
    let output = run_export(&[scene.to_str().unwrap(), "--renderer", "metal"]);
    assert_eq!(output.status.code(), Some(2));
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

#[test]
fn an_existing_output_is_kept_unless_overwrite_is_given() {
    let dir = scratch_dir("cli_overwrite");
    make_source(&dir.join("in.mp4"), &SourceSpec::h264(160, 90, 30, 5));
    let scene = write_scene(
        &dir,
        "s.ron",
        r#"(source: (path: "in.mp4"), output: (path: "out.mp4"))"#,
    );
    std::fs::write(dir.join("out.mp4"), "keep me").unwrap();
    let refused = run_export(&[scene.to_str().unwrap()]);
    assert_fails_with(&refused, "out.mp4: the file exists (pass --overwrite");
    assert_eq!(std::fs::read(dir.join("out.mp4")).unwrap(), b"keep me");
    let replaced = run_export(&[scene.to_str().unwrap(), "--overwrite", "--quiet"]);
    assert!(
        replaced.status.success(),
        "{}",
        String::from_utf8_lossy(&replaced.stderr)
    );
    assert!(replaced.stdout.is_empty(), "--quiet printed something");
    assert!(std::fs::metadata(dir.join("out.mp4")).unwrap().len() > 1000);
}

#[test]
fn check_describes_the_export_and_renders_nothing() {
    let dir = scratch_dir("cli_check");
    make_source(&dir.join("in.mp4"), &SourceSpec::h264(320, 180, 25, 50));
    let scene = write_scene(
        &dir,
        "s.ron",
        r#"(source: (path: "in.mp4", trim: (start: 0.4)), output: (path: "out.mp4", size: (640, 360), fps: 50))"#,
    );
    let output = run_export(&[scene.to_str().unwrap(), "--check"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("(h264, 320x180, 25.00 fps, 2.00 s)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("(640x360, 50.000 fps, 1.60 s, 80 frames)"),
        "{stdout}"
    );
    assert_eq!(folder_names(&dir), ["in.mp4", "s.ron"]);

    let json = run_export(&[scene.to_str().unwrap(), "--check", "--json"]);
    let events = json_lines(&json.stdout);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["event"], "plan");
    assert_eq!(events[0]["frames"], 80);
    assert_eq!(events[0]["size"], serde_json::json!([640, 360]));
}

#[test]
fn json_events_come_in_order_plan_progress_warning_done() {
    let dir = scratch_dir("cli_json");
    make_source(&dir.join("in.mp4"), &SourceSpec::h264(320, 180, 30, 60));
    let scene = write_scene(
        &dir,
        "s.ron",
        r#"(source: (path: "in.mp4"), output: (path: "out.mp4", size: (640, 360)), background: Blurred(radius: 30))"#,
    );
    let output = Command::new(env!("CARGO_BIN_EXE_export"))
        .args([scene.to_str().unwrap(), "--json", "--workers", "2"])
        .env("REEL_FAULTS", "render-panic:frame=20")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let events = json_lines(&output.stdout);
    let kinds: Vec<&str> = events
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.first(), Some(&"plan"), "{kinds:?}");
    assert_eq!(kinds.last(), Some(&"done"), "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| **k == "done").count(), 1);
    assert_eq!(events[0]["frames"], 60);
    // The plan names the renderer it chose and why.
    let renderer = events[0]["renderer"].as_str().unwrap();
    assert!(renderer == "cpu" || renderer == "gpu", "{}", events[0]);
    assert!(!events[0]["renderer_reason"].as_str().unwrap().is_empty());
    let warnings: Vec<_> = events.iter().filter(|e| e["event"] == "warning").collect();
    assert_eq!(warnings.len(), 1, "{kinds:?}");
    assert!(
        warnings[0]["message"]
            .as_str()
            .unwrap()
            .contains("failed on frame 20")
    );
    let progress: Vec<u64> = events
        .iter()
        .filter(|e| e["event"] == "progress")
        .map(|e| e["frames"].as_u64().unwrap())
        .collect();
    assert!(!progress.is_empty());
    assert!(progress.windows(2).all(|w| w[0] <= w[1]), "{progress:?}");
    assert_eq!(*progress.last().unwrap(), 60);
    let done = events.last().unwrap();
    assert_eq!(done["frames"], 60);
    assert!(done["bytes"].as_u64().unwrap() > 0);
    assert!(done["output"].as_str().unwrap().ends_with("out.mp4"));

    // A failure ends the stream with an error event, and stderr has the one error line.
    let failed = run_export(&[scene.to_str().unwrap(), "--json"]);
    assert_fails_with(&failed, "the file exists");
    let events = json_lines(&failed.stdout);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["event"], "error");
    assert_eq!(events[0]["exit_code"], 1);
    assert!(
        events[0]["message"]
            .as_str()
            .unwrap()
            .contains("the file exists")
    );
}

#[test]
fn a_scene_that_does_not_fit_its_source_fails_before_rendering_in_every_mode() {
    let dir = scratch_dir("cli_source_mismatch");
    make_source(&dir.join("in.mp4"), &SourceSpec::h264(160, 90, 30, 30));
    let cases = [
        (
            "trim.ron",
            "(source: (path: \"in.mp4\", trim: (start: 5)), output: (path: \"out.mp4\"))",
            "trim.ron:1:33: source.trim: starts at 5 s, at or past the end of the 1.000 s source",
        ),
        (
            "crop.ron",
            "(source: (path: \"in.mp4\", crop: (x: 100, y: 0, width: 100, height: 90)), output: (path: \"out.mp4\"))",
            "crop.ron:1:33: source.crop: the crop (x: 100, y: 0, width: 100, height: 90) reaches outside the 160x90 picture",
        ),
    ];
    for (name, text, expected) in cases {
        let scene = write_scene(&dir, name, text);
        let scene = scene.to_str().unwrap();
        let still = dir.join("still.png");
        for args in [
            vec![scene],
            vec![scene, "--check"],
            vec![scene, "--plan", "2"],
            vec![scene, "--frame", "0", "--png", still.to_str().unwrap()],
        ] {
            assert_fails_with(&run_export(&args), expected);
        }
    }
    assert_eq!(folder_names(&dir), ["crop.ron", "in.mp4", "trim.ron"]);
}

#[test]
fn an_output_path_taken_by_a_folder_fails_before_the_first_frame() {
    let dir = scratch_dir("cli_output_folder");
    make_source(&dir.join("in.mp4"), &SourceSpec::h264(160, 90, 30, 30));
    std::fs::create_dir_all(dir.join("out.mp4")).unwrap();
    let scene = write_scene(
        &dir,
        "scene.ron",
        "(source: (path: \"in.mp4\"), output: (path: \"out.mp4\"))",
    );
    let output = run_export(&[scene.to_str().unwrap(), "--overwrite", "--json"]);
    assert!(!output.status.success());
    let events = json_lines(&output.stdout);
    let error = events.last().expect("an error event");
    assert_eq!(error["event"], "error", "{events:?}");
    let message = error["message"].as_str().unwrap_or_default();
    assert!(
        message
            .contains("a folder is in the way at the output path, where the export writes a file"),
        "{message}"
    );
    // It failed at the start: no progress event counted a frame written.
    assert!(
        events
            .iter()
            .all(|e| e["event"] != "progress" || e["frames"].as_u64() == Some(0)),
        "{events:?}"
    );
    assert!(dir.join("out.mp4").is_dir());
    assert_eq!(folder_names(&dir), ["in.mp4", "out.mp4", "scene.ron"]);
}

#[test]
fn reel_is_the_same_command_and_stills_speak_json() {
    let dir = scratch_dir("cli_reel_still");
    make_source(&dir.join("in.mp4"), &SourceSpec::h264(160, 90, 30, 30));
    let scene = write_scene(
        &dir,
        "scene.ron",
        "(source: (path: \"in.mp4\"), output: (path: \"out.mp4\", fps: 30))",
    );
    let scene = scene.to_str().unwrap();
    let reel = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_reel"))
            .args(args)
            .output()
            .expect("run reel")
    };
    // The same command under another name: usage, checks, exit statuses.
    let help = String::from_utf8_lossy(&reel(&["--help"]).stdout).into_owned();
    assert!(help.contains("reel scenes/demo.ron --check"), "{help}");
    assert!(help.contains("2 when the"), "{help}");
    assert_eq!(reel(&["--no-such-flag"]).status.code(), Some(2));
    assert_eq!(run_export(&["--no-such-flag"]).status.code(), Some(2));
    let check = reel(&[scene, "--check"]);
    assert!(check.status.success());
    assert!(String::from_utf8_lossy(&check.stdout).contains("30 frames"));
    // A still reports itself with --json.
    let png = dir.join("still.png");
    let output = reel(&[
        scene,
        "--frame",
        "0.5",
        "--png",
        png.to_str().unwrap(),
        "--json",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let events = json_lines(&output.stdout);
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["event"], "still");
    assert_eq!(events[0]["time"], 0.5);
    assert_eq!(events[0]["size"], serde_json::json!([160, 90]));
    // Past the last frame: the message gives the last frame's time and the end.
    let late = reel(&[
        scene,
        "--frame",
        "1.0",
        "--png",
        png.to_str().unwrap(),
        "--overwrite",
    ]);
    assert_fails_with(
        &late,
        "--frame: no frame at 1 s (the export's last frame starts at 0.9667 s and it ends at 1.0000 s",
    );
    // A picture named for another format is refused, and nothing is written.
    let jpeg = dir.join("shot.jpg");
    let wrong = reel(&[scene, "--frame", "0", "--png", jpeg.to_str().unwrap()]);
    assert_fails_with(
        &wrong,
        "Reel writes PNG pictures (expected a name ending in .png)",
    );
    assert!(!jpeg.exists());
}

#[test]
fn check_mentions_an_unfinished_file_left_by_a_killed_export() {
    let dir = scratch_dir("cli_stale_partial");
    make_source(&dir.join("in.mp4"), &SourceSpec::h264(160, 90, 30, 10));
    let scene = write_scene(
        &dir,
        "scene.ron",
        "(source: (path: \"in.mp4\"), output: (path: \"out.mp4\"))",
    );
    let scene = scene.to_str().unwrap();
    let partial = dir.join(".out.mp4.reel-partial");
    std::fs::write(&partial, b"left by a killed export").unwrap();
    let output = run_export(&[scene, "--check"]);
    assert!(output.status.success());
    let lines = common::stderr_lines(&output);
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(
        lines[0].starts_with("warning: ")
            && lines[0].contains(".out.mp4.reel-partial: an unfinished file"),
        "{lines:#?}"
    );
    // The export replaces it, and leaves no partial file behind.
    assert!(run_export(&[scene]).status.success());
    assert!(!partial.exists());
    assert_eq!(folder_names(&dir), ["in.mp4", "out.mp4", "scene.ron"]);
}

#[test]
fn a_zoom_with_no_effect_is_warned_about_once_with_its_position() {
    let dir = scratch_dir("cli_zoom_warning");
    make_source(&dir.join("in.mp4"), &SourceSpec::h264(160, 90, 30, 30));
    let scene = write_scene(
        &dir,
        "scene.ron",
        "(\n  source: (path: \"in.mp4\"),\n  output: (path: \"out.mp4\"),\n  zooms: [(start: 3, end: 4)],\n)",
    );
    let output = run_export(&[scene.to_str().unwrap()]);
    assert!(output.status.success());
    let lines = common::stderr_lines(&output);
    assert_eq!(
        lines,
        ["warning: scene.ron:4:11: zooms[0]: starts at 3 s, after the export ends at 1.000 s: it has no effect"
            .to_owned()]
            .map(|l| l.replace("scene.ron", scene.to_str().unwrap())),
        "{lines:#?}"
    );
}

#[test]
fn a_bad_cursor_track_fails_with_its_line_and_column_in_every_mode() {
    let dir = scratch_dir("cli_bad_cursor");
    make_source(&dir.join("in.mp4"), &SourceSpec::h264(160, 90, 30, 30));
    std::fs::write(
        dir.join("take.cursor.jsonl"),
        "{\"t\": 0.0, \"x\": 10, \"y\": 20}\n{\"t\": oops}\n",
    )
    .unwrap();
    let scene = write_scene(
        &dir,
        "cursor.ron",
        "(source: (path: \"in.mp4\"), output: (path: \"out.mp4\"), cursor: (track: \"take.cursor.jsonl\"))",
    );
    fails_in_every_mode(
        &scene,
        "take.cursor.jsonl:2:7: not a cursor track",
        &["cursor.ron", "in.mp4", "take.cursor.jsonl"],
    );
}

/// Asserts that exporting `scene`, checking it and rendering a still of it each fail
/// with one error line holding `expected`, and that its folder holds only `files`.
fn fails_in_every_mode(scene: &Path, expected: &str, files: &[&str]) {
    let dir = scene.parent().unwrap();
    let still = dir.join("still.png");
    let scene = scene.to_str().unwrap();
    for args in [
        vec![scene],
        vec![scene, "--check"],
        vec![scene, "--frame", "0", "--png", still.to_str().unwrap()],
    ] {
        assert_fails_with(&run_export(&args), expected);
    }
    assert_eq!(folder_names(dir), files);
}

#[test]
fn a_cursor_image_that_is_no_png_fails_naming_it_in_every_mode() {
    let dir = scratch_dir("cli_bad_cursor_image");
    make_source(&dir.join("in.mp4"), &SourceSpec::h264(160, 90, 30, 30));
    std::fs::write(
        dir.join("take.cursor.jsonl"),
        "{\"t\": 0.0, \"x\": 10, \"y\": 20}\n",
    )
    .unwrap();
    std::fs::write(dir.join("pointer.png"), "not a picture").unwrap();
    let scene = write_scene(
        &dir,
        "cursor.ron",
        "(source: (path: \"in.mp4\"), output: (path: \"out.mp4\"), cursor: (track: \"take.cursor.jsonl\", image: (path: \"pointer.png\", hotspot: (1, 1))))",
    );
    fails_in_every_mode(
        &scene,
        "pointer.png: cannot use the cursor image: not a PNG image",
        &["cursor.ron", "in.mp4", "pointer.png", "take.cursor.jsonl"],
    );
}

#[test]
fn check_plans_the_frames_the_export_writes_when_sound_delays_the_first_picture() {
    let dir = scratch_dir("cli_planned_frames");
    // Two pictures of 10-bit VP9 in Matroska beside AAC sound, whose priming puts the
    // first picture 23 ms after the file's start (the file lasts 2.6 frames).
    let status = Command::new("ffmpeg")
        .args([
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc2=s=320x180:r=25",
        ])
        .args(["-f", "lavfi", "-i", "sine=d=1", "-frames:v", "2"])
        .args([
            "-c:v",
            "libvpx-vp9",
            "-pix_fmt",
            "yuv420p10le",
            "-c:a",
            "aac",
        ])
        .arg(dir.join("in.mkv"))
        .status()
        .expect("run ffmpeg");
    assert!(status.success());
    let scene = write_scene(
        &dir,
        "s.ron",
        r#"(source: (path: "in.mkv"), output: (path: "out.mp4"))"#,
    );
    let check = run_export(&[scene.to_str().unwrap(), "--check", "--json"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let events = json_lines(&check.stdout);
    assert_eq!(events[0]["frames"], 2, "{events:?}");
    let export = run_export(&[scene.to_str().unwrap(), "--quiet"]);
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let frames = common::media::probe_streams(
        &dir.join("out.mp4"),
        "nb_read_frames",
        &["-count_frames", "-select_streams", "v"],
    );
    assert_eq!(frames, ["2"]);
}
