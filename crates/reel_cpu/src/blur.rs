//! Pictures in linear light for the blurs: the recording's crop shrunk and converted
//! (for the blurred background and blurred regions), the scene's image, and their
//! Gaussian blurs (`libblur`), shrunk first by halving until the blur spans a few
//! texels, as the GPU renderer does, so the cost does not grow with the radius.

use crate::color::to_linear;
use crate::error::CpuError;
use crate::planes::{Plane, PlaneMut, pixels_of, pixels_of_mut};
use crate::resample::{Resampler, SourceBox};
use crate::source::{Planes, Source};
use fast_image_resize::pixels::{F32x3, U8, U8x2, U8x4};
use libblur::{
    BlurImage, BlurImageMut, EdgeMode, EdgeMode2D, FastBlurChannels, GaussianBlurParams,
    IeeeBinaryConvolutionMode, ThreadingPolicy,
};
use rayon::prelude::*;
use reel_scene::Rect;

/// The largest standard deviation, in texels, blurred before halving (the GPU
/// renderer's `MAX_SIGMA_TEXELS`).
const MAX_SIGMA_TEXELS: f32 = 4.0;
/// The most kernel taps each side of the centre (the GPU renderer's).
const MAX_TAPS: u32 = 31;

/// A picture in linear light, three floats a texel.
#[derive(Debug, Clone, Default)]
pub struct LinearPicture {
    /// Width in texels.
    pub width: u32,
    /// Height in texels.
    pub height: u32,
    /// R, G, B of each texel, row after row.
    pub data: Vec<f32>,
}

impl LinearPicture {
    fn new(width: u32, height: u32) -> Self {
        Self {
            width,
            height,
            data: vec![0.0; 3 * width as usize * height as usize],
        }
    }

    /// The picture at texture coordinates `uv` (0 to 1 across it), bilinearly, clamped
    /// to the edge.
    #[inline]
    pub fn sample(&self, uv: (f32, f32)) -> [f32; 3] {
        let fx = uv.0 * self.width as f32 - 0.5;
        let fy = uv.1 * self.height as f32 - 0.5;
        let (x0, y0) = (fx.floor(), fy.floor());
        let (tx, ty) = (fx - x0, fy - y0);
        let clamp = |v: f32, n: u32| (v.max(0.0) as usize).min(n as usize - 1);
        let (xa, xb) = (clamp(x0, self.width), clamp(x0 + 1.0, self.width));
        let (ya, yb) = (clamp(y0, self.height), clamp(y0 + 1.0, self.height));
        let w = self.width as usize;
        let at = |x: usize, y: usize| {
            let i = 3 * (y * w + x);
            [self.data[i], self.data[i + 1], self.data[i + 2]]
        };
        let (a, b, c, d) = (at(xa, ya), at(xb, ya), at(xa, yb), at(xb, yb));
        std::array::from_fn(|k| {
            let top = a[k] + (b[k] - a[k]) * tx;
            let bottom = c[k] + (d[k] - c[k]) * tx;
            top + (bottom - top) * ty
        })
    }

    /// The picture blurred by a Gaussian of `sigma` texels: halved while the blur spans
    /// more than a few texels, then blurred separably.
    pub fn blurred(&self, sigma: f32, resampler: &mut Resampler) -> Result<Self, CpuError> {
        let mut halved: Option<LinearPicture> = None;
        let mut sigma = sigma;
        let mut levels = 0;
        while sigma > MAX_SIGMA_TEXELS && levels < 12 {
            halved = Some(halved.as_ref().unwrap_or(self).halved(resampler)?);
            sigma /= 2.0;
            levels += 1;
        }
        let picture = halved.as_ref().unwrap_or(self);
        if sigma < 0.05 {
            return Ok(picture.clone());
        }
        let taps = ((3.0 * sigma).ceil() as u32).clamp(1, MAX_TAPS);
        let (w, h) = (picture.width, picture.height);
        let source = BlurImage::borrow(&picture.data, w, h, FastBlurChannels::Channels3);
        let mut out = LinearPicture::new(w, h);
        let mut target = BlurImageMut::borrow(&mut out.data, w, h, FastBlurChannels::Channels3);
        libblur::gaussian_blur_f32(
            &source,
            &mut target,
            GaussianBlurParams::new(2 * taps + 1, f64::from(sigma)),
            EdgeMode2D::new(EdgeMode::Clamp),
            ThreadingPolicy::Adaptive,
            IeeeBinaryConvolutionMode::Normal,
        )
        .map_err(CpuError::Blur)?;
        Ok(out)
    }

    /// Half the size, each texel the mean of the 2x2 it covers.
    fn halved(&self, resampler: &mut Resampler) -> Result<Self, CpuError> {
        let (w, h) = ((self.width >> 1).max(1), (self.height >> 1).max(1));
        let mut out = LinearPicture::new(w, h);
        let src = Plane::<F32x3>::new(
            pixels_of(&self.data),
            self.width as usize,
            self.width,
            self.height,
        )
        .expect("sized above");
        let mut dst = PlaneMut::<F32x3>::new(pixels_of_mut(&mut out.data), w as usize, w, h)
            .expect("sized above");
        let whole = SourceBox {
            x: 0.0,
            y: 0.0,
            width: f64::from(self.width),
            height: f64::from(self.height),
        };
        resampler.average(&src, whole, &mut dst)?;
        Ok(out)
    }

    /// The scene's background picture (R'G'B'A bytes, `stride` apart) in linear light.
    pub fn from_rgba(data: &[u8], stride: usize, (width, height): (u32, u32)) -> Self {
        let mut out = LinearPicture::new(width, height);
        out.data
            .par_chunks_exact_mut(3 * width as usize)
            .enumerate()
            .for_each(|(y, row)| {
                let bytes = &data[y * stride..y * stride + 4 * width as usize];
                for (texel, rgba) in row.chunks_exact_mut(3).zip(bytes.chunks_exact(4)) {
                    let light = to_linear([0, 1, 2].map(|c| f32::from(rgba[c]) / 255.0));
                    texel.copy_from_slice(&light);
                }
            });
        out
    }

    /// `crop` of `source` shrunk to `size` texels (each the mean of the source pixels it
    /// covers) and converted to linear light.
    pub fn of_crop(
        source: &Source<'_>,
        crop: &Rect,
        size: (u32, u32),
        resampler: &mut Resampler,
    ) -> Result<Self, CpuError> {
        Self::of_box(
            source,
            SourceBox::of(crop),
            size,
            (resampler, Sampling::Average),
        )
    }

    /// `boxed` (upright source pixels) of `source` resampled to `size` texels as
    /// `sampling` says and converted to linear light.
    pub fn of_box(
        source: &Source<'_>,
        boxed: SourceBox,
        size: (u32, u32),
        (resampler, sampling): (&mut Resampler, Sampling),
    ) -> Result<Self, CpuError> {
        let (w, h) = size;
        let n = w as usize * h as usize;
        let mut samples = vec![[0u8; 3]; n];
        let plane_box =
            |p: &crate::source::RawPlane<'_>| boxed.in_plane(source.size, (p.width, p.height));
        match &source.planes {
            Planes::Packed(p) => {
                let mut out = vec![0u8; 4 * n];
                sample::<U8x4>((resampler, sampling), p, plane_box(p), &mut out, size)?;
                for (s, px) in samples.iter_mut().zip(out.chunks_exact(4)) {
                    *s = [px[0], px[1], px[2]];
                }
            }
            Planes::Planar([y, cb, cr]) => {
                let mut planes = [vec![0u8; n], vec![0u8; n], vec![0u8; n]];
                for (plane, out) in [y, cb, cr].into_iter().zip(planes.iter_mut()) {
                    sample::<U8>((resampler, sampling), plane, plane_box(plane), out, size)?;
                }
                for (i, s) in samples.iter_mut().enumerate() {
                    *s = [planes[0][i], planes[1][i], planes[2][i]];
                }
            }
            Planes::SemiPlanar([y, c]) => {
                let mut luma = vec![0u8; n];
                let mut chroma = vec![0u8; 2 * n];
                sample::<U8>((resampler, sampling), y, plane_box(y), &mut luma, size)?;
                sample::<U8x2>((resampler, sampling), c, plane_box(c), &mut chroma, size)?;
                for (i, s) in samples.iter_mut().enumerate() {
                    *s = [luma[i], chroma[2 * i], chroma[2 * i + 1]];
                }
            }
        }
        let mut out = LinearPicture::new(w, h);
        let to_rgb = source.to_rgb;
        out.data
            .par_chunks_exact_mut(3)
            .zip(samples.par_iter())
            .for_each(|(texel, s)| {
                let rgb = to_rgb.apply(s.map(f32::from));
                texel.copy_from_slice(&to_linear(rgb));
            });
        Ok(out)
    }
}

/// How a picture is resampled into a [`LinearPicture`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sampling {
    /// Each texel the mean of the source pixels it covers (for blurs).
    Average,
    /// Each texel one bilinear sample at its centre, as the GPU renderer samples.
    Bilinear,
}

/// Resamples `boxed` of `plane` into `out` (`size` pixels of `P`, packed) as
/// `sampling` says.
fn sample<P: fast_image_resize::PixelTrait>(
    (resampler, sampling): (&mut Resampler, Sampling),
    plane: &crate::source::RawPlane<'_>,
    boxed: SourceBox,
    out: &mut [u8],
    (w, h): (u32, u32),
) -> Result<(), CpuError> {
    let src = plane.view::<P>();
    let mut dst =
        PlaneMut::<P>::new(pixels_of_mut(out), w as usize, w, h).expect("sized by the caller");
    match sampling {
        Sampling::Average => resampler.average(&src, boxed, &mut dst),
        Sampling::Bilinear => resampler.interpolate(&src, boxed, &mut dst),
    }
}
