//! Annotations through the real pipeline: each kind drawn over a flat grey screen
//! recording only inside its window, by each renderer, read back from every frame; a
//! spotlight that darkens outside its rectangle only; annotations in the recording's
//! pixels following a zoom and cut to the recording; and the errors a broken
//! annotation gives.

mod common;

use common::media::{DecodedVideo, decode_video, lavfi_source};
use common::{assert_export_and_check_fail, reel, scratch_dir, write_scene};
use reel::render::RendererChoice;
use reel::{ReelPlugins, Scene, export_app, run_export};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The folder of the shared recording: `grey.mp4`, 640x360 at 30 fps, 2 s; and the
/// sticker `sticker.png`.
fn sources() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = scratch_dir("annotation-sources");
        lavfi_source(
            &dir.join("grey.mp4"),
            "color=c=0x808080:s=640x360:r=30:d=2",
            None,
        );
        let sticker = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenes/sticker.png");
        std::fs::copy(sticker, dir.join("sticker.png")).unwrap();
        dir
    })
}

/// Exports the grey screen losslessly with `renderer`, the scene's other fields being
/// `fields` (annotations, zooms, a look), and reads every frame back.
fn export(name: &str, renderer: RendererChoice, fields: &str) -> DecodedVideo {
    let dir = sources();
    let out = format!("{name}.mp4");
    let text = format!(
        r#"(source: (path: "grey.mp4"), output: (path: "{out}", crf: 0, preset: "ultrafast"), {fields})"#
    );
    let scene = write_scene(dir, &format!("{name}.ron"), &text);
    let scene = Scene::load(&scene).unwrap_or_else(|e| panic!("{e}"));
    let mut plugins = ReelPlugins::with_workers(2);
    plugins.renderer = renderer;
    let mut app = export_app(plugins);
    run_export(&mut app, scene).unwrap_or_else(|e| panic!("{name}: export failed: {e}"));
    decode_video(&dir.join(out))
}

/// One annotation of the window scene: its name, its window in seconds, and the
/// region of the 640x360 frame it is drawn in.
struct Expect {
    kind: &'static str,
    window: (f64, f64),
    columns: Range<usize>,
    rows: Range<usize>,
}

/// Each kind in its own corner of the frame and its own window, with no fade.
const KINDS: &str = r##"annotations: [
    Text(text: "Label", start: 0.2, end: 0.6, fade: 0, at: (0.25, 0.2), size: 60),
    Arrow(start: 0.4, end: 0.8, fade: 0, from: (0.6, 0.1), to: (0.9, 0.35), width: 12),
    Box(start: 0.6, end: 1.0, fade: 0, rect: (x: 0.05, y: 0.6, width: 0.3, height: 0.3), color: "#2040ff", fill: Some("#2040ff")),
    Ellipse(start: 0.8, end: 1.2, fade: 0, rect: (x: 0.6, y: 0.6, width: 0.3, height: 0.3), color: "#20d040", width: 10),
    Image(path: "sticker.png", start: 1.0, end: 1.4, fade: 0, at: (0.5, 0.75), width: 80),
]"##;

fn kinds() -> [Expect; 5] {
    [
        Expect {
            kind: "text",
            window: (0.2, 0.6),
            columns: 40..280,
            rows: 20..130,
        },
        Expect {
            kind: "arrow",
            window: (0.4, 0.8),
            columns: 370..590,
            rows: 20..140,
        },
        Expect {
            kind: "box",
            window: (0.6, 1.0),
            columns: 32..224,
            rows: 216..324,
        },
        Expect {
            kind: "ellipse",
            window: (0.8, 1.2),
            columns: 384..576,
            rows: 216..324,
        },
        Expect {
            kind: "image",
            window: (1.0, 1.4),
            columns: 280..360,
            rows: 230..310,
        },
    ]
}

/// Every kind shows in its region in exactly the frames inside its window, and nothing
/// of any shows elsewhere.
fn each_kind_shows_only_inside_its_window(renderer: RendererChoice, name: &str) {
    let video = export(name, renderer, KINDS);
    assert_eq!(video.frames.len(), 60);
    let kinds = kinds();
    for n in 0..video.frames.len() {
        let time = n as f64 / 30.0 + 1e-9;
        for k in &kinds {
            let count = video.changed(n, k.columns.clone(), k.rows.clone());
            if (k.window.0..k.window.1).contains(&time) {
                assert!(
                    count > 300,
                    "{name}: frame {n} shows no {} ({count})",
                    k.kind
                );
            } else {
                assert_eq!(count, 0, "{name}: frame {n} shows the {}", k.kind);
            }
        }
        // The middle band between the regions is never drawn on.
        assert_eq!(video.changed(n, 0..640, 160..200), 0, "{name}: frame {n}");
    }
    // The filled box is blue inside: high Cb.
    let blue = video.sample(24, 128, 270);
    assert!(blue[1] > 200, "{name}: the box is {blue:?}");
    // The ellipse is an outline: its middle is the grey screen.
    assert_eq!(video.changed(30, 460..500, 255..285), 0, "{name}");
}

#[test]
fn the_cpu_renderer_shows_each_kind_only_inside_its_window() {
    each_kind_shows_only_inside_its_window(RendererChoice::Cpu, "kinds-cpu");
}

#[test]
fn the_gpu_renderer_shows_each_kind_only_inside_its_window() {
    each_kind_shows_only_inside_its_window(RendererChoice::Gpu, "kinds-gpu");
}

/// A spotlight on the middle of the frame from 0.5 to 1.5 s halves the light outside
/// its rectangle and leaves the inside as it is.
fn a_spotlight_darkens_outside_only(renderer: RendererChoice, name: &str) {
    let video = export(
        name,
        renderer,
        "annotations: [Spotlight(start: 0.5, end: 1.5, fade: 0, rect: (x: 0.25, y: 0.25, width: 0.5, height: 0.5), dim: 0.5)]",
    );
    let luma = |n: usize, x: usize, y: usize| video.sample(n, x, y)[0];
    let grey = luma(0, 320, 180);
    for n in [0, 14, 15, 30, 44, 45, 59] {
        let lit = (15..45).contains(&n);
        // Inside the rectangle: the grey screen, always.
        for (x, y) in [(320, 180), (170, 100), (470, 260)] {
            assert!(
                luma(n, x, y).abs_diff(grey) <= 2,
                "{name}: frame {n} at ({x}, {y}): {} against {grey}",
                luma(n, x, y)
            );
        }
        // Outside: darker while the spotlight shows, the grey screen otherwise.
        for (x, y) in [(20, 20), (620, 180), (320, 340), (150, 80)] {
            let value = luma(n, x, y);
            if lit {
                assert!(
                    value + 25 < grey,
                    "{name}: frame {n} at ({x}, {y}) is not dimmed: {value} against {grey}"
                );
            } else {
                assert!(value.abs_diff(grey) <= 2, "{name}: frame {n}: {value}");
            }
        }
    }
}

#[test]
fn the_cpu_renderer_darkens_outside_a_spotlight_only() {
    a_spotlight_darkens_outside_only(RendererChoice::Cpu, "spotlight-cpu");
}

#[test]
fn the_gpu_renderer_darkens_outside_a_spotlight_only() {
    a_spotlight_darkens_outside_only(RendererChoice::Gpu, "spotlight-gpu");
}

#[test]
fn an_annotation_in_source_pixels_follows_a_zoom() {
    // A filled box over source pixels 320..480 × 90..270. Unzoomed it covers those
    // output pixels; zoomed 2× on (320, 180) the view is 160..480 × 90..270, so it
    // covers the right half of the frame from top to bottom.
    let video = export(
        "follow",
        RendererChoice::Cpu,
        r##"zooms: [(start: 1.0, end: 2.0, scale: 2.0, center: (320, 180), transition: 0.2)],
        annotations: [Box(start: 0, end: 2, fade: 0, space: Source, rect: (x: 320, y: 90, width: 160, height: 180), color: "#2040ff", fill: Some("#2040ff"))]"##,
    );
    let blue = |n: usize, x: usize, y: usize| video.sample(n, x, y)[1] > 200;
    // Unzoomed (frame 15).
    assert!(blue(15, 400, 180));
    assert!(!blue(15, 600, 180) && !blue(15, 400, 30) && !blue(15, 300, 180));
    // Zoomed (frame 45).
    assert!(blue(45, 600, 20) && blue(45, 340, 340) && blue(45, 630, 350));
    assert!(!blue(45, 300, 180) && !blue(45, 20, 20));
}

#[test]
fn an_annotation_in_source_pixels_is_cut_to_the_recording() {
    // The box reaches past the recording's right edge (source x 480 to 800 of 640);
    // inset, the part beyond the recording is not drawn over the background.
    let video = export(
        "cut",
        RendererChoice::Cpu,
        r##"background: Color("#000000"), inset: (padding: 0.2, corner_radius: 0),
        annotations: [Box(start: 1, end: 2, fade: 0, space: Source, rect: (x: 480, y: 120, width: 320, height: 120), color: "#2040ff", fill: Some("#2040ff"))]"##,
    );
    // The recording's extent along row 180, from a frame without the box.
    let row: Vec<bool> = (0..640).map(|x| video.sample(0, x, 180)[0] > 60).collect();
    let left = row.iter().position(|&r| r).unwrap();
    let right = row.iter().rposition(|&r| r).unwrap();
    assert!(right < 600, "the recording reaches {right}");
    let blue: Vec<usize> = (0..640)
        .filter(|&x| video.sample(45, x, 180)[1] > 200)
        .collect();
    assert!(!blue.is_empty(), "no box");
    assert!(
        *blue.first().unwrap() > left + (right - left) * 2 / 3,
        "the box starts at {}",
        blue[0]
    );
    assert!(
        *blue.last().unwrap() <= right + 1,
        "the box reaches {} past the recording's edge {right}",
        blue.last().unwrap()
    );
    for x in right + 3..640 {
        assert!(video.sample(45, x, 180)[0] < 30, "column {x} is drawn on");
    }
}

/// Writes `annotations` into a scene over the grey screen (with `junk.png`, text, and
/// the sticker beside it), and asserts the export and `--check` fail with one error
/// line holding each of `expected`, leaving no output.
fn fails_with(name: &str, annotations: &str, expected: &[&str]) {
    let dir = scratch_dir(&format!("annotation-error-{name}"));
    std::fs::copy(sources().join("grey.mp4"), dir.join("grey.mp4")).unwrap();
    std::fs::copy(sources().join("sticker.png"), dir.join("sticker.png")).unwrap();
    std::fs::write(dir.join("junk.png"), "not a picture").unwrap();
    let scene = write_scene(
        &dir,
        &format!("{name}.ron"),
        &format!(
            "(\n  source: (path: \"grey.mp4\"),\n  output: (path: \"out.mp4\"),\n  annotations: [\n{annotations}\n  ],\n)\n"
        ),
    );
    assert_export_and_check_fail(&scene, expected, &dir.join("out.mp4"));
}

#[test]
fn a_broken_annotation_is_one_error_naming_it() {
    fails_with(
        "image",
        "    Text(text: \"hi\", start: 0, end: 1, at: (0.5, 0.5)),\n    Image(path: \"junk.png\", start: 0, end: 1, at: (0.5, 0.5)),",
        &[
            "image.ron:6:17:",
            "annotations[1].path",
            "junk.png",
            "not a PNG",
        ],
    );
    fails_with(
        "missing",
        "    Image(path: \"nowhere.png\", start: 0, end: 1, at: (0.5, 0.5)),",
        &["missing.ron:5:", "annotations[0].path", "file not found"],
    );
    fails_with(
        "times",
        "    Box(start: 0, end: 1, rect: (x: 0.1, y: 0.1, width: 0.2, height: 0.2)),\n    Arrow(start: 2, end: 1, from: (0.1, 0.1), to: (0.2, 0.2)),",
        &["times.ron:6:", "annotations[1]", "invalid end 1"],
    );
    fails_with(
        "kind",
        "    Circle(start: 0, end: 1),",
        &["kind.ron:5:", "Circle"],
    );
    fails_with(
        "field",
        "    Text(text: \"hi\", start: 0, end: 1, at: (0.5, 0.5), colour: \"#ffffff\"),",
        &["field.ron:5:", "colour"],
    );
    fails_with(
        "fraction",
        "    Text(text: \"hi\", start: 0, end: 1, at: (40, 0.5)),",
        &["fraction.ron:5:", "annotations[0]", "at"],
    );
    fails_with(
        "spotlights",
        "    Spotlight(start: 0, end: 2, rect: (x: 0.1, y: 0.1, width: 0.2, height: 0.2)),\n    Spotlight(start: 1, end: 3, rect: (x: 0.5, y: 0.5, width: 0.2, height: 0.2)),",
        &["spotlights.ron:6:", "annotations[1]"],
    );
}

#[test]
fn texts_in_other_scripts_render() {
    // Arabic, Chinese, Japanese, Hebrew and emoji on one still; whatever fonts the
    // machine has, they render without a panic and draw something.
    let dir = sources();
    let scene = write_scene(
        dir,
        "scripts.ron",
        r#"(source: (path: "grey.mp4"), output: (path: "scripts.mp4"), annotations: [
            Text(text: "مرحبا بالعالم", start: 0, end: 2, at: (0.5, 0.2)),
            Text(text: "你好，世界 こんにちは", start: 0, end: 2, at: (0.5, 0.45)),
            Text(text: "שלום 👋🎬 ok", start: 0, end: 2, at: (0.5, 0.7)),
        ])"#,
    );
    let png = dir.join("scripts.png");
    let output = reel(&[
        scene.as_os_str(),
        "--frame".as_ref(),
        "1".as_ref(),
        "--png".as_ref(),
        png.as_os_str(),
        "--renderer".as_ref(),
        "cpu".as_ref(),
    ]);
    assert!(
        output.status.success(),
        "{:?}",
        common::stderr_lines(&output)
    );
    assert!(png.metadata().unwrap().len() > 1000);
}

#[test]
fn check_counts_the_annotations_and_warns_of_one_never_shown() {
    let dir = scratch_dir("annotation-check");
    std::fs::copy(sources().join("grey.mp4"), dir.join("grey.mp4")).unwrap();
    let scene = write_scene(
        &dir,
        "scene.ron",
        "(\n  source: (path: \"grey.mp4\"),\n  output: (path: \"out.mp4\"),\n  annotations: [\n    Text(text: \"a\", start: 0.5, end: 1, at: (0.5, 0.5)),\n    Box(start: 1, end: 1.5, rect: (x: 0.1, y: 0.1, width: 0.2, height: 0.2)),\n    Box(start: 3, end: 4, rect: (x: 0.1, y: 0.1, width: 0.2, height: 0.2)),\n  ],\n)\n",
    );
    let output = reel(&[scene.as_os_str(), "--check".as_ref()]);
    let lines = common::stderr_lines(&output);
    assert!(output.status.success(), "{lines:#?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("annotations: 3 (2 Box, 1 Text), 0.50 to 4.00 s"),
        "{stdout}"
    );
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(lines[0].starts_with("warning: "), "{lines:#?}");
    assert!(
        lines[0].ends_with(
            "scene.ron:7:5: annotations[2]: starts at 3 s, after the export ends at 2.000 s: it is never shown"
        ),
        "{lines:#?}"
    );
    let output = reel(&[scene.as_os_str(), "--check".as_ref(), "--json".as_ref()]);
    let events = common::json_lines(&output.stdout);
    let plan = events.iter().find(|e| e["event"] == "plan").unwrap();
    assert_eq!(plan["annotations"]["count"], 3);
    assert_eq!(plan["annotations"]["kinds"]["Box"], 2);
}
