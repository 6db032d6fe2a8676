//! `export`: renders the scene described in a RON file to a video.
//!
//! It loads and checks the scene, builds an app from [`ReelPlugins`], runs the export to
//! completion and prints one summary line. With `--frame TIME --png OUT.png` it renders
//! that one frame to a PNG instead. Any failure prints one `error:` line and exits with a
//! non-zero status, leaving nothing at the output path. Ctrl-C (SIGINT) or SIGTERM stops
//! the export within a second, removes the unfinished file and exits with status 130.
//! A damaged or cut-short source is exported as far as it decodes, with one warning that
//! says what was skipped and how far decoding got.

use clap::Parser;
use reel::pipeline::ExportPlan;
use reel::scene::Confinement;
use reel::{ExportError, ReelPlugins, Scene, export_app, render_frame, run_export_until};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Warnings and errors, without wgpu's own log lines: the GPU's messages reach the user
/// inside Reel's errors. `RUST_LOG` overrides it.
const DEFAULT_LOG_FILTER: &str = "warn,wgpu_hal=off,wgpu_core=off,wgpu=off";

/// The environment variable that holds faults to inject, for tests of recovery (see
/// [`reel::pipeline::FaultPlan`]).
const FAULTS_VARIABLE: &str = "REEL_FAULTS";

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
    /// Fail, rather than wait, when no frame moves on for this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
    stall_timeout: f64,
    /// Confine the export to this folder, for scenes written by others: every path the
    /// scene names, `--output` and `--png` must lead inside it, and the output may have
    /// at most 3840x2160 pixels and 60 fps, and last at most 10 minutes.
    #[arg(long, value_name = "DIR")]
    confine: Option<PathBuf>,
}

fn main() -> ExitCode {
    ignore_file_size_signal();
    // Mesa's Vulkan device-selection layer looks for a display server and complains when
    // there is none; an exporter has no use for it. Set before any thread starts.
    if std::env::var_os("NODEVICE_SELECT").is_none() {
        // SAFETY: no other thread exists yet.
        unsafe { std::env::set_var("NODEVICE_SELECT", "1") };
    }
    reel::quiet_ffmpeg_logs();
    if std::env::var_os("RUST_LOG").is_none() {
        // Reel reports what FFmpeg's errors mean itself: a damaged source in one warning,
        // a failure in the one `error:` line. FFmpeg's own messages show with RUST_LOG.
        ffmpeg_next::util::log::set_level(ffmpeg_next::util::log::Level::Fatal);
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(DEFAULT_LOG_FILTER)),
        )
        .with_writer(std::io::stderr)
        .init();
    quiet_handled_panics();
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
            // One line, whatever a library's message holds.
            let message: Vec<&str> = message.lines().map(str::trim).collect();
            eprintln!("error: {}", message.join(" "));
            ExitCode::FAILURE
        }
    }
}

/// Keeps the panics of render threads off the terminal: the pipeline catches them,
/// replaces the worker and says so in one warning. Other panics print as usual.
fn quiet_handled_panics() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if reel::render::is_render_thread() {
            tracing::debug!("render thread panicked: {info}");
        } else {
            default_hook(info);
        }
    }));
}

/// Makes a write past the file size limit (`ulimit -f`, `RLIMIT_FSIZE`) fail with an error
/// (EFBIG, "File too large") instead of killing the process with SIGXFSZ, whose default
/// action ends it at once: no `error:` line, and the unfinished file left behind. Like a
/// full disk, the limit then ends the export with one clear error and removes the file.
fn ignore_file_size_signal() {
    // SAFETY: ignoring a signal installs no handler code; it runs before any thread
    // starts, and nothing in Reel relies on SIGXFSZ.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
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
    let confinement = args.confine.as_deref().map(confinement).transpose()?;
    if let (Some(time), Some(png)) = (args.frame, &args.png) {
        if let Some(confinement) = &confinement {
            confine_still(&scene, png, confinement)?;
        }
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
    if let Some(confinement) = &confinement {
        if let Some(output) = &args.output {
            confinement
                .check_output_path("--output", output)
                .map_err(|kind| kind.to_string())?;
        }
        scene.confine(confinement).map_err(|e| e.to_string())?;
    }
    let mut plugins = match args.workers {
        Some(0) => return Err(Failure::Message("--workers: expected at least 1".into())),
        Some(workers) => ReelPlugins::with_workers(workers),
        None => ReelPlugins::default(),
    };
    if !(args.stall_timeout.is_finite() && args.stall_timeout > 0.0) {
        return Err(Failure::Message(
            "--stall-timeout: expected a positive number of seconds".into(),
        ));
    }
    plugins.pipeline.stall_timeout = std::time::Duration::from_secs_f64(args.stall_timeout);
    if let Some(faults) = std::env::var_os(FAULTS_VARIABLE) {
        plugins.pipeline.faults = faults
            .to_string_lossy()
            .parse()
            .map_err(|e| format!("{FAULTS_VARIABLE}: {e}"))?;
    }
    plugins.pipeline.confine = confinement;
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

/// The confinement `--confine DIR` asks for.
fn confinement(dir: &Path) -> Result<Confinement, String> {
    Confinement::new(dir).map_err(|error| {
        let reason = match error.kind() {
            std::io::ErrorKind::NotFound => "folder not found".to_owned(),
            _ => error.to_string(),
        };
        format!("--confine: {reason}: {}", dir.display())
    })
}

/// Checks a still under `confinement` as an export would be: the scene, the PNG's path,
/// and the frame's size, planned from the source as the export plans it.
fn confine_still(scene: &Scene, png: &Path, confinement: &Confinement) -> Result<(), String> {
    scene.confine(confinement).map_err(|e| e.to_string())?;
    confinement
        .check_output_path("--png", png)
        .map_err(|kind| kind.to_string())?;
    let source = &scene.source.path;
    let reader =
        reel::decode::probe_source(source).map_err(|e| format!("{}: {e}", source.display()))?;
    let plan = ExportPlan::new(Arc::new(scene.clone()), reader.info().clone());
    confinement
        .check_output(plan.output_size, plan.frame_rate, None)
        .map_err(|kind| scene.error(kind).to_string())
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
