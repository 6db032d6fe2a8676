//! Rasterising a [`Shape`]: the white outline, the black fill over it and the shadow
//! under both, composed in linear light into straight sRGB bytes.

use super::CursorBitmap;
use super::shapes::{PartStyle, Shape};
use libblur::{
    BlurImage, BlurImageMut, ConvolutionMode, EdgeMode, EdgeMode2D, FastBlurChannels,
    GaussianBlurParams, ThreadingPolicy,
};
use zeno::{Cap, Fill, Mask, Stroke, Transform};

/// How far the white outline reaches beyond the black, in the shape's units.
const OUTLINE: f32 = 1.25;
/// The shadow's blur (standard deviation) and drop, in the shape's units, and its
/// strength.
const SHADOW_SIGMA: f32 = 0.9;
const SHADOW_DROP: f32 = 1.0;
const SHADOW_OPACITY: f32 = 0.4;
/// How far a shape may reach outside its 32-unit box, in its units.
const OVERHANG: f32 = 2.0;

/// The pixel grid a shape is drawn on.
struct Grid {
    width: u32,
    height: u32,
    /// The hotspot, in pixels.
    hotspot: (f32, f32),
    /// Pixels per unit.
    scale: f32,
}

impl Grid {
    fn new(shape: &Shape, scale: f32, phase: (f32, f32), pad: u32) -> Grid {
        let (hx, hy) = shape.hotspot;
        let reach = OVERHANG + OUTLINE;
        let before = |h: f32| ((h + reach) * scale).ceil() as u32 + pad;
        let after = |h: f32| ((32.0 + reach - h) * scale).ceil() as u32 + pad + 1;
        let (ox, oy) = (before(hx), before(hy));
        Grid {
            width: ox + after(hx),
            height: oy + after(hy),
            hotspot: (ox as f32 + phase.0, oy as f32 + phase.1),
            scale,
        }
    }

    /// The transform from the shape's units to this grid's pixels, turned `turn`
    /// degrees about the hotspot.
    fn transform(&self, hotspot: (f32, f32), turn: f32) -> Transform {
        // p' = scale × R(turn) × (p − hotspot) + the grid's hotspot, written out: zeno's
        // `Transform::then` composes turns and scales transposed.
        let (sin, cos) = turn.to_radians().sin_cos();
        let (xx, yx) = (self.scale * cos, -self.scale * sin);
        let (xy, yy) = (self.scale * sin, self.scale * cos);
        Transform::new(
            xx,
            xy,
            yx,
            yy,
            self.hotspot.0 - (xx * hotspot.0 + yx * hotspot.1),
            self.hotspot.1 - (xy * hotspot.0 + yy * hotspot.1),
        )
    }

    /// The coverage of the shape's parts, each widened by `grow` units on every side.
    fn coverage(&self, shape: &Shape, grow: f32) -> Vec<u8> {
        let mut out = vec![0u8; (self.width * self.height) as usize];
        let mut part_mask = vec![0u8; out.len()];
        for part in &shape.parts {
            part_mask.fill(0);
            let transform = Some(self.transform(shape.hotspot, part.turn));
            // Strokes are widened in the shape's units, before the transform.
            let stroke = match (part.style, grow > 0.0) {
                (PartStyle::Fill, false) => None,
                (PartStyle::Fill, true) => Some(Stroke::new(2.0 * grow)),
                (PartStyle::Stroke { width, round }, _) => {
                    let cap = if round { Cap::Round } else { Cap::Butt };
                    let mut stroke = Stroke::new(width + 2.0 * grow);
                    stroke.cap(cap);
                    Some(stroke)
                }
            };
            let mut mask = Mask::new(part.path.as_str());
            mask.size(self.width, self.height).transform(transform);
            match &stroke {
                Some(stroke) => mask.style(*stroke),
                None => mask.style(Fill::NonZero),
            };
            mask.render_into(&mut part_mask, None);
            if let (PartStyle::Fill, true) = (part.style, grow > 0.0) {
                // The outline of a filled part covers its inside too.
                let mut inside = vec![0u8; out.len()];
                Mask::new(part.path.as_str())
                    .size(self.width, self.height)
                    .transform(transform)
                    .render_into(&mut inside, None);
                for (m, i) in part_mask.iter_mut().zip(&inside) {
                    *m = (*m).max(*i);
                }
            }
            for (o, m) in out.iter_mut().zip(&part_mask) {
                *o = (*o).max(*m);
            }
        }
        out
    }
}

/// `coverage` blurred by `sigma` pixels and moved down by `drop` whole pixels.
fn shadow_of(coverage: &[u8], grid: &Grid, sigma: f32, drop: u32) -> Vec<u8> {
    let (w, h) = (grid.width, grid.height);
    let mut moved = vec![0u8; coverage.len()];
    let row = w as usize;
    let shift = drop as usize * row;
    moved[shift..].copy_from_slice(&coverage[..coverage.len() - shift]);
    let mut blurred = vec![0u8; coverage.len()];
    let taps = (3.0 * sigma).ceil() as u32;
    let source = BlurImage::borrow(&moved, w, h, FastBlurChannels::Plane);
    let mut target = BlurImageMut::borrow(&mut blurred, w, h, FastBlurChannels::Plane);
    let blurred_ok = libblur::gaussian_blur(
        &source,
        &mut target,
        GaussianBlurParams::new(2 * taps + 1, f64::from(sigma)),
        EdgeMode2D::new(EdgeMode::Clamp),
        ThreadingPolicy::Single,
        ConvolutionMode::Exact,
    );
    // The parameters are valid by construction (odd kernel, positive sigma, matching
    // sizes); were the blur to refuse them, the hard-edged shadow is drawn instead.
    if blurred_ok.is_err() {
        return moved;
    }
    blurred
}

/// Linear light (0 to 1) as an sRGB byte.
pub(crate) fn encode(linear: f32) -> u8 {
    let c = linear.clamp(0.0, 1.0);
    let e = if c <= 0.003_130_8 {
        12.92 * c
    } else {
        1.055 * c.powf(1.0 / 2.4) - 0.055
    };
    (e * 255.0 + 0.5) as u8
}

/// An sRGB byte as linear light.
pub(crate) fn decode(byte: u8) -> f32 {
    let e = f32::from(byte) / 255.0;
    if e <= 0.040_45 {
        e / 12.92
    } else {
        ((e + 0.055) / 1.055).powf(2.4)
    }
}

/// Draws `shape` at `scale` pixels per unit with its hotspot `phase` into a pixel.
pub(crate) fn rasterise(
    shape: &Shape,
    scale: f32,
    phase: (f32, f32),
    shadow: bool,
) -> CursorBitmap {
    let sigma = (SHADOW_SIGMA * scale).max(0.5);
    let drop = (SHADOW_DROP * scale).round() as u32;
    let pad = if shadow {
        (3.0 * sigma).ceil() as u32 + drop + 1
    } else {
        1
    };
    let grid = Grid::new(shape, scale, phase, pad);
    let black = grid.coverage(shape, 0.0);
    let white = grid.coverage(shape, OUTLINE);
    let shade = shadow.then(|| shadow_of(&white, &grid, sigma, drop));
    let mut pixels = Vec::with_capacity(4 * black.len());
    for i in 0..black.len() {
        let f = f32::from(black[i]) / 255.0;
        let o = f32::from(white[i]) / 255.0;
        let s = shade
            .as_ref()
            .map_or(0.0, |s| f32::from(s[i]) / 255.0 * SHADOW_OPACITY);
        // White outline under the black fill, both over the (black) shadow.
        let light = o * (1.0 - f);
        let cover = o.max(f);
        let alpha = cover + s * (1.0 - cover);
        let value = if alpha > 0.0 {
            encode(light / alpha)
        } else {
            0
        };
        pixels.extend_from_slice(&[value, value, value, (alpha * 255.0 + 0.5) as u8]);
    }
    trimmed(CursorBitmap {
        width: grid.width,
        height: grid.height,
        pixels,
        hotspot: grid.hotspot,
    })
}

/// `bitmap` without its fully clear rows and columns.
fn trimmed(bitmap: CursorBitmap) -> CursorBitmap {
    let (w, h) = (bitmap.width as usize, bitmap.height as usize);
    let opaque = |x: usize, y: usize| bitmap.pixels[4 * (y * w + x) + 3] > 0;
    let rows: Vec<usize> = (0..h).filter(|&y| (0..w).any(|x| opaque(x, y))).collect();
    let cols: Vec<usize> = (0..w).filter(|&x| (0..h).any(|y| opaque(x, y))).collect();
    let (Some(&y0), Some(&y1), Some(&x0), Some(&x1)) =
        (rows.first(), rows.last(), cols.first(), cols.last())
    else {
        return CursorBitmap::empty();
    };
    let width = x1 + 1 - x0;
    let mut pixels = Vec::with_capacity(4 * width * (y1 + 1 - y0));
    for y in y0..=y1 {
        pixels.extend_from_slice(&bitmap.pixels[4 * (y * w + x0)..4 * (y * w + x1 + 1)]);
    }
    CursorBitmap {
        width: width as u32,
        height: (y1 + 1 - y0) as u32,
        pixels,
        hotspot: (bitmap.hotspot.0 - x0 as f32, bitmap.hotspot.1 - y0 as f32),
    }
}
