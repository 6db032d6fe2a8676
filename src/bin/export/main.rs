//! `export`: renders the scene described in a RON file to a video.
//!
//! It loads and checks the scene, builds an app from [`ReelPlugins`], runs the export to
//! completion and prints one summary line. With `--frame TIME --png OUT.png` it renders
//! that one frame to a PNG instead. Any failure prints one `error:` line and exits with a
//! non-zero status, leaving nothing at the output path. Ctrl-C (SIGINT) or SIGTERM stops
//! the export within a second, removes the unfinished file and exits with status 130.
//! A damaged or cut-short source is exported as far as it decodes, with one warning that
//! says what was skipped and how far decoding got.

mod args;
mod events;
mod logging;
mod project;
mod segments;

use args::Args;
use clap::Parser;
use events::{BarSlot, Event, PlanFacts};
use reel::render::{ChosenRenderer, RendererChoice};
use reel::scene::Confinement;
use reel::{
    ExportError, ExportEvent, ReelPlugins, Scene, StillRenderer, export_app, render_frame_with,
    run_export_observed,
};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// The environment variable that holds faults to inject, for tests of recovery (see
/// [`reel::pipeline::FaultPlan`]).
const FAULTS_VARIABLE: &str = "REEL_FAULTS";

/// How often progress is reported: the bar's redraws and `--json`'s progress events.
const PROGRESS_INTERVAL: Duration = Duration::from_millis(250);

/// Runs the command: `export` and `reel` both start here.
pub fn main() -> ExitCode {
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
    let args = Args::parse();
    let bar = BarSlot::default();
    logging::init(args.json, &bar);
    quiet_handled_panics();
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    if let Err(error) = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed)) {
        tracing::warn!("Ctrl-C will not stop the export cleanly: {error}");
    }
    let result = run(&args, &cancel, &bar);
    bar.finish();
    let (message, code) = match result {
        Ok(summary) => {
            if !summary.is_empty() && !args.quiet && !args.json {
                println!("{summary}");
            }
            return ExitCode::SUCCESS;
        }
        Err(Failure::Cancelled) => ("export cancelled; nothing was written".to_owned(), 130),
        // One line, whatever a library's message holds.
        Err(Failure::Message(message)) => (
            message.lines().map(str::trim).collect::<Vec<_>>().join(" "),
            1,
        ),
    };
    eprintln!("error: {message}");
    if args.json {
        Event::Error {
            message: &message,
            exit_code: code,
        }
        .print();
    }
    ExitCode::from(code)
}

/// Keeps the panics of render threads off the terminal: the pipeline catches them,
/// replaces the worker and says so in one warning. The encoder thread's are caught too
/// and end the export with its one error line. Other panics print as usual.
fn quiet_handled_panics() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let encoder = std::thread::current().name() == Some(reel::encode::ENCODER_THREAD);
        if reel::render::is_render_thread() {
            tracing::debug!("render thread panicked: {info}");
        } else if encoder {
            // Reported as the export's one error line.
            tracing::debug!("encoder thread panicked: {info}");
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
fn run(args: &Args, cancel: &AtomicBool, bar: &BarSlot) -> Result<String, Failure> {
    if let Some(task) = &args.command {
        return Ok(segments::join(task)?);
    }
    let Some(scene_path) = &args.scene else {
        return Err(Failure::Message("no scene given".into()));
    };
    let confinement = args.confine.as_deref().map(confinement).transpose()?;
    let loaded = project::load(scene_path, args.output.as_deref(), confinement.as_ref())?;
    if args.print_scene {
        let text = match loaded.made {
            Some(text) => text,
            None => std::fs::read_to_string(scene_path).map_err(|e| e.to_string())?,
        };
        print!("{text}");
        return Ok(String::new());
    }
    let mut scene = loaded.scene;
    if let (Some(time), Some(png)) = (args.frame, &args.png) {
        if let Some(confinement) = &confinement {
            confine_still(&scene, png, confinement)?;
        }
        refuse_existing(png, args.overwrite)?;
        return Ok(still(&scene, (time, args.renderer), png, args.json)?);
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
    if let Some(hardware) = args.hardware {
        scene.output.hardware = Some(hardware.into());
        scene
            .validate()
            .map_err(|(field, message)| format!("--hardware: {field}: {message}"))?;
    }
    if let Some(confinement) = &confinement {
        if let Some(output) = &args.output {
            confinement
                .check_output_path("--output", output)
                .map_err(|kind| kind.to_string())?;
        }
        scene.confine(confinement).map_err(|e| e.to_string())?;
    }
    if args.check {
        return check(&scene, args);
    }
    if let Some(count) = args.plan {
        println!("{}", segments::print_plan(&scene, count)?);
        return Ok(String::new());
    }
    let segment = args
        .segment
        .as_deref()
        .map(segments::parse_segment)
        .transpose()?;
    if segment.is_none() {
        // A segment is a job's own file: a retried job replaces it, atomically.
        refuse_existing(&scene.output.path, args.overwrite)?;
    }
    let mut plugins = match args.workers {
        Some(0) => return Err(Failure::Message("--workers: expected at least 1".into())),
        Some(workers) => ReelPlugins::with_workers(workers),
        None => ReelPlugins::default(),
    };
    plugins.renderer = args.renderer;
    if !(args.stall_timeout.is_finite() && args.stall_timeout > 0.0) {
        return Err(Failure::Message(
            "--stall-timeout: expected a positive number of seconds".into(),
        ));
    }
    plugins.pipeline.stall_timeout = Duration::from_secs_f64(args.stall_timeout);
    if let Some(faults) = std::env::var_os(FAULTS_VARIABLE) {
        plugins.pipeline.faults = faults
            .to_string_lossy()
            .parse()
            .map_err(|e| format!("{FAULTS_VARIABLE}: {e}"))?;
    }
    plugins.pipeline.confine = confinement;
    plugins.pipeline.segment = segment;
    let mut app = export_app(plugins);
    let mut renderer_line = String::new();
    let observe = |event: ExportEvent<'_>| match event {
        ExportEvent::Planned(plan, renderer) => {
            if let Some(chosen) = renderer {
                renderer_line = describe_renderer(chosen);
            }
            if args.json {
                Event::Plan(&PlanFacts::of(plan).rendered_by(renderer)).print();
            } else if !args.quiet {
                bar.show();
            }
        }
        ExportEvent::Progress(report) => {
            if args.json {
                Event::progress(report).print();
            }
            bar.update(report);
        }
    };
    let summary = run_export_observed(&mut app, scene, cancel, PROGRESS_INTERVAL, observe)
        .map_err(|e| match *e {
            ExportError::Cancelled => Failure::Cancelled,
            _ => Failure::Message(e.to_string()),
        })?;
    if args.json {
        Event::done(&summary).print();
    }
    let mut line = format!(
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
    );
    if !renderer_line.is_empty() {
        line.push_str("; ");
        line.push_str(&renderer_line);
    }
    Ok(line)
}

/// One line saying which renderer an export uses and why.
fn describe_renderer(chosen: &ChosenRenderer) -> String {
    format!("renderer: {} ({})", chosen.renderer, chosen.reason)
}

/// Refuses to replace an existing `path` unless `--overwrite` was given.
fn refuse_existing(path: &Path, overwrite: bool) -> Result<(), String> {
    if !overwrite && path.exists() {
        return Err(format!(
            "{}: the file exists (pass --overwrite to replace it)",
            path.display()
        ));
    }
    Ok(())
}

/// `--check`: probes the source, plans the export and describes it, without rendering.
fn check(scene: &Scene, args: &Args) -> Result<String, Failure> {
    let plan = segments::plan(scene)?;
    if let Some(music) =
        reel::encode::audio_request(scene, &plan.timeline).and_then(|request| request.music)
    {
        reel::encode::probe_music(&music).map_err(|e| e.to_string())?;
    }
    let facts = PlanFacts::of(&plan);
    // An export killed outright (kill -9, a power cut) leaves its unfinished file; the
    // next export of the same output replaces it. Say that it is there.
    let partial = reel::encode::temp_path_for(&scene.output.path);
    if partial.exists() {
        tracing::warn!(
            "{}: an unfinished file from an interrupted export of this output; the next export replaces it",
            partial.display()
        );
    }
    if args.json {
        Event::Plan(&facts).print();
    } else if !args.quiet {
        println!("{}", facts.describe());
    }
    Ok(String::new())
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
    let plan = segments::plan(scene)?;
    confinement
        .check_output(plan.output_size, plan.frame_rate, None)
        .map_err(|kind| scene.error(kind).to_string())
}

/// Renders the frame at `time` to `png`.
fn still(
    scene: &Scene,
    (time, renderer): (f64, RendererChoice),
    png: &Path,
    json: bool,
) -> Result<String, String> {
    let is_png = png
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("png"));
    if !is_png {
        return Err(format!(
            "--png: {}: Reel writes PNG pictures (expected a name ending in .png)",
            png.display()
        ));
    }
    if png
        .parent()
        .is_some_and(|p| !p.as_os_str().is_empty() && !p.is_dir())
    {
        return Err(format!(
            "{}: the output folder does not exist",
            png.display()
        ));
    }
    let image = render_frame_with(scene, time, StillRenderer::for_choice(renderer))
        .map_err(|e| e.to_string())?;
    reel::encode::write_png(png, &image).map_err(|e| format!("{}: {e}", png.display()))?;
    if json {
        Event::Still {
            output: png.display().to_string(),
            time,
            size: (image.width, image.height),
        }
        .print();
    }
    Ok(format!(
        "wrote {}: the frame at {time} s, {}x{}",
        png.display(),
        image.width,
        image.height
    ))
}
