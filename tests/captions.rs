//! Captions through the real pipeline: a caption file burned into a flat grey screen
//! recording, exported losslessly by each renderer and read back from every frame; and
//! the errors a broken caption file or font gives.

mod common;

use common::media::{DecodedVideo, decode_video, lavfi_source};
use common::{assert_fails_with, reel, scratch_dir, write_scene};
use reel::render::RendererChoice;
use reel::{ReelPlugins, Scene, export_app, run_export};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The folder of the shared recording: `grey.mp4`, 640x360 at 30 fps, 2 s.
fn sources() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = scratch_dir("caption-sources");
        lavfi_source(
            &dir.join("grey.mp4"),
            "color=c=0x808080:s=640x360:r=30:d=2",
            None,
        );
        dir
    })
}

/// Exports the grey screen (with the fields `source` adds to the scene's `source`)
/// with `captions` (the fields of the scene's `captions`) and a caption file
/// `name.srt` holding `srt`, losslessly, with `renderer`.
fn export(
    name: &str,
    renderer: RendererChoice,
    srt: &str,
    (source, captions): (&str, &str),
) -> DecodedVideo {
    let dir = sources();
    std::fs::write(dir.join(format!("{name}.srt")), srt).unwrap();
    let out = format!("{name}.mp4");
    let text = format!(
        r#"(source: (path: "grey.mp4"{source}), output: (path: "{out}", crf: 0, preset: "ultrafast"), captions: (path: "{name}.srt"{captions}))"#
    );
    let scene = write_scene(dir, &format!("{name}.ron"), &text);
    let scene = Scene::load(&scene).unwrap_or_else(|e| panic!("{e}"));
    let mut plugins = ReelPlugins::with_workers(2);
    plugins.renderer = renderer;
    let mut app = export_app(plugins);
    run_export(&mut app, scene).unwrap_or_else(|e| panic!("{name}: export failed: {e}"));
    decode_video(&dir.join(out))
}

/// Of the luma in rows `rows` of frame `n`: how many pixels are darker than the grey
/// (the box), and how many are near white (the letters).
fn box_and_letters(video: &DecodedVideo, n: usize, rows: std::ops::Range<usize>) -> (usize, usize) {
    let (mut dark, mut white) = (0, 0);
    for y in rows {
        for x in 0..video.width as usize {
            let luma = video.sample(n, x, y)[0];
            if luma < 100 {
                dark += 1;
            }
            if luma > 200 {
                white += 1;
            }
        }
    }
    (dark, white)
}

const ONE_CUE: &str = "1\n00:00:00,500 --> 00:00:01,500\nSave your work\n";

/// A cue from 0.5 to 1.5 s shows its box and its letters in exactly the frames inside
/// that window, and nothing of it elsewhere.
fn a_cue_shows_only_inside_its_window(renderer: RendererChoice, name: &str) {
    let video = export(
        name,
        renderer,
        ONE_CUE,
        ("", ", fade: 0, margin: 20, size: 0.06"),
    );
    assert_eq!(video.frames.len(), 60);
    // The box: 20 pixels above the bottom, about 1.85 × 0.06 × 360 = 40 rows tall.
    let rows = 290..340;
    for n in 0..video.frames.len() {
        let time = n as f64 / 30.0;
        let (dark, white) = box_and_letters(&video, n, rows.clone());
        if (0.5..1.5).contains(&(time + 1e-9)) {
            assert!(
                dark > 4000,
                "{name}: frame {n} shows no box ({dark} dark pixels)"
            );
            assert!(
                white > 200,
                "{name}: frame {n} shows no letters ({white} white)"
            );
        } else {
            assert_eq!((dark, white), (0, 0), "{name}: frame {n} shows the cue");
        }
    }
    // Above the captions the frame is the grey screen throughout.
    assert_eq!(box_and_letters(&video, 30, 0..280), (0, 0));
}

#[test]
fn the_cpu_renderer_shows_a_cue_only_inside_its_window() {
    a_cue_shows_only_inside_its_window(RendererChoice::Cpu, "window-cpu");
}

#[test]
fn the_gpu_renderer_shows_a_cue_only_inside_its_window() {
    a_cue_shows_only_inside_its_window(RendererChoice::Gpu, "window-gpu");
}

#[test]
fn source_timed_cues_follow_the_trim() {
    // The cue is at source seconds 0.5 to 1.5; the export starts at source second 0.5,
    // so it shows from output second 0 to 1.
    let video = export(
        "source-time",
        RendererChoice::Cpu,
        ONE_CUE,
        (
            ", trim: (start: 0.5)",
            ", fade: 0, margin: 20, size: 0.06, time: Source",
        ),
    );
    assert_eq!(video.frames.len(), 45);
    for n in [0, 15, 29, 30, 40] {
        let (dark, _) = box_and_letters(&video, n, 290..340);
        assert_eq!(dark > 4000, n < 30, "frame {n}: {dark} dark pixels");
    }
}

#[test]
fn a_cue_fades_in() {
    let video = export(
        "fade",
        RendererChoice::Cpu,
        ONE_CUE,
        ("", ", fade: 0.3, margin: 20, size: 0.06"),
    );
    // The box's darkest luma falls as the cue fades in over 0.3 s (frames 15 to 24).
    let darkest = |n: usize| {
        (0..video.width as usize)
            .map(|x| video.sample(n, x, 330)[0])
            .min()
            .unwrap()
    };
    let (start, middle, full) = (darkest(15), darkest(19), darkest(25));
    assert!(start > middle && middle > full, "{start} {middle} {full}");
}

/// Writes `file` (bytes) beside a scene captioning the grey screen with it, runs the
/// export, and asserts it fails with one error line holding each of `expected`, leaving
/// no output.
fn fails_with(file: &str, bytes: &[u8], expected: &[&str]) {
    let dir = scratch_dir(&format!("caption-error-{file}"));
    std::fs::copy(sources().join("grey.mp4"), dir.join("grey.mp4")).unwrap();
    std::fs::write(dir.join(file), bytes).unwrap();
    let scene = write_scene(
        &dir,
        "scene.ron",
        &format!(
            r#"(source: (path: "grey.mp4"), output: (path: "out.mp4"), captions: (path: "{file}"))"#
        ),
    );
    let output = reel(&[scene.as_os_str()]);
    assert_fails_with(&output, expected);
    assert!(!dir.join("out.mp4").exists());
    let output = reel(&[scene.as_os_str(), "--check".as_ref()]);
    assert_fails_with(&output, expected);
}

#[test]
fn a_malformed_caption_file_is_one_error_naming_its_line() {
    fails_with(
        "time.srt",
        b"1\n00:00:01,000 --> 00:00:02,000\nfine\n\n2\n00:00:03,000 --> 00:00:0x,000\nbad\n",
        &["time.srt:6", "invalid timing", "00:00:0x,000"],
    );
    fails_with(
        "arrow.srt",
        b"1\n00:00:01,000 -> 00:00:02,000\nno arrow\n",
        &["arrow.srt:1", "invalid timing"],
    );
    fails_with(
        "backwards.srt",
        b"1\n00:00:03,000 --> 00:00:02,000\nback\n",
        &["backwards.srt:2", "before it starts"],
    );
    fails_with("empty.srt", b"\n\n", &["empty.srt", "no cues"]);
    fails_with(
        "junk.srt",
        &[0x00, 0xff, 0xfe, 0x12, 0x80, 0x81, b'\n', 0xc3],
        &["junk.srt:1", "not UTF-8"],
    );
    fails_with(
        "words.json",
        b"{\n  \"segments\": [\n    {\"start\": 1.0, \"end\": }\n  ]\n}\n",
        &["words.json:3", "not a transcript"],
    );
    fails_with(
        "header.vtt",
        b"00:01.000 --> 00:02.000\nno header\n",
        &["header.vtt:1", "WEBVTT"],
    );
}

#[test]
fn a_missing_font_family_is_one_error_naming_the_field() {
    let dir = scratch_dir("caption-font");
    std::fs::copy(sources().join("grey.mp4"), dir.join("grey.mp4")).unwrap();
    std::fs::write(dir.join("a.srt"), ONE_CUE).unwrap();
    std::fs::write(dir.join("not-a-font.ttf"), "plain text").unwrap();
    let scene = write_scene(
        &dir,
        "family.ron",
        r#"(source: (path: "grey.mp4"), output: (path: "out.mp4"), captions: (path: "a.srt", font: Family("No Such Family")))"#,
    );
    let output = reel(&[scene.as_os_str()]);
    assert_fails_with(&output, &["family.ron", "captions.font", "No Such Family"]);
    let scene = write_scene(
        &dir,
        "file.ron",
        r#"(source: (path: "grey.mp4"), output: (path: "out.mp4"), captions: (path: "a.srt", font: File("not-a-font.ttf")))"#,
    );
    let output = reel(&[scene.as_os_str()]);
    assert_fails_with(&output, &["not-a-font.ttf", "not a font file"]);
    assert!(!dir.join("out.mp4").exists());
}

#[test]
fn overlapping_cues_are_a_warning_and_are_both_shown() {
    let dir = scratch_dir("caption-overlap");
    std::fs::copy(sources().join("grey.mp4"), dir.join("grey.mp4")).unwrap();
    std::fs::write(
        dir.join("a.srt"),
        "1\n00:00:00,200 --> 00:00:01,500\nfirst\n\n2\n00:00:01,000 --> 00:00:01,800\nsecond\n",
    )
    .unwrap();
    let scene = write_scene(
        &dir,
        "scene.ron",
        r#"(source: (path: "grey.mp4"), output: (path: "out.mp4"), captions: (path: "a.srt"))"#,
    );
    let output = reel(&[scene.as_os_str(), "--check".as_ref()]);
    assert!(
        output.status.success(),
        "{:?}",
        common::stderr_lines(&output)
    );
    let lines = common::stderr_lines(&output);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("a.srt") && l.contains("line 6") && l.contains("overlaps")),
        "{lines:#?}"
    );
}

/// A small deterministic generator for the parser's fuzzing.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn the_caption_parser_survives_mangled_files() {
    let seeds: [&[u8]; 3] = [
        ONE_CUE.as_bytes(),
        b"WEBVTT\n\nNOTE x\n\nid\n00:01.000 --> 00:02.000 align:start\n<v A>Hi &amp; <00:01.500>bye</v>\n",
        b"1\r\n00:00:01,000 --> 00:00:02,000\r\n{\\an8}<i>top</i>\r\n\r\n",
    ];
    let mut rng = Lcg(7);
    let alphabet = b"0123456789:,.-> \n\r<>{}\\&;WEBVTT\xff\xc3\x80";
    for round in 0..20_000 {
        let mut bytes = seeds[round % seeds.len()].to_vec();
        for _ in 0..(1 + rng.next() % 6) {
            let at = (rng.next() as usize) % (bytes.len() + 1);
            match rng.next() % 3 {
                0 if at < bytes.len() => {
                    bytes.remove(at);
                }
                1 if at < bytes.len() => {
                    bytes[at] = alphabet[(rng.next() as usize) % alphabet.len()];
                }
                _ => bytes.insert(at, alphabet[(rng.next() as usize) % alphabet.len()]),
            }
        }
        let name = if round % 2 == 0 { "a.srt" } else { "a.vtt" };
        // Either cues or an error naming the file: never a panic.
        match reel::text::CaptionTrack::parse(&bytes, name.as_ref()) {
            Ok((track, _)) => assert!(track.cues.iter().all(|c| c.end > c.start)),
            Err(e) => assert!(e.to_string().starts_with(name), "{e}"),
        }
    }
}
