//! The cursor layer: the cursor's picture drawn at the output's scale, placed at whole
//! output pixels with its hotspot on the tracked point, over the ring of a click.

use crate::key::{KeyHasher, LayerKey};
use crate::layer::LayerKind;
use crate::media::MediaLayer;
use crate::overlay::{pasted_bounds, pasted_pixel};
use crate::regions::Scissor;
use reel_cursor::{
    CursorBitmap, CursorImageData, CursorKind, CursorState, Placed, Point, average, compose,
    draw_click_ring, draw_cursor, draw_image,
};
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

/// The full radius of a click's ring, as a share of the cursor's box.
pub const RING_RADIUS: f32 = 0.9;

/// The most pictures a motion-blurred cursor averages (one per pixel it travels).
pub const MAX_BLUR_SAMPLES: usize = 16;

/// A source point as `media` shows it: the output position and the magnification, or
/// `None` when the frame does not show the point.
fn shown(media: &MediaLayer, point: Point) -> Option<((f32, f32), f32)> {
    let view = &media.views[media.views.len() / 2];
    let s = (point.x as f32, point.y as f32);
    let inside =
        s.0 >= view.x && s.1 >= view.y && s.0 <= view.x + view.width && s.1 <= view.y + view.height;
    inside.then(|| {
        (
            media.output_position(view, s),
            media.placement.width / view.width,
        )
    })
}

/// The sub-pixel part of an output position.
fn phase(at: (f32, f32)) -> (f32, f32) {
    (at.0 - at.0.floor(), at.1 - at.1.floor())
}

impl CursorLayer {
    /// The cursor `state` (in the recording's pixels) as the frame shows it through
    /// `media`, drawn as `cursor` asks (with `image` instead of the built-in shape, when
    /// given) on a recording `source_height` pixels tall in an output whose frames last
    /// `frame_time` seconds, with the ring of the click playing, if any, under it;
    /// `None` when neither shows.
    ///
    /// The cursor is left out when hidden or when its hotspot lies outside what the
    /// frame shows, the ring when the click's point does.
    pub fn place(
        state: &CursorState,
        (cursor, image): (&Cursor, Option<&CursorImageData>),
        media: &MediaLayer,
        (source_height, frame_time): (f32, f32),
    ) -> Option<CursorLayer> {
        if state.kind == CursorKind::Hidden {
            return None;
        }
        let screen = CURSOR_BOX * (source_height / 1080.0).max(1.0);
        let shutter = cursor.motion_blur * frame_time;
        let pointer = Self::pointer(state, (cursor, image), media, (screen, shutter));
        let ring = Self::ring(state, cursor, media, screen);
        match (ring, pointer) {
            (None, None) => None,
            (Some(only), None) | (None, Some(only)) => Some(only),
            (Some(ring), Some(pointer)) => {
                let (picture, origin) = compose(ring.as_placed(), pointer.as_placed());
                Some(CursorLayer {
                    picture: Arc::new(picture),
                    origin,
                    opacity: 1.0,
                })
            }
        }
    }

    /// The cursor's own picture, placed: smeared along its path over `shutter` seconds
    /// centred on the frame's time, when that moves it half a pixel or more.
    fn pointer(
        state: &CursorState,
        (cursor, image): (&Cursor, Option<&CursorImageData>),
        media: &MediaLayer,
        (screen, shutter): (f32, f32),
    ) -> Option<CursorLayer> {
        if state.opacity <= 0.0 {
            return None;
        }
        let (at, magnification) = shown(media, state.position)?;
        let size = cursor.size * screen * state.scale as f32 * magnification;
        if size.is_nan() || size < 1.0 {
            return None;
        }
        let travel = (
            state.velocity.x as f32 * magnification * shutter,
            state.velocity.y as f32 * magnification * shutter,
        );
        let length = travel.0.hypot(travel.1);
        let draw = |at: (f32, f32)| match image {
            Some(image) => draw_image(image, size * image.units / CURSOR_BOX, phase(at)),
            None => draw_cursor(state.kind, size, phase(at), cursor.shadow),
        };
        if length.is_nan() || length < 0.5 {
            return Self::placed(draw(at), at, state.opacity as f32);
        }
        let count = (length.ceil() as usize).clamp(2, MAX_BLUR_SAMPLES);
        let pictures: Vec<(CursorBitmap, (i32, i32))> = (0..count)
            .map(|i| {
                let f = i as f32 / (count - 1) as f32 - 0.5;
                let point = (at.0 + travel.0 * f, at.1 + travel.1 * f);
                let picture = draw(point);
                let origin = picture.top_left(point);
                (picture, origin)
            })
            .filter(|(picture, _)| picture.width > 0)
            .collect();
        let placed: Vec<Placed<'_>> = pictures
            .iter()
            .map(|(picture, origin)| Placed {
                picture,
                origin: *origin,
                opacity: 1.0,
            })
            .collect();
        if placed.is_empty() {
            return None;
        }
        let (picture, origin) = average(&placed);
        Some(CursorLayer {
            picture: Arc::new(picture),
            origin,
            opacity: state.opacity.clamp(0.0, 1.0) as f32,
        })
    }

    /// The ring of the click playing, placed, when the scene shows rings.
    fn ring(
        state: &CursorState,
        cursor: &Cursor,
        media: &MediaLayer,
        screen: f32,
    ) -> Option<CursorLayer> {
        let click = state.click?;
        if !cursor.clicks.is_some_and(|clicks| clicks.ring) {
            return None;
        }
        let (at, magnification) = shown(media, click.at)?;
        let radius = RING_RADIUS * cursor.size * screen * magnification;
        let picture = draw_click_ring(radius, click.progress, phase(at));
        Self::placed(picture, at, 1.0)
    }

    fn as_placed(&self) -> Placed<'_> {
        Placed {
            picture: &self.picture,
            origin: self.origin,
            opacity: self.opacity,
        }
    }

    fn placed(picture: CursorBitmap, at: (f32, f32), opacity: f32) -> Option<CursorLayer> {
        if picture.width == 0 || picture.height == 0 {
            return None;
        }
        let origin = picture.top_left(at);
        Some(CursorLayer {
            picture: Arc::new(picture),
            origin,
            opacity: opacity.clamp(0.0, 1.0),
        })
    }

    /// The output pixels it covers inside an `output`-sized frame, if any.
    pub fn bounds(&self, output: (u32, u32)) -> Option<Scissor> {
        pasted_bounds(
            self.origin,
            (self.picture.width, self.picture.height),
            output,
        )
    }

    /// Its straight R'G'B'A bytes at output pixel `(x, y)`, transparent outside it.
    pub fn pixel(&self, x: u32, y: u32) -> [u8; 4] {
        let p = &self.picture;
        pasted_pixel(self.origin, (p.width, p.height, &p.pixels), (x, y))
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
