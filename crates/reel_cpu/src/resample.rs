//! Resampling with `fast_image_resize`: a rectangle of source pixels (sub-pixel, for
//! smooth zooms) into a rectangle of output pixels, with the scene's filter. Each
//! output pixel takes the filter's taps around the source position its centre maps to,
//! as the GPU's samplers do (`ResizeAlg::Interpolation`: the kernel is not widened when
//! shrinking), so both renderers show the same pixels.

use crate::error::CpuError;
use crate::planes::{Plane, PlaneMut};
use fast_image_resize::{FilterType, ImageView, PixelTrait, ResizeAlg, ResizeOptions, Resizer};
use reel_plan::{MediaLayer, Scissor};
use reel_scene::{Rect, Scaling};

/// A rectangle of a plane in its own pixels: left, top, width, height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SourceBox {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

impl SourceBox {
    /// The source pixels (upright) that output pixels `rect` show through `view` of
    /// `media`.
    pub fn through(media: &MediaLayer, view: &Rect, rect: &Scissor) -> Self {
        let c = media.placement;
        let (sx, sy) = (
            f64::from(view.width) / f64::from(c.width),
            f64::from(view.height) / f64::from(c.height),
        );
        Self {
            x: f64::from(view.x) + (f64::from(rect.x) - f64::from(c.x)) * sx,
            y: f64::from(view.y) + (f64::from(rect.y) - f64::from(c.y)) * sy,
            width: f64::from(rect.width) * sx,
            height: f64::from(rect.height) * sy,
        }
    }

    /// The whole of `rect`.
    pub fn of(rect: &Rect) -> Self {
        Self {
            x: f64::from(rect.x),
            y: f64::from(rect.y),
            width: f64::from(rect.width),
            height: f64::from(rect.height),
        }
    }

    /// This box in a plane of `plane` pixels of a `size` picture (chroma planes are
    /// smaller).
    pub fn in_plane(&self, size: (u32, u32), plane: (u32, u32)) -> Self {
        let (kx, ky) = (
            f64::from(plane.0) / f64::from(size.0),
            f64::from(plane.1) / f64::from(size.1),
        );
        Self {
            x: self.x * kx,
            y: self.y * ky,
            width: self.width * kx,
            height: self.height * ky,
        }
    }
}

/// The resampling filter for `scaling`.
pub fn filter(scaling: Scaling) -> FilterType {
    match scaling {
        Scaling::Bilinear => FilterType::Bilinear,
        Scaling::Bicubic => FilterType::CatmullRom,
        Scaling::Lanczos => FilterType::Lanczos3,
    }
}

/// Resamples with a `fast_image_resize` resizer, keeping its buffers between frames.
#[derive(Default)]
pub struct Resampler {
    resizer: Resizer,
}

impl Resampler {
    /// Draws `boxed` of `src` into all of `dst` with `filter` taps at each output pixel's
    /// centre; copies when the box is whole pixels of the destination's size.
    pub fn resample<P: PixelTrait>(
        &mut self,
        src: &Plane<'_, P>,
        boxed: SourceBox,
        dst: &mut PlaneMut<'_, P>,
        filter: FilterType,
    ) -> Result<(), CpuError> {
        self.resample_with(src, boxed, dst, ResizeAlg::Interpolation(filter))
    }

    /// Samples `boxed` of `src` into `dst` bilinearly, one sample at each output
    /// pixel's centre (no filtering when shrinking), as a GPU samples a texture.
    pub fn interpolate<P: PixelTrait>(
        &mut self,
        src: &Plane<'_, P>,
        boxed: SourceBox,
        dst: &mut PlaneMut<'_, P>,
    ) -> Result<(), CpuError> {
        self.resample_with(
            src,
            boxed,
            dst,
            ResizeAlg::Interpolation(FilterType::Bilinear),
        )
    }

    /// Averages `boxed` of `src` into `dst` (each output pixel the mean of the source
    /// pixels it covers): for shrinking pictures before blurring them.
    pub fn average<P: PixelTrait>(
        &mut self,
        src: &Plane<'_, P>,
        boxed: SourceBox,
        dst: &mut PlaneMut<'_, P>,
    ) -> Result<(), CpuError> {
        self.resample_with(src, boxed, dst, ResizeAlg::Convolution(FilterType::Box))
    }

    fn resample_with<P: PixelTrait>(
        &mut self,
        src: &Plane<'_, P>,
        boxed: SourceBox,
        dst: &mut PlaneMut<'_, P>,
        alg: ResizeAlg,
    ) -> Result<(), CpuError> {
        let (w, h) = (f64::from(src.width()), f64::from(src.height()));
        let x = boxed.x.clamp(0.0, w);
        let y = boxed.y.clamp(0.0, h);
        let width = boxed.width.min(w - x);
        let height = boxed.height.min(h - y);
        if width <= 0.0 || height <= 0.0 || dst.width() == 0 || dst.height() == 0 {
            return Ok(());
        }
        let whole = |v: f64| (v - v.round()).abs() < 1e-6;
        if whole(x)
            && whole(y)
            && (width - f64::from(dst.width())).abs() < 1e-6
            && (height - f64::from(dst.height())).abs() < 1e-6
        {
            let (x0, y0) = (x.round() as usize, y.round() as u32);
            let n = dst.width() as usize;
            for row in 0..dst.height() {
                dst.row_mut(row)
                    .copy_from_slice(&src.row(y0 + row)[x0..x0 + n]);
            }
            return Ok(());
        }
        let options = ResizeOptions::new()
            .resize_alg(alg)
            .crop(x, y, width, height);
        self.resizer
            .resize_typed(src, dst, &options)
            .map_err(CpuError::Resize)?;
        Ok(())
    }
}
