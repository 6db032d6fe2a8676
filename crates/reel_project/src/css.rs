//! The CSS a recorder stores its backgrounds as: colours (`#rgb`, `#rrggbb`,
//! `rgb()`/`rgba()`) and linear gradients (`linear-gradient(135deg, #a 0%, #b 100%)`,
//! `to right`), read into Reel's `Color(…)` and `LinearGradient(…)`.

/// An sRGB colour with opacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgba(pub [u8; 4]);

impl Rgba {
    /// As a scene writes it: `"#rrggbb"`, or `"#rrggbbaa"` when not opaque.
    pub fn hex(self) -> String {
        let [r, g, b, a] = self.0;
        if a == 255 {
            format!("\"#{r:02x}{g:02x}{b:02x}\"")
        } else {
            format!("\"#{r:02x}{g:02x}{b:02x}{a:02x}\"")
        }
    }
}

/// A CSS colour: `#rgb`, `#rrggbb`, `#rrggbbaa`, `rgb(r, g, b)`, `rgba(r, g, b, a)`.
pub fn color(text: &str) -> Option<Rgba> {
    let text = text.trim();
    if let Some(hex) = text.strip_prefix('#') {
        let digit = |i: usize| u8::from_str_radix(hex.get(i..i + 1)?, 16).ok();
        let pair = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        return match hex.len() {
            3 => Some(Rgba([digit(0)? * 17, digit(1)? * 17, digit(2)? * 17, 255])),
            6 => Some(Rgba([pair(0)?, pair(2)?, pair(4)?, 255])),
            8 => Some(Rgba([pair(0)?, pair(2)?, pair(4)?, pair(6)?])),
            _ => None,
        };
    }
    let inner = text
        .strip_prefix("rgba(")
        .or_else(|| text.strip_prefix("rgb("))?
        .strip_suffix(')')?;
    let parts: Vec<&str> = inner
        .split([',', ' ', '/'])
        .filter(|p| !p.is_empty())
        .collect();
    let channel = |p: &str| -> Option<u8> {
        let value: f64 = p.trim_end_matches('%').parse().ok()?;
        let value = if p.ends_with('%') {
            value * 2.55
        } else {
            value
        };
        Some(value.round().clamp(0.0, 255.0) as u8)
    };
    let alpha = match parts.get(3) {
        None => 255,
        Some(p) => {
            let value: f64 = p.trim_end_matches('%').parse().ok()?;
            let value = if p.ends_with('%') {
                value / 100.0
            } else {
                value
            };
            (value.clamp(0.0, 1.0) * 255.0).round() as u8
        }
    };
    (parts.len() == 3 || parts.len() == 4).then_some(())?;
    Some(Rgba([
        channel(parts[0])?,
        channel(parts[1])?,
        channel(parts[2])?,
        alpha,
    ]))
}

/// A linear gradient: its angle in CSS degrees and its stops (colour, position 0–1).
#[derive(Debug, Clone, PartialEq)]
pub struct Linear {
    /// Degrees, as CSS measures them (180 is top to bottom).
    pub angle: f64,
    /// 2 to 8 stops, positions in order.
    pub stops: Vec<(Rgba, f64)>,
}

/// The most stops Reel's gradients take.
const MAX_STOPS: usize = 8;

/// A `linear-gradient(…)` (the last one, when `url(…)` layers come before it); `None`
/// for anything else or a gradient Reel cannot draw as it is.
pub fn linear_gradient(text: &str) -> Option<Linear> {
    let at = text.rfind("linear-gradient(")?;
    let inner = &text[at + "linear-gradient(".len()..];
    let inner = inner.get(..inner.rfind(')')?)?;
    let mut parts = split_top_level(inner);
    let mut angle = 180.0;
    if let Some(direction) = parts.first().and_then(|first| direction(first)) {
        angle = direction;
        parts.remove(0);
    }
    if parts.len() < 2 || parts.len() > MAX_STOPS {
        return None;
    }
    let count = parts.len();
    let mut stops = Vec::with_capacity(count);
    for (i, part) in parts.iter().enumerate() {
        // `#hex 40%` or `rgba(…) 40%` or a colour alone (spread evenly).
        let (colour, position) = match part.rfind(')').or_else(|| part.find(' ')) {
            Some(end) if part[end..].trim_start_matches(')').trim().ends_with('%') => {
                let split = if part[..=end].ends_with(')') {
                    end + 1
                } else {
                    end
                };
                let position: f64 = part[split..].trim().trim_end_matches('%').parse().ok()?;
                (&part[..split], position / 100.0)
            }
            _ => (part.as_str(), i as f64 / (count - 1) as f64),
        };
        stops.push((color(colour)?, position.clamp(0.0, 1.0)));
    }
    // Positions in order, as CSS corrects them.
    for i in 1..stops.len() {
        if stops[i].1 < stops[i - 1].1 {
            stops[i].1 = stops[i - 1].1;
        }
    }
    Some(Linear { angle, stops })
}

/// The angle of a gradient's first argument: `135deg`, `0.5turn`, `to right`.
fn direction(text: &str) -> Option<f64> {
    let text = text.trim();
    if let Some(degrees) = text.strip_suffix("deg") {
        return degrees.trim().parse().ok();
    }
    if let Some(turns) = text.strip_suffix("turn") {
        return turns.trim().parse::<f64>().ok().map(|t| t * 360.0);
    }
    let side = text.strip_prefix("to ")?;
    Some(match side.trim() {
        "top" => 0.0,
        "right" => 90.0,
        "bottom" => 180.0,
        "left" => 270.0,
        "top right" | "right top" => 45.0,
        "bottom right" | "right bottom" => 135.0,
        "bottom left" | "left bottom" => 225.0,
        "top left" | "left top" => 315.0,
        _ => return None,
    })
}

/// The comma-separated arguments of a CSS function, commas inside parentheses kept.
fn split_top_level(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(current.trim().to_owned());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        parts.push(current.trim().to_owned());
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_in_the_forms_recorders_write() {
        assert_eq!(color("#ADADAD"), Some(Rgba([173, 173, 173, 255])));
        assert_eq!(color("#fff"), Some(Rgba([255, 255, 255, 255])));
        assert_eq!(color("rgba(2,37,78,1)"), Some(Rgba([2, 37, 78, 255])));
        assert_eq!(color("rgb(255 0 0 / 50%)"), Some(Rgba([255, 0, 0, 128])));
        assert_eq!(color("hsl(10, 50%, 50%)"), None);
        assert_eq!(Rgba([1, 2, 3, 255]).hex(), "\"#010203\"");
    }

    #[test]
    fn linear_gradients_with_angles_sides_and_positions() {
        let g = linear_gradient("linear-gradient(120deg, #d4fc79 0%, #96e6a1 100%)").unwrap();
        assert_eq!(g.angle, 120.0);
        assert_eq!(
            g.stops,
            [
                (Rgba([0xd4, 0xfc, 0x79, 255]), 0.0),
                (Rgba([0x96, 0xe6, 0xa1, 255]), 1.0)
            ]
        );
        let g = linear_gradient("linear-gradient(135deg, #FBC8B4, #2447B1)").unwrap();
        assert_eq!((g.angle, g.stops[1].1), (135.0, 1.0));
        let g = linear_gradient("linear-gradient(to right, #4facfe 0%, #00f2fe 100%)").unwrap();
        assert_eq!(g.angle, 90.0);
        let g =
            linear_gradient("url(noise), linear-gradient(rgba(0,0,0,0.5) 10%, #fff 90%)").unwrap();
        assert_eq!(g.angle, 180.0);
        assert_eq!(g.stops[0], (Rgba([0, 0, 0, 128]), 0.1));
        assert!(linear_gradient("radial-gradient(circle, #000, #fff)").is_none());
        assert!(linear_gradient("linear-gradient(#000)").is_none());
    }
}
