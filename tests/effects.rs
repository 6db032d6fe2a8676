//! Effects checked against what they must be, not only against references: anti-aliased
//! corners without dark fringes, a shadow that fades monotonically, blur that keeps a
//! constant picture constant, zooms that change nothing before they start, and colour
//! bars that survive the trip through RGB and back to Y'CbCr.

mod common;

use common::media::{SourceSpec, decode_video, make_source};
use common::{scratch_dir, write_scene};
use ffmpeg_next::format::Pixel;
use ffmpeg_next::util::color::{Range, Space};
use reel::pipeline::{ColorInfo, ColorMatrix, ColorRange};
use reel::render::{GpuDevice, SampleToRgb, rgb_to_bt709_limited, rgb_to_limited};
use reel::{
    ReelPlugins, RgbImage, Scene, StillRenderer, export_app, render_frame, render_frame_with,
    run_export,
};
use std::path::Path;
use std::sync::OnceLock;

fn gpu() -> &'static GpuDevice {
    static GPU: OnceLock<GpuDevice> = OnceLock::new();
    GPU.get_or_init(|| GpuDevice::create_headless().expect("a GPU adapter (lavapipe will do)"))
}

/// A 320x180 source of one flat Y'CbCr colour (BT.709, limited range), made once per test.
fn flat_source(dir: &Path, samples: [u8; 3]) {
    let spec = SourceSpec {
        flat: Some(samples),
        color: Some((Space::BT709, Range::MPEG)),
        ..SourceSpec::h264(320, 180, 30, 30)
    };
    make_source(&dir.join("flat.mp4"), &spec);
}

thread_local! {
    /// The renderer this thread's test is checking now.
    static ON_CPU: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `check` once with each renderer: every property holds for both.
fn on_both_renderers(check: impl Fn()) {
    for cpu in [false, true] {
        ON_CPU.set(cpu);
        // Shown with a failure's message: which renderer broke the property.
        eprintln!("checking the {} renderer", renderer());
        check();
    }
}

/// The name of the renderer being checked, for messages.
fn renderer() -> &'static str {
    if ON_CPU.get() { "cpu" } else { "gpu" }
}

/// `scene` at `time`, drawn by the renderer being checked.
fn still(scene: &Scene, time: f64) -> RgbImage {
    let renderer = if ON_CPU.get() {
        StillRenderer::Cpu
    } else {
        StillRenderer::Gpu(Some(gpu()))
    };
    render_frame_with(scene, time, renderer).unwrap_or_else(|e| panic!("{}: {e}", self::renderer()))
}

fn render(dir: &Path, fields: &str, time: f64) -> RgbImage {
    let text = format!(
        r#"(source: (path: "flat.mp4"), output: (path: "out.mp4", size: (640, 360)){fields})"#
    );
    let path = write_scene(dir, "scene.ron", &text);
    let scene = Scene::load(&path).unwrap_or_else(|e| panic!("{e}"));
    still(&scene, time)
}

/// The R'G'B' codes a BT.709 limited-range picture of flat `samples` shows.
fn flat_codes(samples: [u8; 3]) -> [i16; 3] {
    let rgb = SampleToRgb::new(ColorInfo {
        matrix: ColorMatrix::Bt709,
        range: ColorRange::Limited,
    })
    .apply(samples);
    rgb.map(|c| (c.clamp(0.0, 1.0) * 255.0).round() as i16)
}

fn to_linear(code: u8) -> f64 {
    let v = f64::from(code) / 255.0;
    if v <= 0.04045 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

/// The share of pixel (x, y) inside a rounded rectangle, by 16x16 supersampling.
fn coverage(x: u32, y: u32, rect: (f64, f64, f64, f64), radius: f64) -> f64 {
    let (rx, ry, rw, rh) = rect;
    let mut inside = 0;
    for sy in 0..16 {
        for sx in 0..16 {
            let px = f64::from(x) + (f64::from(sx) + 0.5) / 16.0;
            let py = f64::from(y) + (f64::from(sy) + 0.5) / 16.0;
            let qx = ((px - (rx + rw / 2.0)).abs() - rw / 2.0 + radius).max(0.0);
            let qy = ((py - (ry + rh / 2.0)).abs() - rh / 2.0 + radius).max(0.0);
            let outside_corner = (qx * qx + qy * qy).sqrt() > radius;
            let outside_box =
                (px - (rx + rw / 2.0)).abs() > rw / 2.0 || (py - (ry + rh / 2.0)).abs() > rh / 2.0;
            inside += u32::from(!(outside_corner || outside_box));
        }
    }
    f64::from(inside) / 256.0
}

#[test]
fn rounded_corners_are_smooth_and_never_dark() {
    on_both_renderers(|| {
        let dir = scratch_dir("effect_corners");
        flat_source(&dir, [235, 128, 128]);
        let scene = Scene::load(&write_scene(
        &dir,
        "probe.ron",
        r#"(source: (path: "flat.mp4"), output: (path: "out.mp4", size: (640, 360)), inset: (padding: 0.1))"#,
    ))
    .unwrap();
        let content = scene.content_rect((320, 180), (640, 360));
        let rect = (
            f64::from(content.x),
            f64::from(content.y),
            f64::from(content.width),
            f64::from(content.height),
        );

        // White on black: each pixel's linear light is its coverage, which must follow the
        // exact area inside the corner closely (a jagged edge is off by up to a half).
        let radius = 40.0;
        let image = render(
            &dir,
            ", background: Color(\"#000000\"), inset: (padding: 0.1, corner_radius: 40)",
            0.0,
        );
        let (x0, y0) = (rect.0.floor() as u32, rect.1.floor() as u32);
        let mut worst: f64 = 0.0;
        let mut total = 0.0;
        let mut count = 0.0;
        for y in y0..y0 + 48 {
            for x in x0..x0 + 48 {
                let expected = coverage(x, y, rect, radius);
                let got = to_linear(image.pixel(x, y)[0]);
                worst = worst.max((got - expected).abs());
                total += (got - expected).abs();
                count += 1.0;
            }
        }
        assert!(
            worst < 0.2,
            "a corner pixel is off by {worst:.3} of full coverage"
        );
        assert!(
            total / count < 0.02,
            "corner pixels are off by {:.4} on average",
            total / count
        );

        // White on white: the edge blends two equal colours, so no pixel may darken.
        let image = render(
            &dir,
            ", background: Color(\"#ffffff\"), inset: (padding: 0.1, corner_radius: 40, border: (width: 3, color: \"#ffffff80\"))",
            0.0,
        );
        let darkest = image.data.iter().min().copied().unwrap();
        assert!(darkest >= 254, "an edge pixel darkened to {darkest}");
    });
}

#[test]
fn the_shadow_fades_monotonically() {
    on_both_renderers(|| {
        let dir = scratch_dir("effect_shadow");
        flat_source(&dir, [235, 128, 128]);
        let image = render(
            &dir,
            ", background: Color(\"#ffffff\"), inset: (padding: 0.2, corner_radius: 16), shadow: (offset: (0, 0), blur: 60, color: \"#000000\", opacity: 1.0)",
            0.0,
        );
        let scene = Scene::load(&dir.join("scene.ron")).unwrap();
        let content = scene.content_rect((320, 180), (640, 360));
        let column = (content.x + content.width / 2.0) as u32;
        let below = (content.y + content.height).ceil() as u32;
        // Down from the recording's bottom edge the shadow only ever lightens.
        let values: Vec<u8> = (below..360).map(|y| image.pixel(column, y)[0]).collect();
        assert!(values.windows(2).all(|w| w[1] >= w[0]), "{values:?}");
        assert!(
            values[0] < 200 && *values.last().unwrap() > values[0],
            "{values:?}"
        );
        // And so it does to the right, at mid height.
        let row = (content.y + content.height / 2.0) as u32;
        let right = (content.x + content.width).ceil() as u32;
        let values: Vec<u8> = (right..640).map(|x| image.pixel(x, row)[0]).collect();
        assert!(values.windows(2).all(|w| w[1] >= w[0]), "{values:?}");
    });
}

#[test]
fn blurring_a_constant_picture_keeps_it_constant() {
    on_both_renderers(|| {
        let dir = scratch_dir("effect_blur_constant");
        let samples = [150, 100, 170];
        flat_source(&dir, samples);
        let expected = flat_codes(samples);
        let close = |pixel: [u8; 3]| (0..3).all(|c| (i16::from(pixel[c]) - expected[c]).abs() <= 1);
        // The blurred recording as the background, and a blurred region of the recording.
        let image = render(
            &dir,
            ", background: Blurred(radius: 80), inset: (padding: 0.15), blur_regions: [(rect: (x: 20, y: 20, width: 200, height: 100), radius: 30)]",
            0.0,
        );
        for (x, y) in [
            (5, 5),
            (320, 20),
            (600, 340),
            (20, 180),
            (200, 150),
            (320, 180),
        ] {
            assert!(
                close(image.pixel(x, y)),
                "pixel ({x}, {y}) is {:?}, expected {expected:?}",
                image.pixel(x, y)
            );
        }
    });
}

#[test]
fn a_zoom_changes_nothing_before_it_starts() {
    on_both_renderers(|| {
        let dir = scratch_dir("effect_zoom_before");
        make_source(&dir.join("flat.mp4"), &SourceSpec::h264(320, 180, 30, 60));
        let look = ", background: Wallpaper(\"mint\"), inset: (padding: 0.1, corner_radius: 12)";
        let plain = render(&dir, look, 0.9);
        let zoomed = render(
            &dir,
            &format!(
                "{look}, zooms: [(start: 1.0, end: 1.9, scale: 3.0, center: (80, 40))], motion_blur: ()"
            ),
            0.9,
        );
        assert!(
            plain == zoomed,
            "the frame before the zoom differs from the unzoomed frame"
        );
        let during = render(
            &dir,
            &format!("{look}, zooms: [(start: 0.5, end: 1.9, scale: 3.0, center: (80, 40))]"),
            0.9,
        );
        assert!(plain != during, "the zoom had no effect while on");
    });
}

#[test]
fn colour_bars_survive_the_round_trip_within_two_code_values() {
    on_both_renderers(|| {
        let dir = scratch_dir("effect_colour_bars");
        // 75% colour bars, as BT.601 and as BT.709 limited-range samples of the same RGB.
        let rgb = [
            [0.75, 0.75, 0.75],
            [0.75, 0.75, 0.0],
            [0.0, 0.75, 0.75],
            [0.0, 0.75, 0.0],
            [0.75, 0.0, 0.75],
            [0.75, 0.0, 0.0],
            [0.0, 0.0, 0.75],
            [0.0, 0.0, 0.0],
        ];
        for (name, space, matrix) in [
            ("bt601", Space::SMPTE170M, ColorMatrix::Bt601),
            ("bt709", Space::BT709, ColorMatrix::Bt709),
        ] {
            let info = ColorInfo {
                matrix,
                range: ColorRange::Limited,
            };
            let bars: Vec<[u8; 3]> = rgb.iter().map(|&c| rgb_to_limited(c, matrix)).collect();
            let spec = SourceSpec {
                bars: Some(bars.clone()),
                color: Some((space, Range::MPEG)),
                pixel: Pixel::YUV420P,
                ..SourceSpec::h264(320, 180, 30, 5)
            };
            let source = format!("{name}.mp4");
            make_source(&dir.join(&source), &spec);
            let output = format!("{name}.out.mp4");
            let scene = write_scene(
                &dir,
                &format!("{name}.ron"),
                &format!(r#"(source: (path: "{source}"), output: (path: "{output}", crf: 0))"#),
            );
            let mut app = export_app(ReelPlugins::with_workers(1));
            run_export(&mut app, Scene::load(&scene).unwrap()).unwrap();
            let video = decode_video(&dir.join(&output));
            for (i, samples) in bars.iter().enumerate() {
                let expected = rgb_to_bt709_limited(SampleToRgb::new(info).apply(*samples));
                let got = video.sample(2, i * 40 + 20, 90);
                for c in 0..3 {
                    assert!(
                        (i16::from(got[c]) - i16::from(expected[c])).abs() <= 2,
                        "{name} bar {i}: expected {expected:?}, got {got:?}"
                    );
                }
                if matrix == ColorMatrix::Bt709 {
                    // A BT.709 source comes back as itself.
                    for c in 0..3 {
                        assert!(
                            (i16::from(got[c]) - i16::from(samples[c])).abs() <= 2,
                            "bar {i}: {samples:?} came back as {got:?}"
                        );
                    }
                }
            }
        }
    });
}

#[test]
fn interleaving_the_chroma_planes_on_upload_changes_no_pixel() {
    // A CPU rasteriser gets planar sources with Cb and Cr in one texture; any other
    // device samples the planes as decoded. Both must draw the very same frame.
    let dir = scratch_dir("effect_interleaved_chroma");
    let spec = SourceSpec {
        bars: Some(vec![
            [81, 90, 240],
            [145, 54, 34],
            [41, 240, 110],
            [170, 166, 16],
        ]),
        ..SourceSpec::h264(320, 180, 30, 30)
    };
    make_source(&dir.join("flat.mp4"), &spec);
    let text = r#"(source: (path: "flat.mp4"), output: (path: "out.mp4", size: (640, 360)),
        background: Blurred(radius: 12), inset: (padding: 0.1, corner_radius: 16),
        shadow: (blur: 20), zooms: [(start: 0.0, end: 1.0, scale: 1.4, center: (100, 60))])"#;
    let scene =
        Scene::load(&write_scene(&dir, "scene.ron", text)).unwrap_or_else(|e| panic!("{e}"));
    let interleaving = GpuDevice {
        cpu: true,
        ..gpu().clone()
    };
    let separate = GpuDevice {
        cpu: false,
        ..gpu().clone()
    };
    let one = render_frame(&scene, 0.5, Some(&interleaving)).unwrap_or_else(|e| panic!("{e}"));
    let other = render_frame(&scene, 0.5, Some(&separate)).unwrap_or_else(|e| panic!("{e}"));
    let colours: std::collections::HashSet<[u8; 3]> = (0..one.height)
        .flat_map(|y| (0..one.width).map(move |x| (x, y)))
        .map(|(x, y)| one.pixel(x, y))
        .collect();
    assert!(
        colours.len() > 100,
        "the frame shows too little: {} colours",
        colours.len()
    );
    assert!(one == other, "interleaved chroma changed the frame");
}

/// The spread (standard deviation) of the green channel over a rectangle of `image`.
fn spread(image: &RgbImage, (x0, y0, width, height): (u32, u32, u32, u32)) -> f64 {
    let values: Vec<f64> = (y0..y0 + height)
        .flat_map(|y| (x0..x0 + width).map(move |x| (x, y)))
        .map(|(x, y)| f64::from(image.pixel(x, y)[1]))
        .collect();
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / values.len() as f64).sqrt()
}

#[test]
fn ten_blurred_regions_at_once_are_each_blurred_with_their_own_radius() {
    on_both_renderers(|| {
        let dir = scratch_dir("effect_ten_regions");
        // A checkerboard of 2x2-pixel squares: detail everywhere, grey once blurred.
        common::media::lavfi_source(
            &dir.join("checks.mp4"),
            "nullsrc=s=640x360:d=1:r=30,geq=lum='if(mod(floor(X/2)+floor(Y/2)\\,2)\\,235\\,16)':cb=128:cr=128",
            None,
        );
        let radii = [4, 6, 8, 10, 12, 4, 6, 8, 10, 12];
        let rects: Vec<(u32, u32, u32, u32)> = (0..10)
            .map(|i| (20 + (i % 5) * 120, if i < 5 { 40 } else { 220 }, 80, 60))
            .collect();
        let regions: Vec<String> = rects
            .iter()
            .zip(radii)
            .map(|((x, y, w, h), radius)| {
                format!("(rect: (x: {x}, y: {y}, width: {w}, height: {h}), radius: {radius})")
            })
            .collect();
        let text = format!(
            r#"(source: (path: "checks.mp4"), output: (path: "out.mp4", size: (640, 360)), blur_regions: [{}])"#,
            regions.join(", ")
        );
        let scene = Scene::load(&write_scene(&dir, "regions.ron", &text)).unwrap();
        let image = still(&scene, 0.0);
        // Outside every region the squares stay sharp.
        let between = spread(&image, (110, 130, 20, 80));
        assert!(
            between > 80.0,
            "the picture between regions is blurred ({between:.1})"
        );
        for (i, &(x, y, w, h)) in rects.iter().enumerate() {
            // A few pixels in from each edge, where the picture is the region's blur alone.
            let inner = spread(&image, (x + 4, y + 4, w - 8, h - 8));
            assert!(
                inner < 0.08 * between,
                "region {i} (radius {}) is not blurred: spread {inner:.1} against {between:.1}",
                radii[i]
            );
        }
    });
}

/// The steepest step between neighbouring pixels of row 90 of `image`: how sharp an
/// enlarged hard edge is.
fn steepest_step(image: &RgbImage) -> u8 {
    (1..image.width)
        .map(|x| image.pixel(x, 90)[1].abs_diff(image.pixel(x - 1, 90)[1]))
        .max()
        .unwrap_or(0)
}

#[test]
fn sharper_filters_sharpen_enlarged_edges_and_keep_flat_colour_flat() {
    on_both_renderers(|| {
        let dir = scratch_dir("effect_scaling");
        // A flat colour stays that colour through every filter (weights sum to one).
        let samples = [150, 100, 170];
        flat_source(&dir, samples);
        let expected = flat_codes(samples);
        for scaling in ["Bicubic", "Lanczos"] {
            let fields =
                format!(", output: (path: \"out.mp4\", size: (640, 360), scaling: {scaling})");
            let text = format!(r#"(source: (path: "flat.mp4"){fields})"#);
            let scene = Scene::load(&write_scene(&dir, "flat.ron", &text)).unwrap();
            let image = still(&scene, 0.0);
            for pixel in image.data.chunks_exact(3) {
                for c in 0..3 {
                    let apart = (i16::from(pixel[c]) - expected[c]).abs();
                    assert!(apart <= 1, "{scaling}: {pixel:?} is not {expected:?}");
                }
            }
        }
        // A hard black-to-white edge enlarged eight times: the sharper filters make it
        // steeper. Without `scaling`, enlarging picks Bicubic.
        common::media::lavfi_source(
            &dir.join("edge.mp4"),
            "color=c=black:s=80x45:d=1,drawbox=x=40:y=0:w=40:h=45:c=white:t=fill",
            None,
        );
        let steepness = |scaling: &str| {
            let text = format!(
                r#"(source: (path: "edge.mp4"), output: (path: "out.mp4", size: (640, 360){scaling}))"#
            );
            let scene = Scene::load(&write_scene(&dir, "edge.ron", &text)).unwrap();
            steepest_step(&still(&scene, 0.0))
        };
        let bilinear = steepness(", scaling: Bilinear");
        let bicubic = steepness(", scaling: Bicubic");
        let lanczos = steepness(", scaling: Lanczos");
        assert_eq!(steepness(""), bicubic, "enlarging defaults to bicubic");
        // Bilinear: a ramp of 255 / 8 a pixel.
        assert!(bilinear <= 33, "bilinear steps {bilinear}");
        assert!(
            bicubic >= bilinear + 5,
            "bicubic steps {bicubic}, bilinear {bilinear}"
        );
        assert!(
            lanczos >= bilinear + 5,
            "lanczos steps {lanczos}, bilinear {bilinear}"
        );
    });
}
