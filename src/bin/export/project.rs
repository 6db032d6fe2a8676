//! What the command line names: a scene file, or another recorder's saved project, made
//! into a scene here (see docs/projects.md).

use reel::Scene;
use reel::project::{Project, Recording};
use reel::scene::Confinement;
use std::path::Path;

/// A scene to export, and the RON text it was made from when it came from a project.
pub struct Loaded {
    /// The scene, read and checked.
    pub scene: Scene,
    /// The scene's text, when a project was made into it.
    pub made: Option<String>,
}

/// Reads `path`: a recorder's project (by its extension or its content) made into a
/// scene writing to `output` (else the project's name with `.mp4`, beside it), with one
/// warning per setting Reel cannot honour; or a scene file. Under `confinement` a
/// project's recordings are checked before they are opened.
pub fn load(
    path: &Path,
    output: Option<&Path>,
    confinement: Option<&Confinement>,
) -> Result<Loaded, String> {
    if reel::project::detect(path).is_none() {
        let scene = Scene::load(path).map_err(|e| e.to_string())?;
        return Ok(Loaded { scene, made: None });
    }
    let project = Project::open(path).map_err(|e| e.to_string())?;
    let screen = project.recording();
    if let Some(confinement) = confinement {
        for (field, recording) in project.recordings() {
            confinement
                .check_input(field, recording)
                .map_err(|kind| format!("{}: {kind}", path.display()))?;
        }
    }
    let info = reel::decode::probe_source(screen)
        .map_err(|e| {
            format!(
                "{}: {}: {}: {e}",
                path.display(),
                project.recording_field(),
                screen.display()
            )
        })?
        .info()
        .clone();
    let recording = Recording {
        size: info.size,
        duration: info.duration.unwrap_or(0.0),
    };
    let output = output.map_or_else(|| project.default_output(), Path::to_owned);
    let made = project
        .scene(&recording, &output)
        .map_err(|e| e.to_string())?;
    for warning in &made.warnings {
        tracing::warn!("{}: {warning}", path.display());
    }
    let scene = Scene::from_ron(&made.text, path).map_err(|e| e.to_string())?;
    scene
        .check_files()
        .map_err(|kind| scene.error(kind).to_string())?;
    Ok(Loaded {
        scene,
        made: Some(made.text),
    })
}
