//! Blurred regions of the recording: its crop shrunk to half size in linear light and
//! blurred once per distinct radius; each region shows the blur of its own radius.

use crate::blur::LinearPicture;
use crate::error::CpuError;
use crate::resample::Resampler;
use reel_scene::{BlurLook, Rect};

/// The blurs a frame's regions show.
pub struct Redactions {
    crop: Rect,
    regions: Vec<BlurLook>,
    /// One blurred picture per distinct radius, with that radius.
    blurs: Vec<(f32, LinearPicture)>,
}

impl Redactions {
    /// The blurs of `converted` (`crop` of the recording in linear light, each texel
    /// `factor` source pixels) for `regions`.
    pub fn new(
        converted: &LinearPicture,
        (crop, factor): (Rect, f32),
        regions: &[BlurLook],
        resampler: &mut Resampler,
    ) -> Result<Self, CpuError> {
        let mut blurs: Vec<(f32, LinearPicture)> = Vec::new();
        for region in regions {
            if blurs
                .iter()
                .any(|(r, _)| r.to_bits() == region.radius.to_bits())
            {
                continue;
            }
            // Radii are in source pixels; the converted picture is smaller.
            let blurred = converted.blurred(region.radius / factor, resampler)?;
            blurs.push((region.radius, blurred));
        }
        Ok(Self {
            crop,
            regions: regions.to_vec(),
            blurs,
        })
    }

    /// The blurred linear light at source position `s`, if a region covers it (the last
    /// region listed wins where they overlap).
    #[inline]
    pub fn at(&self, s: (f32, f32)) -> Option<[f32; 3]> {
        let region = self.regions.iter().rev().find(|b| {
            let r = b.rect;
            s.0 >= r.x && s.1 >= r.y && s.0 < r.x + r.width && s.1 < r.y + r.height
        })?;
        let (_, picture) = self
            .blurs
            .iter()
            .find(|(r, _)| r.to_bits() == region.radius.to_bits())?;
        let c = &self.crop;
        Some(picture.sample(((s.0 - c.x) / c.width, (s.1 - c.y) / c.height)))
    }

    /// Whether any region overlaps the source rectangle `x0..x1`, `y0..y1`.
    pub fn touches(&self, (x0, y0, x1, y1): (f32, f32, f32, f32)) -> bool {
        self.regions.iter().any(|b| {
            let r = b.rect;
            r.x < x1 && r.x + r.width > x0 && r.y < y1 && r.y + r.height > y0
        })
    }
}
