//! The uniform block `compose.wgsl` reads, filled from a frame's look.

use crate::color::SampleToRgb;
use reel_pipeline::ColorInfo;
use reel_scene::{BackgroundLook, FrameLook, GradientStop, LinearRgba, Rect};

/// The most views (motion blur samples) a frame averages.
pub const MAX_VIEWS: usize = 16;
/// The most blurred rectangles in one frame.
pub const MAX_REDACTIONS: usize = 8;
/// The most gradient stops.
pub const MAX_STOPS: usize = 8;

/// The bits of every uniform the shadow's opacity depends on.
pub type ShadowKey = [[u32; 4]; 4];

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
    stop_colors: [[f32; 4]; MAX_STOPS],
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
    redaction_map: [f32; 4],
    views: [[f32; 4]; MAX_VIEWS],
    redactions: [[f32; 4]; MAX_REDACTIONS],
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

impl FrameUniforms {
    /// The uniforms for drawing `look` from a source of `source` pixels whose samples
    /// are described by `color`. `backdrop` maps output pixels into the background
    /// texture; `redaction_map` maps source pixels into the blurred recording;
    /// `convert` is the source rectangle `fs_convert` renders and its target size.
    pub fn new(
        look: &FrameLook,
        color: ColorInfo,
        source: (u32, u32),
        backdrop: UvMap,
        redaction_map: UvMap,
        convert: (Rect, (u32, u32)),
    ) -> Self {
        let convert_rows = SampleToRgb::new(color);
        let row = |r: [f32; 3]| [r[0], r[1], r[2], 0.0];
        let mut uniforms: Self = bytemuck::Zeroable::zeroed();
        uniforms.content = [
            look.content.x,
            look.content.y,
            look.content.width,
            look.content.height,
        ];
        uniforms.shape = [
            look.corner_radius,
            look.border.map_or(0.0, |b| b.width),
            look.views.len().min(MAX_VIEWS) as f32,
            look.blurs.len().min(MAX_REDACTIONS) as f32,
        ];
        if let Some(border) = look.border {
            uniforms.border_color = rgba(border.color);
        }
        let mut stops: &[GradientStop] = &[];
        match &look.background {
            BackgroundLook::Solid(color) => uniforms.background_color = rgba(*color),
            BackgroundLook::Linear { from, to, stops: s } => {
                uniforms.gradient = [from.0, from.1, to.0, to.1];
                stops = s;
            }
            BackgroundLook::Radial {
                center,
                radius,
                stops: s,
            } => {
                uniforms.gradient = [center.0, center.1, *radius, 0.0];
                stops = s;
            }
            BackgroundLook::Blurred { dim, .. } => uniforms.gradient_info[1] = *dim,
            BackgroundLook::Image { .. } => {}
        }
        uniforms.gradient_info[0] = stops.len().min(MAX_STOPS) as f32;
        for (i, stop) in stops.iter().take(MAX_STOPS).enumerate() {
            uniforms.stop_colors[i] = rgba(stop.color);
            uniforms.stop_positions[i / 4][i % 4] = stop.at;
        }
        if let Some(shadow) = look.shadow {
            let r = shadow.rect;
            uniforms.shadow_rect = [r.x, r.y, r.width, r.height];
            uniforms.shadow_shape = [shadow.corner_radius, shadow.sigma, 0.0, 0.0];
            uniforms.shadow_color = rgba(shadow.color);
        }
        uniforms.backdrop = backdrop;
        uniforms.matrix_r = row(convert_rows.rows[0]);
        uniforms.matrix_g = row(convert_rows.rows[1]);
        uniforms.matrix_b = row(convert_rows.rows[2]);
        uniforms.offset = row(convert_rows.offset);
        let (sw, sh) = (source.0 as f32, source.1 as f32);
        uniforms.source_size = [sw, sh, 1.0 / sw, 1.0 / sh];
        uniforms.redaction_map = redaction_map;
        for (slot, view) in uniforms.views.iter_mut().zip(&look.views) {
            *slot = rect(view);
        }
        for (slot, blur) in uniforms.redactions.iter_mut().zip(&look.blurs) {
            let r = blur.rect;
            *slot = [r.x, r.y, r.x + r.width, r.y + r.height];
        }
        uniforms.convert_source = rect(&convert.0);
        uniforms.convert_target = [convert.1.0 as f32, convert.1.1 as f32, 0.0, 0.0];
        uniforms
    }

    /// Everything `fs_shadow` reads: while it stays the same, so does the shadow's
    /// opacity at each layer texel.
    pub fn shadow_key(&self) -> ShadowKey {
        [
            self.shadow_rect,
            self.shadow_shape,
            self.shadow_color,
            self.layer,
        ]
        .map(|v| v.map(f32::to_bits))
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
    fn layout_matches_the_shader() {
        // 53 vec4s, as declared in compose.wgsl.
        assert_eq!(size_of::<FrameUniforms>(), 53 * 16);
    }
}
