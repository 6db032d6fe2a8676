//! Recovery from render faults, injected with `REEL_FAULTS`: workers that panic or fail a
//! frame are replaced and the frame retried, a lost device is made anew once, a stalled
//! export fails instead of hanging, and an export whose render threads cannot start runs
//! sequentially. Recovered exports must decode to exactly the frames of a clean run.

mod common;

use common::media::{SourceSpec, decode_video, make_source};
use common::{folder_names, scratch_dir, write_scene};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// A folder with a 90-frame source (each frame shows its index) and a scene for it.
fn setup(name: &str) -> (PathBuf, PathBuf) {
    let dir = scratch_dir(name);
    make_source(&dir.join("in.mp4"), &SourceSpec::h264(320, 180, 30, 90));
    let scene = write_scene(
        &dir,
        "s.ron",
        r#"(source: (path: "in.mp4"), output: (path: "out.mp4", size: (480, 270)),
            background: Blurred(radius: 20), inset: (padding: 0.1, corner_radius: 10),
            shadow: (blur: 16, opacity: 0.5))"#,
    );
    (dir, scene)
}

/// Runs `export` on `scene` with `workers`, writing `output`, with `faults` injected.
fn export(scene: &Path, output: &Path, workers: usize, faults: &str, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_export"))
        .arg(scene)
        .arg("--output")
        .arg(output)
        .args(["--workers", &workers.to_string()])
        .args(extra)
        .env("REEL_FAULTS", faults)
        .output()
        .expect("run export")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The luma and chroma planes of every frame of `path`.
fn frames(path: &Path) -> Vec<Vec<Vec<u8>>> {
    let video = decode_video(path);
    (0..video.frames.len()).map(|n| video.planes(n)).collect()
}

/// Asserts that `output` succeeded and decodes to exactly the frames of `clean`.
fn assert_same_as_clean(output: &Output, path: &Path, clean: &Path) {
    assert!(output.status.success(), "{}", stderr(output));
    let (got, want) = (frames(path), frames(clean));
    assert_eq!(got.len(), 90);
    assert_eq!(got.len(), want.len());
    for (n, (a, b)) in got.iter().zip(&want).enumerate() {
        assert!(a == b, "frame {n} differs from the clean run");
    }
}

/// Asserts a failed run whose last stderr line is the error, containing each of `expected`.
fn assert_fails_with(output: &Output, expected: &[&str]) {
    let text = stderr(output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    let errors: Vec<&str> = text.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 1, "expected one error line: {text}");
    for part in expected {
        assert!(errors[0].contains(part), "expected {part:?} in: {text}");
    }
}

fn replacements(output: &Output) -> usize {
    stderr(output).matches("replaced it and handed").count()
}

#[test]
fn panics_and_errors_in_workers_leave_the_output_unchanged() {
    let (dir, scene) = setup("recovery_panics");
    let clean = dir.join("clean.mp4");
    let run = export(&scene, &clean, 4, "", &[]);
    assert!(run.status.success(), "{}", stderr(&run));

    // Worker 1 of 4 panics on three different frames.
    let panics = dir.join("panics.mp4");
    let run = export(&scene, &panics, 4, "render-panic:worker=1:times=3", &[]);
    assert_same_as_clean(&run, &panics, &clean);
    assert_eq!(replacements(&run), 3, "{}", stderr(&run));
    assert!(stderr(&run).contains("render worker 1 failed on frame"));

    // Frame 40 fails once, and worker 2 panics on two frames (perhaps frame 40 too: a
    // frame still has an attempt left after two failures).
    let mixed = dir.join("mixed.mp4");
    let run = export(
        &scene,
        &mixed,
        4,
        "render-error:frame=40; render-panic:worker=2:times=2",
        &[],
    );
    assert_same_as_clean(&run, &mixed, &clean);
    assert_eq!(replacements(&run), 3, "{}", stderr(&run));
    assert!(stderr(&run).contains("failed on frame 40 (injected fault"));
}

#[test]
fn a_frame_that_keeps_failing_ends_the_export_naming_it() {
    let (dir, scene) = setup("recovery_repeated");
    let output = dir.join("out.mp4");
    let run = export(&scene, &output, 2, "render-panic:frame=17:times=5", &[]);
    assert_fails_with(
        &run,
        &[
            "frame 17 failed 3 times",
            "injected panic while rendering frame 17",
        ],
    );
    assert_eq!(folder_names(&dir), ["in.mp4", "s.ron"]);
}

#[test]
fn a_lost_device_is_made_anew_once() {
    let (dir, scene) = setup("recovery_device");
    let clean = dir.join("clean.mp4");
    // Only the GPU renderer has a device to lose.
    let gpu = ["--renderer", "gpu"];
    let run = export(&scene, &clean, 2, "", &gpu);
    assert!(run.status.success(), "{}", stderr(&run));

    let recovered = dir.join("recovered.mp4");
    let run = export(&scene, &recovered, 2, "device-lost:frame=30", &gpu);
    assert_same_as_clean(&run, &recovered, &clean);
    assert!(
        stderr(&run).contains("recreated it and restarted every render worker"),
        "{}",
        stderr(&run)
    );

    let lost = dir.join("lost.mp4");
    let run = export(&scene, &lost, 2, "device-lost:frame=30:times=2", &gpu);
    assert_fails_with(
        &run,
        &[
            "the GPU device was lost",
            "lost again after it was recreated",
        ],
    );
    assert!(!lost.exists());
    assert_eq!(
        folder_names(&dir),
        ["clean.mp4", "in.mp4", "recovered.mp4", "s.ron"]
    );
}

#[test]
fn a_stalled_render_fails_instead_of_hanging() {
    let (dir, scene) = setup("recovery_stall");
    let output = dir.join("out.mp4");
    let started = Instant::now();
    let run = export(
        &scene,
        &output,
        2,
        "render-stall:frame=12:seconds=60",
        &["--stall-timeout", "1.5"],
    );
    let took = started.elapsed();
    assert_fails_with(&run, &["the export stalled", "waiting on render"]);
    assert!(
        took < Duration::from_secs(30),
        "the stalled export took {took:?} to end"
    );
    assert_eq!(folder_names(&dir), ["in.mp4", "s.ron"]);
}

#[test]
fn without_render_threads_the_export_runs_sequentially() {
    let (dir, scene) = setup("recovery_sequential");
    let clean = dir.join("clean.mp4");
    let run = export(&scene, &clean, 3, "", &[]);
    assert!(run.status.success(), "{}", stderr(&run));

    let sequential = dir.join("sequential.mp4");
    let run = export(
        &scene,
        &sequential,
        3,
        "spawn-failure; render-panic:times=2",
        &[],
    );
    assert_same_as_clean(&run, &sequential, &clean);
    let text = stderr(&run);
    assert_eq!(
        text.matches("cannot start a render thread").count(),
        1,
        "the fallback is announced once: {text}"
    );
    assert_eq!(replacements(&run), 2, "{text}");
}

#[test]
fn a_machine_without_a_gpu_exports_on_the_cpu_or_is_told_how_to_get_one() {
    let (dir, scene) = setup("recovery_no_adapter");
    let without_vulkan = |renderer: &str| {
        Command::new(env!("CARGO_BIN_EXE_export"))
            .arg(&scene)
            .args(["--renderer", renderer])
            .env("WGPU_BACKEND", "vulkan")
            .env("VK_ICD_FILENAMES", dir.join("no-driver.json"))
            .env("VK_DRIVER_FILES", dir.join("no-driver.json"))
            .output()
            .expect("run export")
    };
    // Insisting on the GPU renderer fails and says how to get a device.
    let output = without_vulkan("gpu");
    assert_fails_with(&output, &["no GPU adapter found", "mesa-vulkan-drivers"]);
    assert_eq!(folder_names(&dir), ["in.mp4", "s.ron"]);
    // By default the CPU renderer exports, and the summary says so.
    let output = without_vulkan("auto");
    assert!(output.status.success(), "{}", stderr(&output));
    let summary = String::from_utf8_lossy(&output.stdout);
    assert!(
        summary.contains("renderer: cpu (no GPU adapter)"),
        "{summary}"
    );
    assert_eq!(decode_video(&dir.join("out.mp4")).frames.len(), 90);
}

#[test]
fn a_bad_fault_plan_is_refused() {
    let (dir, scene) = setup("recovery_bad_plan");
    let run = export(
        &scene,
        &dir.join("out.mp4"),
        1,
        "render-panic:when=now",
        &[],
    );
    assert_fails_with(
        &run,
        &["REEL_FAULTS: invalid fault `render-panic:when=now`"],
    );
    assert_eq!(folder_names(&dir), ["in.mp4", "s.ron"]);
}

#[test]
fn a_host_app_cancels_with_a_message_and_then_exports_again() {
    use reel::pipeline::{CancelExport, ExportError, ExportOutcome, ExportProgress, StartExport};
    use reel::{ReelPlugins, Scene, export_app, run_export};

    let (dir, scene) = setup("recovery_host_cancel");
    let scene = Scene::load(&scene).unwrap_or_else(|e| panic!("{e}"));
    let mut app = export_app(ReelPlugins::with_workers(2));
    app.world_mut().write_message(StartExport {
        scene: scene.clone(),
    });
    let started = Instant::now();
    while app.world().resource::<ExportProgress>().encoded < 10 {
        assert!(started.elapsed().as_secs() < 60, "the export never began");
        app.update();
        std::thread::sleep(Duration::from_millis(2));
    }
    app.world_mut().write_message(CancelExport);
    let cancelled = Instant::now();
    let outcome = loop {
        app.update();
        if let Some(outcome) = app.world_mut().resource_mut::<ExportOutcome>().0.take() {
            break outcome;
        }
    };
    app.update();
    assert!(cancelled.elapsed() < Duration::from_secs(1));
    assert!(matches!(
        outcome.as_ref().map_err(|e| &**e),
        Err(ExportError::Cancelled)
    ));
    assert_eq!(folder_names(&dir), ["in.mp4", "s.ron"]);

    // The same app exports the scene in full afterwards.
    let summary = run_export(&mut app, scene).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(summary.frames, 90);
    assert_eq!(folder_names(&dir), ["in.mp4", "out.mp4", "s.ron"]);
}
