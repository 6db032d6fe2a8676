//! The cursor layer: the cursor's picture drawn at the output's scale, placed at whole
//! output pixels with its hotspot on the tracked point.

use crate::key::{KeyHasher, LayerKey};
use crate::layer::LayerKind;
use crate::media::MediaLayer;
use crate::regions::Scissor;
use reel_cursor::{CursorBitmap, CursorKind, CursorState, draw_cursor};
use reel_scene::Cursor;
use std::sync::Arc;

/// The side of an ordinary cursor's box on a 1080-line screen, in its pixels: a drawn
/// cursor of `size: 1` is this tall on such a recording, and proportionally taller on
/// taller ones (a Retina recording's cursor is drawn at twice the pixels).
pub const CURSOR_BOX: f32 = 32.0;

/// The cursor over the recording, drawn last.
///
/// Its picture is rasterised for this frame at the size it is shown and with the
/// sub-pixel offset of its hotspot, so renderers paste it at whole pixels without
/// resampling: straight (not premultiplied) R'G'B'A, blended in linear light.
#[derive(Debug, Clone, PartialEq)]
pub struct CursorLayer {
    /// The picture.
    pub picture: Arc<CursorBitmap>,
    /// The output pixel its top-left pixel covers (may lie outside the frame).
    pub origin: (i32, i32),
    /// How opaque it is drawn, 0 to 1.
    pub opacity: f32,
}

impl CursorLayer {
    /// The cursor `state` (in the recording's pixels) as the frame shows it through
    /// `media`, drawn as `cursor` asks on a recording `source_height` pixels tall; `None`
    /// when it is hidden or its hotspot lies outside what the frame shows.
    pub fn place(
        state: &CursorState,
        cursor: &Cursor,
        media: &MediaLayer,
        source_height: f32,
    ) -> Option<CursorLayer> {
        if state.opacity <= 0.0 || state.kind == CursorKind::Hidden {
            return None;
        }
        let view = &media.views[media.views.len() / 2];
        let s = (state.position.x as f32, state.position.y as f32);
        let inside = s.0 >= view.x
            && s.1 >= view.y
            && s.0 <= view.x + view.width
            && s.1 <= view.y + view.height;
        if !inside {
            return None;
        }
        let at = media.output_position(view, s);
        let magnification = media.placement.width / view.width;
        let screen = CURSOR_BOX * (source_height / 1080.0).max(1.0);
        let size = cursor.size * screen * state.scale as f32 * magnification;
        if size.is_nan() || size < 1.0 {
            return None;
        }
        let phase = (at.0 - at.0.floor(), at.1 - at.1.floor());
        let picture = draw_cursor(state.kind, size, phase, cursor.shadow);
        if picture.width == 0 || picture.height == 0 {
            return None;
        }
        let origin = picture.top_left(at);
        Some(CursorLayer {
            picture: Arc::new(picture),
            origin,
            opacity: state.opacity.clamp(0.0, 1.0) as f32,
        })
    }

    /// The output pixels it covers inside an `output`-sized frame, if any.
    pub fn bounds(&self, output: (u32, u32)) -> Option<Scissor> {
        let clamp = |v: i64, max: u32| v.clamp(0, i64::from(max)) as u32;
        let (x, y) = (i64::from(self.origin.0), i64::from(self.origin.1));
        let x0 = clamp(x, output.0);
        let y0 = clamp(y, output.1);
        let x1 = clamp(x + i64::from(self.picture.width), output.0);
        let y1 = clamp(y + i64::from(self.picture.height), output.1);
        (x1 > x0 && y1 > y0).then_some(Scissor {
            x: x0,
            y: y0,
            width: x1 - x0,
            height: y1 - y0,
        })
    }

    /// Its straight R'G'B'A bytes at output pixel `(x, y)`, transparent outside it.
    pub fn pixel(&self, x: u32, y: u32) -> [u8; 4] {
        let dx = i64::from(x) - i64::from(self.origin.0);
        let dy = i64::from(y) - i64::from(self.origin.1);
        let (w, h) = (
            i64::from(self.picture.width),
            i64::from(self.picture.height),
        );
        if dx < 0 || dy < 0 || dx >= w || dy >= h {
            return [0; 4];
        }
        let i = 4 * (dy * w + dx) as usize;
        let p = &self.picture.pixels;
        [p[i], p[i + 1], p[i + 2], p[i + 3]]
    }

    /// The digest of its picture, place and opacity.
    pub fn key(&self) -> LayerKey {
        let mut h = KeyHasher::new(LayerKind::Cursor as u32);
        h.u32(self.origin.0 as u32)
            .u32(self.origin.1 as u32)
            .u32(self.picture.width)
            .u32(self.picture.height)
            .f32(self.opacity);
        for chunk in self.picture.pixels.chunks(4) {
            let mut bytes = [0; 4];
            bytes[..chunk.len()].copy_from_slice(chunk);
            h.u32(u32::from_le_bytes(bytes));
        }
        h.finish()
    }
}
