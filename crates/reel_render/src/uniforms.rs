//! The uniform block `compose.wgsl` reads, filled from a frame's plan.

use crate::color::SampleToRgb;
use crate::error::RenderError;
use reel_pipeline::ColorInfo;
use reel_plan::FramePlan;
use reel_plan::limits::{MAX_ACTIVE_BLUR_REGIONS, MAX_GRADIENT_STOPS, MAX_VIEWS};
use reel_scene::{BackgroundLook, GradientStop, LinearRgba, Rect};

/// `compose.wgsl`'s `FrameUniforms`: every field a vec4, so the layout needs no padding.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, bytemuck::Pod, bytemuck::Zeroable)]
pub struct FrameUniforms {
    content: [f32; 4],
    shape: [f32; 4],
    border_color: [f32; 4],
    background_color: [f32; 4],
    gradient: [f32; 4],
    gradient_info: [f32; 4],
    stop_colors: [[f32; 4]; MAX_GRADIENT_STOPS],
    stop_positions: [[f32; 4]; 2],
    shadow_rect: [f32; 4],
    shadow_shape: [f32; 4],
    shadow_color: [f32; 4],
    backdrop: [f32; 4],
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
    layer: [f32; 4],
}

fn rgba(color: LinearRgba) -> [f32; 4] {
    [color.red, color.green, color.blue, color.alpha]
}

fn rect(r: &Rect) -> [f32; 4] {
    [r.x, r.y, r.width, r.height]
}

/// A mapping `uv = p * scale + offset`, packed as `[scale.x, scale.y, offset.x, offset.y]`.
pub type UvMap = [f32; 4];

/// The mapping from output pixels to a texture that holds `area` of a picture, scaled
/// to cover an `output`-sized frame (centred, aspect kept, cropped to fit).
pub fn cover_map(area: (f32, f32), output: (u32, u32)) -> UvMap {
    let (w, h) = (output.0 as f32, output.1 as f32);
    let scale = (w / area.0).max(h / area.1);
    // Output pixel p shows picture point (p - centre_out) / scale + centre_area.
    let (sx, sy) = (1.0 / (scale * area.0), 1.0 / (scale * area.1));
    [sx, sy, 0.5 - w / 2.0 * sx, 0.5 - h / 2.0 * sy]
}

/// How much the picture in [`cover_map`] is magnified.
pub fn cover_scale(area: (f32, f32), output: (u32, u32)) -> f32 {
    (output.0 as f32 / area.0).max(output.1 as f32 / area.1)
}

/// Fails when the frame asks for more `what` than the `limit` the shader holds.
fn within_limit(what: &'static str, count: usize, limit: usize) -> Result<(), RenderError> {
    if count > limit {
        return Err(RenderError::PastLimit { what, count, limit });
    }
    Ok(())
}

impl FrameUniforms {
    /// The uniforms for drawing `plan` from a source of `source` pixels whose samples
    /// are described by `color`. `backdrop` maps output pixels into the background
    /// texture; `redaction_map` maps source pixels into the blurred recording;
    /// `convert` is the source rectangle `fs_convert` renders and its target size.
    pub fn new(
        plan: &FramePlan,
        color: ColorInfo,
        source: (u32, u32),
        (backdrop, redaction_map): (UvMap, UvMap),
        convert: (Rect, (u32, u32)),
    ) -> Result<Self, RenderError> {
        let media = plan.screen();
        within_limit("views", media.views.len(), MAX_VIEWS)?;
        within_limit(
            "blurred regions",
            media.redactions.len(),
            MAX_ACTIVE_BLUR_REGIONS,
        )?;
        let mut uniforms: Self = bytemuck::Zeroable::zeroed();
        let c = media.placement;
        uniforms.content = [c.x, c.y, c.width, c.height];
        uniforms.shape = [
            media.corner_radius,
            media.border.map_or(0.0, |b| b.width),
            media.views.len() as f32,
            media.redactions.len() as f32,
        ];
        if let Some(border) = media.border {
            uniforms.border_color = rgba(border.color);
        }
        uniforms.set_background(&plan.background().look)?;
        if let Some(shadow) = plan.shadow() {
            let (r, shadow) = (shadow.0.rect, shadow.0);
            uniforms.shadow_rect = [r.x, r.y, r.width, r.height];
            uniforms.shadow_shape = [shadow.corner_radius, shadow.sigma, 0.0, 0.0];
            uniforms.shadow_color = rgba(shadow.color);
        }
        uniforms.backdrop = backdrop;
        uniforms.set_color(color);
        let (sw, sh) = (source.0 as f32, source.1 as f32);
        uniforms.source_size = [sw, sh, 1.0 / sw, 1.0 / sh];
        let [a, b, c, d, e, f] = media.orientation.to_stored(source);
        uniforms.orientation = [a, b, c, d];
        uniforms.orientation_offset = [e, f, 0.0, 0.0];
        uniforms.redaction_map = redaction_map;
        for (slot, view) in uniforms.views.iter_mut().zip(&media.views) {
            *slot = rect(view);
        }
        for (slot, blur) in uniforms.redactions.iter_mut().zip(&media.redactions) {
            let r = blur.rect;
            *slot = [r.x, r.y, r.x + r.width, r.y + r.height];
        }
        uniforms.convert_source = rect(&convert.0);
        uniforms.convert_target = [convert.1.0 as f32, convert.1.1 as f32, 0.0, 0.0];
        Ok(uniforms)
    }

    /// The background's colour, or its gradient and stops.
    fn set_background(&mut self, look: &BackgroundLook) -> Result<(), RenderError> {
        let mut stops: &[GradientStop] = &[];
        match look {
            BackgroundLook::Solid(color) => self.background_color = rgba(*color),
            BackgroundLook::Linear { from, to, stops: s } => {
                self.gradient = [from.0, from.1, to.0, to.1];
                stops = s;
            }
            BackgroundLook::Radial {
                center,
                radius,
                stops: s,
            } => {
                self.gradient = [center.0, center.1, *radius, 0.0];
                stops = s;
            }
            BackgroundLook::Blurred { dim, .. } => self.gradient_info[1] = *dim,
            BackgroundLook::Image { .. } => {}
        }
        within_limit("gradient stops", stops.len(), MAX_GRADIENT_STOPS)?;
        self.gradient_info[0] = stops.len() as f32;
        for (i, stop) in stops.iter().enumerate() {
            self.stop_colors[i] = rgba(stop.color);
            self.stop_positions[i / 4][i % 4] = stop.at;
        }
        Ok(())
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

    /// Sets the layer's mapping: `size` texels, each `scale` output pixels apart.
    pub fn set_layer(&mut self, size: (u32, u32), scale: u32) {
        let s = scale as f32;
        self.layer = [1.0 / (s * size.0 as f32), 1.0 / (s * size.1 as f32), s, 0.0];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cover_fills_the_frame_and_crops_the_overflow() {
        // A 4:3 picture covering a 16:9 frame is cropped top and bottom.
        let map = cover_map((1440.0, 1080.0), (1920, 1080));
        let uv = |x: f32, y: f32| (x * map[0] + map[2], y * map[1] + map[3]);
        assert_eq!(uv(0.0, 540.0).0, 0.0);
        assert!((uv(1920.0, 540.0).0 - 1.0).abs() < 1e-6);
        let top = uv(960.0, 0.0).1;
        assert!(top > 0.0 && (top - 0.125).abs() < 1e-6, "{top}");
        assert!((cover_scale((1440.0, 1080.0), (1920, 1080)) - 4.0 / 3.0).abs() < 1e-6);
    }

    #[test]
    fn layout_is_whole_vec4s() {
        // 21 single vec4s and the arrays, as declared in compose.wgsl (a test reflects
        // the WGSL and checks the sizes agree).
        let vec4s = 21 + MAX_GRADIENT_STOPS + 2 + MAX_VIEWS + MAX_ACTIVE_BLUR_REGIONS;
        assert_eq!(size_of::<FrameUniforms>(), vec4s * 16);
    }
}
