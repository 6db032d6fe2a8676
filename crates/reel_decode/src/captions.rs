//! The scene's captions, annotations and keystrokes, read beside the recording and made
//! ready to draw.

use reel_pipeline::ExportError;
use reel_scene::{CaptionTime, Timeline};
use reel_scene::{Scene, SceneErrorKind};
use reel_text::{Annotator, CaptionTrack, Captioner, KeyPress, KeyTrack, Keystroker};
use std::sync::Arc;

/// Reads the caption file of `scene` and loads its font for an `output`-sized export;
/// `None` when the scene has no captions. What the file's reader read past is logged
/// as warnings.
pub fn load_captions(
    scene: &Scene,
    output: (u32, u32),
) -> Result<Option<Arc<Captioner>>, ExportError> {
    let Some(captions) = &scene.captions else {
        return Ok(None);
    };
    let (track, warnings) = CaptionTrack::read(&captions.path)?;
    for warning in warnings {
        tracing::warn!("{}: {warning}", captions.path.display());
    }
    let captioner =
        Captioner::new(track, captions, output).map_err(|source| ExportError::Font {
            scene: scene.file.clone(),
            source,
        })?;
    Ok(Some(Arc::new(captioner)))
}

/// Loads the fonts and pictures of `scene`'s annotations for an `output`-sized export;
/// `None` when it has none.
pub fn load_annotations(
    scene: &Scene,
    output: (u32, u32),
) -> Result<Option<Arc<Annotator>>, ExportError> {
    if scene.annotations.is_empty() {
        return Ok(None);
    }
    let annotator = Annotator::new(&scene.annotations, output).map_err(|(index, reason)| {
        ExportError::Scene(scene.error(SceneErrorKind::Invalid {
            field: format!("annotations[{index}].{}", reason.field()),
            message: reason.message(),
        }))
    })?;
    Ok(Some(Arc::new(annotator)))
}

/// Reads the key track of `scene` and loads its font for an `output`-sized export whose
/// clips are `timeline`; `None` when the scene shows no keystrokes. Keys timed in the
/// recording's seconds are placed where the timeline shows them (once per clip that
/// plays their moment; not at all in parts cut away).
pub fn load_keystrokes(
    scene: &Scene,
    output: (u32, u32),
    timeline: &Timeline,
) -> Result<Option<Arc<Keystroker>>, ExportError> {
    let Some(settings) = &scene.keystrokes else {
        return Ok(None);
    };
    let track = KeyTrack::read(&settings.path)?;
    if track.presses.is_empty() {
        tracing::warn!(
            "{}: the key track holds no key presses: no keystrokes are shown",
            settings.path.display()
        );
    }
    let mut presses: Vec<KeyPress> = match settings.time {
        CaptionTime::Output => track.presses,
        CaptionTime::Source => track
            .presses
            .iter()
            .flat_map(|press| {
                timeline
                    .output_times(&scene.source.path, press.time)
                    .into_iter()
                    .map(|time| KeyPress {
                        time,
                        ..press.clone()
                    })
            })
            .collect(),
    };
    presses.sort_by(|a, b| a.time.total_cmp(&b.time));
    let keystroker = Keystroker::new(&presses, settings, output).map_err(|reason| {
        ExportError::Scene(scene.error(SceneErrorKind::Invalid {
            field: "keystrokes.font".into(),
            message: reason.to_string(),
        }))
    })?;
    Ok(Some(Arc::new(keystroker)))
}
