//! The recording's rim: pixels its rounded rectangle or border cover only partly,
//! blended with the backdrop by coverage in linear light — the GPU renderer's `fs_edge`.

use crate::backdrop::Backdrop;
use crate::color::{mix, to_encoded, to_linear};
use crate::redact::Redactions;
use crate::source::Source;
use reel_plan::MediaLayer;
use reel_scene::Rect;

/// Signed distance from `p` to the rounded rectangle (negative inside), in pixels.
pub(crate) fn rounded_rect_distance(p: (f32, f32), media: &MediaLayer) -> f32 {
    let c = &media.placement;
    let radius = media.corner_radius;
    let half = (c.width * 0.5, c.height * 0.5);
    let q = (
        (p.0 - (c.x + half.0)).abs() - half.0 + radius,
        (p.1 - (c.y + half.1)).abs() - half.1 + radius,
    );
    let outside = (q.0.max(0.0).powi(2) + q.1.max(0.0).powi(2)).sqrt();
    outside + q.0.max(q.1).min(0.0) - radius
}

/// What colours the recording's pixels: the layer, its picture, its blurred regions.
pub struct Recording<'a> {
    /// The media layer.
    pub media: &'a MediaLayer,
    /// Its picture.
    pub source: &'a Source<'a>,
    /// Its blurred regions this frame.
    pub redactions: Option<&'a Redactions>,
}

impl Recording<'_> {
    /// R'G'B' that output position `p` shows through `view`.
    #[inline]
    fn through(&self, p: (f32, f32), view: &Rect) -> [f32; 3] {
        let s = self.media.source_position(view, p);
        if let Some(light) = self.redactions.and_then(|r| r.at(s)) {
            return to_encoded(light);
        }
        self.source.encoded_at(s)
    }

    /// R'G'B' at `p`: one view, or the mean of several in linear light.
    pub fn at(&self, p: (f32, f32)) -> [f32; 3] {
        let views = &self.media.views;
        if views.len() == 1 {
            return self.through(p, &views[0]);
        }
        let mut sum = [0.0; 3];
        for view in views {
            let light = to_linear(self.through(p, view));
            for c in 0..3 {
                sum[c] += light[c];
            }
        }
        to_encoded(sum.map(|c| c / views.len() as f32))
    }

    /// The frame's R'G'B' at `p` on the rim: backdrop, picture and border by coverage.
    pub fn edge(&self, p: (f32, f32), backdrop: &Backdrop<'_>) -> [f32; 3] {
        let color = backdrop.linear_at(p);
        match self.covered(p) {
            Some((picture, inside)) => to_encoded(mix(color, picture, inside)),
            None => to_encoded(color),
        }
    }

    /// The recording's picture at `p` in linear light, its border over it, and how much
    /// of the pixel its rounded rectangle covers; `None` where it covers none.
    pub fn covered(&self, p: (f32, f32)) -> Option<([f32; 3], f32)> {
        let distance = rounded_rect_distance(p, self.media);
        let inside = (0.5 - distance).clamp(0.0, 1.0);
        if inside <= 0.0 {
            return None;
        }
        Some((
            bordered(self.media, to_linear(self.at(p)), distance),
            inside,
        ))
    }
}

/// `picture` (linear light) at a point `distance` from `media`'s rounded rectangle, its
/// border over it.
pub(crate) fn bordered(media: &MediaLayer, picture: [f32; 3], distance: f32) -> [f32; 3] {
    match media.border.filter(|b| b.width > 0.0) {
        Some(border) => {
            let in_border = (distance + border.width + 0.5).clamp(0.0, 1.0);
            let line = [border.color.red, border.color.green, border.color.blue];
            mix(picture, line, in_border * border.color.alpha)
        }
        None => picture,
    }
}
