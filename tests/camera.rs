//! The camera overlay through the real pipeline: a barcode camera recording (each
//! picture shows its index) over a flat grey screen recording, exported losslessly by
//! each renderer, the camera's picture read back from every frame.

mod common;

use common::media::{
    DecodedVideo, INDEX_BITS, SourceSpec, amplitude, decode_sound, decode_video, lavfi_source,
    make_source,
};
use common::{assert_fails_with, reel, scratch_dir, write_scene};
use reel::render::RendererChoice;
use reel::{ReelPlugins, Scene, export_app, run_export};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The folder of the shared recordings: `grey.mp4`, the screen (640x360, 30 fps, 2 s),
/// `screen.mp4`, the same as barcodes, and `camera.mp4`, 320x240 barcodes at 24 fps, 40
/// pictures (1.67 s).
fn sources() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = scratch_dir("camera-sources");
        lavfi_source(
            &dir.join("grey.mp4"),
            "color=c=0x808080:s=640x360:r=30:d=2",
            None,
        );
        make_source(&dir.join("camera.mp4"), &SourceSpec::h264(320, 240, 24, 40));
        make_source(&dir.join("screen.mp4"), &SourceSpec::h264(640, 360, 30, 60));
        dir
    })
}

/// Asserts that a run of `reel` succeeded.
fn succeeded(output: &std::process::Output) {
    assert!(
        output.status.success(),
        "{:?}",
        common::stderr_lines(output)
    );
}

/// Both renderers, each with the name of its export: `NAME-cpu`, `NAME-gpu`.
fn renderers(name: &str) -> [(RendererChoice, String); 2] {
    [
        (RendererChoice::Cpu, format!("{name}-cpu")),
        (RendererChoice::Gpu, format!("{name}-gpu")),
    ]
}

/// Exports `fields` over the grey screen with `renderer`, losslessly; returns the video.
fn export(name: &str, renderer: RendererChoice, fields: &str) -> DecodedVideo {
    export_over("grey.mp4", name, renderer, fields)
}

/// Exports `fields` over the screen recording `screen` of [`sources`].
fn export_over(screen: &str, name: &str, renderer: RendererChoice, fields: &str) -> DecodedVideo {
    let dir = sources();
    let out = format!("{name}.mp4");
    let text = format!(
        r#"(source: (path: "{screen}"), output: (path: "{out}", crf: 0, preset: "ultrafast"){fields})"#
    );
    let scene = write_scene(dir, &format!("{name}.ron"), &text);
    let scene = Scene::load(&scene).unwrap_or_else(|e| panic!("{e}"));
    let mut plugins = ReelPlugins::with_workers(2);
    plugins.renderer = renderer;
    let mut app = export_app(plugins);
    run_export(&mut app, scene).unwrap_or_else(|e| panic!("{name}: export failed: {e}"));
    decode_video(&dir.join(out))
}

/// The camera's index in frame `n`, read from the barcode's blocks across the middle of
/// the output rectangle `(x, y, w, h)` it fills, left to right (or right to left when
/// `mirrored`). `None` where a block is neither dark nor light.
fn camera_index(
    video: &DecodedVideo,
    n: usize,
    place: (f32, f32, f32, f32),
    mirrored: bool,
) -> Option<u32> {
    let (x, y, w, h) = place;
    let row = (y + h / 2.0) as usize;
    let mut index = 0;
    for bit in 0..INDEX_BITS {
        let along = (bit as f32 + 0.5) / INDEX_BITS as f32;
        let along = if mirrored { 1.0 - along } else { along };
        let luma = video.sample(n, (x + w * along) as usize, row)[0];
        match luma {
            v if v > 170 => index |= 1 << bit,
            v if v < 80 => {}
            _ => return None,
        }
    }
    Some(index)
}

/// The camera picture output frame `n` (30 fps) shows at `offset`: the last 24 fps
/// picture at or before its camera time, none past the 40th.
fn expected_index(n: usize, offset: f64) -> Option<u32> {
    let time = n as f64 / 30.0 + offset;
    let index = (time * 24.0 + 1e-6).floor();
    (0.0..40.0).contains(&index).then_some(index as u32)
}

/// A 240x180 rectangle 20 pixels from the top left corner: 0.5 of 360 tall, 4:3.
const PLACE: (f32, f32, f32, f32) = (20.0, 20.0, 240.0, 180.0);
const RECTANGLE: &str = ", camera: (path: \"camera.mp4\", shape: Rectangle, size: 0.5, position: TopLeft, margin: 20, offset: 0.5";

/// The screen's index in frame `n` of an export of the barcode screen, read below the
/// camera: along row 230 of its band (rows 120 to 240), right of the camera's place.
fn screen_index(video: &DecodedVideo, n: usize) -> Option<u32> {
    let mut index = 0;
    for bit in 0..INDEX_BITS {
        let x = (640.0 * (bit as f32 + 0.5) / INDEX_BITS as f32) as usize;
        match video.sample(n, x, 230)[0] {
            v if v > 170 => index |= 1 << bit,
            v if v < 80 => {}
            _ => return None,
        }
    }
    Some(index)
}

fn shows_each_camera_picture_by_its_time(renderer: RendererChoice, name: &str) {
    let barcodes = export_over(
        "screen.mp4",
        &format!("{name}-barcodes"),
        renderer,
        &format!("{RECTANGLE})"),
    );
    for n in 0..60 {
        // Both recordings in step: the screen's picture n, the camera's at its time.
        assert_eq!(
            screen_index(&barcodes, n),
            Some(n as u32),
            "{name} frame {n}"
        );
        if let Some(index) = expected_index(n, 0.5) {
            assert_eq!(
                camera_index(&barcodes, n, PLACE, false),
                Some(index),
                "{name} frame {n}"
            );
        }
    }
    let video = export(name, renderer, &format!("{RECTANGLE})"));
    assert_eq!(video.frames.len(), 60);
    for n in 0..60 {
        let want = expected_index(n, 0.5);
        match want {
            Some(index) => assert_eq!(
                camera_index(&video, n, PLACE, false),
                Some(index),
                "frame {n}"
            ),
            // The camera ended: the grey screen shows where it was.
            None => {
                let luma = video.sample(n, 140, 110)[0];
                assert!((i32::from(luma) - 126).abs() <= 3, "frame {n}: {luma}");
            }
        }
    }
    // It ends at camera second 40/24, output frame 35.
    assert!(expected_index(34, 0.5).is_some() && expected_index(35, 0.5).is_none());
    // Outside its rectangle, the screen.
    let luma = video.sample(10, 400, 300)[0];
    assert!((i32::from(luma) - 126).abs() <= 3, "{luma}");
}

#[test]
fn the_cpu_renderer_shows_each_camera_picture_by_its_time() {
    shows_each_camera_picture_by_its_time(RendererChoice::Cpu, "timed-cpu");
}

#[test]
fn the_gpu_renderer_shows_each_camera_picture_by_its_time() {
    shows_each_camera_picture_by_its_time(RendererChoice::Gpu, "timed-gpu");
}

#[test]
fn a_mirrored_camera_reads_right_to_left_in_both_renderers() {
    for (renderer, name) in renderers("mirror") {
        let video = export(&name, renderer, &format!("{RECTANGLE}, mirror: true)"));
        for n in [0, 7, 20] {
            let want = expected_index(n, 0.5);
            assert_eq!(
                camera_index(&video, n, PLACE, true),
                want,
                "{name} frame {n}"
            );
            assert_ne!(
                camera_index(&video, n, PLACE, false),
                want,
                "{name} frame {n}"
            );
        }
    }
}

/// Luma code (BT.709 limited range) to linear light.
fn light(code: u8) -> f64 {
    let v = ((f64::from(code) - 16.0) / 219.0).clamp(0.0, 1.0);
    if v <= 0.04045 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

#[test]
fn a_circle_is_anti_aliased_like_its_supersampled_truth() {
    let dir = sources();
    let white = dir.join("white.mp4");
    if !white.exists() {
        lavfi_source(&white, "color=c=white:s=320x240:r=30:d=1", None);
    }
    for (renderer, name) in renderers("circle") {
        let video = export(
            &name,
            renderer,
            ", camera: (path: \"white.mp4\", size: 0.5, position: At(x: 0.5, y: 0.5))",
        );
        // 180 pixels across, centred: radius 90 about (320, 180).
        let (cx, cy, r) = (320.0, 180.0, 90.0);
        let (grey, white) = (light(video.sample(0, 5, 5)[0]), light(235));
        let mut checked = 0;
        for y in 80..280 {
            for x in 220..420 {
                let centre = ((x as f64 + 0.5 - cx).hypot(y as f64 + 0.5 - cy) - r).abs();
                if centre > 1.5 {
                    continue;
                }
                // The share of the pixel inside the circle, from 16x16 samples.
                let inside = (0..256)
                    .filter(|k| {
                        let sx = x as f64 + (f64::from(k % 16) + 0.5) / 16.0;
                        let sy = y as f64 + (f64::from(k / 16) + 0.5) / 16.0;
                        (sx - cx).hypot(sy - cy) <= r
                    })
                    .count() as f64
                    / 256.0;
                let got = (light(video.sample(0, x, y)[0]) - grey) / (white - grey);
                assert!(
                    (got - inside).abs() < 0.12,
                    "{name} ({x}, {y}): coverage {got:.3}, truth {inside:.3}"
                );
                checked += 1;
            }
        }
        assert!(checked > 500, "{checked}");
        // Well inside, the camera; well outside, the screen.
        assert!(video.sample(0, 320, 180)[0] >= 233);
        assert!((i32::from(video.sample(0, 320, 60)[0]) - 126).abs() <= 3);
    }
}

#[test]
fn a_camera_at_another_rate_with_variable_timing_is_matched_by_timestamp() {
    let dir = sources();
    // Pictures at irregular times (ms): a variable frame rate camera.
    let times: Vec<i64> = (0..30)
        .map(|k| k * 70 + if k % 3 == 0 { 0 } else { 20 })
        .collect();
    let mut spec = SourceSpec::h264(320, 240, 15, 30);
    spec.pts_ms = Some(times.clone());
    make_source(&dir.join("vfr.mp4"), &spec);
    let video = export(
        "vfr",
        RendererChoice::Cpu,
        ", camera: (path: \"vfr.mp4\", shape: Rectangle, size: 0.5, position: TopLeft, margin: 20)",
    );
    for n in 0..60 {
        let time_ms = n as f64 * 1000.0 / 30.0;
        let shown = times.iter().rposition(|&t| t as f64 <= time_ms + 0.1);
        let last_end = times[29] + 70;
        let want = shown
            .filter(|_| time_ms < last_end as f64 - 0.1)
            .map(|k| k as u32);
        assert_eq!(camera_index(&video, n, PLACE, false), want, "frame {n}");
    }
}

#[test]
fn an_undecodable_camera_is_one_error_naming_it() {
    let dir = scratch_dir("camera-bad");
    std::fs::copy(sources().join("grey.mp4"), dir.join("grey.mp4")).unwrap();
    std::fs::write(dir.join("camera.mp4"), b"this is not a video").unwrap();
    let scene = write_scene(
        &dir,
        "bad.ron",
        r#"(source: (path: "grey.mp4"), output: (path: "out.mp4"), camera: (path: "camera.mp4"))"#,
    );
    let output = reel(&[scene.as_os_str()]);
    assert_fails_with(&output, &["camera.mp4", "not a video file"]);
    assert!(!dir.join("out.mp4").exists());
    // `--check` plans the same way, and says so before anything renders.
    let output = reel(&[scene.as_os_str(), "--check".as_ref()]);
    assert_fails_with(&output, &["camera.mp4", "not a video file"]);
    // A crop past its picture names the field where it is written.
    std::fs::copy(sources().join("camera.mp4"), dir.join("camera.mp4")).unwrap();
    let scene = write_scene(
        &dir,
        "crop.ron",
        "(source: (path: \"grey.mp4\"), output: (path: \"out.mp4\"),\n camera: (path: \"camera.mp4\", crop: (x: 100, y: 0, width: 300, height: 240)))",
    );
    let output = reel(&[scene.as_os_str()]);
    assert_fails_with(&output, &["crop.ron:2", "camera.crop", "320x240"]);
    assert!(!dir.join("out.mp4").exists());
}

#[test]
fn layouts_move_the_camera_and_the_screen_in_both_renderers() {
    for (renderer, name) in renderers("layouts") {
        let video = export(
            &name,
            renderer,
            ", camera: (path: \"camera.mp4\", transition: 0.2, layouts: [(start: 0.4, end: 0.8, layout: SideBySide), (start: 0.8, end: 1.2, layout: CameraOnly), (start: 1.2, end: 1.6, layout: ScreenOnly)])",
        );
        let grey =
            |n: usize, x: usize, y: usize| (i32::from(video.sample(n, x, y)[0]) - 126).abs() <= 3;
        // Overlay (frame 3): the grey screen fills the frame, the circle in its corner.
        assert!(grey(3, 5, 5) && grey(3, 320, 180));
        assert!(!grey(3, 560, 280));
        // Side by side (frame 18): the screen shrinks to the left, black around it, the
        // camera's column on the right.
        assert!(!grey(18, 5, 180) && grey(18, 200, 180));
        assert!(!grey(18, 560, 180));
        // Camera only (frame 30): the camera's barcode across the whole frame.
        let want = expected_index(30, 0.0);
        assert_eq!(
            camera_index(&video, 30, (0.0, 0.0, 640.0, 360.0), false),
            want,
            "{name}"
        );
        // Screen only (frame 42): grey everywhere.
        assert!(grey(42, 5, 5) && grey(42, 560, 280) && grey(42, 320, 180));
        // Half-way into side by side (frame 15, 0.5 s): the screen between the two.
        let left_edge = (0..320).find(|&x| grey(15, x, 180)).unwrap();
        let settled = (0..320).find(|&x| grey(18, x, 180)).unwrap();
        assert!(
            left_edge > 0 && left_edge < settled,
            "{left_edge} {settled}"
        );
    }
}

#[test]
fn the_camera_s_sound_is_kept_in_step_with_its_offset() {
    let dir = sources();
    lavfi_source(
        &dir.join("grey-tone.mp4"),
        "color=c=0x808080:s=640x360:r=30:d=2",
        Some(("sine=frequency=440:duration=2", "aac")),
    );
    // The camera's tone starts one camera second in: at output second 0.5 with the
    // camera half a second ahead.
    lavfi_source(
        &dir.join("camera-tone.mp4"),
        "color=c=0xc0c0c0:s=320x240:r=30:d=2.5",
        Some((
            "aevalsrc=if(gte(t\\,1)\\,0.5*sin(2*PI*1000*t)\\,0):d=2.5",
            "aac",
        )),
    );
    let ms = |t: f64| (t * 48_000.0) as usize;
    for (from, screen, camera) in [
        ("Camera", false, true),
        ("Both", true, true),
        ("Screen", true, false),
    ] {
        let name = format!("sound-{from}");
        let out = dir.join(format!("{name}.mp4"));
        let text = format!(
            r#"(source: (path: "grey-tone.mp4"), output: (path: "{name}.mp4", preset: "ultrafast"), audio: (from: {from}), camera: (path: "camera-tone.mp4", offset: 0.5))"#
        );
        let scene = Scene::load(&write_scene(dir, &format!("{name}.ron"), &text)).unwrap();
        let mut app = export_app(ReelPlugins::with_workers(1));
        run_export(&mut app, scene).unwrap_or_else(|e| panic!("{name}: {e}"));
        let sound = decode_sound(&out);
        let level = |hertz: f64, from: f64| amplitude(&sound[ms(from)..ms(from + 0.05)], hertz);
        // Before the camera's tone (up to a frame early), and after it starts.
        assert!(
            level(1000.0, 0.4167) < 0.02,
            "{from}: {}",
            level(1000.0, 0.4167)
        );
        let tone = level(1000.0, 0.5334);
        assert_eq!(tone > 0.2, camera, "{from}: camera tone {tone}");
        // `sine` plays at an eighth of full scale.
        let hum = level(440.0, 1.0);
        assert_eq!(hum > 0.06, screen, "{from}: screen tone {hum}");
    }
}

#[test]
fn cuts_and_speed_move_the_camera_with_the_screen() {
    let video = export(
        "timeline",
        RendererChoice::Cpu,
        &format!(
            "{RECTANGLE}), timeline: [(start: 0.2, end: 0.6), (start: 1.0, end: 1.3, speed: 2)]"
        ),
    );
    // 0.4 s of the first clip, then 0.15 s of the second played twice as fast.
    assert_eq!(video.frames.len(), 12 + 5);
    for n in 0..video.frames.len() {
        let t = n as f64 / 30.0;
        let source = if n < 12 {
            0.2 + t
        } else {
            1.0 + (t - 0.4) * 2.0
        };
        let want = ((source + 0.5) * 24.0 + 1e-6).floor() as u32;
        let want = (want < 40).then_some(want);
        assert_eq!(camera_index(&video, n, PLACE, false), want, "frame {n}");
    }
}

#[test]
fn a_phone_camera_stored_sideways_is_shown_upright_as_players_show_it() {
    let dir = sources();
    let turned = dir.join("turned.mp4");
    let status = std::process::Command::new("ffmpeg")
        .args(["-loglevel", "error", "-y", "-i"])
        .arg(dir.join("camera.mp4"))
        .args(["-c", "copy", "-metadata:s:v:0", "rotate=90"])
        .arg(&turned)
        .status()
        .unwrap();
    assert!(status.success());
    // ffmpeg's command line turns pictures upright on decoding, as players do.
    let upright = dir.join("upright.mkv");
    let status = std::process::Command::new("ffmpeg")
        .args(["-loglevel", "error", "-y", "-i"])
        .arg(&turned)
        .args(["-frames:v", "1", "-c:v", "ffv1"])
        .arg(&upright)
        .status()
        .unwrap();
    assert!(status.success());
    let want = decode_video(&upright);
    assert_eq!((want.width, want.height), (240, 320));
    for (renderer, name) in renderers("turned") {
        // 320 of the 360 rows tall: the upright camera at its own size.
        let video = export(
            &name,
            renderer,
            ", camera: (path: \"turned.mp4\", shape: Rectangle, size: 0.8888889, position: TopLeft, margin: 20)",
        );
        let (mut total, mut worst) = (0u64, 0);
        for y in 1..319 {
            for x in 1..239 {
                let got = i32::from(video.sample(0, 20 + x, 20 + y)[0]);
                let want = i32::from(want.sample(0, x, y)[0]);
                total += u64::from((got - want).unsigned_abs());
                worst = worst.max((got - want).abs());
            }
        }
        // The camera is untagged (BT.601) and the output BT.709: its luma moves by a
        // few codes through R'G'B'; a wrong turn would put dark blocks on light ones.
        let mean = total as f64 / (318.0 * 238.0);
        assert!(
            mean < 3.0 && worst <= 8,
            "{name}: mean {mean}, worst {worst}"
        );
    }
}

#[test]
fn check_describes_the_camera() {
    let scene = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenes/camera-layouts.ron");
    let output = reel(&[scene.as_os_str(), "--check".as_ref(), "--json".as_ref()]);
    succeeded(&output);
    let events = common::json_lines(&output.stdout);
    let camera = &events[0]["camera"];
    assert_eq!(camera["size"], serde_json::json!([320, 240]));
    assert_eq!(camera["layouts"], 3);
    assert!(camera["path"].as_str().unwrap().ends_with("camera.mp4"));
}

#[test]
fn segments_rendered_apart_show_the_camera_each_frame_shows() {
    let dir = sources();
    let text = format!(
        r#"(source: (path: "grey.mp4"), output: (path: "segmented.mp4", crf: 0, preset: "ultrafast"){RECTANGLE}))"#
    );
    let scene = write_scene(dir, "segmented.ron", &text);
    // Segment 1 starts mid-way, its camera decoded from the key frame before its time.
    for segment in ["0/2", "1/2"] {
        let args = ["--segment", segment, "--workers", "1", "--renderer", "cpu"];
        let args: Vec<&std::ffi::OsStr> = std::iter::once(scene.as_os_str())
            .chain(args.iter().map(|a| a.as_ref()))
            .collect();
        succeeded(&reel(&args));
    }
    succeeded(&reel(&[
        "join".as_ref(),
        scene.as_os_str(),
        "--segments".as_ref(),
        "2".as_ref(),
    ]));
    let video = decode_video(&dir.join("segmented.mp4"));
    assert_eq!(video.frames.len(), 60);
    for n in 0..60 {
        let want = expected_index(n, 0.5);
        assert_eq!(camera_index(&video, n, PLACE, false), want, "frame {n}");
    }
}

#[test]
fn a_camera_shorter_than_the_export_is_decoded_once() {
    // 40 pictures (1.67 s), asked for at every frame of 10 s: each picture decoded once,
    // nothing sought and decoded again once the camera has ended.
    let reader = reel::decode::probe_source(&sources().join("camera.mp4")).unwrap();
    let mut stream = reel::decode::CameraStream::new(reader);
    let mut shown = 0;
    for n in 0..300 {
        if stream.picture_at(f64::from(n) / 30.0).unwrap().is_some() {
            shown += 1;
        }
    }
    assert_eq!(shown, 50, "40 pictures of 1/24 s fill 50 frames of 1/30 s");
    assert_eq!(stream.decoded(), 40);
}
