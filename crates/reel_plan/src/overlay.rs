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

impl OverlayLayer {
    /// `layers` (back to front) made one picture covering what they cover inside an
    /// `output`-sized frame, each at its own opacity, blended in linear light; the one
    /// layer itself when there is only one. `None` when none shows in the frame.
    pub fn flatten(layers: &[OverlayLayer], output: (u32, u32)) -> Option<OverlayLayer> {
        let shown: Vec<(&OverlayLayer, Scissor)> = layers
            .iter()
            .filter(|l| l.opacity > 0.0)
            .filter_map(|l| Some((l, l.bounds(output)?)))
            .collect();
        match shown.as_slice() {
            [] => return None,
            [(only, _)] => return Some((*only).clone()),
            _ => {}
        }
        let x0 = shown.iter().map(|(_, b)| b.x).min()?;
        let y0 = shown.iter().map(|(_, b)| b.y).min()?;
        let x1 = shown.iter().map(|(_, b)| b.right()).max()?;
        let y1 = shown.iter().map(|(_, b)| b.bottom()).max()?;
        let (width, height) = (x1 - x0, y1 - y0);
        let decode = srgb_table();
        // Premultiplied linear light, back to front.
        let mut light = vec![[0f32; 4]; (width * height) as usize];
        for (layer, b) in &shown {
            for y in b.y..b.bottom() {
                let row = ((y - y0) * width) as usize;
                for x in b.x..b.right() {
                    let [r, g, bl, a] = layer.pixel(x, y);
                    if a == 0 {
                        continue;
                    }
                    let alpha = f32::from(a) / 255.0 * layer.opacity;
                    let cell = &mut light[row + (x - x0) as usize];
                    let keep = 1.0 - alpha;
                    for (c, code) in [r, g, bl].into_iter().enumerate() {
                        cell[c] = decode[usize::from(code)] * alpha + cell[c] * keep;
                    }
                    cell[3] = alpha + cell[3] * keep;
                }
            }
        }
        let pixels = light.iter().flat_map(|cell| straight(*cell)).collect();
        Some(OverlayLayer {
            picture: Arc::new(OverlayPicture::new(width, height, pixels)),
            origin: (x0 as i32, y0 as i32),
            opacity: 1.0,
        })
    }
}

/// Each sRGB code's value in linear light.
fn srgb_table() -> [f32; 256] {
    std::array::from_fn(|i| {
        let v = i as f32 / 255.0;
        if v <= 0.040_45 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    })
}

/// A premultiplied linear colour as straight sRGB bytes.
fn straight([r, g, b, a]: [f32; 4]) -> [u8; 4] {
    if a <= 0.0 {
        return [0; 4];
    }
    let encode = |c: f32| {
        let v = (c / a).clamp(0.0, 1.0);
        let e = if v <= 0.003_130_8 {
            v * 12.92
        } else {
            1.055 * v.powf(1.0 / 2.4) - 0.055
        };
        (e * 255.0).round() as u8
    };
    [
        encode(r),
        encode(g),
        encode(b),
        (a.min(1.0) * 255.0).round() as u8,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solid(size: (u32, u32), rgba: [u8; 4], origin: (i32, i32), opacity: f32) -> OverlayLayer {
        let pixels = rgba.repeat((size.0 * size.1) as usize);
        OverlayLayer {
            picture: Arc::new(OverlayPicture::new(size.0, size.1, pixels)),
            origin,
            opacity,
        }
    }

    #[test]
    fn flattened_layers_cover_their_union_top_over_bottom() {
        let red = solid((4, 4), [255, 0, 0, 255], (2, 2), 1.0);
        let blue = solid((4, 4), [0, 0, 255, 255], (4, 4), 0.5);
        let one = OverlayLayer::flatten(&[red.clone(), blue], (100, 100)).unwrap();
        assert_eq!(one.origin, (2, 2));
        assert_eq!((one.picture.width, one.picture.height), (6, 6));
        assert_eq!(one.pixel(2, 2), [255, 0, 0, 255]);
        // Half blue over red, mixed in linear light: both channels at 0.5 linear.
        assert_eq!(one.pixel(5, 5), [188, 0, 188, 255]);
        // Half blue over nothing: blue at half opacity.
        assert_eq!(one.pixel(7, 7), [0, 0, 255, 128]);
        assert_eq!(one.pixel(7, 2), [0; 4]);
        // One layer is itself; none in the frame is nothing.
        assert_eq!(
            OverlayLayer::flatten(std::slice::from_ref(&red), (100, 100)),
            Some(red)
        );
        let outside = solid((4, 4), [255; 4], (200, 200), 1.0);
        assert_eq!(OverlayLayer::flatten(&[outside], (100, 100)), None);
    }

    #[test]
    fn the_union_is_clipped_to_the_frame() {
        let a = solid((10, 10), [255; 4], (-5, -5), 1.0);
        let b = solid((10, 10), [255; 4], (95, 95), 1.0);
        let one = OverlayLayer::flatten(&[a, b], (100, 100)).unwrap();
        assert_eq!(one.origin, (0, 0));
        assert_eq!((one.picture.width, one.picture.height), (100, 100));
    }
}
