//! Confined exports in a real app: a scene that breaks the confinement ends at once with
//! a scene error and never becomes active, and an export whose plan or decoded frames go
//! past the limits fails.

use bevy_app::App;
use reel_pipeline::{
    ActiveExport, ExportError, ExportOutcome, ExportPlan, ExportProgress, PipelinePlugin,
    PipelineSettings, SourceInfo, StartExport,
};
use reel_scene::{Confinement, FrameRate, Scene};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A confined folder `jobs` with a source, beside a folder `private` with another.
fn folders(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    for folder in ["jobs", "private"] {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
        std::fs::write(dir.join(folder).join("in.mp4"), b"placeholder").unwrap();
    }
    dir
}

fn app(dir: &Path) -> App {
    let mut settings = PipelineSettings::with_workers(1);
    settings.confine = Some(Confinement::new(&dir.join("jobs")).unwrap());
    let mut app = App::new();
    app.add_plugins(PipelinePlugin { settings });
    app
}

fn scene(dir: &Path, source: &str) -> Scene {
    let text = format!("(source: (path: {source:?}), output: (path: \"out.mp4\"))");
    Scene::from_ron(&text, &dir.join("jobs/s.ron")).unwrap()
}

/// Takes how the last export ended, as its error message.
fn outcome(app: &mut App) -> Option<Result<(), String>> {
    let outcome = app.world_mut().resource_mut::<ExportOutcome>().0.take()?;
    Some(outcome.map(|_| ()).map_err(|error| {
        assert!(matches!(*error, ExportError::Scene(_)), "{error}");
        error.to_string()
    }))
}

#[test]
fn a_scene_that_breaks_the_confinement_ends_before_it_begins() {
    let dir = folders("pipeline_confine_refused");
    let mut app = app(&dir);
    app.world_mut().write_message(StartExport {
        scene: scene(&dir, "../private/in.mp4"),
    });
    app.update();
    let error = outcome(&mut app).unwrap().unwrap_err();
    assert!(
        error.contains("s.ron: source.path: ")
            && error.contains("leads outside the confined folder"),
        "{error}"
    );
    assert!(!app.world().contains_resource::<ActiveExport>());
    // The next request is taken up as usual.
    app.world_mut().write_message(StartExport {
        scene: scene(&dir, "in.mp4"),
    });
    app.update();
    assert!(app.world().contains_resource::<ActiveExport>());
    assert!(outcome(&mut app).is_none());
}

/// Starts a confined export of a good scene, gives it `plan` as the decode stage would,
/// with `decoded` frames decoded, and returns how it ended.
fn run_with_plan(name: &str, size: (u32, u32), expected: Option<u64>, decoded: u64) -> String {
    let dir = folders(name);
    let mut app = app(&dir);
    let scene = scene(&dir, "in.mp4");
    app.world_mut().write_message(StartExport {
        scene: scene.clone(),
    });
    app.update();
    assert!(app.world().contains_resource::<ActiveExport>());
    let source = SourceInfo {
        id: Default::default(),
        path: scene.source.path.clone(),
        codec: "h264".into(),
        size,
        orientation: Default::default(),
        frame_rate: Some(FrameRate::whole(30)),
        duration: expected.map(|frames| frames as f64 / 30.0),
    };
    app.insert_resource(ExportPlan::new(Arc::new(scene), source));
    app.world_mut().resource_mut::<ExportProgress>().decoded = decoded;
    app.update();
    let error = outcome(&mut app).expect("the export ended").unwrap_err();
    assert!(!app.world().contains_resource::<ActiveExport>());
    assert!(!app.world().contains_resource::<ExportPlan>());
    error
}

#[test]
fn an_output_planned_past_the_limits_fails() {
    let error = run_with_plan("pipeline_confine_size", (7680, 4320), Some(30), 0);
    assert!(
        error.contains("s.ron: output.size: 7680x4320 is 33177600 pixels"),
        "{error}"
    );
    let error = run_with_plan("pipeline_confine_length", (1920, 1080), Some(18_001), 0);
    assert!(
        error.contains("source.trim: the export has 18001 frames at 30 fps"),
        "{error}"
    );
}

#[test]
fn a_source_longer_than_it_said_fails_once_past_the_limit() {
    let error = run_with_plan("pipeline_confine_decoded", (1920, 1080), None, 18_001);
    assert!(
        error.contains("source.trim: the export has 18001 frames"),
        "{error}"
    );
}
