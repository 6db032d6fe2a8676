//! Arrows, boxes and ellipses rasterised into pictures at output resolution: each
//! pixel's coverage from the shape's signed distance at its centre (a one-pixel ramp,
//! as every edge Reel draws), fill and outline composed in linear light.

use crate::raster::{linear, over, straight};
use reel_plan::OverlayPicture;

/// A shape in output pixels, with its colours (straight sRGB with alpha).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Shape {
    /// A rounded rectangle `(x, y, width, height)`, outlined `line` wide centred on its
    /// edge, filled when `fill` is given.
    Box {
        rect: [f32; 4],
        radius: f32,
        line: f32,
        color: [u8; 4],
        fill: Option<[u8; 4]>,
    },
    /// The ellipse fitting `rect`, outlined and filled as a box is.
    Ellipse {
        rect: [f32; 4],
        line: f32,
        color: [u8; 4],
        fill: Option<[u8; 4]>,
    },
    /// A line `width` wide from `from` with a head `head` widths long ending at `to`.
    Arrow {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
        head: f32,
        color: [u8; 4],
    },
}

/// How much of the pixel centred at a point a shape's part covers.
type Cover = dyn Fn((f32, f32)) -> f32;

impl Shape {
    /// The shape drawn inside an `output`-sized frame: its picture and the output pixel
    /// of the picture's top-left pixel; `None` when none of it is in the frame.
    pub(crate) fn draw(&self, output: (u32, u32)) -> Option<(OverlayPicture, (i32, i32))> {
        let [x0, y0, x1, y1] = self.extent();
        let clamp = |v: f32, max: u32| v.clamp(0.0, max as f32) as i32;
        let (left, top) = (
            clamp(x0.floor() - 1.0, output.0),
            clamp(y0.floor() - 1.0, output.1),
        );
        let (right, bottom) = (
            clamp(x1.ceil() + 1.0, output.0),
            clamp(y1.ceil() + 1.0, output.1),
        );
        if right <= left || bottom <= top {
            return None;
        }
        let (width, height) = ((right - left) as u32, (bottom - top) as u32);
        let (fill, line) = self.parts();
        let mut pixels = Vec::with_capacity((4 * width * height) as usize);
        for y in top..bottom {
            for x in left..right {
                let p = (x as f32 + 0.5, y as f32 + 0.5);
                let mut cell = [0.0f32; 4];
                for (cover, color) in [&fill, &line].into_iter().flatten() {
                    let c = cover(p);
                    if c > 0.0 {
                        cell = over(cell, color.map(|v| v * c));
                    }
                }
                pixels.extend(straight(cell));
            }
        }
        Some((OverlayPicture::new(width, height, pixels), (left, top)))
    }

    /// Its extent `[left, top, right, bottom]`, outline included.
    fn extent(&self) -> [f32; 4] {
        match *self {
            Shape::Box { rect, line, .. } | Shape::Ellipse { rect, line, .. } => {
                let grow = line / 2.0;
                [
                    rect[0] - grow,
                    rect[1] - grow,
                    rect[0] + rect[2] + grow,
                    rect[1] + rect[3] + grow,
                ]
            }
            Shape::Arrow {
                from,
                to,
                width,
                head,
                ..
            } => {
                let grow = width * head;
                [
                    from.0.min(to.0) - grow,
                    from.1.min(to.1) - grow,
                    from.0.max(to.0) + grow,
                    from.1.max(to.1) + grow,
                ]
            }
        }
    }

    /// Its fill and its line, each a coverage and a premultiplied linear colour.
    #[allow(clippy::type_complexity)]
    fn parts(
        &self,
    ) -> (
        Option<(Box<Cover>, [f32; 4])>,
        Option<(Box<Cover>, [f32; 4])>,
    ) {
        let ramp = |d: f32| (0.5 - d).clamp(0.0, 1.0);
        match *self {
            Shape::Box {
                rect,
                radius,
                line,
                color,
                fill,
            } => {
                let radius = radius.min(rect[2] / 2.0).min(rect[3] / 2.0).max(0.0);
                let d = move |p| rounded_rect_distance(p, rect, radius);
                outlined(d, line, color, fill)
            }
            Shape::Ellipse {
                rect,
                line,
                color,
                fill,
            } => outlined(move |p| ellipse_distance(p, rect), line, color, fill),
            Shape::Arrow {
                from,
                to,
                width,
                head,
                color,
            } => {
                let length = (to.0 - from.0).hypot(to.1 - from.1);
                let dir = ((to.0 - from.0) / length, (to.1 - from.1) / length);
                let normal = (-dir.1, dir.0);
                // The head takes at most 60 % of a short arrow.
                let head_length = (head * width).min(0.6 * length);
                let half = head_length * 0.5;
                let base = (to.0 - dir.0 * head_length, to.1 - dir.1 * head_length);
                let tip = [
                    to,
                    (base.0 + normal.0 * half, base.1 + normal.1 * half),
                    (base.0 - normal.0 * half, base.1 - normal.1 * half),
                ];
                // The shaft reaches into the head, so that no seam shows between them.
                let end = (base.0 + dir.0 * half * 0.5, base.1 + dir.1 * half * 0.5);
                let cover = move |p: (f32, f32)| {
                    let shaft = segment_distance(p, from, end) - width / 2.0;
                    ramp(shaft.min(triangle_distance(p, tip)))
                };
                (None, Some((Box::new(cover), linear(color))))
            }
        }
    }
}

/// The fill and outline of a shape whose signed distance is `d`.
#[allow(clippy::type_complexity)]
fn outlined(
    d: impl Fn((f32, f32)) -> f32 + Copy + 'static,
    line: f32,
    color: [u8; 4],
    fill: Option<[u8; 4]>,
) -> (
    Option<(Box<Cover>, [f32; 4])>,
    Option<(Box<Cover>, [f32; 4])>,
) {
    let ramp = |v: f32| (0.5 - v).clamp(0.0, 1.0);
    let inside = fill.map(|f| {
        let cover: Box<Cover> = Box::new(move |p| ramp(d(p)));
        (cover, linear(f))
    });
    let edge = (line > 0.0).then(|| {
        let cover: Box<Cover> = Box::new(move |p| ramp(d(p).abs() - line / 2.0));
        (cover, linear(color))
    });
    (inside, edge)
}

/// The signed distance from `p` to a rounded rectangle `(x, y, width, height)`
/// (negative inside).
pub(crate) fn rounded_rect_distance(p: (f32, f32), rect: [f32; 4], radius: f32) -> f32 {
    let half = (rect[2] / 2.0, rect[3] / 2.0);
    let q = (
        (p.0 - (rect[0] + half.0)).abs() - half.0 + radius,
        (p.1 - (rect[1] + half.1)).abs() - half.1 + radius,
    );
    q.0.max(0.0).hypot(q.1.max(0.0)) + q.0.max(q.1).min(0.0) - radius
}

/// About the signed distance from `p` to the ellipse fitting `rect`: its implicit
/// function over the length of its gradient, exact on the curve and near it.
fn ellipse_distance(p: (f32, f32), rect: [f32; 4]) -> f32 {
    let (a, b) = ((rect[2] / 2.0).max(0.5), (rect[3] / 2.0).max(0.5));
    let (x, y) = (p.0 - (rect[0] + a), p.1 - (rect[1] + b));
    let f = (x / a).powi(2) + (y / b).powi(2) - 1.0;
    let gradient = (2.0 * x / (a * a)).hypot(2.0 * y / (b * b));
    if gradient <= f32::EPSILON {
        return -a.min(b);
    }
    f / gradient
}

/// The distance from `p` to the segment from `a` to `b`.
fn segment_distance(p: (f32, f32), a: (f32, f32), b: (f32, f32)) -> f32 {
    let ab = (b.0 - a.0, b.1 - a.1);
    let ap = (p.0 - a.0, p.1 - a.1);
    let t = ((ap.0 * ab.0 + ap.1 * ab.1) / (ab.0 * ab.0 + ab.1 * ab.1).max(f32::EPSILON))
        .clamp(0.0, 1.0);
    (ap.0 - ab.0 * t).hypot(ap.1 - ab.1 * t)
}

/// The signed distance from `p` to the triangle `t` as the farthest of its edges' lines
/// (exact inside and along the edges, which is where the ramp is).
fn triangle_distance(p: (f32, f32), t: [(f32, f32); 3]) -> f32 {
    // Which way round the corners go, so that every edge's normal points out.
    let turn = (t[1].0 - t[0].0) * (t[2].1 - t[0].1) - (t[1].1 - t[0].1) * (t[2].0 - t[0].0);
    let sign = if turn >= 0.0 { -1.0 } else { 1.0 };
    (0..3)
        .map(|i| {
            let (a, b) = (t[i], t[(i + 1) % 3]);
            let edge = (b.0 - a.0, b.1 - a.1);
            let length = edge.0.hypot(edge.1).max(f32::EPSILON);
            sign * (edge.0 * (p.1 - a.1) - edge.1 * (p.0 - a.0)) / length
        })
        .fold(f32::NEG_INFINITY, f32::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RED: [u8; 4] = [255, 0, 0, 255];

    fn alpha(drawn: &(OverlayPicture, (i32, i32)), x: i32, y: i32) -> u8 {
        let (picture, origin) = drawn;
        let (px, py) = (x - origin.0, y - origin.1);
        if px < 0 || py < 0 || px >= picture.width as i32 || py >= picture.height as i32 {
            return 0;
        }
        picture.pixels[4 * (py as u32 * picture.width + px as u32) as usize + 3]
    }

    #[test]
    fn a_box_outline_is_its_width_and_leaves_the_inside_clear() {
        let shape = Shape::Box {
            rect: [20.0, 20.0, 100.0, 60.0],
            radius: 0.0,
            line: 4.0,
            color: RED,
            fill: None,
        };
        let drawn = shape.draw((200, 200)).unwrap();
        // The outline is centred on the edge at x = 20: pixels 18..22 are covered.
        for x in 18..22 {
            assert_eq!(alpha(&drawn, x, 50), 255, "{x}");
        }
        assert_eq!(alpha(&drawn, 17, 50), 0);
        assert_eq!(alpha(&drawn, 22, 50), 0);
        assert_eq!(alpha(&drawn, 70, 50), 0, "the inside is clear");
    }

    #[test]
    fn a_filled_ellipse_covers_its_middle_not_its_corners() {
        let shape = Shape::Ellipse {
            rect: [10.0, 10.0, 80.0, 40.0],
            line: 0.0,
            color: RED,
            fill: Some([0, 0, 255, 128]),
        };
        let drawn = shape.draw((100, 100)).unwrap();
        assert_eq!(alpha(&drawn, 50, 30), 128);
        assert_eq!(alpha(&drawn, 12, 12), 0);
        // The ends of its long axis are on its edge.
        assert!(alpha(&drawn, 11, 30) > 0);
    }

    #[test]
    fn an_arrow_has_its_tip_at_to_and_its_line_along_it() {
        let shape = Shape::Arrow {
            from: (10.0, 50.0),
            to: (150.0, 50.0),
            width: 6.0,
            head: 4.0,
            color: RED,
        };
        let drawn = shape.draw((200, 100)).unwrap();
        assert_eq!(alpha(&drawn, 60, 50), 255, "the shaft");
        assert_eq!(alpha(&drawn, 60, 55), 0, "beside the shaft");
        // The head is wider than the shaft just before the tip's base, and nothing is
        // drawn past the tip.
        assert_eq!(alpha(&drawn, 130, 58), 255, "the head");
        assert_eq!(alpha(&drawn, 152, 50), 0, "past the tip");
    }

    #[test]
    fn shapes_outside_the_frame_draw_nothing() {
        let shape = Shape::Box {
            rect: [500.0, 500.0, 10.0, 10.0],
            radius: 2.0,
            line: 2.0,
            color: RED,
            fill: None,
        };
        assert!(shape.draw((100, 100)).is_none());
    }
}
