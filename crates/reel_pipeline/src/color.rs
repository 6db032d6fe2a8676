//! Colour conversion constants shared by both renderers and the tests that check them.

use crate::{ColorInfo, ColorMatrix, ColorRange};

/// The matrix and offsets that take a source's normalised samples to R'G'B':
/// `rgb = rows · (samples − offset)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SampleToRgb {
    /// The matrix rows for R', G' and B'.
    pub rows: [[f32; 3]; 3],
    /// The sample offsets (black level, chroma zero), in normalised units.
    pub offset: [f32; 3],
}

impl SampleToRgb {
    /// The conversion for samples described by `info`.
    pub fn new(info: ColorInfo) -> Self {
        if info.matrix == ColorMatrix::Rgb {
            return Self {
                rows: [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
                offset: [0.0; 3],
            };
        }
        let (kr, kb) = info.matrix.luma_weights();
        let kg = 1.0 - kr - kb;
        let (luma_scale, chroma_scale, black) = match info.range {
            ColorRange::Limited => (255.0 / 219.0, 255.0 / 224.0, 16.0 / 255.0),
            ColorRange::Full => (1.0, 1.0, 0.0),
        };
        let chroma_zero = 128.0 / 255.0;
        Self {
            rows: [
                [luma_scale, 0.0, 2.0 * (1.0 - kr) * chroma_scale],
                [
                    luma_scale,
                    -2.0 * kb * (1.0 - kb) / kg * chroma_scale,
                    -2.0 * kr * (1.0 - kr) / kg * chroma_scale,
                ],
                [luma_scale, 2.0 * (1.0 - kb) * chroma_scale, 0.0],
            ],
            offset: [black, chroma_zero, chroma_zero],
        }
    }

    /// Applies the conversion to 8-bit codes; returns R'G'B' in 0–1 (unclamped).
    pub fn apply(&self, codes: [u8; 3]) -> [f32; 3] {
        let s: [f32; 3] = std::array::from_fn(|i| f32::from(codes[i]) / 255.0 - self.offset[i]);
        self.rows
            .map(|row| row[0] * s[0] + row[1] * s[1] + row[2] * s[2])
    }
}

/// The BT.709 luma (0–1) of R'G'B' (0–1).
pub fn bt709_luma(rgb: [f32; 3]) -> f32 {
    luma(rgb, ColorMatrix::Bt709)
}

/// The luma (0–1) of R'G'B' (0–1) with `matrix`'s weights.
fn luma([r, g, b]: [f32; 3], matrix: ColorMatrix) -> f32 {
    let (kr, kb) = matrix.luma_weights();
    kr * r + (1.0 - kr - kb) * g + kb * b
}

/// R'G'B' (0–1) to BT.709 limited-range 8-bit codes, as `compose.wgsl` and `chroma.wgsl`
/// compute them.
pub fn rgb_to_bt709_limited(rgb: [f32; 3]) -> [u8; 3] {
    rgb_to_limited(rgb, ColorMatrix::Bt709)
}

/// R'G'B' (0–1) to limited-range 8-bit Y'CbCr codes with `matrix`.
pub fn rgb_to_limited(rgb: [f32; 3], matrix: ColorMatrix) -> [u8; 3] {
    let (kr, kb) = matrix.luma_weights();
    let [r, g, b] = rgb.map(|c| c.clamp(0.0, 1.0));
    let y = luma([r, g, b], matrix);
    let byte = |code: f32| (code + 0.5).floor().clamp(0.0, 255.0) as u8;
    [
        byte(16.0 + 219.0 * y),
        byte(128.0 + 224.0 * (b - y) / (2.0 * (1.0 - kb))),
        byte(128.0 + 224.0 * (r - y) / (2.0 * (1.0 - kr))),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    const BT709_LIMITED: ColorInfo = ColorInfo {
        matrix: ColorMatrix::Bt709,
        range: ColorRange::Limited,
    };

    #[test]
    fn limited_range_black_and_white_map_to_the_ends() {
        let convert = SampleToRgb::new(BT709_LIMITED);
        let black = convert.apply([16, 128, 128]);
        let white = convert.apply([235, 128, 128]);
        for c in 0..3 {
            assert!(black[c].abs() < 1e-5, "{black:?}");
            assert!((white[c] - 1.0).abs() < 1e-5, "{white:?}");
        }
    }

    #[test]
    fn bt709_limited_round_trip_is_exact_for_colour_bars() {
        let convert = SampleToRgb::new(BT709_LIMITED);
        // 100% and 75% colour bars: white, yellow, cyan, green, magenta, red, blue, black.
        let bars = [
            [1.0, 1.0, 1.0],
            [1.0, 1.0, 0.0],
            [0.0, 1.0, 1.0],
            [0.0, 1.0, 0.0],
            [1.0, 0.0, 1.0],
            [1.0, 0.0, 0.0],
            [0.0, 0.0, 1.0],
            [0.0, 0.0, 0.0],
        ];
        // The published BT.709 codes of the 100% yellow bar.
        assert_eq!(rgb_to_bt709_limited([1.0, 1.0, 0.0]), [219, 16, 138]);
        for level in [1.0, 0.75] {
            for bar in bars {
                let codes = rgb_to_bt709_limited(bar.map(|c| c * level));
                let back = rgb_to_bt709_limited(convert.apply(codes));
                for c in 0..3 {
                    assert!(
                        (i16::from(back[c]) - i16::from(codes[c])).abs() <= 1,
                        "{codes:?} came back as {back:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn bt601_and_full_range_differ_from_bt709() {
        let codes = [120, 90, 200];
        let bt709 = SampleToRgb::new(BT709_LIMITED).apply(codes);
        let bt601 = SampleToRgb::new(ColorInfo {
            matrix: ColorMatrix::Bt601,
            range: ColorRange::Limited,
        })
        .apply(codes);
        let full = SampleToRgb::new(ColorInfo {
            matrix: ColorMatrix::Bt709,
            range: ColorRange::Full,
        })
        .apply(codes);
        assert!((bt709[1] - bt601[1]).abs() > 0.02);
        assert!((bt709[0] - full[0]).abs() > 0.02);
    }
}
