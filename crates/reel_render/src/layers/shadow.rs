//! The shadow layer's uniforms (`ShadowUniforms` in `layers/shadow.wgsl`).

use super::rgba;
use reel_plan::ShadowLayer;

/// The binding `layers/shadow.wgsl` declares its uniforms at.
pub const SHADOW_BINDING: u32 = 10;

/// The shadow's rectangle, shape and colour.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, bytemuck::Pod, bytemuck::Zeroable)]
pub struct ShadowUniforms {
    rect: [f32; 4],
    shape: [f32; 4],
    color: [f32; 4],
}

impl ShadowUniforms {
    /// The uniforms of `layer`, or zeroes when the frame has no shadow.
    pub fn new(layer: Option<&ShadowLayer>) -> Self {
        let Some(ShadowLayer(shadow)) = layer else {
            return bytemuck::Zeroable::zeroed();
        };
        let r = shadow.rect;
        Self {
            rect: [r.x, r.y, r.width, r.height],
            shape: [shadow.corner_radius, shadow.sigma, 0.0, 0.0],
            color: rgba(shadow.color),
        }
    }
}
