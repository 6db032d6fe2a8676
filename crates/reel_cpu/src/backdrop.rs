//! What lies behind the recording: the background (a colour, a gradient, the scene's
//! image or the blurred recording) with the shadow over it, in linear light. Where both
//! are smooth it is drawn at a fraction of the output's size ([`FramePlan::backdrop_scale`],
//! the same choice the GPU renderer makes) and resampled; the shadow's opacity there is
//! kept while the shadow layer stays the same.

use crate::blur::LinearPicture;
use crate::canvas::{Canvas, Code, RgbaCanvas, YuvCanvas};
use crate::color::{bt709_codes, mix, to_encoded, to_linear};
use crate::error::CpuError;
use crate::planes::{Plane, PlaneMut, pixels_of, pixels_of_mut};
use crate::resample::{Resampler, SourceBox};
use crate::shadow;
use fast_image_resize::FilterType;
use fast_image_resize::pixels::{F32x3, U8x4};
use rayon::prelude::*;
use reel_plan::{FramePlan, Scissor};
use reel_scene::{BackgroundLook, GradientStop, ShadowLook};

pub use reel_plan::{UvMap, cover_map, cover_scale};

/// The background of a frame, ready to evaluate.
pub enum Fill<'a> {
    /// One colour (linear light).
    Solid([f32; 3]),
    /// A linear gradient from `from` along `along`.
    Linear {
        /// Where the first stop sits.
        from: (f32, f32),
        /// From the first stop to the last.
        along: (f32, f32),
        /// The stops.
        stops: &'a [GradientStop],
    },
    /// A radial gradient.
    Radial {
        /// The centre.
        center: (f32, f32),
        /// The last stop's radius.
        radius: f32,
        /// The stops.
        stops: &'a [GradientStop],
    },
    /// A picture covering the frame, dimmed by `dim`.
    Picture {
        /// The picture, in linear light.
        picture: &'a LinearPicture,
        /// Output pixels to its texture coordinates.
        map: UvMap,
        /// Darkening, 0 to 1.
        dim: f32,
    },
}

fn rgb(c: &reel_scene::LinearRgba) -> [f32; 3] {
    [c.red, c.green, c.blue]
}

/// The gradient's colour at `t` along it (the GPU renderer's `gradient_at`).
fn gradient_at(stops: &[GradientStop], t: f32) -> [f32; 3] {
    let Some(first) = stops.first() else {
        return [0.0; 3];
    };
    let mut color = rgb(&first.color);
    for pair in stops.windows(2) {
        let (a, b) = (pair[0].at, pair[1].at);
        if t >= a {
            let k = ((t - a) / (b - a).max(1e-6)).clamp(0.0, 1.0);
            color = mix(rgb(&pair[0].color), rgb(&pair[1].color), k);
        }
    }
    color
}

impl<'a> Fill<'a> {
    /// The fill of `look`, showing `picture` (the image, or the blurred recording)
    /// through `map` when it is one.
    pub fn new(look: &'a BackgroundLook, picture: Option<(&'a LinearPicture, UvMap)>) -> Self {
        match look {
            BackgroundLook::Solid(c) => Fill::Solid(rgb(c)),
            BackgroundLook::Linear { from, to, stops } => Fill::Linear {
                from: *from,
                along: (to.0 - from.0, to.1 - from.1),
                stops,
            },
            BackgroundLook::Radial {
                center,
                radius,
                stops,
            } => Fill::Radial {
                center: *center,
                radius: *radius,
                stops,
            },
            BackgroundLook::Image { .. } | BackgroundLook::Blurred { .. } => {
                let dim = match look {
                    BackgroundLook::Blurred { dim, .. } => *dim,
                    _ => 0.0,
                };
                match picture {
                    Some((picture, map)) => Fill::Picture { picture, map, dim },
                    None => Fill::Solid([0.0; 3]),
                }
            }
        }
    }

    /// The background's linear light at output position `p`.
    #[inline]
    pub fn at(&self, p: (f32, f32)) -> [f32; 3] {
        match self {
            Fill::Solid(c) => *c,
            Fill::Linear { from, along, stops } => {
                let d = (p.0 - from.0, p.1 - from.1);
                let length = (along.0 * along.0 + along.1 * along.1).max(1e-6);
                gradient_at(stops, (d.0 * along.0 + d.1 * along.1) / length)
            }
            Fill::Radial {
                center,
                radius,
                stops,
            } => {
                let d = ((p.0 - center.0).powi(2) + (p.1 - center.1).powi(2)).sqrt();
                gradient_at(stops, d / radius.max(1e-6))
            }
            Fill::Picture { picture, map, dim } => {
                let uv = (p.0 * map[0] + map[2], p.1 * map[1] + map[3]);
                picture.sample(uv).map(|c| c * (1.0 - dim))
            }
        }
    }
}

/// The shadow's opacity at the centre of each texel of a backdrop grid.
#[derive(Debug, Clone, Default)]
pub struct ShadowGrid {
    /// What it was drawn for: the shadow layer's key, the grid's size and scale.
    pub drawn: Option<(reel_plan::LayerKey, (u32, u32), u32)>,
    alpha: Vec<f32>,
}

impl ShadowGrid {
    /// Draws the grid for `shadow` on a `size` grid `scale` pixels apart, unless it is
    /// what was drawn last.
    pub fn update(
        &mut self,
        key: reel_plan::LayerKey,
        shadow: &ShadowLook,
        size: (u32, u32),
        scale: u32,
    ) {
        if self.drawn == Some((key, size, scale)) {
            return;
        }
        let s = scale as f32;
        self.alpha = vec![0.0; size.0 as usize * size.1 as usize];
        self.alpha
            .par_chunks_exact_mut(size.0 as usize)
            .enumerate()
            .for_each(|(y, row)| {
                for (x, a) in row.iter_mut().enumerate() {
                    *a = shadow::alpha(shadow, ((x as f32 + 0.5) * s, (y as f32 + 0.5) * s));
                }
            });
        self.drawn = Some((key, size, scale));
    }
}

/// The backdrop drawn at a fraction of the output's size: R'G'B' codes at each texel.
#[derive(Debug, Clone, Default)]
pub struct Layer {
    /// Output pixels between texels.
    pub scale: u32,
    /// Width and height in texels.
    pub size: (u32, u32),
    /// R'G'B' of each texel, row after row.
    pub encoded: Vec<f32>,
}

impl Layer {
    /// Draws `fill` with the shadow (`shadow`'s colour at `grid`'s opacities) at each
    /// texel of a `size` grid `scale` pixels apart.
    pub fn draw(
        &mut self,
        fill: &Fill<'_>,
        shadow: Option<(&ShadowLook, &ShadowGrid)>,
        (size, scale): ((u32, u32), u32),
        resampler: &mut Resampler,
    ) -> Result<(), CpuError> {
        self.scale = scale;
        self.size = size;
        let n = size.0 as usize * size.1 as usize;
        self.encoded.resize(3 * n, 0.0);
        let s = scale as f32;
        let w = size.0 as usize;
        // A picture is resampled onto the grid in one pass, not sampled texel by texel.
        let picture = match fill {
            Fill::Picture { picture, map, dim } => Some((
                resample_cover(picture, *map, (size, s), resampler)?,
                1.0 - dim,
            )),
            _ => None,
        };
        self.encoded
            .par_chunks_exact_mut(3 * w)
            .enumerate()
            .for_each(|(y, row)| {
                for (x, texel) in row.chunks_exact_mut(3).enumerate() {
                    let mut color = match &picture {
                        Some((grid, keep)) => {
                            let i = 3 * (y * w + x);
                            [grid[i] * keep, grid[i + 1] * keep, grid[i + 2] * keep]
                        }
                        None => fill.at(((x as f32 + 0.5) * s, (y as f32 + 0.5) * s)),
                    };
                    if let Some((look, grid)) = shadow {
                        color = mix(color, rgb(&look.color), grid.alpha[y * w + x]);
                    }
                    texel.copy_from_slice(&to_encoded(color));
                }
            });
        Ok(())
    }

    /// The R'G'B' at output position `p`, bilinearly between texels.
    #[inline]
    pub fn sample(&self, p: (f32, f32)) -> [f32; 3] {
        let s = self.scale as f32;
        let fx = p.0 / s - 0.5;
        let fy = p.1 / s - 0.5;
        let (x0, y0) = (fx.floor(), fy.floor());
        let (tx, ty) = (fx - x0, fy - y0);
        let clamp = |v: f32, n: u32| (v.max(0.0) as usize).min(n as usize - 1);
        let (xa, xb) = (clamp(x0, self.size.0), clamp(x0 + 1.0, self.size.0));
        let (ya, yb) = (clamp(y0, self.size.1), clamp(y0 + 1.0, self.size.1));
        let w = self.size.0 as usize;
        let at = |x: usize, y: usize| {
            let i = 3 * (y * w + x);
            [self.encoded[i], self.encoded[i + 1], self.encoded[i + 2]]
        };
        let (a, b, c, d) = (at(xa, ya), at(xb, ya), at(xa, yb), at(xb, yb));
        std::array::from_fn(|k| {
            let top = a[k] + (b[k] - a[k]) * tx;
            let bottom = c[k] + (d[k] - c[k]) * tx;
            top + (bottom - top) * ty
        })
    }

    /// Resamples the layer into `rects` of `canvas` and `chroma` rectangles of its
    /// chroma samples.
    pub fn fill(
        &self,
        canvas: &mut Canvas,
        (rects, chroma): (&[Scissor], &[Scissor]),
        resampler: &mut Resampler,
    ) -> Result<(), CpuError> {
        match canvas {
            Canvas::Yuv8(c) => self.fill_yuv(c, (rects, chroma), resampler),
            Canvas::Yuv10(c) => self.fill_yuv(c, (rects, chroma), resampler),
            Canvas::Rgba(c) => self.fill_rgba(c, rects, resampler),
        }
    }

    fn boxed(&self, r: &Scissor, sub: (u32, u32)) -> SourceBox {
        let s = f64::from(self.scale);
        SourceBox {
            x: f64::from(r.x * sub.0) / s,
            y: f64::from(r.y * sub.1) / s,
            width: f64::from(r.width * sub.0) / s,
            height: f64::from(r.height * sub.1) / s,
        }
    }

    fn fill_yuv<C: Code>(
        &self,
        canvas: &mut YuvCanvas<C>,
        (rects, chroma_rects): (&[Scissor], &[Scissor]),
        resampler: &mut Resampler,
    ) -> Result<(), CpuError> {
        let n = self.size.0 as usize * self.size.1 as usize;
        let mut luma = vec![C::default(); n];
        let mut chroma = vec![C::default(); 2 * n];
        for (i, texel) in self.encoded.chunks_exact(3).enumerate() {
            let codes = bt709_codes([texel[0], texel[1], texel[2]]);
            luma[i] = C::from_code(codes[0]);
            chroma[2 * i] = C::from_code(codes[1]);
            chroma[2 * i + 1] = C::from_code(codes[2]);
        }
        let (w, h) = self.size;
        let luma = Plane::<C::One>::new(pixels_of(&luma), w as usize, w, h).expect("sized above");
        for r in rects {
            let boxed = self.boxed(r, (1, 1));
            resampler.resample(
                &luma,
                boxed,
                &mut canvas.luma_rect(*r),
                FilterType::Bilinear,
            )?;
        }
        let chroma =
            Plane::<C::Two>::new(pixels_of(&chroma), w as usize, w, h).expect("sized above");
        for r in chroma_rects {
            let boxed = self.boxed(r, canvas.sub);
            let mut target = canvas.chroma_rect(*r);
            resampler.resample(&chroma, boxed, &mut target, FilterType::Bilinear)?;
        }
        Ok(())
    }

    fn fill_rgba(
        &self,
        canvas: &mut RgbaCanvas,
        rects: &[Scissor],
        resampler: &mut Resampler,
    ) -> Result<(), CpuError> {
        let mut bytes = vec![255u8; 4 * self.size.0 as usize * self.size.1 as usize];
        for (px, texel) in bytes.chunks_exact_mut(4).zip(self.encoded.chunks_exact(3)) {
            for c in 0..3 {
                px[c] = (texel[c] * 255.0 + 0.5).clamp(0.0, 255.0) as u8;
            }
        }
        let (w, h) = self.size;
        let plane = Plane::<U8x4>::new(pixels_of(&bytes), w as usize, w, h).expect("sized above");
        for r in rects {
            resampler.resample(
                &plane,
                self.boxed(r, (1, 1)),
                &mut canvas.rect(*r),
                FilterType::Bilinear,
            )?;
        }
        Ok(())
    }
}

/// The texels of a grid `size` texels `s` output pixels apart whose centres map into
/// `picture` through `map`, resampled in one pass; those mapping past its edge repeat
/// the nearest one (the picture clamped to its edge). Three floats a texel.
fn resample_cover(
    picture: &LinearPicture,
    map: UvMap,
    (size, s): ((u32, u32), f32),
    resampler: &mut Resampler,
) -> Result<Vec<f32>, CpuError> {
    let (w, h) = (size.0 as usize, size.1 as usize);
    let mut grid = vec![0.0f32; 3 * w * h];
    // Texel i covers picture pixels start + i·step .. start + (i+1)·step.
    let axis = |scale: f32, offset: f32, pixels: u32, texels: u32| {
        let pixels = f64::from(pixels);
        let step = f64::from(s * scale) * pixels;
        let start = f64::from(offset) * pixels;
        let first = ((-start / step).max(0.0).ceil() as u32).min(texels);
        let last = (((pixels - start) / step).floor().max(0.0) as u32).clamp(first, texels);
        (
            first,
            last,
            start + f64::from(first) * step,
            f64::from(last - first) * step,
        )
    };
    let (x0, x1, left, width) = axis(map[0], map[2], picture.width, size.0);
    let (y0, y1, top, height) = axis(map[1], map[3], picture.height, size.1);
    if x1 > x0 && y1 > y0 {
        let src = Plane::<F32x3>::new(
            pixels_of(&picture.data),
            picture.width as usize,
            picture.width,
            picture.height,
        )
        .expect("pictures are whole");
        let mut dst =
            PlaneMut::<F32x3>::rect(pixels_of_mut(&mut grid), w, (x0, y0), (x1 - x0, y1 - y0))
                .expect("inside the grid");
        let boxed = SourceBox {
            x: left,
            y: top,
            width,
            height,
        };
        resampler.resample(&src, boxed, &mut dst, FilterType::Bilinear)?;
    }
    // Texels past the picture's edge repeat the nearest one drawn.
    let (x0, x1) = (
        x0.min(size.0 - 1) as usize,
        (x1.max(x0 + 1) as usize).min(w),
    );
    let (y0, y1) = (
        y0.min(size.1 - 1) as usize,
        (y1.max(y0 + 1) as usize).min(h),
    );
    for y in 0..h {
        let from = y.clamp(y0, y1 - 1);
        for x in 0..w {
            if (y0..y1).contains(&y) && (x0..x1).contains(&x) {
                continue;
            }
            let near = 3 * (from * w + x.clamp(x0, x1 - 1));
            let texel: [f32; 3] = [grid[near], grid[near + 1], grid[near + 2]];
            grid[3 * (y * w + x)..3 * (y * w + x) + 3].copy_from_slice(&texel);
        }
    }
    Ok(grid)
}

/// The backdrop at any output position: from the smaller layer when there is one, else
/// the fill and the shadow drawn at the position itself.
pub struct Backdrop<'a> {
    /// The background.
    pub fill: Fill<'a>,
    /// The shadow.
    pub shadow: Option<&'a ShadowLook>,
    /// The smaller layer, when the plan draws one.
    pub layer: Option<&'a Layer>,
}

impl Backdrop<'_> {
    /// Linear light at `p`.
    #[inline]
    pub fn linear_at(&self, p: (f32, f32)) -> [f32; 3] {
        if let Some(layer) = self.layer {
            return to_linear(layer.sample(p));
        }
        let mut color = self.fill.at(p);
        if let Some(look) = self.shadow {
            color = mix(color, rgb(&look.color), shadow::alpha(look, p));
        }
        color
    }

    /// R'G'B' at `p`.
    #[inline]
    pub fn encoded_at(&self, p: (f32, f32)) -> [f32; 3] {
        match self.layer {
            Some(layer) => layer.sample(p),
            None => to_encoded(self.linear_at(p)),
        }
    }
}

/// Whether `plan`'s background and shadow stay the same from frame to frame while their
/// keys do.
pub fn is_static(plan: &FramePlan) -> bool {
    !plan.background().follows_the_source()
}
