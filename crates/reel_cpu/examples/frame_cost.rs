//! Where the CPU renderer's time goes: draws frames of the benchmark's full look and of
//! a plain export (the recording alone at its own size) from a synthetic 4:2:0 picture,
//! with no decoder or encoder beside it, and prints the milliseconds per frame.
//!
//! `cargo run --release -p reel_cpu --example frame_cost -- [WIDTHxHEIGHT] [FRAMES]`

use ffmpeg_next::format::Pixel;
use ffmpeg_next::frame::Video;
use reel_cpu::CpuCompositor;
use reel_pipeline::{ColorInfo, SourcePicture, SourcePictures};
use reel_plan::{FramePlan, SourceFacts, SourceId};
use reel_scene::{FramePixels, Rect, Scene};
use std::sync::Arc;
use std::time::Instant;

/// A `size` 4:2:0 picture of diagonal ramps (detail everywhere, like a screen).
fn picture(size: (u32, u32)) -> SourcePicture {
    let mut frame = Video::new(Pixel::YUV420P, size.0, size.1);
    for plane in 0..3 {
        let stride = frame.stride(plane);
        let (w, h) = (
            frame.plane_width(plane) as usize,
            frame.plane_height(plane) as usize,
        );
        let data = frame.data_mut(plane);
        for y in 0..h {
            for x in 0..w {
                data[y * stride + x] = ((x * 7 + y * 3 + plane * 50) % 220 + 16) as u8;
            }
        }
    }
    SourcePicture {
        source: SourceId::SCREEN,
        frame: Arc::new(frame),
        color: ColorInfo::BT709,
        source_index: 0,
    }
}

fn scene(text: &str) -> Scene {
    Scene::from_ron(text, "bench.ron".as_ref()).expect("a valid scene")
}

fn main() {
    ffmpeg_next::init().expect("FFmpeg");
    let mut args = std::env::args().skip(1);
    let size = args
        .next()
        .and_then(|s| {
            let (w, h) = s.split_once('x')?;
            Some((w.parse().ok()?, h.parse().ok()?))
        })
        .unwrap_or((1920u32, 1080u32));
    let frames: u32 = args.next().and_then(|n| n.parse().ok()).unwrap_or(60);
    let k = size.1 as f32 / 1080.0;
    let full = format!(
        "(source: (path: \"in.mp4\"), output: (path: \"out.mp4\", size: ({w}, {h}), fps: 30),
          background: Blurred(radius: {bg}), inset: (padding: 0.083333, corner_radius: {r}),
          shadow: (offset: (0, {dy}), blur: {blur}, opacity: 0.55))",
        w = size.0,
        h = size.1,
        bg = 41.0 * k,
        r = 24.0 * k,
        dy = 20.0 * k,
        blur = 49.0 * k,
    );
    let plain = format!(
        "(source: (path: \"in.mp4\"), output: (path: \"out.mp4\", size: ({}, {}), fps: 30))",
        size.0, size.1
    );
    let pictures = SourcePictures::single(picture(size));
    let crop = Rect {
        x: 0.0,
        y: 0.0,
        width: size.0 as f32,
        height: size.1 as f32,
    };
    let facts = SourceFacts::screen(size, crop);
    for (name, text) in [("full", full), ("plain", plain)] {
        let plan = FramePlan::build(&scene(&text), 0.0, &facts, size, 30.0);
        let mut compositor = CpuCompositor::new(size, FramePixels::Nv12, None);
        compositor.render(&pictures, &plan).expect("a frame");
        let started = Instant::now();
        for _ in 0..frames {
            compositor.render(&pictures, &plan).expect("a frame");
        }
        let ms = started.elapsed().as_secs_f64() * 1000.0 / f64::from(frames);
        println!("{name:<6} {}x{}: {ms:.2} ms a frame", size.0, size.1);
    }
}
