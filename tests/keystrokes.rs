//! The keystroke overlay through the real pipeline: pills drawn over a flat grey screen
//! recording in exactly the frames their keys and linger cover, by each renderer, with
//! the key track's times on the recording's clock through a trim; typing hidden on
//! request; `--check`'s account; and the errors a broken key track gives.

mod common;

use common::media::{DecodedVideo, decode_video, lavfi_source};
use common::{assert_export_and_check_fail, reel, scratch_dir, write_scene};
use reel::render::RendererChoice;
use reel::{ReelPlugins, Scene, export_app, run_export};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The folder of the shared recording: `grey.mp4`, 640x360 at 30 fps, 2 s.
fn sources() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = scratch_dir("keystroke-sources");
        lavfi_source(
            &dir.join("grey.mp4"),
            "color=c=0x808080:s=640x360:r=30:d=2",
            None,
        );
        dir
    })
}

/// Exports the grey screen losslessly with `renderer`, its key track `keys` and the
/// scene's other fields `fields`, and reads every frame back.
fn export(name: &str, renderer: RendererChoice, keys: &str, fields: &str) -> DecodedVideo {
    let dir = sources();
    std::fs::write(dir.join(format!("{name}.jsonl")), keys).unwrap();
    let out = format!("{name}.mp4");
    let text = format!(
        r#"(source: (path: "grey.mp4", trim: (start: 0.5)), output: (path: "{out}", crf: 0, preset: "ultrafast"), {fields})"#
    );
    let scene = write_scene(dir, &format!("{name}.ron"), &text.replace("KEYS", name));
    let scene = Scene::load(&scene).unwrap_or_else(|e| panic!("{e}"));
    let mut plugins = ReelPlugins::with_workers(2);
    plugins.renderer = renderer;
    let mut app = export_app(plugins);
    run_export(&mut app, scene).unwrap_or_else(|e| panic!("{name}: export failed: {e}"));
    decode_video(&dir.join(out))
}

/// Keys on the recording's clock: one in the trimmed first half second (never shown),
/// Ctrl C at 0.8 s (output 0.3 s), Enter at 1.5 s (output 1.0 s).
const KEYS: &str = "{\"t\": 0.3, \"key\": \"x\", \"modifiers\": [\"ctrl\"]}\n\
                    {\"t\": 0.8, \"key\": \"c\", \"modifiers\": [\"ctrl\"]}\n\
                    {\"t\": 0.85, \"key\": \"c\", \"action\": \"up\"}\n\
                    {\"t\": 1.5, \"key\": \"enter\"}\n";

/// Each pill shows near the bottom in exactly the frames from its key to its linger's
/// end, and nothing is drawn anywhere else or at any other time.
fn pills_show_only_while_they_linger(renderer: RendererChoice, name: &str) {
    let video = export(
        name,
        renderer,
        KEYS,
        r#"keystrokes: (path: "KEYS.jsonl", linger: 0.5, fade: 0)"#,
    );
    assert_eq!(video.frames.len(), 45, "{name}");
    let pill = |n: usize| video.changed(n, 220..420, 290..345);
    for n in 0..video.frames.len() {
        let time = n as f64 / 30.0 + 1e-9;
        let shown = (0.3..0.8).contains(&time) || (1.0..1.5).contains(&time);
        let count = pill(n);
        if shown {
            assert!(count > 200, "{name}: frame {n} shows no pill ({count})");
        } else {
            assert_eq!(count, 0, "{name}: frame {n} shows a pill");
        }
        assert_eq!(video.changed(n, 0..640, 0..280), 0, "{name}: frame {n}");
    }
    // The pill's box is darker than the screen (black at 70 %) and its letters light.
    let luma: Vec<u8> = (220..420).map(|x| video.sample(15, x, 318)[0]).collect();
    assert!(luma.iter().any(|&y| y < 100), "{name}: no dark box");
    assert!(luma.iter().any(|&y| y > 150), "{name}: no light letters");
}

#[test]
fn the_cpu_renderer_shows_pills_only_while_they_linger() {
    pills_show_only_while_they_linger(RendererChoice::Cpu, "pills-cpu");
}

#[test]
fn the_gpu_renderer_shows_pills_only_while_they_linger() {
    pills_show_only_while_they_linger(RendererChoice::Gpu, "pills-gpu");
}

#[test]
fn hidden_typing_burns_in_no_letter_but_shows_shortcuts() {
    // A password typed from output 0.2 s, then Enter at 1.0 s, on the output's clock.
    let keys: String = "secret"
        .chars()
        .enumerate()
        .map(|(i, c)| format!("{{\"t\": {}, \"key\": \"{c}\"}}\n", 0.2 + i as f64 * 0.05))
        .collect::<String>()
        + "{\"t\": 1.0, \"key\": \"enter\"}\n";
    let video = export(
        "hidden",
        RendererChoice::Cpu,
        &keys,
        r#"keystrokes: (path: "KEYS.jsonl", time: Output, typing: Hidden, linger: 0.5, fade: 0)"#,
    );
    for n in 0..30 {
        assert_eq!(
            video.changed(n, 0..640, 0..360),
            0,
            "frame {n} shows typing"
        );
    }
    assert!(video.changed(33, 220..420, 290..345) > 100, "no Enter");
}

#[test]
fn typing_shows_the_word_as_it_grows() {
    // "abcdefgh" typed from output 0.1 s, a key every 0.1 s: the pill widens.
    let keys: String = "abcdefgh"
        .chars()
        .enumerate()
        .map(|(i, c)| format!("{{\"t\": {}, \"key\": \"{c}\"}}\n", 0.1 + i as f64 * 0.1))
        .collect();
    let video = export(
        "typing",
        RendererChoice::Cpu,
        &keys,
        r#"keystrokes: (path: "KEYS.jsonl", time: Output, fade: 0)"#,
    );
    let width = |n: usize| {
        let row: Vec<usize> = (0..640)
            .filter(|&x| video.sample(n, x, 318)[0] < 100)
            .collect();
        row.last().map_or(0, |last| last - row[0])
    };
    let (one, four, eight) = (width(4), width(13), width(25));
    assert!(
        one > 0 && one < four && four < eight,
        "{one} {four} {eight}"
    );
}

/// Writes a scene over the grey screen whose keystrokes are `keystrokes`, its key track
/// `keys.jsonl` holding `keys`, and asserts the export and `--check` fail with one
/// error line holding each of `expected`, leaving no output.
fn fails_with(name: &str, keys: &str, keystrokes: &str, expected: &[&str]) {
    let dir = scratch_dir(&format!("keystroke-error-{name}"));
    std::fs::copy(sources().join("grey.mp4"), dir.join("grey.mp4")).unwrap();
    std::fs::write(dir.join("keys.jsonl"), keys).unwrap();
    let scene = write_scene(
        &dir,
        &format!("{name}.ron"),
        &format!(
            "(\n  source: (path: \"grey.mp4\"),\n  output: (path: \"out.mp4\"),\n  keystrokes: {keystrokes},\n)\n"
        ),
    );
    assert_export_and_check_fail(&scene, expected, &dir.join("out.mp4"));
}

#[test]
fn a_broken_key_track_is_one_error_naming_the_line() {
    let ok = "{\"t\": 0.5, \"key\": \"a\"}\n";
    let settings = "(path: \"keys.jsonl\")";
    fails_with(
        "field",
        &format!("{ok}{{\"t\": 1, \"kye\": \"a\"}}\n"),
        settings,
        &["keys.jsonl:2:", "unknown field `kye`"],
    );
    fails_with(
        "name",
        &format!("{ok}{ok}{{\"t\": 1, \"key\": \"escc\"}}\n"),
        settings,
        &["keys.jsonl:3:10:", "unknown key \"escc\""],
    );
    fails_with(
        "backwards",
        &format!("{{\"t\": 1, \"key\": \"a\"}}\n{ok}"),
        settings,
        &["keys.jsonl:2:2:", "backwards"],
    );
    fails_with(
        "junk",
        "\u{0}\u{1}binary\u{ff}",
        settings,
        &["keys.jsonl:1:", "not a key event"],
    );
    fails_with(
        "missing",
        ok,
        "(path: \"nowhere.jsonl\")",
        &["missing.ron:4:", "keystrokes.path", "file not found"],
    );
    fails_with(
        "max",
        ok,
        "(path: \"keys.jsonl\", max: 0)",
        &["max.ron:4:", "keystrokes.max", "invalid max 0"],
    );
    fails_with(
        "font",
        ok,
        "(path: \"keys.jsonl\", font: Family(\"No Such Family\"))",
        &["font.ron:4:", "keystrokes.font", "No Such Family"],
    );
    fails_with(
        "labels",
        ok,
        "(path: \"keys.jsonl\", labels: Linux)",
        &["labels.ron:4:", "Linux"],
    );
}

#[test]
fn check_describes_the_keystrokes() {
    let dir = scratch_dir("keystroke-check");
    std::fs::copy(sources().join("grey.mp4"), dir.join("grey.mp4")).unwrap();
    std::fs::write(dir.join("keys.jsonl"), KEYS).unwrap();
    let scene = write_scene(
        &dir,
        "scene.ron",
        "(source: (path: \"grey.mp4\", trim: (start: 0.5)), output: (path: \"out.mp4\"), keystrokes: (path: \"keys.jsonl\", labels: Mac))",
    );
    let output = reel(&[scene.as_os_str(), "--check".as_ref()]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{:?}",
        common::stderr_lines(&output)
    );
    assert!(
        stdout.contains(
            "keys.jsonl (2 key presses in 2 pills, 0.30 to 2.20 s of the output, times of the recording), set in"
        ),
        "{stdout}"
    );
    let output = reel(&[scene.as_os_str(), "--check".as_ref(), "--json".as_ref()]);
    let events = common::json_lines(&output.stdout);
    let plan = events.iter().find(|e| e["event"] == "plan").unwrap();
    assert_eq!(plan["keystrokes"]["presses"], 2);
    assert_eq!(plan["keystrokes"]["pills"], 2);
    assert_eq!(plan["keystrokes"]["time"], "recording");
}

#[test]
fn an_empty_key_track_is_a_warning() {
    let dir = scratch_dir("keystroke-empty");
    std::fs::copy(sources().join("grey.mp4"), dir.join("grey.mp4")).unwrap();
    std::fs::write(dir.join("keys.jsonl"), "\n").unwrap();
    let scene = write_scene(
        &dir,
        "scene.ron",
        "(source: (path: \"grey.mp4\"), output: (path: \"out.mp4\"), keystrokes: (path: \"keys.jsonl\"))",
    );
    let output = reel(&[scene.as_os_str(), "--check".as_ref()]);
    let lines = common::stderr_lines(&output);
    assert!(output.status.success(), "{lines:#?}");
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(
        lines[0].starts_with("warning: ") && lines[0].contains("holds no key presses"),
        "{lines:#?}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("(0 key presses in 0 pills, none shown"),
        "{stdout}"
    );
}
