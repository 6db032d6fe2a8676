//! The media layer's uniforms (`MediaUniforms` in `layers/media.wgsl`).

use super::{rect, rgba, within_limit};
use crate::error::RenderError;
use crate::uniforms::UvMap;
use reel_pipeline::ColorInfo;
use reel_pipeline::SampleToRgb;
use reel_plan::MediaLayer;
use reel_plan::limits::{MAX_ACTIVE_BLUR_REGIONS, MAX_VIEWS};

/// The binding `layers/media.wgsl` declares its uniforms at.
pub const MEDIA_BINDING: u32 = 0;

/// Where a media layer's recording lands and how its samples are read.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, bytemuck::Pod, bytemuck::Zeroable)]
pub struct MediaUniforms {
    content: [f32; 4],
    shape: [f32; 4],
    border_color: [f32; 4],
    matrix_r: [f32; 4],
    matrix_g: [f32; 4],
    matrix_b: [f32; 4],
    offset: [f32; 4],
    source_size: [f32; 4],
    orientation: [f32; 4],
    orientation_offset: [f32; 4],
    redaction_map: [f32; 4],
    views: [[f32; 4]; MAX_VIEWS],
    redactions: [[f32; 4]; MAX_ACTIVE_BLUR_REGIONS],
    convert_source: [f32; 4],
    convert_target: [f32; 4],
}

/// How a media layer's stored picture is read: its samples' colour, its stored size,
/// where its blurred regions' picture lies, and the size of the picture blurs start from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SourceMapping {
    /// How the samples map to colour.
    pub color: ColorInfo,
    /// The stored picture's width and height.
    pub stored: (u32, u32),
    /// Source pixels to blurred-regions texture coordinates.
    pub redaction_map: UvMap,
    /// The size of the recording converted for blurs.
    pub converted: (u32, u32),
}

impl MediaUniforms {
    /// The uniforms of `layer`, its picture read as `source` says.
    pub fn new(layer: &MediaLayer, source: SourceMapping) -> Result<Self, RenderError> {
        within_limit("views", layer.views.len(), MAX_VIEWS)?;
        let regions = layer.redactions.len();
        within_limit("blurred regions", regions, MAX_ACTIVE_BLUR_REGIONS)?;
        let mut uniforms: Self = bytemuck::Zeroable::zeroed();
        let c = layer.placement;
        uniforms.content = [c.x, c.y, c.width, c.height];
        uniforms.shape = [
            layer.corner_radius,
            layer.border.map_or(0.0, |b| b.width),
            layer.views.len() as f32,
            regions as f32,
        ];
        if let Some(border) = layer.border {
            uniforms.border_color = rgba(border.color);
        }
        uniforms.set_color(source.color);
        let (sw, sh) = (source.stored.0 as f32, source.stored.1 as f32);
        uniforms.source_size = [sw, sh, 1.0 / sw, 1.0 / sh];
        let [a, b, c, d, e, f] = layer.orientation.to_stored(source.stored);
        uniforms.orientation = [a, b, c, d];
        uniforms.orientation_offset = [e, f, 0.0, 0.0];
        uniforms.redaction_map = source.redaction_map;
        for (slot, view) in uniforms.views.iter_mut().zip(&layer.views) {
            *slot = rect(view);
        }
        for (slot, blur) in uniforms.redactions.iter_mut().zip(&layer.redactions) {
            let r = blur.rect;
            *slot = [r.x, r.y, r.x + r.width, r.y + r.height];
        }
        uniforms.convert_source = rect(&layer.crop);
        let converted = source.converted;
        uniforms.convert_target = [converted.0 as f32, converted.1 as f32, 0.0, 0.0];
        Ok(uniforms)
    }

    /// The matrix and offsets from the source's samples to R'G'B'.
    fn set_color(&mut self, color: ColorInfo) {
        let convert = SampleToRgb::new(color);
        let row = |r: [f32; 3]| [r[0], r[1], r[2], 0.0];
        self.matrix_r = row(convert.rows[0]);
        self.matrix_g = row(convert.rows[1]);
        self.matrix_b = row(convert.rows[2]);
        self.offset = row(convert.offset);
    }
}
