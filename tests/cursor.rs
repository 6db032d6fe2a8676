//! The cursor redrawn from its track, through the real pipeline: a synthetic track over
//! a flat grey recording, exported losslessly, the drawn cursor found in each frame.

mod common;

use common::media::{DecodedVideo, decode_video, lavfi_source};
use common::{scratch_dir, write_scene};
use reel::render::RendererChoice;
use reel::{ReelPlugins, Scene, export_app, run_export};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The flat grey recording every export here draws over: 640x360, 30 fps, 3 s.
fn source() -> &'static Path {
    static SOURCE: OnceLock<PathBuf> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let dir = scratch_dir("cursor-source");
        let path = dir.join("grey.mp4");
        lavfi_source(&path, "color=c=0x808080:s=640x360:r=30:d=3", None);
        write_track(&dir);
        path
    })
}

/// The track: a crosshair moving in a straight line, 200 px and 100 px a second, from
/// (100, 80), clicking at 1 s (where it is, (300, 180)), then resting from 2 s.
fn write_track(dir: &Path) {
    let mut lines = String::new();
    for i in 0..=20 {
        let t = f64::from(i) / 10.0;
        let (x, y) = expected(t);
        let button = match i {
            10 => r#", "button": "down""#,
            11 => r#", "button": "up""#,
            _ => "",
        };
        lines.push_str(&format!(
            "{{\"t\": {t}, \"x\": {x}, \"y\": {y}, \"kind\": \"crosshair\"{button}}}\n"
        ));
    }
    lines.push_str("{\"t\": 3.0, \"x\": 500, \"y\": 280, \"kind\": \"crosshair\"}\n");
    std::fs::write(dir.join("track.jsonl"), lines).unwrap();
}

/// A 16x16 opaque black PNG beside the grey recording, made by the ffmpeg command line;
/// returns its bytes.
fn black_square() -> &'static [u8] {
    static SQUARE: OnceLock<Vec<u8>> = OnceLock::new();
    SQUARE.get_or_init(|| {
        let path = source().parent().unwrap().join("square.png");
        let status = std::process::Command::new("ffmpeg")
            .args([
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "color=c=black:s=16x16",
            ])
            .args(["-frames:v", "1"])
            .arg(&path)
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::read(path).unwrap()
    })
}

/// `bytes` in base64, as a `data:` URL carries them.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The same motion as `track.jsonl`, as an OpenScreen track whose cursor picture is
/// the black square with its hotspot at its middle.
fn write_openscreen_track() -> &'static str {
    let name = "openscreen.cursor.json";
    let dir = source().parent().unwrap();
    let samples: Vec<String> = (0..=20)
        .map(|i| {
            let t = f64::from(i) / 10.0;
            let (x, y) = expected(t);
            format!(
                r#"{{"timeMs": {}, "cx": {}, "cy": {}, "visible": true, "cursorType": "arrow", "interactionType": "move", "assetId": "sq"}}"#,
                t * 1000.0,
                x / 640.0,
                y / 360.0
            )
        })
        .collect();
    let text = format!(
        r#"{{"version": 2, "provider": "native", "samples": [{}], "assets": [{{"id": "sq", "imageDataUrl": "data:image/png;base64,{}", "width": 16, "height": 16, "hotspotX": 8, "hotspotY": 8, "scaleFactor": 1, "cursorType": "arrow"}}]}}"#,
        samples.join(", "),
        base64(black_square())
    );
    std::fs::write(dir.join(name), text).unwrap();
    name
}

/// The same motion as a Cap `cursor.json`, its cursor picture the black square kept
/// beside it as a PNG file, its hotspot a fraction of the image.
fn write_cap_track() -> &'static str {
    black_square();
    let name = "cap.cursor.json";
    let moves: Vec<String> = (0..=20)
        .map(|i| {
            let t = f64::from(i) / 10.0;
            let (x, y) = expected(t);
            format!(
                r#"{{"time_ms": {}, "x": {}, "y": {}, "cursor_id": "sq", "active_modifiers": []}}"#,
                t * 1000.0,
                x / 640.0,
                y / 360.0
            )
        })
        .collect();
    let text = format!(
        r#"{{"moves": [{}], "clicks": [], "cursor_images": {{"sq": {{"path": "square.png", "hotspot": {{"x": 0.5, "y": 0.5}}}}}}}}"#,
        moves.join(", ")
    );
    std::fs::write(source().parent().unwrap().join(name), text).unwrap();
    name
}

#[test]
fn a_cap_track_draws_its_png_cursor_at_the_same_positions() {
    let track = write_cap_track();
    let video = export(
        "cap-image",
        Take {
            track,
            cursor: "smoothing: None, clicks: None",
            ..TAKE
        },
    );
    assert_centred(&video);
    let (w, h) = extent(&video, 30);
    assert!((15..=19).contains(&w) && (15..=19).contains(&h), "{w}x{h}");
}

/// The width and height of what differs from the grey in frame `n`.
fn extent(video: &DecodedVideo, n: usize) -> (usize, usize) {
    let frame = &video.frames[n];
    let (w, h, stride) = (video.width as usize, video.height as usize, frame.stride(0));
    let grey = frame.data(0)[0];
    let inked = |x: usize, y: usize| frame.data(0)[y * stride + x].abs_diff(grey) > 2;
    let columns: Vec<usize> = (0..w).filter(|&x| (0..h).any(|y| inked(x, y))).collect();
    let rows: Vec<usize> = (0..h).filter(|&y| (0..w).any(|x| inked(x, y))).collect();
    (
        columns.last().unwrap() + 1 - columns[0],
        rows.last().unwrap() + 1 - rows[0],
    )
}

/// Asserts that the drawn cursor's centre is within a pixel of the tracked point in
/// frames 0 to 60 of `video`.
fn assert_centred(video: &DecodedVideo) {
    for n in 0..=60 {
        let (x, y) = expected(n as f64 / 30.0);
        let (cx, cy) = centroid(video, n).unwrap_or_else(|| panic!("no cursor in frame {n}"));
        assert!(
            (cx - x).abs() <= 1.0 && (cy - y).abs() <= 1.0,
            "frame {n}: drawn at ({cx:.2}, {cy:.2}), tracked at ({x}, {y})"
        );
    }
}

#[test]
fn the_recorders_own_picture_is_drawn_with_its_hotspot_on_the_point() {
    let track = write_openscreen_track();
    let raw = "smoothing: None, clicks: None";
    let video = export(
        "openscreen-image",
        Take {
            track,
            cursor: raw,
            ..TAKE
        },
    );
    assert_centred(&video);
    // Its own size: 16 pixels of a 1x screen's cursor (an ordinary one is 32).
    let (w, h) = extent(&video, 30);
    assert!((15..=19).contains(&w) && (15..=19).contains(&h), "{w}x{h}");
    // Without the recorder's images the built-in crosshair is drawn instead.
    let builtin = export(
        "openscreen-builtin",
        Take {
            track,
            cursor: "smoothing: None, clicks: None, recorder_images: false",
            ..TAKE
        },
    );
    assert!(!same(&video, 30, &builtin, 30));
}

#[test]
fn a_custom_image_is_drawn_as_tall_as_a_cursor_with_its_hotspot_on_the_point() {
    black_square();
    let video = export(
        "custom-image",
        Take {
            cursor: r#"smoothing: None, clicks: None, image: (path: "square.png", hotspot: (8, 8))"#,
            ..TAKE
        },
    );
    assert_centred(&video);
    let (w, h) = extent(&video, 30);
    assert!((31..=35).contains(&w) && (31..=35).contains(&h), "{w}x{h}");
}

/// Where the recorded cursor is at `t` seconds (until 2 s).
fn expected(t: f64) -> (f64, f64) {
    (100.0 + 200.0 * t, 80.0 + 100.0 * t)
}

/// How an export here differs: the cursor's fields, the scene's other fields, the
/// source's trim, the output frame rate and the render workers.
struct Take<'a> {
    track: &'a str,
    size: &'a str,
    cursor: &'a str,
    extra: &'a str,
    trim: &'a str,
    fps: u32,
    workers: usize,
}

const TAKE: Take<'static> = Take {
    track: "track.jsonl",
    size: "",
    cursor: SMOOTH,
    extra: "",
    trim: "",
    fps: 30,
    workers: 2,
};

/// Writes the scene of `take` beside the grey recording; returns its path and its
/// output's.
fn write_take(name: &str, take: Take<'_>) -> (PathBuf, PathBuf) {
    let Take {
        track,
        size,
        cursor,
        extra,
        trim,
        fps,
        workers: _,
    } = take;
    let source = source();
    let dir = source.parent().unwrap();
    let out = dir.join(format!("{name}.mp4"));
    let text = format!(
        r#"(
    source: (path: "grey.mp4"{trim}),
    output: (path: "{}", fps: {fps}, crf: 0{size}),
    audio: None,
    cursor: (track: "{track}", shadow: false, {cursor}),
    {extra}
)"#,
        out.display()
    );
    (write_scene(dir, &format!("{name}.ron"), &text), out)
}

/// Exports `take` over the grey recording with its workers; returns its frames.
fn export(name: &str, take: Take<'_>) -> DecodedVideo {
    let workers = take.workers;
    let (scene, out) = write_take(name, take);
    let scene = Scene::load(&scene).unwrap_or_else(|e| panic!("{e}"));
    let mut plugins = ReelPlugins::with_workers(workers);
    plugins.renderer = RendererChoice::Auto;
    let mut app = export_app(plugins);
    run_export(&mut app, scene).unwrap_or_else(|e| panic!("{name}: export failed: {e}"));
    decode_video(&out)
}

/// The centre of what differs from the grey in frame `n`'s luma, weighted by how much.
fn centroid(video: &DecodedVideo, n: usize) -> Option<(f64, f64)> {
    let frame = &video.frames[n];
    let (w, h, stride) = (video.width as usize, video.height as usize, frame.stride(0));
    let grey = f64::from(frame.data(0)[0]);
    let (mut sum, mut sx, mut sy) = (0.0, 0.0, 0.0);
    for y in 0..h {
        for x in 0..w {
            let d = (f64::from(frame.data(0)[y * stride + x]) - grey).abs();
            if d > 2.0 {
                sum += d;
                sx += d * (x as f64 + 0.5);
                sy += d * (y as f64 + 0.5);
            }
        }
    }
    (sum > 0.0).then(|| (sx / sum, sy / sum))
}

#[test]
fn the_raw_cursor_lands_on_the_tracked_point_at_every_frame() {
    let video = export(
        "raw",
        Take {
            cursor: "smoothing: None, clicks: None",
            workers: 4,
            ..TAKE
        },
    );
    assert_eq!(video.frames.len(), 90);
    assert_centred(&video);
}

/// The first and last columns of frame `n` that differ from the grey.
fn columns(video: &DecodedVideo, n: usize) -> (usize, usize) {
    let frame = &video.frames[n];
    let (w, h, stride) = (video.width as usize, video.height as usize, frame.stride(0));
    let grey = frame.data(0)[0];
    let inked = |x: usize| (0..h).any(|y| frame.data(0)[y * stride + x].abs_diff(grey) > 2);
    let first = (0..w).find(|&x| inked(x)).unwrap();
    let last = (0..w).rev().find(|&x| inked(x)).unwrap();
    (first, last)
}

#[test]
fn motion_blur_smears_the_moving_cursor_along_its_path_about_the_tracked_point() {
    let raw = "smoothing: None, clicks: None";
    let sharp = export(
        "sharp",
        Take {
            cursor: raw,
            ..TAKE
        },
    );
    let blurred = export(
        "blurred",
        Take {
            cursor: "smoothing: None, clicks: None, motion_blur: 1.0",
            ..TAKE
        },
    );
    // 200 px a second over a whole 1/30 s frame: a streak 6.7 px longer, centred.
    for n in [10, 15, 40] {
        let (s0, s1) = columns(&sharp, n);
        let (b0, b1) = columns(&blurred, n);
        let longer = (b1 - b0) as f64 - (s1 - s0) as f64;
        assert!(
            (5.0..=9.0).contains(&longer),
            "frame {n}: {longer} px longer"
        );
        let (x, y) = expected(n as f64 / 30.0);
        let (cx, cy) = centroid(&blurred, n).unwrap();
        assert!(
            (cx - x).abs() <= 1.0 && (cy - y).abs() <= 1.0,
            "frame {n}: ({cx}, {cy})"
        );
    }
    // At rest (from 2 s) there is nothing to smear.
    for n in 62..90 {
        assert!(same(&sharp, n, &blurred, n), "frame {n}, at rest, differs");
    }
}

/// Whether frames `a` of one video and `b` of another are the same picture.
fn same(one: &DecodedVideo, a: usize, other: &DecodedVideo, b: usize) -> bool {
    one.planes(a) == other.planes(b)
}

const SMOOTH: &str = "smoothing: Smooth";
const AUTO: &str = "zooms: [Auto(lead: 0.5, hold: 1.0, ease: Linear)],";

#[test]
fn the_smoothed_cursor_is_the_same_with_any_workers_and_frame_rate() {
    let zoomed = Take {
        extra: AUTO,
        ..TAKE
    };
    let one = export(
        "smooth-1",
        Take {
            workers: 1,
            ..zoomed
        },
    );
    let four = export(
        "smooth-4",
        Take {
            workers: 4,
            ..zoomed
        },
    );
    let sixty = export(
        "smooth-60",
        Take {
            fps: 60,
            workers: 3,
            ..zoomed
        },
    );
    assert_eq!((one.frames.len(), sixty.frames.len()), (90, 180));
    for n in 0..90 {
        assert!(same(&one, n, &four, n), "frame {n}: 1 and 4 workers differ");
        assert!(
            same(&one, n, &sixty, 2 * n),
            "{n}/30 s: 30 and 60 fps differ"
        );
    }
    // The smoothed path lags the recorded one while it moves, and is drawn at all.
    let (x, _) = expected(0.5);
    let (cx, _) = centroid(&one, 15).unwrap();
    assert!(cx < x - 2.0, "smoothed at {cx:.2}, recorded at {x}");
}

#[test]
fn the_click_ring_appears_from_the_click_frame_and_not_before() {
    let ring = export("ring", TAKE);
    let none = export(
        "no-ring",
        Take {
            cursor: "smoothing: Smooth, clicks: None",
            ..TAKE
        },
    );
    // The click is at 1 s: frame 30.
    for n in 0..30 {
        assert!(
            same(&ring, n, &none, n),
            "frame {n}, before the click, differs"
        );
    }
    for n in 30..44 {
        assert!(
            !same(&ring, n, &none, n),
            "frame {n}, while the ring plays, shows none"
        );
    }
    // The ring (0.5 s) and the shrink have ended by frame 45.
    for n in 45..90 {
        assert!(
            same(&ring, n, &none, n),
            "frame {n}, after the ring, differs"
        );
    }
}

#[test]
fn an_auto_zoom_starts_and_ends_where_the_rule_puts_it() {
    let zoomed = export(
        "auto",
        Take {
            extra: AUTO,
            ..TAKE
        },
    );
    let plain = export("no-auto", TAKE);
    // The click at 1 s: the zoom moves in from 0.5 s (frame 15) and is out at 2 s (60).
    for n in (0..=15).chain(60..90) {
        assert!(
            same(&zoomed, n, &plain, n),
            "frame {n}, outside the zoom, differs"
        );
    }
    for n in 16..60 {
        assert!(
            !same(&zoomed, n, &plain, n),
            "frame {n}, inside the zoom, is not zoomed"
        );
    }
}

#[test]
fn a_trimmed_export_draws_the_cursor_of_its_source_time() {
    let whole = export("untrimmed", TAKE);
    let trimmed = export(
        "trimmed",
        Take {
            trim: ", trim: (start: 0.5)",
            ..TAKE
        },
    );
    assert_eq!(trimmed.frames.len(), 75);
    for n in 0..75 {
        assert!(
            same(&trimmed, n, &whole, n + 15),
            "trimmed frame {n} differs"
        );
    }
}

#[test]
fn a_zoom_that_follows_keeps_the_cursor_in_the_middle_of_the_view() {
    let video = export(
        "follow",
        Take {
            cursor: "smoothing: None, clicks: None",
            extra: "zooms: [(start: 0.0, end: 3.0, scale: 2.0, transition: 0.3, follow: true)],",
            ..TAKE
        },
    );
    let placed = export(
        "unfollowed",
        Take {
            cursor: "smoothing: None, clicks: None",
            extra: "zooms: [(start: 0.0, end: 3.0, scale: 2.0, transition: 0.3)],",
            ..TAKE
        },
    );
    // Zoomed 2x onto a 640x360 frame: held, the cursor stays within 60 % of half the
    // frame from its middle (192 px across, 108 px up and down).
    for n in 9..=60 {
        let (cx, cy) = centroid(&video, n).unwrap_or_else(|| panic!("frame {n} lost the cursor"));
        assert!(
            (cx - 320.0).abs() <= 192.0 + 2.0 && (cy - 180.0).abs() <= 108.0 + 2.0,
            "frame {n}: the cursor is at ({cx:.1}, {cy:.1})"
        );
    }
    // The zoom that stays where it was put (the middle) loses the cursor as it leaves.
    assert!((0..=60).any(|n| centroid(&placed, n).is_none()));
}

#[test]
fn a_vertical_cover_export_fills_the_frame_and_pans_after_the_cursor() {
    let video = export(
        "cover",
        Take {
            size: ", size: (360, 640)",
            cursor: "smoothing: None, clicks: None",
            extra: "inset: (fit: Cover),",
            ..TAKE
        },
    );
    assert_eq!((video.width, video.height), (360, 640));
    let frame = &video.frames[0];
    let luma = |x: usize, y: usize| frame.data(0)[y * frame.stride(0) + x];
    let grey = luma(180, 600);
    assert!(
        grey > 100,
        "the recording's grey, not the black background: {grey}"
    );
    for (x, y) in [(0, 0), (359, 0), (0, 639), (359, 639)] {
        assert!(luma(x, y).abs_diff(grey) <= 2, "({x}, {y}) is background");
    }
    // The view is the recording's full height and 202.5 pixels of its width: 360/202.5
    // output pixels a source pixel. Held, the cursor stays within 60 % of half the view
    // (61 source pixels) of its middle.
    for n in 0..=60 {
        let (cx, _) = centroid(&video, n).unwrap_or_else(|| panic!("frame {n} lost the cursor"));
        assert!(
            (cx - 180.0).abs() <= 108.0 + 2.0,
            "frame {n}: the cursor is at x {cx:.1}"
        );
    }
}

/// Everything the cursor draws at once: smoothing, rings, motion blur and a zoom made
/// from the click.
const EVERYTHING: Take<'static> = Take {
    cursor: "smoothing: Smooth, motion_blur: 0.8",
    extra: "zooms: [Auto(lead: 0.5, hold: 1.0, ease: Linear)],",
    ..TAKE
};

#[test]
fn segments_rendered_apart_join_into_the_same_cursor_frames() {
    let whole = export("whole", EVERYTHING);
    let (scene, out) = write_take("split", EVERYTHING);
    let scene = scene.to_str().unwrap();
    let run = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_export"))
            .args(args)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    for k in 0..3 {
        run(&[scene, "--segment", &format!("{k}/3"), "--quiet"]);
    }
    run(&["join", scene, "--segments", "3"]);
    let joined = decode_video(&out);
    assert_eq!(joined.frames.len(), 90);
    for n in 0..90 {
        assert!(
            same(&whole, n, &joined, n),
            "frame {n} differs once segmented"
        );
    }
}

#[test]
fn a_sped_up_clip_draws_the_cursor_of_its_source_time() {
    let fast = export(
        "double-speed",
        Take {
            extra: "zooms: [Auto(lead: 0.5, hold: 1.0, ease: Linear)], timeline: [(start: 0.5, end: 2.5, speed: 2.0)],",
            ..EVERYTHING
        },
    );
    // Output frame n shows source time 0.5 + 2n/30: the untimed export's frame 15 + 2n,
    // cursor and all (the zoom, on the output's clock, is left out of this one).
    let plain = export(
        "normal-speed-unzoomed",
        Take {
            extra: "",
            ..EVERYTHING
        },
    );
    let fast_plain = export(
        "double-speed-unzoomed",
        Take {
            extra: "timeline: [(start: 0.5, end: 2.5, speed: 2.0)],",
            ..EVERYTHING
        },
    );
    assert_eq!(fast_plain.frames.len(), 30);
    for n in 0..30 {
        assert!(
            same(&fast_plain, n, &plain, 15 + 2 * n),
            "frame {n} differs"
        );
    }
    // With the Auto zoom, the click (source 1 s) is at output 0.25 s: the zoom moves in
    // from output 0 (0.5 s before it, but never before 0) and holds past the end.
    assert_eq!(fast.frames.len(), 30);
    assert!(
        same(&fast, 0, &fast_plain, 0),
        "frame 0 is zoomed before the zoom"
    );
    for n in 1..30 {
        assert!(!same(&fast, n, &fast_plain, n), "frame {n} is not zoomed");
    }
}
