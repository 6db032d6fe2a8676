//! Reading scene files: valid scenes, and errors that point at the right line and column.

use reel_scene::{Background, Color, FrameRate, Scene, SceneErrorKind};
use std::path::{Path, PathBuf};

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("in.mp4"), b"placeholder").unwrap();
    dir
}

#[test]
fn minimal_scene_uses_defaults_and_resolves_paths_against_its_folder() {
    let dir = scratch("parse_minimal");
    let path = dir.join("s.ron");
    std::fs::write(
        &path,
        r#"(source: (path: "in.mp4"), output: (path: "out.mp4"))"#,
    )
    .unwrap();
    let scene = Scene::load(&path).unwrap();
    assert_eq!(scene.source.path, dir.join("in.mp4"));
    assert_eq!(scene.output.path, dir.join("out.mp4"));
    assert_eq!(scene.output.size, None);
    assert_eq!(scene.output.frame_rate(), None);
    assert_eq!(scene.background, Background::Color(Color::BLACK));
}

#[test]
fn full_scene_reads_every_field() {
    let dir = scratch("parse_full");
    let path = dir.join("s.ron");
    std::fs::write(
        &path,
        r##"// comments are fine
(
    source: (path: "in.mp4"),
    output: (path: "/tmp/out.mov", size: (1280, 720), fps: 29.97),
    background: Color("#1e1e2e"),
)"##,
    )
    .unwrap();
    let scene = Scene::load(&path).unwrap();
    assert_eq!(scene.output.path, Path::new("/tmp/out.mov"));
    assert_eq!(scene.output.size, Some((1280, 720)));
    assert_eq!(
        scene.output.frame_rate(),
        Some(FrameRate {
            frames: 30000,
            seconds: 1001
        })
    );
    assert_eq!(
        scene.background,
        Background::Color("#1e1e2e".parse().unwrap())
    );
}

#[test]
fn the_demo_scene_is_valid() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenes/demo.ron");
    let scene = Scene::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(scene.output.size, Some((1920, 1080)));
}

/// Parses `text` as `s.ron` in its own folder and returns the error's position and message.
fn error_of(name: &str, text: &str) -> ((usize, usize), String) {
    let dir = scratch(name);
    let path = dir.join("s.ron");
    std::fs::write(&path, text).unwrap();
    let error = Scene::load(&path).unwrap_err();
    assert_eq!(error.file, path);
    let display = error.to_string();
    let position = error.position.expect("error has a position");
    assert!(
        display.starts_with(&format!(
            "{}:{}:{}: ",
            path.display(),
            position.0,
            position.1
        )),
        "{display}"
    );
    (position, error.kind.to_string())
}

#[test]
fn unknown_field_points_at_the_field() {
    let (position, message) = error_of(
        "parse_unknown",
        "(\n  source: (path: \"in.mp4\"),\n  output: (path: \"o.mp4\", sise: (2, 2)),\n)",
    );
    assert_eq!(position, (3, 27));
    assert!(
        message.contains("Unexpected field named `sise`"),
        "{message}"
    );
}

#[test]
fn wrong_type_points_at_the_value() {
    let (position, message) = error_of(
        "parse_type",
        "(\n  source: (path: \"in.mp4\"),\n  output: (path: \"o.mp4\", size: (1920, \"wide\")),\n)",
    );
    assert_eq!(position, (3, 40));
    assert!(message.contains("Expected integer"), "{message}");
}

#[test]
fn missing_source_file_points_at_its_path() {
    let (position, message) = error_of(
        "parse_missing",
        "(\n  source: (path: \"absent.mp4\"),\n  output: (path: \"o.mp4\"),\n)",
    );
    assert_eq!(position, (2, 18));
    assert!(
        message.starts_with("source.path: file not found: "),
        "{message}"
    );
    assert!(message.ends_with("absent.mp4"), "{message}");
}

#[test]
fn out_of_range_value_points_at_the_value() {
    let (position, message) = error_of(
        "parse_range",
        "(\n  source: (path: \"in.mp4\"),\n  output: (path: \"o.mp4\",\n    fps: 500),\n)",
    );
    assert_eq!(position, (4, 10));
    assert_eq!(
        message,
        "output.fps: invalid frame rate 500 (expected 1 to 240 frames per second)"
    );
}

#[test]
fn empty_and_unreadable_files_are_reported() {
    let dir = scratch("parse_empty");
    let path = dir.join("empty.ron");
    std::fs::write(&path, "  \n").unwrap();
    let error = Scene::load(&path).unwrap_err();
    assert_eq!(error.kind, SceneErrorKind::Empty);
    let error = Scene::load(&dir.join("absent.ron")).unwrap_err();
    assert!(matches!(error.kind, SceneErrorKind::Read(_)), "{error}");
}
