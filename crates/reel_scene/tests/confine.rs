//! Confining scenes to a folder and to hard limits: paths that lead out through `..` or
//! symbolic links are refused, and so are outputs past the limits, each with an error
//! that names the scene file and the field.

use reel_scene::{Confinement, FrameRate, Scene, SceneErrorKind};
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

/// A confined folder `jobs` holding a source and a picture, beside a folder `private`
/// holding the same, which scenes in `jobs` must not reach.
fn folders(name: &str) -> (PathBuf, Confinement) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    for folder in ["jobs/out", "private"] {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
    }
    for file in [
        "jobs/in.mp4",
        "jobs/bg.png",
        "private/in.mp4",
        "private/bg.png",
    ] {
        std::fs::write(dir.join(file), b"placeholder").unwrap();
    }
    let confinement = Confinement::new(&dir.join("jobs")).unwrap();
    (dir, confinement)
}

/// Writes `text` as `jobs/s.ron`, loads it and confines it.
fn confine(dir: &Path, confinement: &Confinement, text: &str) -> Result<Scene, String> {
    let path = dir.join("jobs/s.ron");
    std::fs::write(&path, text).unwrap();
    let scene = Scene::load(&path).map_err(|e| format!("load: {e}"))?;
    scene.confine(confinement).map_err(|e| e.to_string())?;
    Ok(scene)
}

fn scene(source: &str, output: &str, extra: &str) -> String {
    format!("(\n  source: (path: {source:?}),\n  output: (path: {output:?}{extra}),\n)")
}

#[test]
fn a_scene_inside_the_folder_within_the_limits_is_accepted() {
    let (dir, confinement) = folders("confine_inside");
    let text = scene("in.mp4", "out/o.mp4", ", size: (3840, 2160), fps: 60");
    confine(&dir, &confinement, &text).unwrap();
    let text = r#"(source: (path: "./out/../in.mp4", trim: (start: 1, end: 601)), output: (path: "o.mp4", fps: 60), background: Image(path: "bg.png"))"#;
    confine(&dir, &confinement, text).unwrap();
}

#[test]
fn paths_that_lead_outside_are_refused_with_the_field_and_its_position() {
    let (dir, confinement) = folders("confine_outside");
    symlink(dir.join("private/in.mp4"), dir.join("jobs/link.mp4")).unwrap();
    symlink(dir.join("private"), dir.join("jobs/door")).unwrap();
    symlink(dir.join("private/new.mp4"), dir.join("jobs/dangling.mp4")).unwrap();
    symlink(dir.join("private/in.mp4"), dir.join("jobs/taken.mp4")).unwrap();
    let cases = [
        (scene("../private/in.mp4", "o.mp4", ""), "s.ron:2:18: source.path: "),
        (scene("link.mp4", "o.mp4", ""), "s.ron:2:18: source.path: "),
        (scene("door/in.mp4", "o.mp4", ""), "s.ron:2:18: source.path: "),
        (scene("in.mp4", "../private/o.mp4", ""), "s.ron:3:18: output.path: "),
        (scene("in.mp4", "door/o.mp4", ""), "s.ron:3:18: output.path: "),
        (scene("in.mp4", "dangling.mp4", ""), "s.ron:3:18: output.path: "),
        (scene("in.mp4", "taken.mp4", ""), "s.ron:3:18: output.path: "),
        (
            r#"(source: (path: "in.mp4"), output: (path: "o.mp4"), background: Image(path: "../private/bg.png"))"#.into(),
            "s.ron:1:65: background: ",
        ),
    ];
    for (text, expected) in cases {
        let error = confine(&dir, &confinement, &text).unwrap_err();
        assert!(error.contains(expected), "{text}\n{error}");
        assert!(
            error.contains(" leads outside the confined folder (to ")
                && error.contains("/private/"),
            "{error}"
        );
        assert_eq!(error.lines().count(), 1, "{error}");
    }
}

#[test]
fn an_absolute_path_outside_is_refused() {
    let (dir, confinement) = folders("confine_absolute");
    let outside = dir.join("private/in.mp4");
    let text = scene(outside.to_str().unwrap(), "o.mp4", "");
    let error = confine(&dir, &confinement, &text).unwrap_err();
    assert!(error.contains("source.path: "), "{error}");
}

#[test]
fn outputs_past_the_limits_are_refused() {
    let (dir, mut confinement) = folders("confine_limits");
    let cases = [
        (
            scene("in.mp4", "o.mp4", ", size: (7680, 4320)"),
            "s.ron:3:33: output.size: 7680x4320 is 33177600 pixels (expected at most 8294400",
        ),
        (
            scene("in.mp4", "o.mp4", ", fps: 120"),
            "output.fps: 120 frames per second (expected at most 60",
        ),
        (
            r#"(source: (path: "in.mp4", trim: (start: 0, end: 600.5)), output: (path: "o.mp4"))"#
                .into(),
            "source.trim: the export lasts 600.500 s (expected at most 600 s",
        ),
    ];
    for (text, expected) in cases {
        let error = confine(&dir, &confinement, &text).unwrap_err();
        assert!(error.contains(expected), "{text}\n{error}");
    }
    confinement.max_frames = 100;
    let text =
        r#"(source: (path: "in.mp4", trim: (start: 1, end: 5)), output: (path: "o.mp4", fps: 30))"#;
    let error = confine(&dir, &confinement, text).unwrap_err();
    assert!(
        error.contains("source.trim: the export has 120 frames at 30 fps (expected at most 100"),
        "{error}"
    );
}

#[test]
fn outputs_planned_from_the_source_are_checked_too() {
    let (_, confinement) = folders("confine_plan");
    let rate = FrameRate::whole(30);
    assert_eq!(
        confinement.check_output((2160, 3840), rate, Some(18_000)),
        Ok(())
    );
    let error = confinement
        .check_output((4096, 2160), rate, None)
        .unwrap_err();
    assert_eq!(error.field(), Some("output.size"));
    let error = confinement
        .check_output((1920, 1080), rate, Some(18_001))
        .unwrap_err();
    assert!(
        matches!(&error, SceneErrorKind::Invalid { field, .. } if field == "source.trim"),
        "{error}"
    );
    assert_eq!(confinement.frame_limit(FrameRate::whole(60)), 36_000);
    assert_eq!(
        confinement.frame_limit(FrameRate {
            frames: 30_000,
            seconds: 1001
        }),
        17_982
    );
}

#[test]
fn paths_named_outside_the_scene_are_checked_alike() {
    let (dir, confinement) = folders("confine_paths");
    assert_eq!(
        confinement.check_output_path("--png", &dir.join("jobs/out/f.png")),
        Ok(())
    );
    let error = confinement
        .check_output_path("--png", &dir.join("jobs/../private/f.png"))
        .unwrap_err();
    assert!(error.to_string().starts_with("--png: "), "{error}");
    let error = confinement
        .check_output_path("--png", &dir.join("jobs/absent/f.png"))
        .unwrap_err();
    assert!(
        matches!(error, SceneErrorKind::MissingFile { .. }),
        "{error}"
    );
    assert!(Confinement::new(&dir.join("absent")).is_err());
    assert!(Confinement::new(&dir.join("jobs/in.mp4")).is_err());
}
