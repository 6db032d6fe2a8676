//! The scene's captions and annotations, read beside the recording and made ready to
//! draw.

use reel_pipeline::ExportError;
use reel_scene::{Scene, SceneErrorKind};
use reel_text::{Annotator, CaptionTrack, Captioner};
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
