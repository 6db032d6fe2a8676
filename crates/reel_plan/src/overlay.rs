//! The overlay layer: words and marks drawn over the whole frame (captions), as one
//! picture rasterised on the CPU once and pasted at whole output pixels by both
//! renderers.

use crate::key::{KeyHasher, LayerKey};
use crate::layer::LayerKind;
use crate::regions::Scissor;
use std::sync::Arc;

/// A picture to paste over the frame: straight (not premultiplied) R'G'B'A, sRGB
/// encoded, blended in linear light — the format of the cursor's picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverlayPicture {
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// `4 × width × height` bytes: R, G, B, A of each pixel, top row first.
    pub pixels: Vec<u8>,
    /// A digest of its pixels, made once, so that keys and uploads need not read them.
    pub digest: u64,
}

impl OverlayPicture {
    /// A `width × height` picture of `pixels`, digested.
    pub fn new(width: u32, height: u32, pixels: Vec<u8>) -> Self {
        let mut h = KeyHasher::new(LayerKind::Overlay as u32);
        h.u32(width).u32(height);
        for chunk in pixels.chunks(4) {
            let mut bytes = [0; 4];
            bytes[..chunk.len()].copy_from_slice(chunk);
            h.u32(u32::from_le_bytes(bytes));
        }
        OverlayPicture {
            width,
            height,
            pixels,
            digest: h.finish().0,
        }
    }
}

/// The overlay over everything else in the frame.
#[derive(Debug, Clone, PartialEq)]
pub struct OverlayLayer {
    /// The picture.
    pub picture: Arc<OverlayPicture>,
    /// The output pixel its top-left pixel covers (may lie outside the frame).
    pub origin: (i32, i32),
    /// How opaque it is drawn, 0 to 1.
    pub opacity: f32,
}

impl OverlayLayer {
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
        let mut h = KeyHasher::new(LayerKind::Overlay as u32);
        h.u32(self.origin.0 as u32)
            .u32(self.origin.1 as u32)
            .u32(self.picture.digest as u32)
            .u32((self.picture.digest >> 32) as u32)
            .f32(self.opacity);
        h.finish()
    }
}

/// The output pixels a `size`-sized picture whose top-left pixel covers `origin` covers
/// inside an `output`-sized frame, if any.
pub(crate) fn pasted_bounds(
    origin: (i32, i32),
    size: (u32, u32),
    output: (u32, u32),
) -> Option<Scissor> {
    let clamp = |v: i64, max: u32| v.clamp(0, i64::from(max)) as u32;
    let (x, y) = (i64::from(origin.0), i64::from(origin.1));
    Scissor::span(
        clamp(x, output.0),
        clamp(x + i64::from(size.0), output.0),
        clamp(y, output.1),
        clamp(y + i64::from(size.1), output.1),
    )
}

/// The RGBA bytes a `(width, height, pixels)` picture whose top-left pixel covers
/// `origin` puts at output pixel `(x, y)`: transparent outside it.
pub(crate) fn pasted_pixel(
    origin: (i32, i32),
    (width, height, pixels): (u32, u32, &[u8]),
    (x, y): (u32, u32),
) -> [u8; 4] {
    let dx = i64::from(x) - i64::from(origin.0);
    let dy = i64::from(y) - i64::from(origin.1);
    if dx < 0 || dy < 0 || dx >= i64::from(width) || dy >= i64::from(height) {
        return [0; 4];
    }
    let i = 4 * (dy * i64::from(width) + dx) as usize;
    [pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]]
}
