//! The ring a click leaves: a white circle that spreads from the click and fades, over
//! a soft dark halo so that it reads on light screens too. Drawn analytically: a
//! pixel's cover is how much of it lies within the ring's stroke.

use super::CursorBitmap;
use super::raster::encode;

/// The ring's radius when it starts, as a share of its full radius.
const START_RADIUS: f32 = 0.3;
/// The stroke's width at the start, as a share of the full radius; it thins to half.
const STROKE: f32 = 0.12;
/// The halo's blur (standard deviation), as a share of the full radius, and its
/// strength.
const HALO_SIGMA: f32 = 0.08;
const HALO_OPACITY: f32 = 0.35;
/// The ring's own strength at the start.
const RING_OPACITY: f32 = 0.9;
/// The strength of the faint disc inside the ring at the start.
const FILL_OPACITY: f32 = 0.18;

/// The ring of a click `progress` (0 to 1) of the way through its play, whose full
/// radius is `radius` pixels, centred `phase` (each 0 to 1) of a pixel right of and
/// below a pixel corner: the picture's hotspot is its centre.
///
/// It grows from a third of its radius to all of it, easing out, and fades as it
/// grows; at `progress` 1 (and for a radius under a pixel) the picture is empty.
pub fn draw_click_ring(radius: f32, progress: f64, phase: (f32, f32)) -> CursorBitmap {
    let p = progress.clamp(0.0, 1.0) as f32;
    if !(radius.is_finite() && radius >= 1.0) || p >= 1.0 {
        return CursorBitmap::empty();
    }
    let grown = 1.0 - (1.0 - p).powi(3);
    let r = radius * (START_RADIUS + (1.0 - START_RADIUS) * grown);
    let half_width = 0.5 * (STROKE * radius * (1.0 - 0.5 * p)).max(1.0);
    let sigma = HALO_SIGMA * radius;
    let fade = (1.0 - p) * (1.0 - p);
    let reach = r + half_width + 3.0 * sigma + 2.0;
    let half = reach.ceil() as u32;
    let side = 2 * half + 1;
    let centre = (
        half as f32 + phase.0.clamp(0.0, 1.0),
        half as f32 + phase.1.clamp(0.0, 1.0),
    );
    let mut pixels = Vec::with_capacity((4 * side * side) as usize);
    for y in 0..side {
        for x in 0..side {
            let dx = x as f32 + 0.5 - centre.0;
            let dy = y as f32 + 0.5 - centre.1;
            let d = (dx * dx + dy * dy).sqrt();
            let off = (d - r).abs() - half_width;
            let ring = (0.5 - off).clamp(0.0, 1.0) * RING_OPACITY * fade;
            let inside = (r - d + 0.5).clamp(0.0, 1.0) * FILL_OPACITY * fade;
            let halo = if off > 0.0 {
                (-(off * off) / (2.0 * sigma * sigma)).exp()
            } else {
                1.0
            } * HALO_OPACITY
                * fade;
            // White ring and disc over the dark halo, in linear light.
            let light = ring + inside * (1.0 - ring);
            let alpha = light + halo * (1.0 - light);
            let value = if alpha > 0.0 {
                encode(light / alpha)
            } else {
                0
            };
            pixels.extend_from_slice(&[value, value, value, (alpha * 255.0 + 0.5) as u8]);
        }
    }
    CursorBitmap {
        width: side,
        height: side,
        pixels,
        hotspot: centre,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ring_is_centred_on_its_hotspot_and_spreads_as_it_plays() {
        let early = draw_click_ring(40.0, 0.1, (0.5, 0.5));
        let late = draw_click_ring(40.0, 0.7, (0.5, 0.5));
        // The brightest pixel along the row through the centre, right of it.
        let peak = |b: &CursorBitmap| {
            let y = b.hotspot.1 as u32;
            (b.hotspot.0 as u32..b.width)
                .max_by_key(|&x| {
                    let [v, _, _, a] = b.pixel(x, y);
                    u32::from(v) * u32::from(a)
                })
                .map(|x| x as f32 + 0.5 - b.hotspot.0)
                .unwrap()
        };
        let (r_early, r_late) = (peak(&early), peak(&late));
        assert!(r_early > 12.0 && r_early < 30.0, "{r_early}");
        assert!(r_late > r_early + 5.0 && r_late <= 41.0, "{r_late}");
        // Symmetric about the hotspot: left and right of it alike.
        let y = early.hotspot.1 as u32;
        let c = early.hotspot.0 as u32;
        for dx in 1..20 {
            assert_eq!(early.pixel(c - dx, y), early.pixel(c + dx, y), "{dx}");
        }
    }

    #[test]
    fn the_ring_fades_to_nothing() {
        let opacity = |p: f64| {
            let b = draw_click_ring(40.0, p, (0.0, 0.0));
            b.pixels
                .chunks(4)
                .map(|px| u32::from(px[3]))
                .max()
                .unwrap_or(0)
        };
        assert!(opacity(0.0) > 200);
        assert!(opacity(0.5) < opacity(0.1));
        assert!(opacity(0.95) < 10);
        assert_eq!(draw_click_ring(40.0, 1.0, (0.0, 0.0)).width, 0);
        assert_eq!(draw_click_ring(0.5, 0.2, (0.0, 0.0)).width, 0);
    }
}
