//! `export`: renders the scene described in a RON file to a video.
//!
//! It loads and checks the scene, builds an app from [`ReelPlugins`], runs the export to
//! completion and prints one summary line. With `--frame TIME --png OUT.png` it renders
//! that one frame to a PNG instead. Any failure prints one `error:` line and exits with a
//! non-zero status, leaving nothing at the output path. Ctrl-C (SIGINT) or SIGTERM stops
//! the export within a second, removes the unfinished file and exits with status 130.

use clap::Parser;
use reel::{ExportError, ReelPlugins, Scene, export_app, render_frame, run_export_until};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

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
    /// Render only the frame at this output time, in seconds (needs `--png`).
    #[arg(long, value_name = "TIME", requires = "png")]
    frame: Option<f64>,
    /// Write the frame chosen with `--frame` to this PNG file.
    #[arg(long, value_name = "OUT.png", requires = "frame")]
    png: Option<PathBuf>,
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
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    if let Err(error) = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed)) {
        tracing::warn!("Ctrl-C will not stop the export cleanly: {error}");
    }
    match run(&args, &cancel) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(Failure::Cancelled) => {
            eprintln!("error: export cancelled; nothing was written");
            ExitCode::from(130)
        }
        Err(Failure::Message(message)) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Why `export` stops without output.
enum Failure {
    /// Interrupted by a signal.
    Cancelled,
    /// Anything else, as the one line to print.
    Message(String),
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Message(message)
    }
}

/// Runs what the arguments ask for; returns the summary line to print.
fn run(args: &Args, cancel: &AtomicBool) -> Result<String, Failure> {
    let mut scene = Scene::load(&args.scene).map_err(|e| e.to_string())?;
    if let (Some(time), Some(png)) = (args.frame, &args.png) {
        return Ok(still(&scene, time, png)?);
    }
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
        Some(0) => return Err(Failure::Message("--workers: expected at least 1".into())),
        Some(workers) => ReelPlugins::with_workers(workers),
        None => ReelPlugins::default(),
    };
    let mut app = export_app(plugins);
    let summary = run_export_until(&mut app, scene, cancel).map_err(|e| match *e {
        ExportError::Cancelled => Failure::Cancelled,
        _ => Failure::Message(e.to_string()),
    })?;
    Ok(format!(
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
    ))
}

/// Renders the frame at `time` to `png`.
fn still(scene: &Scene, time: f64, png: &std::path::Path) -> Result<String, String> {
    if png
        .parent()
        .is_some_and(|p| !p.as_os_str().is_empty() && !p.is_dir())
    {
        return Err(format!(
            "{}: the output folder does not exist",
            png.display()
        ));
    }
    let image = render_frame(scene, time, None).map_err(|e| e.to_string())?;
    reel::encode::write_png(png, &image).map_err(|e| format!("{}: {e}", png.display()))?;
    Ok(format!(
        "wrote {}: the frame at {time} s, {}x{}",
        png.display(),
        image.width,
        image.height
    ))
}
