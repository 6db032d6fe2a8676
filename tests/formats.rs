//! Every output format: the file decodes with the expected codec, pixel format, size and
//! frame count, carries the sound where the format has sound, and the quality presets
//! order file sizes as documented.

mod common;

use common::media::{decode_video, lavfi_source, probe_streams, video_planes};
use common::{folder_names, json_lines, scratch_dir, write_scene};
use std::path::Path;
use std::process::{Command, Output};

/// A 2-second 320x180 30 fps source with AAC sound.
fn source(dir: &Path) {
    lavfi_source(
        &dir.join("in.mp4"),
        "testsrc2=size=320x180:rate=30:duration=2",
        Some(("sine=frequency=440:duration=2", "aac")),
    );
}

fn export(dir: &Path, name: &str, output: &str) {
    export_with(dir, name, output, &[]);
}

/// Writes scene `name` with `output`, exports it with `args` and asserts success.
fn export_with(dir: &Path, name: &str, output: &str, args: &[&str]) -> Output {
    let scene = write_scene(
        dir,
        name,
        &format!(
            "(source: (path: \"in.mp4\"), output: {output}, inset: (padding: 0.1, corner_radius: 8))"
        ),
    );
    run_export(&scene, args)
}

/// Exports `scene` with `args` and asserts success.
fn run_export(scene: &Path, args: &[&str]) -> Output {
    let run = Command::new(env!("CARGO_BIN_EXE_export"))
        .arg(scene)
        .args(args)
        .output()
        .expect("run export");
    assert!(
        run.status.success(),
        "{}: {}",
        scene.display(),
        String::from_utf8_lossy(&run.stderr)
    );
    run
}

/// Per stream of `path`: codec, width, pixel format, frames decoded (sound streams: codec
/// and frames).
fn streams(path: &Path) -> Vec<String> {
    probe_streams(
        path,
        "codec_name,pix_fmt,width,nb_read_frames",
        &["-count_frames"],
    )
}

#[test]
fn each_format_decodes_with_every_frame() {
    let dir = scratch_dir("formats_each");
    source(&dir);
    let cases = [
        (
            "h264.ron",
            r#"(path: "h264.mp4")"#,
            "h264.mp4",
            "h264,320,yuv420p,60",
        ),
        (
            "hevc.ron",
            r#"(path: "hevc.mp4", format: Hevc)"#,
            "hevc.mp4",
            "hevc,320,yuv420p,60",
        ),
        (
            "vp9.ron",
            r#"(path: "vp9.webm")"#,
            "vp9.webm",
            "vp9,320,yuv420p,60",
        ),
        (
            "prores.ron",
            r#"(path: "prores.mov", format: ProRes)"#,
            "prores.mov",
            "prores,320,yuv422p10le,60",
        ),
        (
            "mkv.ron",
            r#"(path: "h264.mkv", size: (640, 360))"#,
            "h264.mkv",
            "h264,640,yuv420p,60",
        ),
    ];
    for (scene, output, file, video) in cases {
        export(&dir, scene, output);
        let found = streams(&dir.join(file));
        assert_eq!(found.len(), 2, "{file}: {found:?}");
        assert_eq!(found[0], video, "{file}");
        let sound = if file.ends_with(".webm") {
            "opus"
        } else {
            "aac"
        };
        assert!(found[1].starts_with(sound), "{file}: {found:?}");
    }

    // A GIF: 15 fps unless the scene says otherwise, no sound.
    export(&dir, "gif.ron", r#"(path: "anim.gif")"#);
    assert_eq!(streams(&dir.join("anim.gif")), ["gif,320,bgra,30"]);
    export(
        &dir,
        "gif10.ron",
        r#"(path: "anim10.gif", fps: 10, size: (160, 90))"#,
    );
    assert_eq!(streams(&dir.join("anim10.gif")), ["gif,160,bgra,20"]);

    // A PNG series: a folder, one picture per frame, numbered from 0.
    export(&dir, "png.ron", r#"(path: "frames")"#);
    let pictures = folder_names(&dir.join("frames"));
    assert_eq!(pictures.len(), 60);
    assert_eq!(pictures[0], "frame-000000.png");
    assert_eq!(pictures[59], "frame-000059.png");
    assert_eq!(
        streams(&dir.join("frames/frame-000059.png")),
        ["png,320,rgb24,1"]
    );
    assert!(
        !folder_names(&dir)
            .iter()
            .any(|n| n.contains("reel-partial")),
        "a temporary file was left"
    );
}

#[test]
fn quality_presets_trade_size_for_quality() {
    let dir = scratch_dir("formats_quality");
    source(&dir);
    let mut sizes = Vec::new();
    for quality in ["Maximum", "Social", "Web"] {
        let file = format!("{quality}.mp4");
        export(
            &dir,
            &format!("{quality}.ron"),
            &format!(r#"(path: "{file}", quality: {quality}, size: (640, 360))"#),
        );
        sizes.push(std::fs::metadata(dir.join(&file)).unwrap().len());
    }
    assert!(sizes[0] > sizes[1] && sizes[1] > sizes[2], "{sizes:?}");
    // An explicit rate factor overrides the preset's.
    export(
        &dir,
        "explicit.ron",
        r#"(path: "explicit.mp4", quality: Maximum, crf: 40, size: (640, 360))"#,
    );
    assert!(std::fs::metadata(dir.join("explicit.mp4")).unwrap().len() < sizes[2]);
    // A bit rate replaces constant quality: 2 s at 400 kbit/s is about 100 kB of video
    // (and the sound's few tens of kB).
    for (file, output) in [
        (
            "rate.mp4",
            r#"(path: "rate.mp4", bitrate: 400, size: (640, 360))"#,
        ),
        (
            "rate.webm",
            r#"(path: "rate.webm", bitrate: 400, size: (640, 360))"#,
        ),
    ] {
        export(&dir, &format!("{file}.ron"), output);
        let bytes = std::fs::metadata(dir.join(file)).unwrap().len();
        assert!((50_000..200_000).contains(&bytes), "{file}: {bytes} bytes");
    }
}

#[test]
fn formats_refuse_files_they_cannot_be_written_to() {
    let dir = scratch_dir("formats_refused");
    source(&dir);
    let cases = [
        (
            r#"(path: "o.mp4", format: Vp9)"#,
            "unsupported output file \"o.mp4\" for Vp9 (expected a name ending in .webm, .mkv)",
        ),
        (
            r#"(path: "o.gif", fps: 60)"#,
            "invalid frame rate 60 for a GIF (expected at most 50)",
        ),
        (
            r#"(path: "o.gif", size: (2560, 1440))"#,
            "invalid width 2560 for a GIF",
        ),
        (
            r#"(path: "o.avi")"#,
            "unsupported output file \"o.avi\" for H264",
        ),
    ];
    for (n, (output, expected)) in cases.into_iter().enumerate() {
        let scene = write_scene(
            &dir,
            &format!("bad{n}.ron"),
            &format!("(source: (path: \"in.mp4\"), output: {output})"),
        );
        let run = Command::new(env!("CARGO_BIN_EXE_export"))
            .arg(&scene)
            .output()
            .expect("run export");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(!run.status.success());
        assert!(
            stderr.contains(expected),
            "expected {expected:?} in {stderr}"
        );
    }
}

#[test]
fn a_hardware_encoder_the_machine_lacks_falls_back_to_software_with_a_warning() {
    let dir = scratch_dir("formats_hardware");
    source(&dir);
    export(&dir, "software.ron", r#"(path: "software.mp4")"#);
    let software = video_planes(&dir.join("software.mp4"));
    assert_eq!(software.len(), 60);
    for kind in ["nvenc", "vaapi"] {
        let run = export_with(
            &dir,
            &format!("{kind}.ron"),
            &format!("(path: \"{kind}.mp4\")"),
            &["--json", "--hardware", kind],
        );
        let warnings: Vec<String> = json_lines(&run.stdout)
            .into_iter()
            .filter(|event| event["event"] == "warning")
            .map(|event| event["message"].as_str().unwrap().to_owned())
            .collect();
        let output = dir.join(format!("{kind}.mp4"));
        if warnings.is_empty() {
            // This machine has the hardware: every frame is there, in H.264.
            assert_eq!(decode_video(&output).codec, "h264");
            assert_eq!(video_planes(&output).len(), 60, "{kind}");
        } else {
            // It does not: one warning naming it, then exactly the software encoder's file.
            assert_eq!(warnings.len(), 1, "{kind}: {warnings:?}");
            assert!(
                warnings[0].contains(&format!(
                    "the {kind} hardware encoder could not encode a test frame"
                )) && warnings[0].ends_with("using libx264 instead"),
                "{kind}: {warnings:?}"
            );
            assert!(
                video_planes(&output) == software,
                "{kind}: frames differ from libx264's"
            );
        }
    }
    // Hardware encoders make H.264 and HEVC only: asking for one with VP9 is an error.
    let scene = write_scene(
        &dir,
        "webm.ron",
        r#"(source: (path: "in.mp4"), output: (path: "out.webm", hardware: Nvenc))"#,
    );
    let run = Command::new(env!("CARGO_BIN_EXE_export"))
        .arg(&scene)
        .output()
        .expect("run export");
    common::assert_fails_with(
        &run,
        &["output.hardware", "nvenc encodes H264 and Hevc, not Vp9"],
    );
    assert!(!dir.join("out.webm").exists());
}

/// A 64x32 10 fps source of one-pixel columns, red and blue in turn, kept exactly
/// (lossless H.264 4:4:4): colour detail that 4:2:0 cannot hold.
fn stripes_source(dir: &Path) {
    let status = Command::new("ffmpeg")
        .args(["-loglevel", "error", "-y", "-f", "lavfi", "-i"])
        .arg("nullsrc=s=64x32:d=1:r=10,format=rgb24,geq=r='if(mod(X\\,2)\\,0\\,255)':g=0:b='if(mod(X\\,2)\\,255\\,0)'")
        .args(["-c:v", "libx264", "-qp", "0", "-pix_fmt", "yuv444p"])
        .args(["-color_primaries", "bt709", "-color_trc", "bt709", "-colorspace", "bt709"])
        .arg(dir.join("in.mp4"))
        .status()
        .expect("run ffmpeg");
    assert!(status.success());
}

/// The first frame of `path` as raw `pixels` (an ffmpeg pixel format name), decoded by
/// the ffmpeg command line.
fn first_frame(path: &Path, pixels: &str) -> Vec<u8> {
    let output = Command::new("ffmpeg")
        .args(["-loglevel", "error", "-i"])
        .arg(path)
        .args(["-frames:v", "1", "-f", "rawvideo", "-pix_fmt", pixels, "-"])
        .output()
        .expect("run ffmpeg");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// The first frame of `path` as RGB bytes.
fn first_rgb_frame(path: &Path) -> Vec<u8> {
    first_frame(path, "rgb24")
}

/// How many of the 64x32 pixels away from the edges keep their column's colour: red
/// (even columns) or blue (odd), each channel within 60 code values of pure.
fn stripes_kept(rgb: &[u8]) -> usize {
    assert_eq!(rgb.len(), 64 * 32 * 3);
    let mut kept = 0;
    for y in 2..30 {
        for x in 2..62 {
            let p = &rgb[(y * 64 + x) * 3..][..3];
            let (want_r, want_b) = if x % 2 == 0 { (255, 0) } else { (0, 255) };
            let near = |got: u8, want: i32| (i32::from(got) - want).abs() <= 60;
            kept += usize::from(near(p[0], want_r) && near(p[1], 0) && near(p[2], want_b));
        }
    }
    kept
}

#[test]
fn pictures_and_full_chroma_video_keep_one_pixel_colour_detail() {
    let dir = scratch_dir("formats_colour_detail");
    stripes_source(&dir);
    let all = 28 * 60;
    let scene = |name: &str, output: &str| {
        write_scene(
            &dir,
            name,
            &format!("(source: (path: \"in.mp4\"), output: {output})"),
        )
    };
    // A PNG series is written from the renderer's RGB: every stripe keeps its colour,
    // and each picture is the `--frame` still of the same time.
    let pictures = scene("png.ron", r#"(path: "frames")"#);
    run_export(&pictures, &[]);
    let first = first_rgb_frame(&dir.join("frames/frame-000000.png"));
    assert_eq!(stripes_kept(&first), all);
    let still_path = dir.join("still.png");
    run_export(
        &pictures,
        &["--frame", "0", "--png", still_path.to_str().unwrap()],
    );
    let still = first_rgb_frame(&dir.join("still.png"));
    let apart = first.iter().zip(&still).map(|(a, b)| a.abs_diff(*b)).max();
    assert_eq!(apart, Some(0), "the PNG series frame and the still differ");
    // H.264 4:4:4 keeps them too.
    let full = scene("full.ron", r#"(path: "full.mp4", chroma: Full)"#);
    run_export(&full, &[]);
    assert_eq!(streams(&dir.join("full.mp4"))[0], "h264,64,yuv444p,10");
    let kept = stripes_kept(&first_rgb_frame(&dir.join("full.mp4")));
    assert!(kept > all * 98 / 100, "4:4:4 H.264 kept {kept} of {all}");
    // 4:2:0, the default, cannot: one colour sample for two columns.
    let half = scene("half.ron", r#"(path: "half.mp4")"#);
    run_export(&half, &[]);
    let kept = stripes_kept(&first_rgb_frame(&dir.join("half.mp4")));
    assert!(kept < all / 10, "4:2:0 H.264 kept {kept} of {all}");
}

/// The distinct luma codes along row 20 of `path`'s first frame, decoded as 10-bit 4:2:2.
fn distinct_luma_codes(path: &Path, width: usize) -> usize {
    let frame = first_frame(path, "yuv422p10le");
    let row = &frame[20 * width * 2..21 * width * 2];
    let codes: std::collections::BTreeSet<u16> = row
        .chunks_exact(2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .collect();
    codes.len()
}

#[test]
fn prores_is_rendered_in_ten_bits() {
    let dir = scratch_dir("formats_ten_bits");
    source(&dir);
    // A gentle gradient across the frame: ten 8-bit steps, forty 10-bit ones.
    let look = r##"background: LinearGradient(angle: 90, stops: [("#202830", 0), ("#283440", 1)]), inset: (padding: 0.3)"##;
    let scene = |name: &str, output: &str| {
        let text = format!("(source: (path: \"in.mp4\"), output: {output}, {look})");
        write_scene(&dir, name, &text)
    };
    for (name, output) in [
        (
            "prores.ron",
            r#"(path: "ten.mov", format: ProRes, quality: Maximum)"#,
        ),
        ("h264.ron", r#"(path: "eight.mp4", quality: Maximum)"#),
    ] {
        run_export(&scene(name, output), &[]);
    }
    assert_eq!(
        streams(&dir.join("ten.mov"))[0],
        "prores,320,yuv422p10le,60"
    );
    let ten = distinct_luma_codes(&dir.join("ten.mov"), 320);
    let eight = distinct_luma_codes(&dir.join("eight.mp4"), 320);
    assert!(
        ten >= 3 * eight,
        "ProRes has {ten} luma levels along the gradient, H.264 {eight}"
    );
}

/// One picture of a GIF, as its image descriptor and graphic control extension say.
#[derive(Debug, Clone, Copy)]
struct GifImage {
    /// Left, top, width and height of the rectangle it stores.
    rect: (u16, u16, u16, u16),
    /// Whether it carries a palette of its own.
    local_palette: bool,
    /// Whether one of its entries stands for "unchanged" (transparent).
    transparent: bool,
}

/// The pictures of a GIF file, walked block by block.
fn gif_images(path: &Path) -> Vec<GifImage> {
    let bytes = std::fs::read(path).expect("read the GIF");
    assert!(
        bytes.starts_with(b"GIF89a"),
        "{}: not a GIF",
        path.display()
    );
    let table = |packed: u8| {
        if packed & 0x80 != 0 {
            3 << ((packed & 7) + 1)
        } else {
            0
        }
    };
    let skip_sub_blocks = |mut at: usize| {
        while bytes[at] != 0 {
            at += 1 + bytes[at] as usize;
        }
        at + 1
    };
    let le16 = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
    let mut at = 13 + table(bytes[10]);
    let mut images = Vec::new();
    let mut transparent = false;
    loop {
        match bytes[at] {
            0x21 => {
                if bytes[at + 1] == 0xF9 {
                    transparent = bytes[at + 3] & 1 != 0;
                }
                at = skip_sub_blocks(at + 2);
            }
            0x2C => {
                let packed = bytes[at + 9];
                images.push(GifImage {
                    rect: (le16(at + 1), le16(at + 3), le16(at + 5), le16(at + 7)),
                    local_palette: packed & 0x80 != 0,
                    transparent,
                });
                // The descriptor, its palette, the LZW code size, then the data.
                at = skip_sub_blocks(at + 10 + table(packed) + 1);
                transparent = false;
            }
            0x3B => return images,
            other => panic!("{}: unexpected block {other:#x} at {at}", path.display()),
        }
    }
}

/// The average PSNR (dB) of a GIF's frames against a folder of the same frames as PNG
/// pictures, at `fps`.
fn gif_psnr(gif: &Path, pictures: &Path, fps: u32) -> f64 {
    let run = Command::new("ffmpeg")
        .args(["-hide_banner", "-nostats", "-i"])
        .arg(gif)
        .args(["-framerate", &fps.to_string(), "-i"])
        .arg(pictures.join("frame-%06d.png"))
        // Paired by index: a GIF's delays are whole hundredths, so its timestamps drift
        // from the pictures' frame rate.
        .arg("-lavfi")
        .arg(format!(
            "[0:v]settb=1/{fps},setpts=N,format=rgb24[a];\
             [1:v]settb=1/{fps},setpts=N,format=rgb24[b];[a][b]psnr"
        ))
        .args(["-f", "null", "-"])
        .output()
        .expect("run ffmpeg");
    let log = String::from_utf8_lossy(&run.stderr);
    let average = log
        .lines()
        .filter_map(|line| line.split("average:").nth(1))
        .next_back()
        .unwrap_or_else(|| panic!("no PSNR in: {log}"));
    let value = average.split_whitespace().next().unwrap_or_default();
    if value == "inf" {
        return f64::INFINITY;
    }
    value.parse().unwrap_or_else(|_| panic!("PSNR {value:?}"))
}

/// Exports `source` (a lavfi graph, 320x180) to a GIF and to PNG pictures of the same
/// frames; returns the GIF's pictures and its PSNR against the PNGs.
fn gif_and_pictures(dir: &Path, source: &str) -> (Vec<GifImage>, f64) {
    lavfi_source(&dir.join("in.mp4"), source, None);
    export(dir, "gif.ron", r#"(path: "anim.gif")"#);
    export(dir, "pictures.ron", r#"(path: "frames", fps: 15)"#);
    let images = gif_images(&dir.join("anim.gif"));
    (
        images,
        gif_psnr(&dir.join("anim.gif"), &dir.join("frames"), 15),
    )
}

#[test]
fn a_gif_keeps_its_palette_and_stores_only_what_changed() {
    let dir = scratch_dir("formats-gif-still");
    // A still picture with a small square crossing it.
    let (images, psnr) = gif_and_pictures(
        &dir,
        "color=c=0x4060a0:s=320x180:r=30:d=2[bg];color=c=white:s=24x24:r=30:d=2[box];\
         [bg][box]overlay=x='20+t*100':y=70[out0]",
    );
    assert_eq!(images.len(), 30, "{images:?}");
    assert_eq!(images[0].rect, (0, 0, 320, 180));
    for (index, image) in images.iter().enumerate().skip(1) {
        let (_, _, width, height) = image.rect;
        assert!(
            !image.local_palette,
            "frame {index} has a palette of its own"
        );
        assert!(image.transparent, "frame {index} marks nothing unchanged");
        assert!(
            u32::from(width) * u32::from(height) < 320 * 180 / 10,
            "frame {index} stores {width}x{height}"
        );
    }
    assert!(psnr > 30.0, "PSNR {psnr:.1} dB");
}

#[test]
fn a_gif_takes_a_new_palette_when_the_picture_changes_its_colours() {
    let dir = scratch_dir("formats-gif-new-palette");
    // One second of flat red, then a second of a colourful test picture.
    let (images, psnr) = gif_and_pictures(
        &dir,
        "color=c=0xc02020:s=320x180:r=30:d=1[a];testsrc2=s=320x180:r=30:d=1[b];\
         [a][b]concat=n=2:v=1:a=0[out0]",
    );
    assert_eq!(images.len(), 30, "{images:?}");
    let changed: Vec<usize> = (1..30).filter(|&i| images[i].local_palette).collect();
    assert!(
        changed.first() == Some(&15),
        "the first colourful frame (15) starts a new palette: {changed:?}"
    );
    assert_eq!(images[15].rect, (0, 0, 320, 180));
    // Red frames after the first are stored as nothing changed but one pixel.
    assert!(
        images[1..15]
            .iter()
            .all(|i| i.rect.2 as u32 * i.rect.3 as u32 <= 1)
    );
    assert!(psnr > 25.0, "PSNR {psnr:.1} dB");
}
