//! Mappings from output pixels into textures, shared by the layers' uniforms, and the
//! compose pass's own uniforms (`ComposeUniforms` in `compose.wgsl`).

/// The binding `compose.wgsl` declares its own uniforms at.
pub const COMPOSE_BINDING: u32 = 11;

/// What the compose passes need beyond the layers: the backdrop's mapping and where
/// the camera's and the overlay's textures lie.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Default, bytemuck::Pod, bytemuck::Zeroable)]
pub struct ComposeUniforms {
    layer: [f32; 4],
    camera: [f32; 4],
    camera_taps: [f32; 4],
    overlay: [f32; 4],
    spotlight: [f32; 4],
    spotlight_shape: [f32; 4],
}

impl ComposeUniforms {
    /// The uniforms of a frame whose backdrop is `size` texels, each `scale` output
    /// pixels apart (no backdrop when `scale` is 1).
    pub fn new(size: (u32, u32), scale: u32) -> Self {
        if scale <= 1 {
            return Self::default();
        }
        let s = scale as f32;
        Self {
            layer: [1.0 / (s * size.0 as f32), 1.0 / (s * size.1 as f32), s, 0.0],
            camera: [0.0; 4],
            camera_taps: [1.0, 0.0, 0.0, 0.0],
            overlay: [0.0; 4],
            spotlight: [0.0; 4],
            spotlight_shape: [0.0; 4],
        }
    }

    /// These uniforms with the camera's texture's top-left texel at output pixel
    /// `origin`, drawn at `opacity`, each pixel the mean of `taps` x `taps` samples; no
    /// camera when `None`.
    pub fn with_camera(mut self, camera: Option<((u32, u32), f32, u32)>) -> Self {
        if let Some((origin, opacity, taps)) = camera {
            self.camera = [origin.0 as f32, origin.1 as f32, opacity, 1.0];
            self.camera_taps = [taps as f32, 0.0, 0.0, 0.0];
        }
        self
    }

    /// These uniforms with the overlay's picture's top-left texel at output pixel
    /// `origin`, drawn at `opacity`; no overlay when `None`.
    pub fn with_overlay(mut self, overlay: Option<((i32, i32), f32)>) -> Self {
        if let Some((origin, opacity)) = overlay {
            self.overlay = [origin.0 as f32, origin.1 as f32, opacity, 1.0];
        }
        self
    }
}

impl ComposeUniforms {
    /// These uniforms with `spotlight` darkening the frame outside its rectangle; none
    /// when `None`.
    pub fn with_spotlight(mut self, spotlight: Option<&reel_plan::SpotlightLayer>) -> Self {
        if let Some(s) = spotlight {
            let r = &s.rect;
            self.spotlight = [r.x, r.y, r.width, r.height];
            self.spotlight_shape = [s.clamped_radius(), s.feather.max(1.0), s.dim, 1.0];
        }
        self
    }
}

/// The binding of the overlay's picture.
pub const OVERLAY_TEXTURE_BINDING: u32 = 15;

pub use reel_plan::{UvMap, cover_map, cover_scale};

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
}
