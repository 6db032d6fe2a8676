//! The transfer functions between R'G'B' codes and linear light, as tables, and the
//! BT.709 limited-range encoding of R'G'B' that Reel's Y'CbCr output uses.

use std::sync::OnceLock;

/// Entries of each transfer table, over 0 to 1.
const STEPS: usize = 8192;

struct Tables {
    to_linear: Vec<f32>,
    to_srgb: Vec<f32>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let at = |i: usize| i as f64 / STEPS as f64;
        Tables {
            to_linear: (0..=STEPS)
                .map(|i| exact_srgb_to_linear(at(i)) as f32)
                .collect(),
            // Linear light is tabulated against its square root, where the curve is
            // nearly straight (the encoding's slope is steepest near black).
            to_srgb: (0..=STEPS)
                .map(|i| exact_linear_to_srgb(at(i) * at(i)) as f32)
                .collect(),
        }
    })
}

fn exact_srgb_to_linear(v: f64) -> f64 {
    if v <= 0.04045 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

fn exact_linear_to_srgb(v: f64) -> f64 {
    if v <= 0.003_130_8 {
        v * 12.92
    } else {
        1.055 * v.powf(1.0 / 2.4) - 0.055
    }
}

fn lookup(table: &[f32], t: f32) -> f32 {
    let x = t.clamp(0.0, 1.0) * STEPS as f32;
    let i = (x as usize).min(STEPS - 1);
    let f = x - i as f32;
    table[i] + (table[i + 1] - table[i]) * f
}

/// Linear light of an R'G'B' code (0 to 1; clamped first, as the shaders do).
#[inline]
pub fn srgb_to_linear(code: f32) -> f32 {
    lookup(&tables().to_linear, code)
}

/// The R'G'B' code (0 to 1) of linear light (clamped to 0 to 1 first).
#[inline]
pub fn linear_to_srgb(light: f32) -> f32 {
    lookup(&tables().to_srgb, light.max(0.0).sqrt())
}

/// Linear light of R'G'B' codes.
#[inline]
pub fn to_linear(rgb: [f32; 3]) -> [f32; 3] {
    let t = &tables().to_linear;
    // Written out: `map` is not always inlined, and this runs for every blended pixel.
    [lookup(t, rgb[0]), lookup(t, rgb[1]), lookup(t, rgb[2])]
}

/// R'G'B' codes of linear light.
#[inline]
pub fn to_encoded(light: [f32; 3]) -> [f32; 3] {
    let t = &tables().to_srgb;
    let encode = |c: f32| lookup(t, c.max(0.0).sqrt());
    [encode(light[0]), encode(light[1]), encode(light[2])]
}

const KR: f32 = 0.2126;
const KB: f32 = 0.0722;
const KG: f32 = 1.0 - KR - KB;

/// BT.709 limited-range Y', Cb and Cr of R'G'B' (0 to 1, unclamped), as 8-bit code
/// values before rounding (Y' 16 to 235, chroma 16 to 240 inside the R'G'B' cube).
#[inline]
pub fn bt709_codes([r, g, b]: [f32; 3]) -> [f32; 3] {
    let y = KR * r + KG * g + KB * b;
    [
        16.0 + 219.0 * y,
        128.0 + 224.0 * (b - y) / (2.0 * (1.0 - KB)),
        128.0 + 224.0 * (r - y) / (2.0 * (1.0 - KR)),
    ]
}

/// The BT.709 limited-range Y' code (before rounding) of R'G'B'.
#[inline]
pub fn bt709_luma_code([r, g, b]: [f32; 3]) -> f32 {
    16.0 + 219.0 * (KR * r + KG * g + KB * b)
}

/// Mixes `a` towards `b` by `t`.
#[inline]
pub fn mix(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

/// R'G'B' (0 to 1, unclamped) of BT.709 limited-range Y', Cb and Cr 8-bit code values:
/// the inverse of [`bt709_codes`].
#[inline]
pub fn bt709_to_rgb([y, cb, cr]: [f32; 3]) -> [f32; 3] {
    let luma = (y - 16.0) / 219.0;
    let (pb, pr) = ((cb - 128.0) / 224.0, (cr - 128.0) / 224.0);
    let r = luma + 2.0 * (1.0 - KR) * pr;
    let b = luma + 2.0 * (1.0 - KB) * pb;
    let g = (luma - KR * r - KB * b) / KG;
    [r, g, b]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_match_the_exact_curves() {
        for i in 0..=1000 {
            let v = i as f32 / 1000.0;
            let linear = exact_srgb_to_linear(f64::from(v)) as f32;
            assert!((srgb_to_linear(v) - linear).abs() < 2e-6, "{v}");
            let code = exact_linear_to_srgb(f64::from(v)) as f32;
            assert!((linear_to_srgb(v) - code).abs() < 1e-4, "{v}");
        }
        // Out of range values clamp, as the shaders' do.
        assert_eq!(srgb_to_linear(1.5), 1.0);
        assert_eq!(linear_to_srgb(-0.5), 0.0);
    }

    #[test]
    fn white_and_black_are_the_ends_of_the_limited_range() {
        assert_eq!(bt709_codes([1.0; 3]).map(f32::round), [235.0, 128.0, 128.0]);
        assert_eq!(bt709_codes([0.0; 3]).map(f32::round), [16.0, 128.0, 128.0]);
        // Agrees with the codes the GPU renderer's tests check against.
        let red = reel_pipeline::rgb_to_bt709_limited([1.0, 0.0, 0.0]);
        assert_eq!(bt709_codes([1.0, 0.0, 0.0]).map(|c| c.round() as u8), red);
    }

    #[test]
    fn codes_turn_back_into_the_colour_they_came_from() {
        for rgb in [
            [0.0, 0.0, 0.0],
            [1.0, 1.0, 1.0],
            [0.2, 0.7, 0.4],
            [0.9, 0.1, 0.5],
        ] {
            let back = bt709_to_rgb(bt709_codes(rgb));
            for c in 0..3 {
                assert!((back[c] - rgb[c]).abs() < 1e-5, "{rgb:?} -> {back:?}");
            }
        }
    }
}
