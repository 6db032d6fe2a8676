//! The shadow's opacity: a rounded rectangle blurred by a Gaussian, integrated exactly
//! across each row and by four-point quadrature down the rows — the same arithmetic as
//! the GPU renderer's `layers/shadow.wgsl`, so the cost is the same at any radius.

use reel_scene::ShadowLook;

/// The error function, to 5e-4 (Abramowitz and Stegun 7.1.27).
#[inline]
fn erf(x: f32) -> f32 {
    let a = x.abs();
    let mut t = 1.0 + (0.278_393 + (0.230_389 + 0.000_972 * a + 0.078_108 * a * a) * a) * a;
    t *= t;
    (1.0 - 1.0 / (t * t)).copysign(x)
}

#[inline]
fn gaussian(x: f32, sigma: f32) -> f32 {
    (-(x * x) / (2.0 * sigma * sigma)).exp() / (2.506_628_3 * sigma)
}

/// Coverage along one row: exact across x, given the rectangle's width at that row.
#[inline]
fn row(x: f32, y: f32, sigma: f32, corner: f32, half: (f32, f32)) -> f32 {
    let delta = (half.1 - corner - y.abs()).min(0.0);
    let curved = half.0 - corner + (corner * corner - delta * delta).max(0.0).sqrt();
    let k = std::f32::consts::FRAC_1_SQRT_2 / sigma;
    let low = 0.5 + 0.5 * erf((x - curved) * k);
    let high = 0.5 + 0.5 * erf((x + curved) * k);
    high - low
}

/// The shadow's opacity at output position `p`.
pub fn alpha(shadow: &ShadowLook, p: (f32, f32)) -> f32 {
    let r = &shadow.rect;
    let sigma = shadow.sigma.max(0.25);
    let corner = shadow.corner_radius;
    let half = (r.width * 0.5, r.height * 0.5);
    let q = (p.0 - (r.x + half.0), p.1 - (r.y + half.1));
    let low = q.1 - half.1;
    let high = q.1 + half.1;
    let start = (-3.0 * sigma).clamp(low, high);
    let end = (3.0 * sigma).clamp(low, high);
    let step = (end - start) / 4.0;
    let mut y = start + step * 0.5;
    let mut value = 0.0;
    for _ in 0..4 {
        value += row(q.0, q.1 - y, sigma, corner, half) * gaussian(y, sigma) * step;
        y += step;
    }
    value.clamp(0.0, 1.0) * shadow.color.alpha
}

#[cfg(test)]
mod tests {
    use super::*;
    use reel_scene::{LinearRgba, PixelRect};

    #[test]
    fn opaque_inside_clear_far_outside_and_half_at_the_edge() {
        let shadow = ShadowLook {
            rect: PixelRect {
                x: 100.0,
                y: 100.0,
                width: 200.0,
                height: 100.0,
            },
            corner_radius: 0.0,
            sigma: 5.0,
            color: LinearRgba {
                red: 0.0,
                green: 0.0,
                blue: 0.0,
                alpha: 1.0,
            },
        };
        assert!(alpha(&shadow, (200.0, 150.0)) > 0.99);
        assert!(alpha(&shadow, (200.0, 20.0)) < 1e-3);
        let edge = alpha(&shadow, (100.0, 150.0));
        assert!((edge - 0.5).abs() < 0.01, "{edge}");
    }
}
