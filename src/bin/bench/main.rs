//! `bench`: how fast Reel exports the full look, against the ffmpeg command line.
//!
//! For each size it makes a test source once (with `bench/ffmpeg-baseline.sh`,
//! which also times ffmpeg's plain transcode and, at 1080p, its "screen studio" filter
//! graph on that source), writes a scene with the full look (blurred background,
//! padding, rounded corners, shadow, one zoom) and a plain one (the recording alone, at
//! its own size), exports each with each renderer (GPU and CPU) sequentially (one render
//! worker with one frame at a time) and with each worker count asked for, each in a
//! child process of its own (so peak memory is per run), and prints a table and a JSON
//! file: fps, busy milliseconds per frame per stage, frames in flight, peak RSS, bytes
//! copied per frame, the ratio of the default to the sequential export, and the ratios
//! to ffmpeg measured in the same run.
//!
//! `cargo run --release --bin bench -- [--sizes 720p,1080p,4k] [--seconds 10]
//! [--renderers gpu,cpu] [--looks full,plain]`
//!
//! With `--check-references tests/references` it instead renders the frames of the scene
//! regression tests on this machine's GPU and compares them with the references.

mod references;

use clap::Parser;
use reel::pipeline::{DEFAULT_FRAMES_PER_WORKER, ExportCapacity, PipelineStats, Stage};
use reel::render::{ChosenRenderer, RendererChoice};
use reel::{ReelPlugins, Scene, export_app, run_export};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// The sequential configuration: one worker with one frame in flight.
const SEQUENTIAL: (usize, usize) = (1, 1);

/// Benchmark Reel's export against the ffmpeg command line.
#[derive(Parser, Debug)]
#[command(about)]
struct Args {
    /// Output sizes to measure: 720p, 1080p, 4k.
    #[arg(long, value_delimiter = ',', default_value = "720p,1080p,4k")]
    sizes: Vec<String>,
    /// Seconds of 30 fps video per size.
    #[arg(long, default_value_t = 10)]
    seconds: u32,
    /// Worker counts to compare; `0` means Reel's default.
    #[arg(long, value_delimiter = ',', default_value = "1,0")]
    workers: Vec<usize>,
    /// Renderers to compare: gpu, cpu.
    #[arg(long, value_delimiter = ',', default_value = "gpu,cpu")]
    renderers: Vec<RendererChoice>,
    /// Looks to export: full (the whole look, as the ffmpeg graph draws it), plain
    /// (the recording alone at its own size, against the plain transcode), camera
    /// (the full look with a 720p camera in a bordered, shadowed circle over it) and
    /// captions (the full look with a new two-line caption every second).
    #[arg(long, value_delimiter = ',', default_value = "full,plain")]
    looks: Vec<String>,
    /// Skip the sequential run (one worker, one frame in flight) of each renderer.
    #[arg(long)]
    skip_sequential: bool,
    /// Frames in flight per worker to compare (the pipeline holds workers x this + 2).
    #[arg(long, value_delimiter = ',', default_value = "4")]
    frames_per_worker: Vec<usize>,
    /// The ffmpeg anchor script.
    #[arg(long, default_value = "bench/ffmpeg-baseline.sh")]
    anchor: PathBuf,
    /// The ffmpeg binary the anchor runs.
    #[arg(long, default_value = "ffmpeg")]
    ffmpeg: String,
    /// Where sources and outputs go (in a folder per length).
    #[arg(long, default_value = "target/bench")]
    work: PathBuf,
    /// Where the JSON results go.
    #[arg(long, default_value = "target/bench/results.json")]
    json: PathBuf,
    /// Instead of benchmarking, render the frame behind each reference image in this
    /// folder (`<scene>-<seconds>s.png`) and compare it with the reference.
    #[arg(long)]
    check_references: Option<PathBuf>,
    /// The scenes the references show (with `--check-references`).
    #[arg(long, default_value = "scenes")]
    scenes: PathBuf,
    /// Internal: export this scene once and print one JSON line of measurements.
    #[arg(long, hide = true)]
    run_one: Option<PathBuf>,
    /// Internal: the worker count for `--run-one`.
    #[arg(long, hide = true, default_value_t = 0)]
    run_workers: usize,
    /// Internal: frames in flight per worker for `--run-one`.
    #[arg(long, hide = true, default_value_t = DEFAULT_FRAMES_PER_WORKER)]
    run_frames_per_worker: usize,
    /// Internal: the renderer for `--run-one`.
    #[arg(long, hide = true, default_value_t = RendererChoice::Auto)]
    run_renderer: RendererChoice,
}

/// One export's measurements, as the child prints them.
#[derive(Debug, Clone, Default)]
struct Run {
    /// The look and the renderer.
    look: String,
    renderer: String,
    /// The worker count asked for (0: Reel's default), and the count that ran.
    requested_workers: usize,
    workers: usize,
    frames_per_worker: usize,
    frames: u64,
    seconds: f64,
    busy_ms: [f64; 5],
    peak_in_flight: u64,
    bytes_copied: u64,
    peak_rss_mb: f64,
}

impl Run {
    fn fps(&self) -> f64 {
        self.frames as f64 / self.seconds.max(1e-9)
    }

    fn to_json(&self) -> String {
        let mut stages = String::new();
        for (stage, ms) in Stage::ALL.iter().zip(self.busy_ms) {
            let per_frame = ms / self.frames.max(1) as f64;
            let _ = write!(stages, "\"{}\": {per_frame:.3}, ", stage.name());
        }
        format!(
            "{{\"look\": \"{}\", \"renderer\": \"{}\", \"requested_workers\": {}, \"workers\": {}, \"frames_per_worker\": {}, \"frames\": {}, \"seconds\": {:.3}, \"fps\": {:.2}, \"ms_per_frame_busy\": {{{}}}, \"peak_frames_in_flight\": {}, \"bytes_copied_per_frame\": {}, \"peak_rss_mb\": {:.1}}}",
            self.look,
            self.renderer,
            self.requested_workers,
            self.workers,
            self.frames_per_worker,
            self.frames,
            self.seconds,
            self.fps(),
            stages.trim_end_matches(", "),
            self.peak_in_flight,
            self.bytes_copied / self.frames.max(1),
            self.peak_rss_mb
        )
    }

    fn parse(line: &str) -> Option<Run> {
        let mut run = Run::default();
        let mut fields = line.split_whitespace();
        while let (Some(key), Some(value)) = (fields.next(), fields.next()) {
            match key {
                "workers" => run.workers = value.parse().ok()?,
                "renderer" => run.renderer = value.to_owned(),
                "per_worker" => run.frames_per_worker = value.parse().ok()?,
                "frames" => run.frames = value.parse().ok()?,
                "seconds" => run.seconds = value.parse().ok()?,
                "in_flight" => run.peak_in_flight = value.parse().ok()?,
                "copied" => run.bytes_copied = value.parse().ok()?,
                "rss_mb" => run.peak_rss_mb = value.parse().ok()?,
                other => {
                    let stage = Stage::ALL.iter().position(|s| s.name() == other)?;
                    run.busy_ms[stage] = value.parse().ok()?;
                }
            }
        }
        Some(run)
    }
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// The child: one export, measured, printed as `key value` pairs on one line.
fn run_one(
    scene: &Path,
    (workers, per_worker): (usize, usize),
    renderer: RendererChoice,
) -> Result<(), String> {
    reel::quiet_ffmpeg_logs();
    let scene = Scene::load(scene).map_err(|e| e.to_string())?;
    let mut plugins = if workers == 0 {
        ReelPlugins::default()
    } else {
        ReelPlugins::with_workers(workers)
    };
    plugins.pipeline.frames_per_worker = per_worker.max(1);
    plugins.renderer = renderer;
    let mut app = export_app(plugins);
    let started = Instant::now();
    let summary = run_export(&mut app, scene).map_err(|e| e.to_string())?;
    let seconds = started.elapsed().as_secs_f64();
    let stats = app.world().resource::<PipelineStats>().snapshot();
    // The render plugin may have fitted the default worker count to the device.
    let workers = app.world().resource::<ExportCapacity>().workers;
    let chosen = app.world().resource::<ChosenRenderer>().renderer;
    let mut line = format!(
        "renderer {chosen} workers {workers} per_worker {per_worker} frames {} seconds {seconds:.4}",
        summary.frames
    );
    for (stage, busy) in Stage::ALL.iter().zip(stats.busy) {
        let _ = write!(line, " {} {:.3}", stage.name(), busy.as_secs_f64() * 1000.0);
    }
    let _ = write!(
        line,
        " in_flight {} copied {} rss_mb {:.1}",
        stats.peak_in_flight,
        stats.bytes_copied,
        peak_rss_mb()
    );
    emit(&format!("{line}\n"));
    Ok(())
}

/// What the anchor script measured for one size.
#[derive(Debug, Clone, Default)]
struct Anchor {
    transcode_fps: Option<f64>,
    effects_fps: Option<f64>,
}

fn run_anchor(args: &Args, size: (u32, u32), work: &Path) -> Result<Anchor, String> {
    let output = Command::new("bash")
        .arg(&args.anchor)
        .arg(&args.ffmpeg)
        .arg(work)
        .arg(args.seconds.to_string())
        .arg("0")
        .arg(format!("{}x{}", size.0, size.1))
        .output()
        .map_err(|e| format!("{}: {e}", args.anchor.display()))?;
    if !output.status.success() {
        return Err(format!(
            "{}: {}",
            args.anchor.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let value = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().parse().ok())
    };
    Ok(Anchor {
        transcode_fps: value("transcode_fps"),
        effects_fps: value("effects_fps"),
    })
}

fn size_of_name(name: &str) -> Option<(u32, u32)> {
    match name.to_ascii_lowercase().as_str() {
        "720p" => Some((1280, 720)),
        "1080p" => Some((1920, 1080)),
        "4k" | "2160p" => Some((3840, 2160)),
        _ => None,
    }
}

/// The scene of `look` at `size`.
fn look_text(look: &str, source: &str, size: (u32, u32)) -> Result<String, String> {
    match look {
        "full" => Ok(scene_text(source, size)),
        "camera" => {
            let full = scene_text(source, size);
            let full = full.strip_suffix(')').unwrap_or(&full);
            Ok(format!(
                "{full},\n          camera: (path: \"{CAMERA_SOURCE}\", size: 0.25, border: (width: {b:.1}, color: \"#ffffff\"), shadow: (blur: {blur:.1}, opacity: 0.5)))",
                b = 3.0 * size.1 as f32 / 1080.0,
                blur = 24.0 * size.1 as f32 / 1080.0,
            )
            .replace("reel_", "reel_camera_"))
        }
        "captions" => {
            let full = scene_text(source, size);
            let full = full.strip_suffix(')').unwrap_or(&full);
            Ok(
                format!("{full},\n          captions: (path: \"{CAPTIONS_FILE}\"))")
                    .replace("reel_", "reel_captions_"),
            )
        }
        "plain" => Ok(format!(
            "(source: (path: \"{source}\"), output: (path: \"reel_plain_{w}x{h}.mp4\", size: ({w}, {h}), fps: 30))",
            w = size.0,
            h = size.1
        )),
        other => Err(format!(
            "--looks: unknown look {other:?} (expected full, plain, camera or captions)"
        )),
    }
}

/// The caption file the `captions` look burns in, written beside the sources.
const CAPTIONS_FILE: &str = "captions.srt";

/// Writes the `captions` look's file in `work`: a new two-line cue every second of
/// `seconds`, so that each cue is set once and shown for thirty frames.
fn make_captions(seconds: u32, work: &Path) -> Result<(), String> {
    let stamp = |t: u64| format!("00:{:02}:{:02},000", t / 60, t % 60);
    let text: String = (0..u64::from(seconds))
        .map(|k| {
            format!(
                "{}\n{} --> {}\nCue {k}: open the settings, choose Appearance,\nthen pick the dark theme and save\n\n",
                k + 1,
                stamp(k),
                stamp(k + 1)
            )
        })
        .collect();
    std::fs::write(work.join(CAPTIONS_FILE), text).map_err(|e| e.to_string())
}

/// The camera recording the `camera` look shows: 1280x720 at 30 fps, made beside the
/// sources.
const CAMERA_SOURCE: &str = "camera_1280x720.mp4";

/// Makes the `camera` look's recording in `work`, `seconds` long, unless it is there.
fn make_camera(args: &Args, work: &Path) -> Result<(), String> {
    let path = work.join(CAMERA_SOURCE);
    if path.exists() {
        return Ok(());
    }
    let status = Command::new(&args.ffmpeg)
        .args(["-loglevel", "error", "-y", "-f", "lavfi", "-i"])
        .arg(format!("testsrc2=s=1280x720:r=30:d={}", args.seconds))
        .args([
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
        ])
        .arg(&path)
        .status()
        .map_err(|e| format!("{}: {e}", args.ffmpeg))?;
    if !status.success() {
        return Err(format!(
            "{}: could not make {}",
            args.ffmpeg,
            path.display()
        ));
    }
    Ok(())
}

/// The full look at `size`, scaled from the 1080p "screen studio" graph of the anchor.
fn scene_text(source: &str, size: (u32, u32)) -> String {
    let k = size.1 as f32 / 1080.0;
    format!(
        "(source: (path: \"{source}\"), output: (path: \"reel_{w}x{h}.mp4\", size: ({w}, {h}), fps: 30),
          background: Blurred(radius: {bg:.1}), inset: (padding: 0.083333, corner_radius: {r:.1}),
          shadow: (offset: (0, {dy:.1}), blur: {blur:.1}, opacity: 0.55),
          zooms: [(start: 2.0, end: 5.0, scale: 1.6, center: ({cx}, {cy}))])",
        w = size.0,
        h = size.1,
        bg = 41.0 * k,
        r = 24.0 * k,
        dy = 20.0 * k,
        blur = 49.0 * k,
        cx = size.0 / 3,
        cy = size.1 / 3,
    )
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let gpu =
        reel::render::GpuDevice::create_headless().map_or_else(|e| e.to_string(), |g| g.adapter);
    format!("{cpu}, {cores} cores; GPU: {gpu}")
}

fn bench(args: &Args) -> Result<(), String> {
    // The anchor reuses a source it finds, and counts frames by the seconds it is given:
    // keep each length's sources apart.
    let work = args.work.join(format!("{}s", args.seconds));
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let work = work.canonicalize().map_err(|e| e.to_string())?;
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let machine = machine();
    let mut table = String::from(
        "size    look   renderer run        workers  per-worker     fps  ms/frame busy: decode upload render readback encode  in-flight  RSS MB  copied/frame  vs graph  vs transcode\n",
    );
    let mut json_sizes = Vec::new();
    for name in &args.sizes {
        let size = size_of_name(name).ok_or_else(|| {
            format!("--sizes: unknown size {name:?} (expected 720p, 1080p or 4k)")
        })?;
        eprintln!("{name}: making the source and timing ffmpeg …");
        let anchor = run_anchor(args, size, &work)?;
        let source = format!("src_{}x{}.mp4", size.0, size.1);
        let mut runs = Vec::new();
        for look in &args.looks {
            if look == "camera" {
                make_camera(args, &work)?;
            }
            if look == "captions" {
                make_captions(args.seconds, &work)?;
            }
            let scene = work.join(format!("scene_{look}_{}x{}.ron", size.0, size.1));
            std::fs::write(&scene, look_text(look, &source, size)?).map_err(|e| e.to_string())?;
            for &renderer in &args.renderers {
                for (workers, per_worker) in configurations(args) {
                    let mut run =
                        export_once(&me, (&scene, look, renderer), (workers, per_worker), name)?;
                    run.requested_workers = workers;
                    let graph = if look == "full" {
                        anchor.effects_fps
                    } else {
                        None
                    };
                    table_row(&mut table, (name, &run), (graph, anchor.transcode_fps));
                    runs.push(run);
                }
            }
        }
        let fmt = |v: Option<f64>| v.map_or("null".to_owned(), |v| format!("{v:.1}"));
        json_sizes.push(format!(
            "    {{\"size\": \"{}x{}\", \"ffmpeg_effects_graph_fps\": {}, \"ffmpeg_transcode_fps\": {}, \"runs\": [{}]}}",
            size.0,
            size.1,
            fmt(anchor.effects_fps),
            fmt(anchor.transcode_fps),
            runs.iter().map(Run::to_json).collect::<Vec<_>>().join(", ")
        ));
    }
    emit(&table);
    let date = Command::new("date")
        .arg("-u")
        .arg("+%Y-%m-%dT%H:%M:%SZ")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let json = format!(
        "{{\n  \"date\": \"{date}\",\n  \"machine\": \"{}\",\n  \"seconds_per_size\": {},\n  \"sizes\": [\n{}\n  ]\n}}\n",
        machine.replace('"', "'"),
        args.seconds,
        json_sizes.join(",\n")
    );
    if let Some(parent) = args.json.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    std::fs::write(&args.json, json).map_err(|e| format!("{}: {e}", args.json.display()))?;
    emit(&format!(
        "machine: {machine}\nresults: {}\n",
        args.json.display()
    ));
    Ok(())
}

/// The configurations each look and renderer is exported with: the sequential one
/// first (unless skipped), then each worker count and depth asked for.
fn configurations(args: &Args) -> Vec<(usize, usize)> {
    let mut configurations = Vec::new();
    if !args.skip_sequential {
        configurations.push(SEQUENTIAL);
    }
    for &workers in &args.workers {
        for &per_worker in &args.frames_per_worker {
            if !configurations.contains(&(workers, per_worker)) {
                configurations.push((workers, per_worker));
            }
        }
    }
    configurations
}

/// Exports `scene` once with `renderer` in a child process and reads its measurements.
fn export_once(
    me: &Path,
    (scene, look, renderer): (&Path, &str, RendererChoice),
    (workers, per_worker): (usize, usize),
    name: &str,
) -> Result<Run, String> {
    eprintln!(
        "{name}, {look} look, {renderer} renderer: exporting with {}, {per_worker} frame(s) in flight per worker …",
        if workers == 0 {
            "the default workers".to_owned()
        } else {
            format!("{workers} worker(s)")
        }
    );
    let output = Command::new(me)
        .arg("--run-one")
        .arg(scene)
        .arg("--run-workers")
        .arg(workers.to_string())
        .arg("--run-frames-per-worker")
        .arg(per_worker.to_string())
        .arg("--run-renderer")
        .arg(renderer.to_string())
        .env("NODEVICE_SELECT", "1")
        .output()
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut run = text.lines().find_map(Run::parse).ok_or_else(|| {
        format!(
            "export failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )
    })?;
    run.look = look.to_owned();
    Ok(run)
}

/// Adds `run`'s row to `table`, with its ratios to ffmpeg's filter graph and transcode.
fn table_row(
    table: &mut String,
    (name, run): (&str, &Run),
    (graph, transcode): (Option<f64>, Option<f64>),
) {
    let frames = run.frames.max(1) as f64;
    let ratio =
        |anchor: Option<f64>| anchor.map_or("—".to_owned(), |a| format!("{:.2}x", run.fps() / a));
    let _ = writeln!(
        table,
        "{name:<7} {:<6} {:<8} {:<10} {:>7} {:>11} {:>7.1}  {:>19.1} {:>6.1} {:>6.1} {:>8.1} {:>6.1}  {:>9}  {:>6.0}  {:>12}  {:>8}  {:>12}",
        run.look,
        run.renderer,
        match (run.requested_workers, run.frames_per_worker) {
            SEQUENTIAL => "sequential",
            (0, _) => "default",
            _ => "asked",
        },
        run.workers,
        run.frames_per_worker,
        run.fps(),
        run.busy_ms[0] / frames,
        run.busy_ms[1] / frames,
        run.busy_ms[2] / frames,
        run.busy_ms[3] / frames,
        run.busy_ms[4] / frames,
        run.peak_in_flight,
        run.peak_rss_mb,
        run.bytes_copied / run.frames.max(1),
        ratio(graph),
        ratio(transcode),
    );
}

/// Writes `text` to standard output; a closed pipe (`bench | head`) is not an error.
fn emit(text: &str) {
    use std::io::Write as _;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

fn main() -> ExitCode {
    let args = Args::parse();
    let result = match (&args.run_one, &args.check_references) {
        (Some(scene), _) => run_one(
            scene,
            (args.run_workers, args.run_frames_per_worker),
            args.run_renderer,
        ),
        (None, Some(dir)) => references::check_references(dir, &args.scenes, &args.json),
        (None, None) => bench(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
