//! `export --confine DIR`: scenes whose paths lead outside the folder (through `..` or a
//! symbolic link), outputs and stills written outside it, and outputs past the limits
//! all fail with one `error:` line naming the file and the problem, and write nothing; a
//! scene that keeps inside exports as usual.

mod common;

use common::media::{SourceSpec, make_source};
use common::{assert_fails_with, folder_names, scratch_dir, write_scene};
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run_export(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_export"))
        .args(args)
        .env("NODEVICE_SELECT", "1")
        .output()
        .expect("run export")
}

/// A confined folder `jobs` and a folder `private` beside it, each with a source and a
/// picture; `jobs/link.mp4` is a symbolic link to the private source.
fn folders(name: &str) -> (PathBuf, String) {
    let dir = scratch_dir(name);
    let picture = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/media/wallpaper.png");
    for folder in ["jobs", "private"] {
        let folder = dir.join(folder);
        std::fs::create_dir(&folder).unwrap();
        make_source(&folder.join("in.mp4"), &SourceSpec::h264(160, 90, 30, 6));
        std::fs::copy(&picture, folder.join("picture.png")).unwrap();
    }
    symlink(dir.join("private/in.mp4"), dir.join("jobs/link.mp4")).unwrap();
    let jobs = dir.join("jobs").to_str().unwrap().to_owned();
    (dir, jobs)
}

/// The files in `jobs` and `private` that the test did not make.
fn written(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for folder in ["jobs", "private"] {
        for name in folder_names(&dir.join(folder)) {
            let made = ["in.mp4", "picture.png", "link.mp4"].contains(&name.as_str())
                || name.ends_with(".ron");
            if !made {
                names.push(format!("{folder}/{name}"));
            }
        }
    }
    names
}

#[test]
fn paths_that_lead_outside_the_folder_are_refused() {
    let (dir, jobs) = folders("confine_paths");
    let cases = [
        (
            "dotdot.ron",
            r#"(source: (path: "../private/in.mp4"), output: (path: "o.mp4"))"#,
            "dotdot.ron:1:17: source.path: ",
        ),
        (
            "link.ron",
            r#"(source: (path: "link.mp4"), output: (path: "o.mp4"))"#,
            "link.ron:1:17: source.path: ",
        ),
        (
            "output.ron",
            r#"(source: (path: "in.mp4"), output: (path: "../private/o.mp4"))"#,
            "output.ron:1:43: output.path: ",
        ),
        (
            "picture.ron",
            r#"(source: (path: "in.mp4"), output: (path: "o.mp4"), background: Image(path: "../private/picture.png"))"#,
            "picture.ron:1:65: background: ",
        ),
        (
            "sticker.ron",
            r#"(source: (path: "in.mp4"), output: (path: "o.mp4"), annotations: [Box(start: 0, end: 1, rect: (x: 0, y: 0, width: 1, height: 1)), Image(path: "../private/picture.png", start: 0, end: 1, at: (0.5, 0.5))])"#,
            "sticker.ron:1:143: annotations[1].path: ",
        ),
        (
            "keys.ron",
            r#"(source: (path: "in.mp4"), output: (path: "o.mp4"), keystrokes: (path: "../private/picture.png"))"#,
            "keys.ron:1:72: keystrokes.path: ",
        ),
    ];
    for (name, text, expected) in cases {
        let scene = write_scene(&dir.join("jobs"), name, text);
        let output = run_export(&[scene.to_str().unwrap(), "--confine", &jobs]);
        assert_fails_with(
            &output,
            &[expected, "leads outside the confined folder", "private"],
        );
        assert_eq!(written(&dir), Vec::<String>::new(), "{name}");
    }
}

#[test]
fn output_and_png_flags_outside_the_folder_are_refused() {
    let (dir, jobs) = folders("confine_flags");
    let scene = write_scene(
        &dir.join("jobs"),
        "s.ron",
        r#"(source: (path: "in.mp4"), output: (path: "o.mp4"))"#,
    );
    let scene = scene.to_str().unwrap();
    let outside = dir.join("jobs/../private/o.mp4");
    let output = run_export(&[
        scene,
        "--confine",
        &jobs,
        "--output",
        outside.to_str().unwrap(),
    ]);
    assert_fails_with(
        &output,
        &["--output: ", "leads outside the confined folder"],
    );
    let png = dir.join("private/f.png");
    let output = run_export(&[
        scene,
        "--confine",
        &jobs,
        "--frame",
        "0.1",
        "--png",
        png.to_str().unwrap(),
    ]);
    assert_fails_with(&output, &["--png: ", "leads outside the confined folder"]);
    let missing = dir.join("absent");
    let output = run_export(&[scene, "--confine", missing.to_str().unwrap()]);
    assert_fails_with(&output, &["--confine: folder not found: ", "absent"]);
    assert_eq!(written(&dir), Vec::<String>::new());
}

#[test]
fn outputs_past_the_limits_are_refused() {
    let (dir, jobs) = folders("confine_limits");
    let cases = [
        (
            "size.ron",
            r#"(source: (path: "in.mp4"), output: (path: "o.mp4", size: (7680, 4320)))"#,
            "size.ron:1:58: output.size: 7680x4320 is 33177600 pixels (expected at most 8294400",
        ),
        (
            "fps.ron",
            r#"(source: (path: "in.mp4"), output: (path: "o.mp4", fps: 120))"#,
            "fps.ron:1:57: output.fps: 120 frames per second (expected at most 60",
        ),
        (
            "long.ron",
            r#"(source: (path: "in.mp4", trim: (start: 0, end: 3600)), output: (path: "o.mp4"))"#,
            "long.ron:1:33: source.trim: the export lasts 3600.000 s (expected at most 600 s",
        ),
    ];
    for (name, text, expected) in cases {
        let scene = write_scene(&dir.join("jobs"), name, text);
        let output = run_export(&[scene.to_str().unwrap(), "--confine", &jobs]);
        assert_fails_with(&output, &[expected]);
        assert_eq!(written(&dir), Vec::<String>::new(), "{name}");
    }
    // A source larger than the limit, exported at its own size: found once it is probed.
    make_source(
        &dir.join("jobs/large.mp4"),
        &SourceSpec::h264(4096, 2160, 30, 1),
    );
    let scene = write_scene(
        &dir.join("jobs"),
        "large.ron",
        r#"(source: (path: "large.mp4"), output: (path: "o.mp4"))"#,
    );
    let scene = scene.to_str().unwrap();
    let expected = "large.ron: output.size: 4096x2160 is 8847360 pixels";
    let output = run_export(&[scene, "--confine", &jobs]);
    assert_fails_with(&output, &[expected]);
    let png = dir.join("jobs/f.png");
    let output = run_export(&[
        scene,
        "--confine",
        &jobs,
        "--frame",
        "0",
        "--png",
        png.to_str().unwrap(),
    ]);
    assert_fails_with(&output, &[expected]);
    std::fs::remove_file(dir.join("jobs/large.mp4")).unwrap();
    assert_eq!(written(&dir), Vec::<String>::new());
}

#[test]
fn a_scene_that_keeps_inside_exports_as_usual() {
    let (dir, jobs) = folders("confine_inside");
    std::fs::create_dir(dir.join("jobs/out")).unwrap();
    let scene = write_scene(
        &dir.join("jobs"),
        "s.ron",
        r#"(source: (path: "in.mp4"), output: (path: "out/o.mp4", size: (320, 180), fps: 30), background: Image(path: "picture.png"), inset: (padding: 0.1))"#,
    );
    let scene = scene.to_str().unwrap();
    let output = run_export(&[scene, "--confine", &jobs, "--workers", "1"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("o.mp4: 6 frames, 320x180 at 30 fps"),
        "{stdout}"
    );
    let png = dir.join("jobs/out/f.png");
    let output = run_export(&[
        scene,
        "--confine",
        &jobs,
        "--frame",
        "0.1",
        "--png",
        png.to_str().unwrap(),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(written(&dir), ["jobs/out"]);
    assert_eq!(folder_names(&dir.join("jobs/out")), ["f.png", "o.mp4"]);
}
