//! A Bevy app of its own that exports a scene with Reel's plugins, the way an editor or a
//! service embeds Reel: the app is built from `bevy_app`'s minimal pieces (the task pools
//! and a schedule runner, what `MinimalPlugins` holds for a headless app), adds
//! [`ReelPlugins`], starts the export from a startup system, follows it through the
//! [`ExportProgress`] resource and reacts to the [`ExportFinished`] message by printing a
//! summary and exiting.
//!
//! Run with `cargo run --release --example embed_export [SCENE [OUT.mp4]]` (default
//! `scenes/demo.ron`, written next to the scene's output as `*-embedded.mp4`).

use bevy_app::{App, AppExit, ScheduleRunnerPlugin, Startup, TaskPoolPlugin, Update};
use bevy_ecs::prelude::*;
use reel::pipeline::{ExportFinished, ExportProgress, StartExport};
use reel::{ReelPlugins, Scene};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// The scene this app exports.
#[derive(Resource)]
struct SceneToExport(Scene);

/// The last progress the app printed, in whole percent.
#[derive(Resource, Default)]
struct Printed(Option<u64>);

fn main() -> ExitCode {
    reel::quiet_ffmpeg_logs();
    let path = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from("scenes/demo.ron"), PathBuf::from);
    let mut scene = match Scene::load(&path) {
        Ok(scene) => scene,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    scene.output.path = std::env::args().nth(2).map_or_else(
        || {
            let stem = scene.output.path.with_extension("");
            PathBuf::from(format!("{}-embedded.mp4", stem.display()))
        },
        PathBuf::from,
    );

    let exit = App::new()
        .add_plugins((
            TaskPoolPlugin::default(),
            ScheduleRunnerPlugin::run_loop(Duration::from_millis(5)),
        ))
        .add_plugins(ReelPlugins::default())
        .insert_resource(SceneToExport(scene))
        .init_resource::<Printed>()
        .add_systems(Startup, start_export)
        .add_systems(Update, (print_progress, finish_when_done))
        .run();
    match exit {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(_) => ExitCode::FAILURE,
    }
}

/// Asks Reel to export the scene.
fn start_export(scene: Res<SceneToExport>, mut start: MessageWriter<StartExport>) {
    start.write(StartExport {
        scene: scene.0.clone(),
    });
}

/// Prints how far the export has come, every ten percent.
fn print_progress(progress: Res<ExportProgress>, mut printed: ResMut<Printed>) {
    let Some(total) = progress.frames_to_do().filter(|&t| t > 0) else {
        return;
    };
    let percent = progress.encoded * 100 / total / 10 * 10;
    if printed.0 != Some(percent) {
        printed.0 = Some(percent);
        println!(
            "{percent:3}% ({} of {total} frames encoded)",
            progress.encoded
        );
    }
}

/// Reacts to the end of the export: a summary, then the app exits.
fn finish_when_done(mut finished: MessageReader<ExportFinished>, mut exit: MessageWriter<AppExit>) {
    for message in finished.read() {
        match &message.result {
            Ok(summary) => {
                println!(
                    "wrote {}: {} frames in {:.2} s ({:.1} fps)",
                    summary.path.display(),
                    summary.frames,
                    summary.elapsed.as_secs_f64(),
                    summary.fps()
                );
                exit.write(AppExit::Success);
            }
            Err(error) => {
                eprintln!("error: {error}");
                exit.write(AppExit::error());
            }
        }
    }
}
