//! The inside of the recording: pixels wholly covered by it, where nothing blends. A
//! BT.709 limited-range source shown through one view is resampled plane by plane
//! straight into the output's Y' and CbCr; anything else (another matrix or range, a
//! packed R'G'B' source, R'G'B' output, motion blur, blurred regions) is resampled to
//! R'G'B' first, then encoded.

use crate::canvas::{Canvas, Code, RgbaCanvas, YuvCanvas};
use crate::color::{bt709_codes, bt709_luma_code, to_encoded, to_linear};
use crate::error::CpuError;
use crate::planes::{PlaneMut, pixels_of_mut};
use crate::resample::{Resampler, SourceBox, filter};
use crate::rim::Recording;
use crate::source::{Planes, RawPlane};
use fast_image_resize::pixels::{U8, U8x2, U8x4};
use fast_image_resize::{FilterType, PixelTrait};
use rayon::prelude::*;
use reel_plan::Scissor;
use reel_scene::Rect;

/// The chroma samples (of `sub`-sampled chroma) whose pixels all lie in `r`.
pub fn blocks_within(r: &Scissor, sub: (u32, u32)) -> Option<Scissor> {
    let x0 = r.x.div_ceil(sub.0);
    let x1 = (r.x + r.width) / sub.0;
    let y0 = r.y.div_ceil(sub.1);
    let y1 = (r.y + r.height) / sub.1;
    (x1 > x0 && y1 > y0).then_some(Scissor {
        x: x0,
        y: y0,
        width: x1 - x0,
        height: y1 - y0,
    })
}

/// The output pixels chroma samples `r` stand for.
fn pixels_of_blocks(r: &Scissor, sub: (u32, u32)) -> Scissor {
    Scissor {
        x: r.x * sub.0,
        y: r.y * sub.1,
        width: r.width * sub.0,
        height: r.height * sub.1,
    }
}

/// Resamples `boxed` (upright source pixels) of `plane` into a packed `size` buffer.
fn resample_plane<P: PixelTrait>(
    resampler: &mut Resampler,
    (plane, picture): (&RawPlane<'_>, (u32, u32)),
    boxed: SourceBox,
    out: &mut [u8],
    (size, filter): ((u32, u32), FilterType),
) -> Result<(), CpuError> {
    let boxed = boxed.in_plane(picture, (plane.width, plane.height));
    let mut dst = PlaneMut::<P>::new(pixels_of_mut(out), size.0 as usize, size.0, size.1)
        .expect("sized by the caller");
    resampler.resample(&plane.view::<P>(), boxed, &mut dst, filter)
}

impl Recording<'_> {
    /// Whether the inside can be drawn plane by plane into Y'CbCr output.
    fn passes_through(&self, canvas: &Canvas) -> bool {
        !matches!(canvas, Canvas::Rgba(_))
            && self.source.bt709
            && self.media.views.len() == 1
            && self.redactions.is_none()
    }

    /// Draws the inside rectangles `rects` of `canvas`.
    pub fn draw_inside(
        &self,
        canvas: &mut Canvas,
        rects: &[Scissor],
        resampler: &mut Resampler,
    ) -> Result<(), CpuError> {
        let through = self.passes_through(canvas);
        for r in rects {
            match canvas {
                Canvas::Yuv8(c) if through => self.pass_through_bytes(c, r, resampler)?,
                Canvas::Yuv10(c) if through => self.pass_through(c, r, resampler)?,
                Canvas::Yuv8(c) => write_yuv(c, r, &self.rect_rgb(r, resampler)?),
                Canvas::Yuv10(c) => write_yuv(c, r, &self.rect_rgb(r, resampler)?),
                Canvas::Rgba(c) => write_rgba(c, r, &self.rect_rgb(r, resampler)?),
            }
        }
        Ok(())
    }

    /// As [`Self::pass_through`], resampling straight into the 8-bit planes.
    fn pass_through_bytes(
        &self,
        canvas: &mut YuvCanvas<u8>,
        r: &Scissor,
        resampler: &mut Resampler,
    ) -> Result<(), CpuError> {
        let view = &self.media.views[0];
        let picture = self.source.size;
        let luma = self.source.first();
        let boxed = SourceBox::through(self.media, view, r);
        let boxed_luma = boxed.in_plane(picture, (luma.width, luma.height));
        let sharp = filter(self.media.scaling);
        resampler.resample(
            &luma.view::<U8>(),
            boxed_luma,
            &mut canvas.luma_rect(*r),
            sharp,
        )?;
        let Some(blocks) = blocks_within(r, canvas.sub) else {
            return Ok(());
        };
        let boxed = SourceBox::through(self.media, view, &pixels_of_blocks(&blocks, canvas.sub));
        match &self.source.planes {
            Planes::SemiPlanar([_, c]) => {
                let boxed = boxed.in_plane(picture, (c.width, c.height));
                let mut target = canvas.chroma_rect(blocks);
                resampler.resample(&c.view::<U8x2>(), boxed, &mut target, FilterType::Bilinear)
            }
            _ => self.pass_through_chroma(canvas, blocks, boxed, resampler),
        }
    }

    /// Resamples the source's Y' into `r` and its CbCr into the chroma samples within.
    fn pass_through<C: Code>(
        &self,
        canvas: &mut YuvCanvas<C>,
        r: &Scissor,
        resampler: &mut Resampler,
    ) -> Result<(), CpuError> {
        let view = &self.media.views[0];
        let picture = self.source.size;
        let luma_filter = filter(self.media.scaling);
        let luma = self.source.first();
        let n = r.width as usize * r.height as usize;
        let mut bytes = vec![0u8; n];
        let boxed = SourceBox::through(self.media, view, r);
        resample_plane::<U8>(
            resampler,
            (luma, picture),
            boxed,
            &mut bytes,
            ((r.width, r.height), luma_filter),
        )?;
        store(&mut canvas.luma, canvas.size.0 as usize, r, &bytes);
        let Some(blocks) = blocks_within(r, canvas.sub) else {
            return Ok(());
        };
        let boxed = SourceBox::through(self.media, view, &pixels_of_blocks(&blocks, canvas.sub));
        self.pass_through_chroma(canvas, blocks, boxed, resampler)
    }

    /// Resamples `boxed` of the source's CbCr into the chroma samples `blocks`.
    fn pass_through_chroma<C: Code>(
        &self,
        canvas: &mut YuvCanvas<C>,
        blocks: Scissor,
        boxed: SourceBox,
        resampler: &mut Resampler,
    ) -> Result<(), CpuError> {
        let picture = self.source.size;
        let size = (blocks.width, blocks.height);
        let m = size.0 as usize * size.1 as usize;
        let stride = 2 * canvas.chroma_size().0 as usize;
        // The chroma rectangle's samples as pairs: `2 * blocks.width` samples a row.
        let pairs_rect = Scissor {
            x: 2 * blocks.x,
            width: 2 * blocks.width,
            ..blocks
        };
        match &self.source.planes {
            Planes::Planar([_, cb, cr]) => {
                let (mut b, mut c) = (vec![0u8; m], vec![0u8; m]);
                let bilinear = (size, FilterType::Bilinear);
                resample_plane::<U8>(resampler, (cb, picture), boxed, &mut b, bilinear)?;
                resample_plane::<U8>(resampler, (cr, picture), boxed, &mut c, bilinear)?;
                // Interleaved straight into the canvas.
                let w = size.0 as usize;
                let rows = b.chunks_exact(w).zip(c.chunks_exact(w));
                for (y, (b, c)) in rows.enumerate() {
                    let start = (pairs_rect.y as usize + y) * stride + pairs_rect.x as usize;
                    let row = &mut canvas.chroma[start..start + 2 * w];
                    for ((pair, &b), &c) in row.chunks_exact_mut(2).zip(b).zip(c) {
                        pair[0] = C::widen(b);
                        pair[1] = C::widen(c);
                    }
                }
            }
            Planes::SemiPlanar([_, c]) => {
                let mut pairs = vec![0u8; 2 * m];
                let bilinear = (size, FilterType::Bilinear);
                resample_plane::<U8x2>(resampler, (c, picture), boxed, &mut pairs, bilinear)?;
                store(&mut canvas.chroma, stride, &pairs_rect, &pairs);
            }
            Planes::Packed(_) => unreachable!("packed sources are not passed through"),
        }
        Ok(())
    }

    /// The samples of the source through `view` at each pixel of `r` (chroma resampled
    /// to every pixel), three bytes a pixel.
    fn view_samples(
        &self,
        view: &Rect,
        r: &Scissor,
        resampler: &mut Resampler,
    ) -> Result<Vec<[u8; 3]>, CpuError> {
        let picture = self.source.size;
        let size = (r.width, r.height);
        let n = r.width as usize * r.height as usize;
        let boxed = SourceBox::through(self.media, view, r);
        let sharp = filter(self.media.scaling);
        let mut samples = vec![[0u8; 3]; n];
        match &self.source.planes {
            Planes::Packed(p) => {
                let mut rgba = vec![0u8; 4 * n];
                resample_plane::<U8x4>(resampler, (p, picture), boxed, &mut rgba, (size, sharp))?;
                for (s, px) in samples.iter_mut().zip(rgba.chunks_exact(4)) {
                    *s = [px[0], px[1], px[2]];
                }
            }
            Planes::Planar([y, cb, cr]) => {
                let mut planes = [vec![0u8; n], vec![0u8; n], vec![0u8; n]];
                resample_plane::<U8>(
                    resampler,
                    (y, picture),
                    boxed,
                    &mut planes[0],
                    (size, sharp),
                )?;
                for (plane, out) in [cb, cr].into_iter().zip(planes[1..].iter_mut()) {
                    resample_plane::<U8>(
                        resampler,
                        (plane, picture),
                        boxed,
                        out,
                        (size, FilterType::Bilinear),
                    )?;
                }
                for (i, s) in samples.iter_mut().enumerate() {
                    *s = [planes[0][i], planes[1][i], planes[2][i]];
                }
            }
            Planes::SemiPlanar([y, c]) => {
                let mut luma = vec![0u8; n];
                let mut chroma = vec![0u8; 2 * n];
                resample_plane::<U8>(resampler, (y, picture), boxed, &mut luma, (size, sharp))?;
                resample_plane::<U8x2>(
                    resampler,
                    (c, picture),
                    boxed,
                    &mut chroma,
                    (size, FilterType::Bilinear),
                )?;
                for (i, s) in samples.iter_mut().enumerate() {
                    *s = [luma[i], chroma[2 * i], chroma[2 * i + 1]];
                }
            }
        }
        Ok(samples)
    }

    /// R'G'B' at each pixel of `r`: each view's samples converted, blurred regions put
    /// in, several views averaged in linear light.
    fn rect_rgb(&self, r: &Scissor, resampler: &mut Resampler) -> Result<Vec<[f32; 3]>, CpuError> {
        let views = &self.media.views;
        let motion = views.len() > 1;
        let w = r.width as usize;
        let mut rgb = vec![[0.0f32; 3]; w * r.height as usize];
        for view in views {
            let samples = self.view_samples(view, r, resampler)?;
            let boxed = SourceBox::through(self.media, view, r);
            let redactions = self.redactions.filter(|red| {
                red.touches((
                    boxed.x as f32 - 1.0,
                    boxed.y as f32 - 1.0,
                    (boxed.x + boxed.width) as f32 + 1.0,
                    (boxed.y + boxed.height) as f32 + 1.0,
                ))
            });
            let to_rgb = self.source.to_rgb;
            rgb.par_chunks_exact_mut(w)
                .zip(samples.par_chunks_exact(w))
                .enumerate()
                .for_each(|(y, (row, samples))| {
                    for (x, (out, s)) in row.iter_mut().zip(samples).enumerate() {
                        let mut color = to_rgb.apply(s.map(f32::from));
                        if let Some(red) = redactions {
                            let p = (
                                (r.x as usize + x) as f32 + 0.5,
                                (r.y as usize + y) as f32 + 0.5,
                            );
                            if let Some(light) = red.at(self.media.source_position(view, p)) {
                                color = to_encoded(light);
                            }
                        }
                        if motion {
                            let light = to_linear(color);
                            for c in 0..3 {
                                out[c] += light[c];
                            }
                        } else {
                            *out = color;
                        }
                    }
                });
        }
        if motion {
            let k = 1.0 / views.len() as f32;
            rgb.par_iter_mut()
                .for_each(|c| *c = to_encoded(c.map(|v| v * k)));
        }
        Ok(rgb)
    }
}

/// Copies (widening 8-bit codes) the packed bytes `bytes` into `r` of a plane whose
/// rows are `stride` samples apart.
fn store<C: Code>(plane: &mut [C], stride: usize, r: &Scissor, bytes: &[u8]) {
    let w = r.width as usize;
    for (y, row) in bytes.chunks_exact(w).enumerate() {
        let start = (r.y as usize + y) * stride + r.x as usize;
        for (out, &b) in plane[start..start + w].iter_mut().zip(row) {
            *out = C::widen(b);
        }
    }
}

/// Encodes R'G'B' `rgb` of the pixels of `r` into Y' and into the chroma samples within.
fn write_yuv<C: Code>(canvas: &mut YuvCanvas<C>, r: &Scissor, rgb: &[[f32; 3]]) {
    let (w, stride) = (r.width as usize, canvas.size.0 as usize);
    canvas
        .luma
        .par_chunks_exact_mut(stride)
        .skip(r.y as usize)
        .take(r.height as usize)
        .zip(rgb.par_chunks_exact(w))
        .for_each(|(row, colors)| {
            for (out, c) in row[r.x as usize..r.x as usize + w].iter_mut().zip(colors) {
                *out = C::from_code(bt709_luma_code(*c));
            }
        });
    let sub = canvas.sub;
    let Some(blocks) = blocks_within(r, sub) else {
        return;
    };
    let cstride = 2 * canvas.chroma_size().0 as usize;
    let count = (sub.0 * sub.1) as f32;
    canvas
        .chroma
        .par_chunks_exact_mut(cstride)
        .enumerate()
        .skip(blocks.y as usize)
        .take(blocks.height as usize)
        .for_each(|(cy, row)| {
            for cx in blocks.x..blocks.x + blocks.width {
                let mut sum = [0.0f32; 2];
                for y in cy as u32 * sub.1..(cy as u32 + 1) * sub.1 {
                    for x in cx * sub.0..(cx + 1) * sub.0 {
                        let i = (y - r.y) as usize * w + (x - r.x) as usize;
                        let codes = bt709_codes(rgb[i]);
                        sum[0] += codes[1];
                        sum[1] += codes[2];
                    }
                }
                row[2 * cx as usize] = C::from_code(sum[0] / count);
                row[2 * cx as usize + 1] = C::from_code(sum[1] / count);
            }
        });
}

/// Writes R'G'B' `rgb` into the pixels of `r`.
fn write_rgba(canvas: &mut RgbaCanvas, r: &Scissor, rgb: &[[f32; 3]]) {
    let w = r.width as usize;
    for (y, colors) in rgb.chunks_exact(w).enumerate() {
        for (x, c) in colors.iter().enumerate() {
            canvas.put(r.x + x as u32, r.y + y as u32, *c);
        }
    }
}
