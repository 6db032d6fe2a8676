//! Colours as written in scenes (sRGB hex strings) and as blended (linear light).

use serde::{Deserialize, Deserializer};
use std::fmt;
use std::str::FromStr;

/// An sRGB colour with alpha, written in a scene as `"#rrggbb"` or `"#rrggbbaa"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Color {
    /// Red, green, blue and alpha, 0–255, sRGB-encoded (alpha is linear).
    pub rgba: [u8; 4],
}

/// A colour in linear light, premultiplied by nothing: what the compositor blends.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LinearRgba {
    /// Red in linear light, 0–1.
    pub red: f32,
    /// Green in linear light, 0–1.
    pub green: f32,
    /// Blue in linear light, 0–1.
    pub blue: f32,
    /// Opacity, 0–1.
    pub alpha: f32,
}

impl Color {
    /// Opaque black, the background when a scene names none.
    pub const BLACK: Color = Color {
        rgba: [0, 0, 0, 255],
    };

    /// This colour in linear light, decoded with the sRGB transfer function.
    pub fn to_linear(self) -> LinearRgba {
        let [r, g, b, a] = self.rgba;
        LinearRgba {
            red: srgb_to_linear(r),
            green: srgb_to_linear(g),
            blue: srgb_to_linear(b),
            alpha: f32::from(a) / 255.0,
        }
    }
}

fn srgb_to_linear(value: u8) -> f32 {
    let v = f32::from(value) / 255.0;
    if v <= 0.04045 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

/// Why a colour string is not a colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseColorError(String);

impl fmt::Display for ParseColorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid colour {:?} (expected \"#rrggbb\" or \"#rrggbbaa\" in hexadecimal)",
            self.0
        )
    }
}

impl FromStr for Color {
    type Err = ParseColorError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || ParseColorError(text.to_owned());
        let hex = text.strip_prefix('#').ok_or_else(error)?;
        // `from_str_radix` alone would take a sign: "#+f+f+f" is not a colour.
        if !(hex.len() == 6 || hex.len() == 8) || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(error());
        }
        let mut rgba = [0, 0, 0, 255];
        for (channel, pair) in rgba.iter_mut().zip(hex.as_bytes().chunks(2)) {
            let pair = std::str::from_utf8(pair).map_err(|_| error())?;
            *channel = u8::from_str_radix(pair, 16).map_err(|_| error())?;
        }
        Ok(Color { rgba })
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hex_with_and_without_alpha() {
        assert_eq!(
            "#ff8000".parse(),
            Ok(Color {
                rgba: [255, 128, 0, 255]
            })
        );
        assert_eq!(
            "#ff800040".parse(),
            Ok(Color {
                rgba: [255, 128, 0, 64]
            })
        );
    }

    #[test]
    fn rejects_malformed_hex() {
        for text in [
            "ff8000",
            "#ff80",
            "#gg8000",
            "#ff8000ff00",
            "#ÿÿÿ",
            "#+f+f+f",
            "#-0-0-0",
        ] {
            assert!(text.parse::<Color>().is_err(), "{text} should be rejected");
        }
    }

    #[test]
    fn linear_conversion_matches_srgb_curve() {
        let mid = Color {
            rgba: [188, 0, 255, 255],
        }
        .to_linear();
        // sRGB 188 is 0.5 in linear light to within rounding of the 8-bit code.
        assert!((mid.red - 0.5).abs() < 0.005, "{}", mid.red);
        assert_eq!(mid.green, 0.0);
        assert_eq!(mid.blue, 1.0);
    }
}
