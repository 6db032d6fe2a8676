//! The background layer's uniforms (`BackgroundUniforms` in `layers/background.wgsl`).

use super::{rgba, within_limit};
use crate::error::RenderError;
use crate::uniforms::UvMap;
use reel_plan::BackgroundLayer;
use reel_plan::limits::MAX_GRADIENT_STOPS;
use reel_scene::{BackgroundLook, GradientStop};

/// The binding `layers/background.wgsl` declares its uniforms at.
pub const BACKGROUND_BINDING: u32 = 9;

/// The background's colour or gradient, and how output pixels map into its texture.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, bytemuck::Pod, bytemuck::Zeroable)]
pub struct BackgroundUniforms {
    color: [f32; 4],
    gradient: [f32; 4],
    gradient_info: [f32; 4],
    stop_colors: [[f32; 4]; MAX_GRADIENT_STOPS],
    stop_positions: [[f32; 4]; 2],
    backdrop: [f32; 4],
}

impl BackgroundUniforms {
    /// The uniforms of `layer`; `backdrop` maps output pixels into its texture.
    pub fn new(layer: &BackgroundLayer, backdrop: UvMap) -> Result<Self, RenderError> {
        let mut uniforms: Self = bytemuck::Zeroable::zeroed();
        let mut stops: &[GradientStop] = &[];
        match &layer.look {
            BackgroundLook::Solid(color) => uniforms.color = rgba(*color),
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
        within_limit("gradient stops", stops.len(), MAX_GRADIENT_STOPS)?;
        uniforms.gradient_info[0] = stops.len() as f32;
        for (i, stop) in stops.iter().enumerate() {
            uniforms.stop_colors[i] = rgba(stop.color);
            uniforms.stop_positions[i / 4][i % 4] = stop.at;
        }
        uniforms.backdrop = backdrop;
        Ok(uniforms)
    }
}
