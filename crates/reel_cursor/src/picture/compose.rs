//! Pictures made one, so that a renderer pastes them as one: a picture over another,
//! each with its own opacity, or the mean of a picture at several places (motion blur);
//! composed in linear light into straight sRGB bytes.

use super::CursorBitmap;
use super::raster::{decode, encode};

/// A picture placed on the output: its top-left pixel and how opaque it is drawn.
#[derive(Debug, Clone, Copy)]
pub struct Placed<'a> {
    /// The picture.
    pub picture: &'a CursorBitmap,
    /// The output pixel its top-left pixel covers.
    pub origin: (i32, i32),
    /// How opaque it is drawn, 0 to 1.
    pub opacity: f32,
}

impl Placed<'_> {
    /// Its straight linear colour and alpha at output pixel `(x, y)`.
    fn at(&self, x: i32, y: i32) -> ([f32; 3], f32) {
        let (dx, dy) = (x - self.origin.0, y - self.origin.1);
        let (w, h) = (self.picture.width as i32, self.picture.height as i32);
        if dx < 0 || dy < 0 || dx >= w || dy >= h {
            return ([0.0; 3], 0.0);
        }
        let [r, g, b, a] = self.picture.pixel(dx as u32, dy as u32);
        (
            [decode(r), decode(g), decode(b)],
            f32::from(a) / 255.0 * self.opacity,
        )
    }
}

/// `top` over `bottom`: one picture covering both, fully opaque where they were, and
/// its origin; its hotspot is `top`'s.
pub fn compose(bottom: Placed<'_>, top: Placed<'_>) -> (CursorBitmap, (i32, i32)) {
    blend(&[bottom, top], 1, |x, y| {
        let (under, a_under) = bottom.at(x, y);
        let (over, a_over) = top.at(x, y);
        let alpha = a_over + a_under * (1.0 - a_over);
        let light = [0, 1, 2].map(|c| over[c] * a_over + under[c] * a_under * (1.0 - a_over));
        (light, alpha)
    })
}

/// The mean of `pictures` (at least one), as a shutter sees a moving picture: colours
/// averaged with their alpha in linear light, over the box that holds them all; its
/// hotspot is the middle picture's.
pub fn average(pictures: &[Placed<'_>]) -> (CursorBitmap, (i32, i32)) {
    let share = 1.0 / pictures.len().max(1) as f32;
    blend(pictures, pictures.len() / 2, |x, y| {
        let (mut light, mut alpha) = ([0.0f32; 3], 0.0f32);
        for picture in pictures {
            let (colour, a) = picture.at(x, y);
            for c in 0..3 {
                light[c] += colour[c] * a * share;
            }
            alpha += a * share;
        }
        (light, alpha)
    })
}

/// The picture over the box holding `pictures`, each output pixel's premultiplied
/// linear colour and alpha given by `mix`, with the hotspot of `pictures[hot]`; and its
/// origin.
fn blend(
    pictures: &[Placed<'_>],
    hot: usize,
    mix: impl Fn(i32, i32) -> ([f32; 3], f32),
) -> (CursorBitmap, (i32, i32)) {
    let fold = |pick: fn(&Placed<'_>) -> (i32, i32), better: fn(i32, i32) -> i32| {
        pictures
            .iter()
            .map(pick)
            .reduce(|a, b| (better(a.0, b.0), better(a.1, b.1)))
            .unwrap_or((0, 0))
    };
    let origin = fold(|p| p.origin, i32::min);
    let end = fold(
        |p| {
            (
                p.origin.0 + p.picture.width as i32,
                p.origin.1 + p.picture.height as i32,
            )
        },
        i32::max,
    );
    let (width, height) = ((end.0 - origin.0) as u32, (end.1 - origin.1) as u32);
    let mut pixels = Vec::with_capacity((4 * width * height) as usize);
    for y in origin.1..end.1 {
        for x in origin.0..end.0 {
            let (light, alpha) = mix(x, y);
            let mut px = [0u8; 4];
            if alpha > 0.0 {
                for c in 0..3 {
                    px[c] = encode(light[c] / alpha);
                }
                px[3] = (alpha.min(1.0) * 255.0 + 0.5) as u8;
            }
            pixels.extend_from_slice(&px);
        }
    }
    let hotspot = pictures.get(hot).map_or((0.0, 0.0), |p| {
        (
            p.picture.hotspot.0 + (p.origin.0 - origin.0) as f32,
            p.picture.hotspot.1 + (p.origin.1 - origin.1) as f32,
        )
    });
    (
        CursorBitmap {
            width,
            height,
            pixels,
            hotspot,
        },
        origin,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solid(width: u32, height: u32, value: u8, alpha: u8) -> CursorBitmap {
        CursorBitmap {
            width,
            height,
            pixels: [value, value, value, alpha].repeat((width * height) as usize),
            hotspot: (0.0, 0.0),
        }
    }

    #[test]
    fn the_top_covers_the_bottom_and_the_union_is_covered() {
        let (white, black) = (solid(4, 4, 255, 255), solid(2, 2, 0, 255));
        let (both, origin) = compose(
            Placed {
                picture: &white,
                origin: (10, 10),
                opacity: 1.0,
            },
            Placed {
                picture: &black,
                origin: (13, 8),
                opacity: 1.0,
            },
        );
        assert_eq!(origin, (10, 8));
        assert_eq!((both.width, both.height), (5, 6));
        assert_eq!(both.hotspot, (3.0, 0.0));
        assert_eq!(both.pixel(3, 0), [0, 0, 0, 255]);
        assert_eq!(both.pixel(0, 0), [0, 0, 0, 0]);
        assert_eq!(both.pixel(0, 2), [255, 255, 255, 255]);
        assert_eq!(both.pixel(3, 2), [255, 255, 255, 255]);
        assert_eq!(both.pixel(3, 1), [0, 0, 0, 255]);
    }

    #[test]
    fn opacities_are_baked_in_and_half_over_half_mixes_in_linear_light() {
        let (white, black) = (solid(1, 1, 255, 255), solid(1, 1, 0, 255));
        let at = |opacity| Placed {
            picture: &white,
            origin: (0, 0),
            opacity,
        };
        let (both, _) = compose(
            at(1.0),
            Placed {
                picture: &black,
                origin: (0, 0),
                opacity: 0.5,
            },
        );
        // Half black over white: linear 0.5, sRGB 188.
        assert_eq!(both.pixel(0, 0), [188, 188, 188, 255]);
        let (faint, _) = compose(at(0.5), at(0.0));
        assert_eq!(faint.pixel(0, 0)[3], 128);
    }

    #[test]
    fn an_average_spreads_a_picture_over_where_it_was() {
        let black = solid(1, 1, 0, 255);
        let at = |x| Placed {
            picture: &black,
            origin: (x, 5),
            opacity: 1.0,
        };
        let (smear, origin) = average(&[at(0), at(1), at(2), at(3)]);
        assert_eq!((origin, smear.width, smear.height), ((0, 5), 4, 1));
        for x in 0..4 {
            assert_eq!(smear.pixel(x, 0), [0, 0, 0, 64], "{x}");
        }
        let (one, _) = average(&[at(7)]);
        assert_eq!(one.pixel(0, 0), [0, 0, 0, 255]);
    }
}
