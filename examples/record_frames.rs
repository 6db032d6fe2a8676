//! Records frames that the app draws itself to an MP4 through Reel's pipeline and
//! encoder plugins, with no source file and no compositor: the app spawns one frame
//! entity per picture, already [`Rendered`], and Reel's ordering system hands them to the
//! encoder strictly in order. Here the pictures are an animation drawn in code (a ball
//! bouncing over a gradient); a game or a tool would hand over what it renders.
//!
//! Run with `cargo run --release --example record_frames [OUT.mp4]` (default
//! `target/recorded.mp4`).

use bevy_app::{App, Update};
use bevy_ecs::prelude::*;
use ffmpeg_next::format::Pixel;
use ffmpeg_next::frame::Video;
use reel::Scene;
use reel::encode::EncodePlugin;
use reel::pipeline::{
    ExportOutcome, ExportPlan, ExportProgress, FrameIndex, FrameTime, OutputPicture,
    PipelinePlugin, PipelineSettings, Rendered, SourceInfo, StartExport,
};
use reel::render::rgb_to_bt709_limited;
use reel::scene::FrameRate;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

const WIDTH: u32 = 640;
const HEIGHT: u32 = 360;
const FPS: u32 = 30;
const FRAMES: u64 = 90;

/// The next frame the app will draw.
#[derive(Resource, Default)]
struct NextFrame(u64);

fn main() -> ExitCode {
    reel::quiet_ffmpeg_logs();
    let output = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from("target/recorded.mp4"), PathBuf::from);
    // A scene names the output and its format; there is no source to read.
    let text = format!(
        "(source: (path: \"none\"), output: (path: {:?}, size: ({WIDTH}, {HEIGHT}), fps: {FPS}), audio: None)",
        output.display().to_string()
    );
    let scene = match Scene::from_ron(&text, "recording.ron".as_ref()) {
        Ok(scene) => scene,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut app = App::new();
    app.add_plugins((
        PipelinePlugin {
            settings: PipelineSettings::default(),
        },
        EncodePlugin::default(),
    ))
    .init_resource::<NextFrame>()
    .add_systems(Update, draw_frames);
    app.world_mut().write_message(StartExport {
        scene: scene.clone(),
    });
    app.update();
    // The plan says what the encoder writes; inserting it starts the encoder.
    let source = SourceInfo {
        id: Default::default(),
        path: "frames drawn by the app".into(),
        codec: "none".into(),
        size: (WIDTH, HEIGHT),
        orientation: Default::default(),
        frame_rate: Some(FrameRate::whole(FPS)),
        duration: None,
    };
    app.world_mut()
        .insert_resource(ExportPlan::new(Arc::new(scene), source));
    loop {
        app.update();
        if let Some(outcome) = app.world_mut().resource_mut::<ExportOutcome>().0.take() {
            app.update();
            return match outcome {
                Ok(summary) => {
                    println!(
                        "recorded {} frames to {}",
                        summary.frames,
                        summary.path.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            };
        }
    }
}

/// Draws the next frames, keeping a few in flight, and says how many there are in all.
fn draw_frames(
    mut commands: Commands,
    plan: Option<Res<ExportPlan>>,
    mut next: ResMut<NextFrame>,
    mut progress: ResMut<ExportProgress>,
) {
    if plan.is_none() {
        return;
    }
    while next.0 < FRAMES && next.0 - progress.emitted < 8 {
        let index = next.0;
        commands.spawn((
            FrameIndex(index),
            FrameTime(index as f64 / f64::from(FPS)),
            Rendered {
                picture: Some(OutputPicture { frame: draw(index) }),
            },
        ));
        next.0 += 1;
        progress.decoded = next.0;
        progress.rendered = next.0;
    }
    if next.0 == FRAMES {
        progress.total = Some(FRAMES);
    }
}

/// Frame `index` of the animation, as the NV12 picture the encoder takes.
fn draw(index: u64) -> Video {
    let t = index as f32 / FRAMES as f32;
    let (ball_x, ball_y) = (
        WIDTH as f32 * (0.15 + 0.7 * t),
        HEIGHT as f32 * (0.8 - 0.6 * (t * std::f32::consts::PI * 3.0).sin().abs()),
    );
    let radius = 36.0;
    let mut frame = Video::new(Pixel::NV12, WIDTH, HEIGHT);
    let color_at = |x: u32, y: u32| {
        let (dx, dy) = (x as f32 - ball_x, y as f32 - ball_y);
        if dx * dx + dy * dy < radius * radius {
            [0.98, 0.82, 0.25]
        } else {
            let g = y as f32 / HEIGHT as f32;
            [0.10 + 0.2 * g, 0.12 + 0.1 * g, 0.30 + 0.4 * g]
        }
    };
    let luma_stride = frame.stride(0);
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            let [luma, ..] = rgb_to_bt709_limited(color_at(x, y));
            frame.data_mut(0)[y as usize * luma_stride + x as usize] = luma;
        }
    }
    let chroma_stride = frame.stride(1);
    for y in 0..HEIGHT / 2 {
        for x in 0..WIDTH / 2 {
            let [_, cb, cr] = rgb_to_bt709_limited(color_at(x * 2, y * 2));
            let at = y as usize * chroma_stride + x as usize * 2;
            frame.data_mut(1)[at] = cb;
            frame.data_mut(1)[at + 1] = cr;
        }
    }
    frame
}
