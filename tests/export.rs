//! End-to-end exports through the real pipeline: FFmpeg decode, wgpu on the machine's
//! Vulkan driver (lavapipe where there is no GPU), libx264 encode, then FFmpeg decode of
//! the result. Every source frame shows its index, so order and completeness are checked
//! frame by frame.

mod common;

use common::media::{SourceSpec, decode_video, make_source};
use common::{folder_names, scratch_dir, write_scene};
use ffmpeg_next::Rational;
use ffmpeg_next::format::Pixel;
use ffmpeg_next::util::color::{Range, Space};
use reel::pipeline::{
    ColorInfo, ColorMatrix, ColorRange, DEFAULT_FRAMES_PER_WORKER, ExportCapacity, PipelineSettings,
};
use reel::render::{ChosenRenderer, GpuDevice, RendererChoice, SampleToRgb, rgb_to_bt709_limited};
use reel::{ExportSummary, ReelPlugins, Scene, export_app, run_export};
use std::path::Path;

fn export(scene: &Path, workers: usize) -> ExportSummary {
    export_with(scene, workers, RendererChoice::Auto)
}

fn export_with(scene: &Path, workers: usize, renderer: RendererChoice) -> ExportSummary {
    let scene = Scene::load(scene).unwrap_or_else(|e| panic!("{e}"));
    let mut plugins = ReelPlugins::with_workers(workers);
    plugins.renderer = renderer;
    let mut app = export_app(plugins);
    run_export(&mut app, scene).unwrap_or_else(|e| panic!("export failed: {e}"))
}

fn scene_text(source: &str, output: &str, extra: &str) -> String {
    format!("(source: (path: \"{source}\"), output: (path: \"{output}\"{extra}))")
}

const FULL_FRAME_320: (f32, f32, f32, f32) = (0.0, 0.0, 320.0, 180.0);

#[test]
fn one_and_four_workers_export_every_frame_once_in_order_and_identically() {
    let dir = scratch_dir("workers");
    make_source(&dir.join("source.mp4"), &SourceSpec::h264(320, 180, 30, 60));
    let one = write_scene(&dir, "one.ron", &scene_text("source.mp4", "one.mp4", ""));
    let four = write_scene(&dir, "four.ron", &scene_text("source.mp4", "four.mp4", ""));

    let summary = export(&one, 1);
    assert_eq!(summary.frames, 60);
    export(&four, 4);

    let one = decode_video(&dir.join("one.mp4"));
    let four = decode_video(&dir.join("four.mp4"));
    for video in [&one, &four] {
        // Size and rate follow the source; every index is present once, in order.
        assert_eq!((video.width, video.height), (320, 180));
        assert_eq!(video.frame_rate, Rational(30, 1));
        assert_eq!(video.codec, "h264");
        // Tagged as what it is: BT.709, limited range.
        assert_eq!(video.frames[0].color_space(), Space::BT709);
        assert_eq!(video.frames[0].color_range(), Range::MPEG);
        let expected: Vec<_> = (0..60).map(Some).collect();
        assert_eq!(video.indices(FULL_FRAME_320), expected);
    }
    // The worker count changes nothing in the output.
    for n in 0..60 {
        assert!(
            one.planes(n) == four.planes(n),
            "frame {n} differs between 1 and 4 workers"
        );
    }
    // Nothing but the outputs is left in the folder.
    assert_eq!(
        folder_names(&dir),
        ["four.mp4", "four.ron", "one.mp4", "one.ron", "source.mp4"]
    );
}

#[test]
fn both_renderers_draw_the_full_look_alike_and_identically_at_any_worker_count() {
    let dir = scratch_dir("renderers");
    make_source(&dir.join("source.mp4"), &SourceSpec::h264(320, 180, 30, 60));
    let mut outputs = Vec::new();
    for renderer in [RendererChoice::Gpu, RendererChoice::Cpu] {
        let mut videos = Vec::new();
        for workers in [1, 4] {
            let name = format!("{renderer}-{workers}");
            // The full look, so that every layer is drawn.
            let text = format!(
                r##"(source: (path: "source.mp4"), output: (path: "{name}.mp4", size: (480, 270)),
                    background: Blurred(radius: 20),
                    inset: (padding: 0.1, corner_radius: 12, border: (width: 2, color: "#ffffff80")),
                    shadow: (blur: 16),
                    zooms: [(start: 0.5, end: 1.5, scale: 2, transition: 0.3)],
                    blur_regions: [(rect: (x: 0, y: 0, width: 80, height: 40))])"##
            );
            let scene = write_scene(&dir, &format!("{name}.ron"), &text);
            assert_eq!(export_with(&scene, workers, renderer).frames, 60);
            let video = decode_video(&dir.join(format!("{name}.mp4")));
            assert_eq!((video.width, video.height), (480, 270));
            assert_eq!(video.frames.len(), 60);
            videos.push(video);
        }
        // The worker count changes nothing in the output.
        for n in 0..60 {
            assert!(
                videos[0].planes(n) == videos[1].planes(n),
                "{renderer}: frame {n} differs between 1 and 4 workers"
            );
        }
        outputs.push(videos.swap_remove(0));
    }
    // Both renderers draw the same frames, within a code value on average.
    for n in (0..60).step_by(7) {
        let (gpu, cpu) = (outputs[0].planes(n), outputs[1].planes(n));
        for plane in 0..3 {
            let total: u64 = gpu[plane]
                .iter()
                .zip(&cpu[plane])
                .map(|(a, b)| u64::from(a.abs_diff(*b)))
                .sum();
            let mean = total as f64 / gpu[plane].len() as f64;
            assert!(
                mean < 1.0,
                "frame {n}, plane {plane}: mean difference {mean:.2}"
            );
        }
    }
}

#[test]
fn lower_source_rate_repeats_frames_and_keeps_duration() {
    let dir = scratch_dir("rate_24_to_30");
    make_source(&dir.join("source.mp4"), &SourceSpec::h264(320, 180, 24, 48));
    let scene = write_scene(
        &dir,
        "s.ron",
        &scene_text("source.mp4", "out.mp4", ", fps: 30"),
    );
    let summary = export(&scene, 2);
    // 48 frames at 24 fps last 2 s: 60 frames at 30 fps.
    assert_eq!(summary.frames, 60);
    let video = decode_video(&dir.join("out.mp4"));
    assert_eq!(video.frame_rate, Rational(30, 1));
    let shown: Vec<u32> = video
        .indices(FULL_FRAME_320)
        .into_iter()
        .map(|i| i.expect("readable index"))
        .collect();
    assert_eq!(shown.len(), 60);
    assert_eq!((shown[0], shown[59]), (0, 47));
    // In order, never skipping a source frame, repeating one in four.
    assert!(
        shown.windows(2).all(|w| w[1] == w[0] || w[1] == w[0] + 1),
        "{shown:?}"
    );
    let repeats = shown.windows(2).filter(|w| w[0] == w[1]).count();
    assert_eq!(repeats, 12, "{shown:?}");
    // Each output frame shows the source frame on screen at its time.
    for (i, &source) in shown.iter().enumerate() {
        let t = i as f64 / 30.0;
        assert!(
            f64::from(source) / 24.0 <= t + 0.5 / 30.0,
            "frame {i} shows {source} too early"
        );
        assert!(
            f64::from(source + 1) / 24.0 > t - 0.5 / 30.0,
            "frame {i} shows {source} too late"
        );
    }
}

#[test]
fn higher_source_rate_drops_every_other_frame() {
    let dir = scratch_dir("rate_60_to_30");
    make_source(
        &dir.join("source.mp4"),
        &SourceSpec::h264(320, 180, 60, 120),
    );
    let scene = write_scene(
        &dir,
        "s.ron",
        &scene_text("source.mp4", "out.mp4", ", fps: 30"),
    );
    assert_eq!(export(&scene, 2).frames, 60);
    let video = decode_video(&dir.join("out.mp4"));
    let expected: Vec<_> = (0..60).map(|i| Some(2 * i)).collect();
    assert_eq!(video.indices(FULL_FRAME_320), expected);
}

#[test]
fn variable_frame_rate_source_keeps_its_timing() {
    let dir = scratch_dir("rate_variable");
    // A recording that stalls: frames at 0, 100, 200 ms, then nothing until 700 ms.
    let pts_ms = vec![0, 100, 200, 700, 800, 900];
    let spec = SourceSpec {
        fps: (10, 1),
        frames: 6,
        pts_ms: Some(pts_ms),
        ..SourceSpec::h264(320, 180, 10, 6)
    };
    make_source(&dir.join("source.mkv"), &spec);
    let scene = write_scene(
        &dir,
        "s.ron",
        &scene_text("source.mkv", "out.mp4", ", fps: 10"),
    );
    export(&scene, 2);
    let video = decode_video(&dir.join("out.mp4"));
    let shown: Vec<_> = video
        .indices(FULL_FRAME_320)
        .into_iter()
        .map(Option::unwrap)
        .collect();
    assert_eq!(shown, [0, 1, 2, 2, 2, 2, 2, 3, 4, 5]);
}

#[test]
fn other_codecs_and_odd_sizes_export_correctly() {
    let dir = scratch_dir("codecs");
    let cases = [
        (
            "mpeg4.mp4",
            SourceSpec {
                encoder: "mpeg4",
                ..SourceSpec::h264(320, 180, 30, 20)
            },
        ),
        (
            "vp8.webm",
            SourceSpec {
                encoder: "libvpx",
                ..SourceSpec::h264(320, 180, 30, 20)
            },
        ),
        (
            "vp9.webm",
            SourceSpec {
                encoder: "libvpx-vp9",
                ..SourceSpec::h264(320, 180, 30, 20)
            },
        ),
        (
            "odd.mp4",
            SourceSpec {
                pixel: Pixel::YUV444P,
                ..SourceSpec::h264(321, 181, 30, 20)
            },
        ),
        (
            "ten_bit.webm",
            SourceSpec {
                encoder: "libvpx-vp9",
                pixel: Pixel::YUV420P10LE,
                ..SourceSpec::h264(320, 180, 30, 20)
            },
        ),
    ];
    for (name, spec) in cases {
        make_source(&dir.join(name), &spec);
        let output = format!("{name}.out.mp4");
        let scene = write_scene(&dir, &format!("{name}.ron"), &scene_text(name, &output, ""));
        let summary = export(&scene, 2);
        assert_eq!(summary.frames, 20, "{name}");
        let video = decode_video(&dir.join(&output));
        // Odd sizes round down to even; the picture is fitted into it, centred.
        let (w, h) = (spec.width & !1, spec.height & !1);
        assert_eq!((video.width, video.height), (w, h), "{name}");
        let fit = reel::scene::fit_rect((spec.width, spec.height), (w, h));
        let indices = video.indices((fit.x, fit.y, fit.width, fit.height));
        let expected: Vec<_> = (0..20).map(Some).collect();
        assert_eq!(indices, expected, "{name}");
    }
}

#[test]
fn source_colours_convert_with_their_own_matrix_and_range() {
    let dir = scratch_dir("colour");
    // A flat colour away from grey, so that the matrices and ranges give different RGB.
    let samples = [120, 90, 200];
    let cases = [
        (
            "bt601_limited",
            Pixel::YUV420P,
            Some((Space::SMPTE170M, Range::MPEG)),
            ColorMatrix::Bt601,
            ColorRange::Limited,
        ),
        (
            "bt709_limited",
            Pixel::YUV420P,
            Some((Space::BT709, Range::MPEG)),
            ColorMatrix::Bt709,
            ColorRange::Limited,
        ),
        (
            "bt709_full",
            Pixel::YUVJ420P,
            Some((Space::BT709, Range::JPEG)),
            ColorMatrix::Bt709,
            ColorRange::Full,
        ),
        // Untagged small pictures are BT.601, limited range.
        (
            "untagged",
            Pixel::YUV420P,
            None,
            ColorMatrix::Bt601,
            ColorRange::Limited,
        ),
    ];
    for (name, pixel, color, matrix, range) in cases {
        let source = format!("{name}.mp4");
        let spec = SourceSpec {
            pixel,
            color,
            flat: Some(samples),
            ..SourceSpec::h264(320, 180, 30, 3)
        };
        make_source(&dir.join(&source), &spec);
        let output = format!("{name}.out.mp4");
        let scene = write_scene(
            &dir,
            &format!("{name}.ron"),
            &scene_text(&source, &output, ""),
        );
        export(&scene, 1);
        let video = decode_video(&dir.join(&output));
        let rgb = SampleToRgb::new(ColorInfo { matrix, range }).apply(samples);
        let expected = rgb_to_bt709_limited(rgb);
        let got = video.sample(1, 160, 90);
        for c in 0..3 {
            assert!(
                (i16::from(got[c]) - i16::from(expected[c])).abs() <= 2,
                "{name}: expected {expected:?}, got {got:?}"
            );
        }
    }
}

#[test]
fn the_default_worker_count_fits_the_device_and_an_asked_for_count_is_kept() {
    let dir = scratch_dir("fit_workers");
    make_source(&dir.join("source.mp4"), &SourceSpec::h264(320, 180, 30, 10));
    let scene = write_scene(&dir, "s.ron", &scene_text("source.mp4", "out.mp4", ""));
    let mut app = export_app(ReelPlugins::default());
    let asked = app.world().resource::<PipelineSettings>().clone();
    assert!(asked.fit_workers_to_device && asked.workers >= 2);
    run_export(&mut app, Scene::load(&scene).unwrap()).unwrap();
    // The GPU renderer on a CPU rasteriser renders each frame on every core already: one
    // worker, the same frames in flight per worker. The CPU renderer keeps the count.
    let rasterised = app
        .world()
        .get_resource::<GpuDevice>()
        .is_some_and(|gpu| gpu.cpu)
        && app.world().resource::<ChosenRenderer>().renderer == RendererChoice::Gpu;
    let used = *app.world().resource::<ExportCapacity>();
    if rasterised {
        assert_eq!(used.workers, 1);
        assert_eq!(used.max_frames_in_flight, DEFAULT_FRAMES_PER_WORKER + 2);
    } else {
        assert_eq!(used.workers, asked.workers);
    }
    // The settings stay what was set: the fitting is the export's state.
    assert_eq!(
        app.world().resource::<PipelineSettings>().workers,
        asked.workers
    );
    // A count asked for is kept whatever the device, and so are the frames per worker.
    let mut plugins = ReelPlugins::with_workers(3);
    plugins.pipeline.frames_per_worker = 6;
    let mut app = export_app(plugins);
    std::fs::remove_file(dir.join("out.mp4")).unwrap();
    run_export(&mut app, Scene::load(&scene).unwrap()).unwrap();
    assert_eq!(
        *app.world().resource::<ExportCapacity>(),
        ExportCapacity::new(3, 6)
    );
    assert_eq!(ExportCapacity::new(3, 6).max_frames_in_flight, 20);
}

#[test]
fn renders_on_the_host_apps_device_when_it_has_one() {
    let dir = scratch_dir("host_device");
    make_source(&dir.join("source.mp4"), &SourceSpec::h264(320, 180, 30, 10));
    let scene = write_scene(&dir, "s.ron", &scene_text("source.mp4", "out.mp4", ""));
    // A host app whose bevy_render already made a device puts it in its main world.
    let host = GpuDevice::create_headless().expect("a GPU adapter");
    let mut plugins = ReelPlugins::with_workers(2);
    plugins.renderer = RendererChoice::Gpu;
    let mut app = export_app(plugins);
    app.insert_resource(host.device.clone());
    app.insert_resource(host.queue.clone());
    let summary = run_export(&mut app, Scene::load(&scene).unwrap()).unwrap();
    assert_eq!(summary.frames, 10);
    // Reel kept no device of its own: it rendered on the host's.
    assert!(app.world().get_resource::<GpuDevice>().is_none());
    let video = decode_video(&dir.join("out.mp4"));
    assert_eq!(
        video.indices(FULL_FRAME_320),
        (0..10).map(Some).collect::<Vec<_>>()
    );
}

/// Y-PSNR (dB) of `path` against `reference`, by the ffmpeg command line's `psnr` filter.
fn luma_psnr(path: &Path, reference: &Path) -> f64 {
    let output = std::process::Command::new("ffmpeg")
        .args(["-hide_banner", "-i"])
        .arg(path)
        .arg("-i")
        .arg(reference)
        .args(["-lavfi", "[0:v][1:v]psnr", "-f", "null", "-"])
        .output()
        .expect("run ffmpeg");
    let log = String::from_utf8_lossy(&output.stderr);
    let value = log
        .rsplit("PSNR y:")
        .next()
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no PSNR in: {log}"));
    if value == "inf" {
        f64::INFINITY
    } else {
        value.parse().unwrap()
    }
}

#[test]
fn the_recording_passes_through_as_it_was_where_nothing_blends() {
    let dir = scratch_dir("pass_through");
    // Saturated colour bars in 4:2:0, BT.709 like the output: Y'CbCr that falls outside
    // the R'G'B' cube at colour edges, which an R'G'B' round trip would cut.
    let source = dir.join("source.mp4");
    common::media::lavfi_bt709_source(&source, "testsrc2=size=320x240:rate=30:duration=1");
    // Losslessly encoded, every plane comes back exactly as the source's.
    let exact = write_scene(
        &dir,
        "exact.ron",
        &scene_text("source.mp4", "exact.mp4", ", crf: 0"),
    );
    export(&exact, 1);
    let (got, want) = (
        common::media::video_planes(&dir.join("exact.mp4")),
        common::media::video_planes(&source),
    );
    assert_eq!(got.len(), 30);
    for (frame, (a, b)) in got.iter().zip(&want).enumerate() {
        for plane in 0..3 {
            assert!(a[plane] == b[plane], "frame {frame}, plane {plane} differs");
        }
    }
    // At the default settings, within 0.5 dB of ffmpeg's plain transcode.
    let plain = write_scene(
        &dir,
        "plain.ron",
        &scene_text("source.mp4", "plain.mp4", ""),
    );
    export(&plain, 1);
    let status = std::process::Command::new("ffmpeg")
        .args(["-loglevel", "error", "-y", "-i"])
        .arg(&source)
        .args(["-c:v", "libx264", "-preset", "veryfast", "-crf", "20"])
        .arg(dir.join("ffmpeg.mp4"))
        .status()
        .expect("run ffmpeg");
    assert!(status.success());
    let reel = luma_psnr(&dir.join("plain.mp4"), &source);
    let ffmpeg = luma_psnr(&dir.join("ffmpeg.mp4"), &source);
    assert!(
        reel >= ffmpeg - 0.5,
        "Reel's plain export scores {reel:.2} dB, ffmpeg's transcode {ffmpeg:.2} dB"
    );
}

#[test]
fn a_rotated_recording_exports_upright_as_players_show_it() {
    let dir = scratch_dir("rotated");
    // BT.709 like the output, so that the luma passes through as it is.
    let stored = dir.join("stored.mp4");
    common::media::lavfi_bt709_source(&stored, "testsrc2=size=320x180:rate=30:duration=0.5");
    for degrees in [90, 180, 270] {
        // A display matrix, as a phone writes one: the pictures stay stored sideways.
        let turned = dir.join(format!("turned{degrees}.mp4"));
        let status = std::process::Command::new("ffmpeg")
            .args(["-loglevel", "error", "-y", "-i"])
            .arg(&stored)
            .args([
                "-c",
                "copy",
                "-metadata:s:v:0",
                &format!("rotate={degrees}"),
            ])
            .arg(&turned)
            .status()
            .expect("run ffmpeg");
        assert!(status.success());
        // ffmpeg's command line turns pictures upright on decoding, as players do.
        let upright = dir.join(format!("upright{degrees}.mkv"));
        let status = std::process::Command::new("ffmpeg")
            .args(["-loglevel", "error", "-y", "-i"])
            .arg(&turned)
            .args(["-c:v", "ffv1"])
            .arg(&upright)
            .status()
            .expect("run ffmpeg");
        assert!(status.success());
        let name = format!("out{degrees}.mp4");
        let scene = write_scene(
            &dir,
            &format!("turned{degrees}.ron"),
            &scene_text(&format!("turned{degrees}.mp4"), &name, ", crf: 0"),
        );
        export(&scene, 1);
        let (got, want) = (decode_video(&dir.join(&name)), decode_video(&upright));
        let size = if degrees == 180 {
            (320, 180)
        } else {
            (180, 320)
        };
        assert_eq!((got.width, got.height), size, "{degrees} degrees");
        assert_eq!((want.width, want.height), size);
        let (a, b) = (got.planes(0), want.planes(0));
        assert!(
            a[0] == b[0],
            "{degrees} degrees: the luma differs from ffmpeg's upright picture"
        );
    }
}

#[test]
fn a_lost_host_device_fails_the_export_and_is_not_replaced() {
    let dir = scratch_dir("host_device_lost");
    make_source(&dir.join("source.mp4"), &SourceSpec::h264(320, 180, 30, 20));
    let scene = write_scene(&dir, "s.ron", &scene_text("source.mp4", "out.mp4", ""));
    // Its own device, as a host app's bevy_render would have made it.
    let host = GpuDevice::create_headless().expect("a GPU adapter");
    let mut plugins = ReelPlugins::with_workers(1);
    plugins.renderer = RendererChoice::Gpu;
    plugins.pipeline.faults = "device-lost:frame=5".parse().unwrap();
    let mut app = export_app(plugins);
    app.insert_resource(host.device.clone());
    app.insert_resource(host.queue.clone());
    let error = run_export(&mut app, Scene::load(&scene).unwrap()).unwrap_err();
    assert!(
        error.to_string().contains(
            "the host app's device was lost, and Reel does not replace a device it does not own"
        ),
        "{error}"
    );
    // No device of Reel's own took its place, and nothing was left at the output.
    assert!(app.world().get_resource::<GpuDevice>().is_none());
    assert!(!dir.join("out.mp4").exists());
}
