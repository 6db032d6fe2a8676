//! The camera overlay: a second recording (the presenter's webcam) placed over the
//! screen, its shape, size and place, and where it lands in a frame.

use crate::camera_layout::CameraLayout;
use crate::evaluate::{BorderLook, PixelRect, ShadowLook};
use crate::model::{Border, Rect, Shadow};
use crate::validate::{Invalid, validate_border, validate_shadow};
use serde::Deserialize;
use std::path::PathBuf;

/// The smallest and largest camera height, as a fraction of the output's height.
pub const CAMERA_SIZE_RANGE: (f32, f32) = (0.05, 1.0);

/// A camera recording composited over the screen:
/// `camera: (path: "camera.mp4", shape: Circle, size: 0.25, position: BottomRight)`.
///
/// Its pictures are matched to output frames by their timestamps: output frame `t`
/// shows the camera picture on screen at camera time `source time + offset`, where the
/// source time is what the frame shows of the screen recording (through the trim and
/// the timeline). Before the camera's first picture and after its last it is not drawn.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Camera {
    /// Any video FFmpeg decodes, relative to the scene file's folder (or absolute).
    pub path: PathBuf,
    /// Its outline. Default: `Circle`.
    #[serde(default)]
    pub shape: CameraShape,
    /// Its height as a fraction of the output's height, 0.05 to 1. Default: 0.25.
    #[serde(default = "default_size")]
    pub size: f32,
    /// Where it sits. Default: `BottomRight`.
    #[serde(default)]
    pub position: CameraPosition,
    /// Output pixels between it and the frame's edges, for the corner positions.
    /// Default: 32.
    #[serde(default = "default_margin")]
    pub margin: f32,
    /// Whether it is shown mirrored left to right, as people see themselves in a
    /// preview. Default: false.
    #[serde(default)]
    pub mirror: bool,
    /// Camera seconds at the screen recording's second 0 (the two recordings rarely
    /// start together): positive when the camera started first. Default: 0.
    #[serde(default)]
    pub offset: f64,
    /// The part of the camera's picture shown, in its pixels as players show it
    /// (upright, not mirrored): frames the face. Default: all of it.
    #[serde(default)]
    pub crop: Option<Rect>,
    /// A line around it (the inset's border). Default: none.
    #[serde(default)]
    pub border: Option<Border>,
    /// Its drop shadow (the scene's shadow, under the camera). Default: none.
    #[serde(default)]
    pub shadow: Option<Shadow>,
    /// How the screen and the camera share the frame over time, in output seconds:
    /// `[(start: 4, end: 9, layout: SideBySide)]`. Outside them, `Overlay`. Default:
    /// none.
    #[serde(default)]
    pub layouts: Vec<CameraLayout>,
    /// Seconds each move between layouts takes (eased). Default: 0.5.
    #[serde(default = "default_transition")]
    pub transition: f64,
    /// The camera's size while the screen is zoomed in, as a share of its size, 0.2 to
    /// 1: it shrinks into its corner as the zoom moves in and grows back as it moves
    /// out. Default: 1 (unchanged).
    #[serde(default = "one")]
    pub during_zoom: f32,
}

fn default_transition() -> f64 {
    0.5
}

fn one() -> f32 {
    1.0
}

/// The camera's outline.
#[derive(Debug, Clone, Copy, PartialEq, Default, Deserialize)]
pub enum CameraShape {
    /// A circle: the middle square of the camera's picture.
    #[default]
    Circle,
    /// The camera's picture with rounded corners of `radius` output pixels.
    Rounded {
        /// The corners' radius in output pixels.
        radius: f32,
    },
    /// The camera's picture with square corners.
    Rectangle,
}

/// Where the camera sits in the frame.
#[derive(Debug, Clone, Copy, PartialEq, Default, Deserialize)]
pub enum CameraPosition {
    /// The top left corner, `margin` from the edges.
    TopLeft,
    /// The top right corner.
    TopRight,
    /// The bottom left corner.
    BottomLeft,
    /// The bottom right corner.
    #[default]
    BottomRight,
    /// Its centre at a point given as fractions of the output's width and height.
    At {
        /// The centre's x, 0 (left) to 1 (right).
        x: f32,
        /// The centre's y, 0 (top) to 1 (bottom).
        y: f32,
    },
}

fn default_size() -> f32 {
    0.25
}

fn default_margin() -> f32 {
    32.0
}

/// Where the camera lands in one frame and how it is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CameraLook {
    /// Its place, in output pixels.
    pub content: PixelRect,
    /// The radius of its corners (half its side for a circle).
    pub corner_radius: f32,
    /// The part of the camera's upright picture shown in `content`, unmirrored.
    pub view: Rect,
    /// Whether it is shown mirrored.
    pub mirror: bool,
    /// The line around it.
    pub border: Option<BorderLook>,
    /// Its shadow.
    pub shadow: Option<ShadowLook>,
    /// Its opacity, 0 to 1.
    pub opacity: f32,
}

impl Camera {
    /// The part of a camera picture of `size` upright pixels that is shown: the crop,
    /// or all of it.
    pub fn crop_rect(&self, size: (u32, u32)) -> Rect {
        self.crop.unwrap_or(Rect {
            x: 0.0,
            y: 0.0,
            width: size.0 as f32,
            height: size.1 as f32,
        })
    }

    /// Where a camera of `size` upright pixels lands in an `output` frame in the
    /// `Overlay` layout, not shrunk ([`Camera::look_at`] says where it is at a time).
    pub fn look(&self, size: (u32, u32), output: (u32, u32)) -> CameraLook {
        let crop = self.crop_rect(size);
        let view = match self.shape {
            // The middle square of the crop.
            CameraShape::Circle => {
                let side = crop.width.min(crop.height);
                Rect {
                    x: crop.x + (crop.width - side) / 2.0,
                    y: crop.y + (crop.height - side) / 2.0,
                    width: side,
                    height: side,
                }
            }
            _ => crop,
        };
        let (w_out, h_out) = (output.0 as f32, output.1 as f32);
        let aspect = view.width / view.height.max(1e-6);
        let mut height = self.size * h_out;
        let mut width = height * aspect;
        if width > w_out {
            (width, height) = (w_out, w_out / aspect);
        }
        let m = self.margin;
        let (x, y) = match self.position {
            CameraPosition::TopLeft => (m, m),
            CameraPosition::TopRight => (w_out - m - width, m),
            CameraPosition::BottomLeft => (m, h_out - m - height),
            CameraPosition::BottomRight => (w_out - m - width, h_out - m - height),
            CameraPosition::At { x, y } => (x * w_out - width / 2.0, y * h_out - height / 2.0),
        };
        let content = PixelRect {
            x,
            y,
            width,
            height,
        };
        let half = width.min(height) / 2.0;
        let corner_radius = match self.shape {
            CameraShape::Circle => half,
            CameraShape::Rounded { radius } => radius.clamp(0.0, half),
            CameraShape::Rectangle => 0.0,
        };
        CameraLook {
            content,
            corner_radius,
            view,
            mirror: self.mirror,
            border: self.border.map(|border| BorderLook {
                width: border.width,
                color: border.color.to_linear(),
            }),
            shadow: self
                .shadow
                .map(|shadow| shadow.look(&content, corner_radius)),
            opacity: 1.0,
        }
    }

    /// Checks the camera's numbers, naming the field `camera` in an error.
    pub(crate) fn validate(&self) -> Result<(), Invalid> {
        let field = |what: &str| format!("camera.{what}");
        let (low, high) = CAMERA_SIZE_RANGE;
        if !(self.size.is_finite() && (low..=high).contains(&self.size)) {
            return Err((
                field("size"),
                format!(
                    "invalid size {} (expected {low} to {high} of the output's height)",
                    self.size
                ),
            ));
        }
        if !(self.margin.is_finite() && (0.0..=4096.0).contains(&self.margin)) {
            return Err((
                field("margin"),
                format!("invalid margin {} (expected 0 to 4096 pixels)", self.margin),
            ));
        }
        if let CameraPosition::At { x, y } = self.position
            && !(x.is_finite()
                && y.is_finite()
                && (0.0..=1.0).contains(&x)
                && (0.0..=1.0).contains(&y))
        {
            return Err((
                field("position"),
                format!("invalid centre ({x}, {y}) (expected fractions 0 to 1 of the output)"),
            ));
        }
        if let CameraShape::Rounded { radius } = self.shape
            && !(radius.is_finite() && (0.0..=crate::MAX_EFFECT_PIXELS).contains(&radius))
        {
            return Err((
                field("shape"),
                format!("invalid corner radius {radius} (expected 0 or more pixels)"),
            ));
        }
        if !(self.offset.is_finite() && self.offset.abs() <= 86_400.0) {
            return Err((
                field("offset"),
                format!(
                    "invalid offset {} (expected seconds, at most a day either way)",
                    self.offset
                ),
            ));
        }
        if let Some(crop) = &self.crop {
            let numbers = [crop.x, crop.y, crop.width, crop.height];
            if !(numbers.iter().all(|v| v.is_finite())
                && crop.x >= 0.0
                && crop.y >= 0.0
                && crop.width >= 1.0
                && crop.height >= 1.0)
            {
                return Err((
                    field("crop"),
                    "invalid rectangle (expected x and y of 0 or more, width and height of 1 or more)"
                        .to_string(),
                ));
            }
        }
        if let Some(border) = &self.border {
            validate_border(&field("border"), border)?;
        }
        if let Some(shadow) = &self.shadow {
            validate_shadow(&field("shadow"), shadow)?;
        }
        self.validate_layouts()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A camera of `fields` (RON, each after a comma) filming `c.mp4`.
    pub(crate) fn camera(fields: &str) -> Camera {
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(&format!("(path: \"c.mp4\"{fields})"))
            .unwrap_or_else(|e| panic!("{fields}: {e}"))
    }

    #[test]
    fn a_circle_is_the_middle_square_in_a_corner() {
        let look = camera("").look((1280, 720), (1920, 1080));
        // 0.25 of 1080 tall, square, 32 pixels from the bottom right corner.
        let c = look.content;
        assert_eq!((c.width, c.height), (270.0, 270.0));
        assert_eq!((c.x, c.y), (1920.0 - 32.0 - 270.0, 1080.0 - 32.0 - 270.0));
        assert_eq!(look.corner_radius, 135.0);
        assert_eq!(
            (look.view.x, look.view.y, look.view.width, look.view.height),
            (280.0, 0.0, 720.0, 720.0)
        );
    }

    #[test]
    fn other_shapes_keep_the_cropped_aspect() {
        let look = camera(
            ", shape: Rounded(radius: 24), size: 0.5, position: At(x: 0.5, y: 0.5), crop: (x: 100, y: 0, width: 400, height: 400)",
        )
        .look((1280, 720), (1920, 1080));
        let c = look.content;
        assert_eq!((c.x, c.y, c.width, c.height), (690.0, 270.0, 540.0, 540.0));
        assert_eq!(look.corner_radius, 24.0);
        assert_eq!(look.view.x, 100.0);
        let wide = camera(", shape: Rectangle, size: 1.0, position: TopLeft, margin: 0")
            .look((1920, 480), (1920, 1080));
        // Four times as wide as tall: as wide as the frame, not as tall.
        assert_eq!((wide.content.width, wide.content.height), (1920.0, 480.0));
        assert_eq!(wide.corner_radius, 0.0);
    }

    #[test]
    fn bad_numbers_name_their_field() {
        for (fields, field) in [
            (", size: 0", "camera.size"),
            (", margin: -1", "camera.margin"),
            (", position: At(x: 2, y: 0.5)", "camera.position"),
            (", shape: Rounded(radius: -3)", "camera.shape"),
            (", crop: (x: 0, y: 0, width: 0, height: 10)", "camera.crop"),
            (", shadow: (opacity: 2)", "camera.shadow"),
            (", border: (width: -2, color: \"#ffffff\")", "camera.border"),
        ] {
            let error = camera(fields).validate().unwrap_err();
            assert_eq!(error.0, field, "{fields}: {error:?}");
        }
        assert!(
            camera(", shadow: (blur: 20), mirror: true")
                .validate()
                .is_ok()
        );
    }
}
