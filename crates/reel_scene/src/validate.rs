//! Checks a parsed scene's values, saying what was found and what was expected.

use crate::model::{OutputSpec, Scene};
use std::path::Path;

/// The smallest output width or height Reel writes, in pixels.
pub const MIN_OUTPUT_DIMENSION: u32 = 16;
/// The largest output width or height Reel writes, in pixels (8K).
pub const MAX_OUTPUT_DIMENSION: u32 = 8192;
/// The highest output frame rate Reel writes, in frames per second.
pub const MAX_FPS: f64 = 240.0;

/// Output file extensions the encoder writes (the MP4/QuickTime family).
const OUTPUT_EXTENSIONS: &[&str] = &["mp4", "m4v", "mov"];

/// A value that is out of range: the dotted field path and a message.
pub(crate) type Invalid = (String, String);

impl Scene {
    /// Checks every value against the limits Reel accepts. Files are not opened here; see
    /// [`Scene::load`] for the checks that touch the file system.
    pub fn validate(&self) -> Result<(), Invalid> {
        validate_output(&self.output)?;
        if self.output.path == self.source.path {
            return Err((
                "output.path".into(),
                "the output would overwrite the source (expected a different file)".into(),
            ));
        }
        Ok(())
    }
}

fn validate_output(output: &OutputSpec) -> Result<(), Invalid> {
    if let Some((width, height)) = output.size {
        for (name, value) in [("width", width), ("height", height)] {
            if !(MIN_OUTPUT_DIMENSION..=MAX_OUTPUT_DIMENSION).contains(&value) {
                return Err((
                    "output.size".into(),
                    format!(
                        "invalid {name} {value} (expected {MIN_OUTPUT_DIMENSION} to {MAX_OUTPUT_DIMENSION} pixels)"
                    ),
                ));
            }
            if value % 2 != 0 {
                return Err((
                    "output.size".into(),
                    format!(
                        "invalid {name} {value} (expected an even number: 4:2:0 video needs even dimensions)"
                    ),
                ));
            }
        }
    }
    if let Some(fps) = output.fps
        && !(fps.is_finite() && (1.0..=MAX_FPS).contains(&fps))
    {
        return Err((
            "output.fps".into(),
            format!("invalid frame rate {fps} (expected 1 to {MAX_FPS} frames per second)"),
        ));
    }
    let extension = output
        .path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some(ext) if OUTPUT_EXTENSIONS.contains(&ext) => Ok(()),
        _ => Err((
            "output.path".into(),
            format!(
                "unsupported output file {} (expected a name ending in .{})",
                display_name(&output.path),
                OUTPUT_EXTENSIONS.join(", .")
            ),
        )),
    }
}

fn display_name(path: &Path) -> String {
    format!("{:?}", path.file_name().unwrap_or(path.as_os_str()))
}

#[cfg(test)]
mod tests {
    use crate::Scene;

    fn scene(output: &str) -> Scene {
        Scene::from_ron(
            &format!("(source: (path: \"in.mp4\"), output: {output})"),
            "s.ron".as_ref(),
        )
        .map_err(|e| e.to_string())
        .unwrap()
    }

    fn field_error(output: &str) -> String {
        let text = format!("(source: (path: \"in.mp4\"), output: {output})");
        Scene::from_ron(&text, "s.ron".as_ref())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn accepts_sizes_and_rates_within_limits() {
        let scene = scene("(path: \"o.mp4\", size: (7680, 4320), fps: 240)");
        assert_eq!(scene.output.size, Some((7680, 4320)));
    }

    #[test]
    fn rejects_out_of_range_values_with_their_position() {
        assert_eq!(
            field_error("(path: \"o.mp4\", size: (0, 1080))"),
            "s.ron:1:58: output.size: invalid width 0 (expected 16 to 8192 pixels)"
        );
        assert!(field_error("(path: \"o.mp4\", size: (1921, 1080))").contains("even number"));
        assert!(field_error("(path: \"o.mp4\", size: (1920, 99999))").contains("height 99999"));
        assert!(
            field_error("(path: \"o.mp4\", fps: 0)").contains("output.fps: invalid frame rate 0")
        );
        assert!(field_error("(path: \"o.mp4\", fps: 1000)").contains("expected 1 to 240"));
        assert!(field_error("(path: \"o.mp4\", fps: -5)").contains("invalid frame rate -5"));
        assert!(field_error("(path: \"o.avi\")").contains("unsupported output file \"o.avi\""));
        assert!(field_error("(path: \"in.mp4\")").contains("overwrite the source"));
    }
}
