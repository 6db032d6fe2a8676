//! The look of one output frame, evaluated from the scene at an output time.

use crate::LinearRgba;
use crate::model::{Background, Scene};

/// An axis-aligned rectangle in output pixels (origin top-left, may be fractional).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PixelRect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

/// Everything the compositor needs to draw one output frame: the scene evaluated at a time.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FrameLook {
    /// The colour behind the recording, in linear light.
    pub background: LinearRgba,
    /// Where the recording lands in the output, in output pixels.
    pub content: PixelRect,
}

/// The largest rectangle with the source's aspect ratio that fits in the output, centred.
pub fn fit_rect(source: (u32, u32), output: (u32, u32)) -> PixelRect {
    let (sw, sh) = (source.0 as f32, source.1 as f32);
    let (ow, oh) = (output.0 as f32, output.1 as f32);
    let scale = (ow / sw).min(oh / sh);
    let (width, height) = (sw * scale, sh * scale);
    PixelRect {
        x: (ow - width) / 2.0,
        y: (oh - height) / 2.0,
        width,
        height,
    }
}

impl Scene {
    /// The output size: the scene's, or else the source's rounded down to even numbers.
    pub fn output_size(&self, source: (u32, u32)) -> (u32, u32) {
        self.output
            .size
            .unwrap_or(((source.0 & !1).max(2), (source.1 & !1).max(2)))
    }

    /// Evaluates the scene at output time `time` (seconds) for a source of `source` pixels
    /// rendered into an output of `output` pixels.
    pub fn look_at(&self, _time: f64, source: (u32, u32), output: (u32, u32)) -> FrameLook {
        let background = match &self.background {
            Background::Color(color) => color.to_linear(),
        };
        FrameLook {
            background,
            content: fit_rect(source, output),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_keeps_aspect_and_centres() {
        // A 4:3 source in a 16:9 output is pillar-boxed.
        let rect = fit_rect((640, 480), (1920, 1080));
        assert_eq!(
            rect,
            PixelRect {
                x: 240.0,
                y: 0.0,
                width: 1440.0,
                height: 1080.0
            }
        );
        // A 16:9 source in a 16:9 output fills it.
        let rect = fit_rect((1280, 720), (1920, 1080));
        assert_eq!(
            rect,
            PixelRect {
                x: 0.0,
                y: 0.0,
                width: 1920.0,
                height: 1080.0
            }
        );
    }

    #[test]
    fn default_output_size_is_the_source_rounded_to_even() {
        let scene = Scene::from_ron(
            r#"(source: (path: "a.mp4"), output: (path: "b.mp4"))"#,
            "s.ron".as_ref(),
        )
        .unwrap();
        assert_eq!(scene.output_size((321, 181)), (320, 180));
        assert_eq!(scene.output_size((1920, 1080)), (1920, 1080));
    }
}
