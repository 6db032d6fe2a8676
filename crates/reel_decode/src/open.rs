//! The one way an export is planned: the scene's recordings opened and checked, the
//! plan made from what they are, the cursor track, the captions and the key track read.

use crate::captions::{load_annotations, load_captions, load_keystrokes};
use crate::cursor::load_cursor;
use crate::probe::{SourceReader, open_camera, open_source};
use reel_pipeline::{ExportError, ExportPlan};
use reel_scene::Scene;
use std::sync::Arc;

/// A planned export and its opened recordings, ready to decode.
pub struct OpenedExport {
    /// What the export produces.
    pub plan: ExportPlan,
    /// The screen recording's reader.
    pub screen: SourceReader,
    /// The camera's reader, when the scene has a camera.
    pub camera: Option<SourceReader>,
}

/// Opens `scene`'s screen recording, its timeline's other recordings and its camera,
/// checks the scene against them, reads its cursor track, its captions, its key track
/// and its annotations' fonts and pictures, and plans the export — what an export, a
/// still, `--check`, `--plan` and `join` all start from.
pub fn open_export(scene: &Arc<Scene>) -> Result<OpenedExport, ExportError> {
    let (screen, clips) = open_source(scene)?;
    let camera = open_camera(scene)?;
    let plan = ExportPlan::new(scene.clone(), screen.info().clone())
        .with_clips(clips)
        .with_camera(camera.as_ref().map(|c| c.info().clone()));
    let cursor = load_cursor(scene, plan.source.size)?;
    let captions = load_captions(scene, plan.output_size)?;
    let annotations = load_annotations(scene, plan.output_size)?;
    let keystrokes = load_keystrokes(scene, plan.output_size, &plan.timeline)?;
    Ok(OpenedExport {
        plan: plan
            .with_cursor(cursor)
            .with_captions(captions)
            .with_annotations(annotations)
            .with_keystrokes(keystrokes),
        screen,
        camera,
    })
}
