//! The regions of an output frame that each need a different shader: the pixels wholly
//! inside the picture, and the rim of pixels it only partly covers. Everything else is
//! background.

use reel_scene::PixelRect;

/// A rectangle of whole pixels: a scissor rectangle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scissor {
    /// Left column.
    pub x: u32,
    /// Top row.
    pub y: u32,
    /// Columns.
    pub width: u32,
    /// Rows.
    pub height: u32,
}

/// The pixel regions the picture's rectangle splits a frame into.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Regions {
    /// Pixels the picture covers wholly.
    pub inside: Option<Scissor>,
    /// Pixels the picture covers partly (up to four strips around `inside`).
    pub rim: Vec<Scissor>,
}

impl Regions {
    /// Splits an `output`-sized frame around `content`.
    pub fn new(content: &PixelRect, output: (u32, u32)) -> Self {
        let clamp_x = |v: f32| v.clamp(0.0, output.0 as f32) as u32;
        let clamp_y = |v: f32| v.clamp(0.0, output.1 as f32) as u32;
        let (x0, x1) = (content.x, content.x + content.width);
        let (y0, y1) = (content.y, content.y + content.height);
        // Pixels touched at all, and pixels covered wholly.
        let (outer_x0, outer_x1) = (clamp_x(x0.floor()), clamp_x(x1.ceil()));
        let (outer_y0, outer_y1) = (clamp_y(y0.floor()), clamp_y(y1.ceil()));
        let (inner_x0, inner_x1) = (clamp_x(x0.ceil()), clamp_x(x1.floor()));
        let (inner_y0, inner_y1) = (clamp_y(y0.ceil()), clamp_y(y1.floor()));
        let rect = |xa: u32, xb: u32, ya: u32, yb: u32| {
            (xb > xa && yb > ya).then(|| Scissor {
                x: xa,
                y: ya,
                width: xb - xa,
                height: yb - ya,
            })
        };
        let inside = rect(inner_x0, inner_x1, inner_y0, inner_y1);
        let rim = match inside {
            Some(_) => [
                rect(outer_x0, outer_x1, outer_y0, inner_y0),
                rect(outer_x0, outer_x1, inner_y1, outer_y1),
                rect(outer_x0, inner_x0, inner_y0, inner_y1),
                rect(inner_x1, outer_x1, inner_y0, inner_y1),
            ]
            .into_iter()
            .flatten()
            .collect(),
            // A picture thinner than a pixel is all rim.
            None => rect(outer_x0, outer_x1, outer_y0, outer_y1)
                .into_iter()
                .collect(),
        };
        Self { inside, rim }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x: f32, y: f32, width: f32, height: f32) -> PixelRect {
        PixelRect {
            x,
            y,
            width,
            height,
        }
    }

    fn area(regions: &Regions) -> u32 {
        regions
            .inside
            .iter()
            .chain(&regions.rim)
            .map(|s| s.width * s.height)
            .sum()
    }

    #[test]
    fn whole_pixel_rectangles_have_no_rim() {
        let regions = Regions::new(&rect(240.0, 0.0, 1440.0, 1080.0), (1920, 1080));
        assert_eq!(
            regions.inside,
            Some(Scissor {
                x: 240,
                y: 0,
                width: 1440,
                height: 1080
            })
        );
        assert!(regions.rim.is_empty());
    }

    #[test]
    fn fractional_edges_get_a_one_pixel_rim() {
        let regions = Regions::new(&rect(10.5, 20.25, 100.0, 50.0), (200, 100));
        assert_eq!(
            regions.inside,
            Some(Scissor {
                x: 11,
                y: 21,
                width: 99,
                height: 49
            })
        );
        // The rim and the inside tile the touched pixels exactly, without overlap.
        assert_eq!(area(&regions), 101 * 51);
        assert_eq!(regions.rim.len(), 4);
    }

    #[test]
    fn rectangles_are_clipped_to_the_frame() {
        let regions = Regions::new(&rect(-5.5, -5.5, 300.0, 300.0), (100, 50));
        assert_eq!(
            regions.inside,
            Some(Scissor {
                x: 0,
                y: 0,
                width: 100,
                height: 50
            })
        );
        assert!(regions.rim.is_empty());
        let tiny = Regions::new(&rect(3.2, 3.2, 0.5, 0.5), (10, 10));
        assert_eq!(tiny.inside, None);
        assert_eq!(
            tiny.rim,
            [Scissor {
                x: 3,
                y: 3,
                width: 1,
                height: 1
            }]
        );
    }
}
