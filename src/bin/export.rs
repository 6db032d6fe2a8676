//! `export`: renders the scene described in a RON file to a video.
//!
//! It loads and checks the scene, builds an app from [`ReelPlugins`], runs the export to
//! completion and prints one summary line. Any failure prints one `error:` line and exits
//! with a non-zero status, leaving nothing at the output path.

use clap::Parser;
use reel::{ExportSummary, ReelPlugins, Scene, export_app, run_export};
use std::path::PathBuf;
use std::process::ExitCode;

/// Render a Reel scene (a RON file) to a video.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// The scene file to render.
    scene: PathBuf,
    /// Write the video here instead of the scene's `output.path`.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Render workers (each a render sub-app on its own thread); 1 renders sequentially.
    #[arg(long, short)]
    workers: Option<usize>,
}

fn main() -> ExitCode {
    // Mesa's Vulkan device-selection layer looks for a display server and complains when
    // there is none; an exporter has no use for it. Set before any thread starts.
    if std::env::var_os("NODEVICE_SELECT").is_none() {
        // SAFETY: no other thread exists yet.
        unsafe { std::env::set_var("NODEVICE_SELECT", "1") };
    }
    reel::quiet_ffmpeg_logs();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    match export(&args) {
        Ok(summary) => {
            println!("{}", describe(&summary));
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn export(args: &Args) -> Result<ExportSummary, String> {
    let mut scene = Scene::load(&args.scene).map_err(|e| e.to_string())?;
    if let Some(output) = &args.output {
        scene.output.path = output.clone();
        scene
            .validate()
            .map_err(|(field, message)| format!("--output: {field}: {message}"))?;
        scene
            .check_files()
            .map_err(|kind| format!("--output: {kind}"))?;
    }
    let plugins = match args.workers {
        Some(0) => return Err("--workers: expected at least 1".into()),
        Some(workers) => ReelPlugins::with_workers(workers),
        None => ReelPlugins::default(),
    };
    let mut app = export_app(plugins);
    run_export(&mut app, scene).map_err(|e| e.to_string())
}

fn describe(summary: &ExportSummary) -> String {
    format!(
        "wrote {}: {} frames, {}x{} at {} fps, {:.2} s, {:.2} MB in {:.2} s ({:.1} fps)",
        summary.path.display(),
        summary.frames,
        summary.size.0,
        summary.size.1,
        summary.frame_rate,
        summary.duration(),
        summary.bytes as f64 / 1e6,
        summary.elapsed.as_secs_f64(),
        summary.fps()
    )
}
