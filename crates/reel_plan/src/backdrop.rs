//! The backdrop: the background and the shadow drawn once at a fraction of the output's
//! size, where both are smooth enough that bilinear sampling of the smaller picture
//! matches drawing every pixel (within a code value), then sampled by every background
//! pixel. A blurred recording behind a soft shadow is the common look, and the background
//! is most of the frame: this keeps its cost to one sample a pixel.

use crate::FramePlan;
use reel_scene::BackgroundLook;

/// The largest step between backdrop texels, in output pixels.
pub const MAX_BACKDROP_SCALE: u32 = 4;

/// Standard deviations per backdrop texel: bilinear interpolation of a Gaussian-blurred
/// edge sampled every `sigma / 4` pixels strays at most 0.2% of the edge's height from
/// the exact value (`step² / 8` times the curvature, at most `0.242 / sigma²`).
const SIGMAS_PER_STEP: f32 = 4.0;

impl FramePlan {
    /// How many output pixels apart the backdrop's texels lie: 1 (no smaller backdrop)
    /// when something behind the media has detail finer than that allows (an unblurred
    /// image, a sharp shadow), or when nothing there needs drawing beyond a clear colour.
    pub fn backdrop_scale(&self) -> u32 {
        let background = match self.background().look {
            BackgroundLook::Solid(_) => None,
            BackgroundLook::Linear { .. } | BackgroundLook::Radial { .. } => Some(f32::INFINITY),
            BackgroundLook::Image { blur } | BackgroundLook::Blurred { radius: blur, .. } => {
                Some(blur.max(0.0))
            }
        };
        let shadow = self.shadow().map(|s| s.0.sigma.max(0.0));
        let finest = match (background, shadow) {
            (None, None) => return 1,
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
        };
        let mut scale = 1;
        while scale < MAX_BACKDROP_SCALE && (2 * scale) as f32 * SIGMAS_PER_STEP <= finest {
            scale *= 2;
        }
        scale
    }
}

/// The backdrop's size in texels for an `output`-sized frame at `scale`: enough to
/// cover the frame.
pub fn backdrop_size(output: (u32, u32), scale: u32) -> (u32, u32) {
    (output.0.div_ceil(scale), output.1.div_ceil(scale))
}

/// A mapping `uv = p * scale + offset`, packed as `[scale.x, scale.y, offset.x, offset.y]`.
pub type UvMap = [f32; 4];

/// The mapping from output pixels to a picture of `area` scaled to cover an
/// `output`-sized frame (centred, aspect kept, cropped to fit).
pub fn cover_map(area: (f32, f32), output: (u32, u32)) -> UvMap {
    let (w, h) = (output.0 as f32, output.1 as f32);
    let scale = cover_scale(area, output);
    let (sx, sy) = (1.0 / (scale * area.0), 1.0 / (scale * area.1));
    [sx, sy, 0.5 - w / 2.0 * sx, 0.5 - h / 2.0 * sy]
}

/// How much the picture in [`cover_map`] is magnified.
pub fn cover_scale(area: (f32, f32), output: (u32, u32)) -> f32 {
    (output.0 as f32 / area.0).max(output.1 as f32 / area.1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{gray, plan};
    use reel_scene::{PixelRect, ShadowLook};

    fn look(background: BackgroundLook, shadow_sigma: Option<f32>) -> FramePlan {
        let rect = PixelRect {
            x: 100.0,
            y: 100.0,
            width: 400.0,
            height: 300.0,
        };
        let shadow = shadow_sigma.map(|sigma| ShadowLook {
            rect,
            corner_radius: 12.0,
            sigma,
            color: gray(0.0, 0.5),
        });
        plan(background, rect, shadow)
    }

    #[test]
    fn smooth_backgrounds_get_coarser_backdrops() {
        let blurred = |radius| BackgroundLook::Blurred { radius, dim: 0.0 };
        let solid = BackgroundLook::Solid(gray(0.1, 1.0));
        // Soft shadow on a heavily blurred recording: the common look.
        assert_eq!(look(blurred(41.0), Some(24.5)).backdrop_scale(), 4);
        // The finer of the two decides.
        assert_eq!(look(blurred(41.0), Some(9.0)).backdrop_scale(), 2);
        assert_eq!(look(blurred(6.0), Some(24.5)).backdrop_scale(), 1);
        // A sharp image, or a sharp shadow, needs every pixel.
        let image = BackgroundLook::Image { blur: 0.0 };
        assert_eq!(look(image, None).backdrop_scale(), 1);
        assert_eq!(look(solid.clone(), Some(2.0)).backdrop_scale(), 1);
        // A solid colour alone is the clear colour: no backdrop.
        assert_eq!(look(solid, None).backdrop_scale(), 1);
        let gradient = BackgroundLook::Linear {
            from: (0.0, 0.0),
            to: (100.0, 0.0),
            stops: Vec::new(),
        };
        assert_eq!(look(gradient, None).backdrop_scale(), MAX_BACKDROP_SCALE);
    }

    #[test]
    fn the_backdrop_covers_odd_sizes() {
        assert_eq!(backdrop_size((1920, 1080), 4), (480, 270));
        assert_eq!(backdrop_size((1366, 768), 4), (342, 192));
    }
}
