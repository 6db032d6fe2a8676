//! Other recorders' projects exported as they are: an OpenScreen project written here
//! against a recording whose frames show their index, so that each output frame can be
//! checked against the source frame the project's cuts and speeds put there.

mod common;

use common::media::{SourceSpec, decode_video, make_source};
use common::{assert_export_and_check_fail, reel, scratch_dir, stderr_lines};
use std::path::Path;

const FULL_FRAME_320: (f32, f32, f32, f32) = (0.0, 0.0, 320.0, 180.0);

/// Writes `name` holding an OpenScreen project of `screen` with the `editor` fields.
fn project(dir: &Path, name: &str, screen: &Path, editor: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    let text = format!(
        r#"{{"version": 2, "media": {{"screenVideoPath": {screen:?}}}, "editor": {{{editor}}}}}"#,
        screen = screen.display().to_string()
    );
    std::fs::write(&path, text).unwrap();
    path
}

/// One second cut (1–2 s), one played twice as fast (3–4 s), a zoom at depth 3 after
/// them, a crop of the whole picture, the canvas the recording's own shape and size with
/// no padding (so that its index blocks stay where they were), a wallpaper colour, and
/// an annotation Reel does not carry over yet.
const EDITOR: &str = r##"
    "trimRegions": [{"id": "trim-1", "startMs": 1000, "endMs": 2000}],
    "speedRegions": [{"id": "speed-1", "startMs": 3000, "endMs": 4000, "speed": 2}],
    "zoomRegions": [{"id": "zoom-1", "startMs": 4200, "endMs": 5000, "depth": 3,
                     "focus": {"cx": 0.25, "cy": 0.5}, "focusMode": "manual"}],
    "cropRegion": {"x": 0, "y": 0, "width": 1, "height": 1},
    "annotationRegions": [{"id": "annotation-1", "startMs": 0, "endMs": 500, "type": "text"}],
    "aspectRatio": "native",
    "exportQuality": "source",
    "padding": 0,
    "borderRadius": 0,
    "wallpaper": "#101820",
    "exportFormat": "mp4"
"##;

#[test]
fn an_openscreen_project_exports_its_cuts_speeds_and_zooms() {
    let dir = scratch_dir("projects-openscreen");
    let screen = dir.join("screen.mp4");
    make_source(&screen, &SourceSpec::h264(320, 180, 30, 150));
    let talk = project(&dir, "talk.openscreen", &screen, EDITOR);

    // The scene Reel makes of it.
    let printed = reel(&[talk.as_os_str(), "--print-scene".as_ref()]);
    assert!(printed.status.success(), "{:?}", stderr_lines(&printed));
    let scene = String::from_utf8_lossy(&printed.stdout);
    for part in [
        "(start: 0, end: 1)",
        "(start: 2, end: 3)",
        "(start: 3, end: 4, speed: 2)",
        "(start: 4, end: 5)",
        // OpenScreen is all the way in 0.5 s after the region's start (output 2.7 s),
        // moving in before and out after over 1.27 s.
        "(start: 1.931, end: 4.769, scale: 1.8, center: (80, 90), transition: 1.269, ease: EaseOut)",
        // OpenScreen's MP4s are 60 fps.
        "size: (320, 180), fps: 60",
        "inset: (padding: 0, corner_radius: 0)",
        "background: Color(\"#101820\")",
    ] {
        assert!(scene.contains(part), "{part:?} not in:\n{scene}");
    }
    // It names the settings it leaves out, each once.
    let warnings = stderr_lines(&printed);
    assert_eq!(
        warnings,
        [format!(
            "warning: {}: editor.annotationRegions: not supported by Reel yet; left out",
            talk.display()
        )],
    );

    // Exported with no output named: beside the project, with its name.
    let export = reel(&[talk.as_os_str(), "--quiet".as_ref()]);
    assert!(export.status.success(), "{:?}", stderr_lines(&export));
    let video = decode_video(&dir.join("talk.mp4"));
    // 1 s, 1 s, 1 s at 2x, 1 s, at 60 fps: each picture of the 30 fps recording twice,
    // but those played twice as fast.
    assert_eq!(video.frames.len(), 210);
    let shown = video.indices(FULL_FRAME_320);
    // Up to where the zoom starts moving in (1.931 s).
    for (frame, index) in shown.iter().enumerate().take(116) {
        let f = frame as u32;
        let expected = match frame {
            0..60 => f / 2,
            60..120 => 60 + (f - 60) / 2,
            _ => 90 + (f - 120),
        };
        assert_eq!(*index, Some(expected), "output frame {frame}");
    }
    // All the way in (from 3.2 s) the picture is magnified onto its left side: the index
    // row no longer reads as the frame's index.
    for (frame, index) in shown.iter().enumerate().skip(195) {
        let unzoomed = 120 + (frame as u32 - 150) / 2;
        assert_ne!(*index, Some(unzoomed), "output frame {frame} is not zoomed");
    }
}

#[test]
fn broken_projects_fail_naming_the_file_and_the_field() {
    let dir = scratch_dir("projects-broken");
    let screen = dir.join("screen.mp4");
    make_source(&screen, &SourceSpec::h264(320, 180, 30, 30));
    let output = dir.join("out.mp4");
    let cases: [(&str, String, &[&str]); 5] = [
        (
            "syntax.openscreen",
            "{\"version\": 2,\n  \"media\": {\"screenVideoPath\": }\n}".into(),
            &["syntax.openscreen:2:32: not a valid project: expected value"],
        ),
        (
            "version.openscreen",
            format!(
                r#"{{"version": 7, "media": {{"screenVideoPath": {:?}}}, "editor": {{}}}}"#,
                screen.display().to_string()
            ),
            &["version.openscreen: version: unsupported version 7"],
        ),
        (
            "missing.openscreen",
            r#"{"version": 2, "media": {"screenVideoPath": "/no/such/screen.mp4"}, "editor": {}}"#
                .into(),
            &["missing.openscreen: media.screenVideoPath: no such file: /no/such/screen.mp4"],
        ),
        (
            "region.openscreen",
            format!(
                r#"{{"version": 2, "media": {{"screenVideoPath": {:?}}}, "editor": {{"zoomRegions": [{{"id": "z", "startMs": 800, "endMs": 200, "depth": 2}}]}}}}"#,
                screen.display().to_string()
            ),
            &[
                "region.openscreen: editor.zoomRegions[0].endMs: invalid end 200 (expected after startMs 800)",
            ],
        ),
        (
            "speed.openscreen",
            format!(
                r#"{{"version": 2, "media": {{"screenVideoPath": {:?}}}, "editor": {{"speedRegions": [{{"id": "s", "startMs": 0, "endMs": 500, "speed": 40}}]}}}}"#,
                screen.display().to_string()
            ),
            &["editor.speedRegions[0].speed: invalid speed 40 (expected 0.1 to 16)"],
        ),
    ];
    for (name, text, expected) in cases {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let run = reel(&[path.as_os_str(), "--output".as_ref(), output.as_os_str()]);
        common::assert_fails_with(&run, expected);
        assert!(!output.exists());
    }
    // Under --confine, a recording outside the folder is refused before it is opened.
    let elsewhere = scratch_dir("projects-broken-confined");
    let talk = project(&dir, "talk.openscreen", &screen, "");
    let run = reel(&[
        talk.as_os_str(),
        "--confine".as_ref(),
        elsewhere.as_os_str(),
        "--check".as_ref(),
    ]);
    common::assert_fails_with(
        &run,
        &[
            "talk.openscreen: media.screenVideoPath:",
            "outside the confined folder",
        ],
    );
    // `--check` fails the same way.
    assert_export_and_check_fail(
        &dir.join("region.openscreen"),
        &["editor.zoomRegions[0].endMs"],
        &dir.join("region.mp4"),
    );
}

#[test]
fn the_webcam_and_a_gif_export_are_carried_over() {
    let dir = scratch_dir("projects-webcam");
    let screen = dir.join("screen.mp4");
    let camera = dir.join("camera.mp4");
    make_source(&screen, &SourceSpec::h264(320, 180, 30, 30));
    make_source(&camera, &SourceSpec::h264(160, 120, 30, 30));
    let path = dir.join("clip.openscreen");
    let text = format!(
        r#"{{"version": 2,
            "media": {{"screenVideoPath": {screen:?}, "webcamVideoPath": {camera:?}}},
            "editor": {{"webcamMaskShape": "circle", "webcamSizePreset": 25,
                        "webcamMirrored": true, "showTrimWaveform": true,
                        "webcamPosition": {{"cx": 0.8, "cy": 0.75}},
                        "webcamLayoutPreset": "dual-frame",
                        "exportFormat": "gif", "gifFrameRate": 20,
                        "wallpaper": "linear-gradient(to right, #4facfe 0%, #00f2fe 100%)",
                        "shadowIntensity": 0.5, "motionBlurAmount": 0.4}}}}"#,
        screen = screen.display().to_string(),
        camera = camera.display().to_string(),
    );
    std::fs::write(&path, text).unwrap();
    let printed = reel(&[path.as_os_str(), "--print-scene".as_ref()]);
    assert!(printed.status.success(), "{:?}", stderr_lines(&printed));
    let scene = String::from_utf8_lossy(&printed.stdout);
    for part in [
        // A 25 % webcam of √(960 × 540), as a share of the height.
        "shape: Circle, size: 0.333, mirror: true, position: At(x: 0.8, y: 0.75))",
        // A GIF by default, 540 lines, at its frame rate.
        "clip.gif\", size: (960, 540), fps: 20)",
        "background: LinearGradient(angle: 90, stops: [(\"#4facfe\", 0), (\"#00f2fe\", 1)])",
        "shadow: (offset: (0, 6), blur: 24, color: \"#000000\", opacity: 0.5)",
        "motion_blur: (shutter: 0.4, samples: 8)",
        // OpenScreen's default padding, 50: the recording in 80 % of the canvas.
        "inset: (padding: 0.1, corner_radius: 0)",
    ] {
        assert!(scene.contains(part), "{part:?} not in:\n{scene}");
    }
    let warnings = stderr_lines(&printed);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("editor.webcamLayoutPreset: \"dual-frame\" is not carried over"));
    // And it exports.
    let export = reel(&[path.as_os_str(), "--quiet".as_ref()]);
    assert!(export.status.success(), "{:?}", stderr_lines(&export));
    assert!(dir.join("clip.gif").is_file());
}
