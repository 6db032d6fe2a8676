//! The media layer: a recording placed in the frame, with its crop, zoom, rounded
//! corners, border, motion-blur samples and blurred regions.

use crate::key::{KeyHasher, LayerKey};
use crate::layer::LayerKind;
use crate::source::{Orientation, SourceId};
use reel_scene::{BlurLook, BorderLook, PixelRect, Rect, Scaling};

/// A recording in the frame.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaLayer {
    /// Which recording.
    pub source: SourceId,
    /// How its stored pictures are turned upright; every position here is upright.
    pub orientation: Orientation,
    /// The part of its picture the scene shows when nothing is zoomed, in source pixels.
    pub crop: Rect,
    /// Where it lands in the output, in output pixels.
    pub placement: PixelRect,
    /// The radius of its corners, in output pixels.
    pub corner_radius: f32,
    /// The line around it.
    pub border: Option<BorderLook>,
    /// The rectangle of source pixels shown in `placement` (the zoom); during a zoom with
    /// motion blur, several, which the frame averages. Never empty.
    pub views: Vec<Rect>,
    /// Rectangles of the source blurred in this frame, each with its own radius.
    pub redactions: Vec<BlurLook>,
    /// How the source is resampled.
    pub scaling: Scaling,
}

impl MediaLayer {
    /// The source pixel position that output position `p` shows through `view`: kept
    /// half a pixel inside the view, so that bilinear sampling never reaches past it.
    /// The renderers use exactly this mapping.
    pub fn source_position(&self, view: &Rect, p: (f32, f32)) -> (f32, f32) {
        let c = &self.placement;
        let local = (
            ((p.0 - c.x) / c.width).clamp(0.0, 1.0),
            ((p.1 - c.y) / c.height).clamp(0.0, 1.0),
        );
        let s = (
            view.x + local.0 * view.width,
            view.y + local.1 * view.height,
        );
        (
            s.0.clamp(view.x + 0.5, view.x + view.width - 0.5),
            s.1.clamp(view.y + 0.5, view.y + view.height - 0.5),
        )
    }

    /// The output position that source position `s` is shown at through `view` (the
    /// inverse of [`MediaLayer::source_position`] inside the view).
    pub fn output_position(&self, view: &Rect, s: (f32, f32)) -> (f32, f32) {
        let c = &self.placement;
        (
            c.x + (s.0 - view.x) / view.width * c.width,
            c.y + (s.1 - view.y) / view.height * c.height,
        )
    }

    /// How many output pixels one source pixel of the first view spans across.
    pub fn magnification(&self) -> f32 {
        self.placement.width / self.views[0].width
    }

    /// Whether the frame averages several views (motion blur).
    pub fn is_motion_blurred(&self) -> bool {
        self.views.len() > 1
    }

    /// Whether output position `p` shows a blurred region through some view.
    pub fn is_redacted_at(&self, p: (f32, f32)) -> bool {
        self.views.iter().any(|view| {
            let s = self.source_position(view, p);
            self.redactions.iter().any(|r| {
                let r = r.rect;
                s.0 >= r.x && s.1 >= r.y && s.0 < r.x + r.width && s.1 < r.y + r.height
            })
        })
    }

    /// The digest of every parameter but the picture itself. A media layer shows the
    /// current frame of its recording, so it is drawn every frame; the key tells caches
    /// of what depends on its shape alone (masks, borders) when to redraw them.
    pub fn key(&self) -> LayerKey {
        let mut h = KeyHasher::new(LayerKind::Media as u32);
        h.u32(self.source.0)
            .u32(u32::from(self.orientation.quarter_turns))
            .u32(u32::from(self.orientation.mirrored))
            .rect(&self.crop)
            .pixel_rect(&self.placement)
            .f32(self.corner_radius);
        if let Some(border) = &self.border {
            h.f32(border.width).color(&border.color);
        }
        h.u32(self.views.len() as u32);
        for view in &self.views {
            h.rect(view);
        }
        h.u32(self.scaling as u32);
        h.u32(self.redactions.len() as u32);
        for redaction in &self.redactions {
            h.rect(&redaction.rect).f32(redaction.radius);
        }
        h.finish()
    }
}
