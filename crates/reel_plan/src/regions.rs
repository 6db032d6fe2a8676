//! The regions of an output frame that each need a different shader: the background
//! around the recording, the rim its rounded rectangle and border cover partly, and the
//! pixels wholly inside it. Renderers draw each region with the cheapest code that is
//! exact for it (a software rasteriser runs both sides of a branch, so regions, not
//! branches, keep costly work off the pixels that do not need it).

use crate::FramePlan;
use reel_scene::{BackgroundLook, PixelRect};

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

impl Scissor {
    /// The pixels from column `x0` to `x1` and row `y0` to `y1` (exclusive), if any.
    pub fn span(x0: u32, x1: u32, y0: u32, y1: u32) -> Option<Scissor> {
        (x1 > x0 && y1 > y0).then(|| Scissor {
            x: x0,
            y: y0,
            width: x1 - x0,
            height: y1 - y0,
        })
    }

    /// The pixels both `self` and `other` hold, if any.
    pub fn intersect(&self, other: &Scissor) -> Option<Scissor> {
        Scissor::span(
            self.x.max(other.x),
            self.right().min(other.right()),
            self.y.max(other.y),
            self.bottom().min(other.bottom()),
        )
    }

    /// The column just past its right edge.
    pub fn right(&self) -> u32 {
        self.x + self.width
    }

    /// The row just past its bottom edge.
    pub fn bottom(&self) -> u32 {
        self.y + self.height
    }

    /// The pixels of `self` not in any of `holes`, as rectangles (row bands, left to right).
    pub fn subtract(&self, holes: &[Scissor]) -> Vec<Scissor> {
        let mut rows = vec![self.y, self.bottom()];
        for hole in holes {
            rows.extend([hole.y, hole.bottom()].map(|y| y.clamp(self.y, self.bottom())));
        }
        rows.sort_unstable();
        rows.dedup();
        let mut pieces = Vec::new();
        for band in rows.windows(2) {
            let (top, bottom) = (band[0], band[1]);
            let mut covered: Vec<(u32, u32)> = holes
                .iter()
                .filter(|h| h.y <= top && h.bottom() >= bottom)
                .map(|h| (h.x.max(self.x), h.right().min(self.right())))
                .filter(|(a, b)| b > a)
                .collect();
            covered.sort_unstable();
            let mut x = self.x;
            for (start, end) in covered {
                pieces.extend(Scissor::span(x, start, top, bottom));
                x = x.max(end);
            }
            pieces.extend(Scissor::span(x, self.right(), top, bottom));
        }
        pieces
    }
}

/// The pixel regions of one frame.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Regions {
    /// Background (and shadow) pixels that must be drawn; the rest is the clear colour.
    pub background: Vec<Scissor>,
    /// Pixels the recording's shape or border covers partly.
    pub rim: Vec<Scissor>,
    /// Pixels wholly inside the recording, clear of its corners, its border and the
    /// cursor.
    pub inside: Vec<Scissor>,
    /// The pixels the cursor covers, grown to whole 2x2 blocks (within the frame), drawn
    /// last over whatever is under them. `inside` leaves them out, so that no chroma
    /// sample under the cursor is taken straight from the source.
    pub cursor: Option<Scissor>,
    /// The pixels the camera and its shadow cover, grown to whole 2x2 blocks, drawn
    /// last like the cursor's (and `inside` leaves them out the same way).
    pub camera: Option<Scissor>,
    /// The pixels the overlay (captions) covers, grown to whole 2x2 blocks, drawn last
    /// of all, over the camera (and `inside` leaves them out the same way).
    pub overlay: Option<Scissor>,
    /// The pixels wholly inside the recording that `inside` leaves out for the camera
    /// and the overlay: what a renderer that reads back what it drew under them draws
    /// first.
    pub under_overlays: Vec<Scissor>,
}

impl Regions {
    /// The chroma texels of a 4:2:0 plane for an `output` frame (half its size) whose
    /// 2x2 pixels all lie wholly inside the recording: `(inside, rest)`, together the
    /// whole plane. Inside ones can take their chroma straight from the source.
    pub fn chroma_split(&self, output: (u32, u32)) -> (Vec<Scissor>, Vec<Scissor>) {
        let inside: Vec<Scissor> = self
            .inside
            .iter()
            .filter_map(|s| {
                Scissor::span(
                    s.x.div_ceil(2),
                    s.right() / 2,
                    s.y.div_ceil(2),
                    s.bottom() / 2,
                )
            })
            .collect();
        let plane = Scissor {
            x: 0,
            y: 0,
            width: output.0 / 2,
            height: output.1 / 2,
        };
        let rest = plane.subtract(&inside);
        (inside, rest)
    }

    /// Splits the frame `plan` draws. A solid background is the clear colour: then only
    /// the shadow, if any, needs drawing around the recording.
    pub fn new(plan: &FramePlan) -> Self {
        let output = plan.output;
        let frame = Scissor {
            x: 0,
            y: 0,
            width: output.0,
            height: output.1,
        };
        let bounds = |rect: &PixelRect, grow: f32| {
            let x = |v: f32| v.clamp(0.0, output.0 as f32) as u32;
            let y = |v: f32| v.clamp(0.0, output.1 as f32) as u32;
            Scissor::span(
                x((rect.x - grow).floor()),
                x((rect.x + rect.width + grow).ceil()),
                y((rect.y - grow).floor()),
                y((rect.y + rect.height + grow).ceil()),
            )
        };
        let media = plan.screen();
        let c = media.placement;
        let Some(outline) = bounds(&c, 0.0) else {
            // Nothing of the recording is in the frame.
            return Self {
                background: frame.subtract(&[]),
                cursor: cursor_blocks(plan),
                camera: camera_blocks(plan),
                overlay: overlay_blocks(plan),
                ..Default::default()
            };
        };
        let inside = inner_spans(
            &c,
            media.corner_radius,
            media.border.map_or(0.0, |b| b.width),
            output,
        );
        let rim = outline.subtract(&inside);
        let cursor = cursor_blocks(plan);
        let camera = camera_blocks(plan);
        let overlay = overlay_blocks(plan);
        let over: Vec<Scissor> = cursor.into_iter().chain(camera).chain(overlay).collect();
        let above: Vec<Scissor> = camera.into_iter().chain(overlay).collect();
        let under_overlays = inside
            .iter()
            .flat_map(|s| {
                // Each inside pixel once, though the camera and the overlay overlap.
                let mut pieces: Vec<Scissor> = Vec::new();
                for a in &above {
                    if let Some(piece) = s.intersect(a) {
                        pieces.extend(piece.subtract(&pieces.clone()));
                    }
                }
                pieces
            })
            .collect();
        let inside = if over.is_empty() {
            inside
        } else {
            inside.iter().flat_map(|s| s.subtract(&over)).collect()
        };
        // A spotlight darkens the clear colour too: then the background is drawn.
        let solid = matches!(plan.background().look, BackgroundLook::Solid(_))
            && plan.spotlight().is_none();
        let background = match (solid, plan.shadow()) {
            (false, _) => frame.subtract(&[outline]),
            (true, Some(shadow)) => bounds(&shadow.0.rect, shadow.reach())
                .map(|area| area.subtract(&[outline]))
                .unwrap_or_default(),
            (true, None) => Vec::new(),
        };
        Self {
            background,
            rim,
            inside,
            cursor,
            camera,
            overlay,
            under_overlays,
        }
    }
}

/// The 2x2 blocks of the frame the camera of `plan` (and its shadow) covers, if it
/// shows one.
fn camera_blocks(plan: &FramePlan) -> Option<Scissor> {
    blocks(plan.camera()?.bounds(plan.output)?, plan.output)
}

/// The 2x2 blocks of the frame the overlay of `plan` covers, if it shows one.
fn overlay_blocks(plan: &FramePlan) -> Option<Scissor> {
    blocks(plan.overlay()?.bounds(plan.output)?, plan.output)
}

/// The 2x2 blocks of the frame the cursor of `plan` covers, if it shows one.
fn cursor_blocks(plan: &FramePlan) -> Option<Scissor> {
    blocks(plan.cursor()?.bounds(plan.output)?, plan.output)
}

/// `c` grown to whole 2x2 blocks within an `output` frame.
fn blocks(c: Scissor, output: (u32, u32)) -> Option<Scissor> {
    Scissor::span(
        c.x / 2 * 2,
        (c.right().div_ceil(2) * 2).min(output.0),
        c.y / 2 * 2,
        (c.bottom().div_ceil(2) * 2).min(output.1),
    )
}

/// The pixels of `content` that its corners (radius) and border leave untouched: a band
/// across the middle and one down each side, clear of the corner squares.
fn inner_spans(content: &PixelRect, radius: f32, border: f32, output: (u32, u32)) -> Vec<Scissor> {
    let x = |v: f32| v.clamp(0.0, output.0 as f32);
    let y = |v: f32| v.clamp(0.0, output.1 as f32);
    let (x0, x1) = (content.x, content.x + content.width);
    let (y0, y1) = (content.y, content.y + content.height);
    let corner = radius.max(border);
    let span =
        |a: f32, b: f32, c: f32, d: f32| Scissor::span(a as u32, b as u32, c as u32, d as u32);
    [
        span(
            x(x0 + corner).ceil(),
            x(x1 - corner).floor(),
            y(y0 + border).ceil(),
            y(y1 - border).floor(),
        ),
        span(
            x(x0 + border).ceil(),
            x(x0 + corner).ceil(),
            y(y0 + corner).ceil(),
            y(y1 - corner).floor(),
        ),
        span(
            x(x1 - corner).floor(),
            x(x1 - border).floor(),
            y(y0 + corner).ceil(),
            y(y1 - corner).floor(),
        ),
    ]
    .into_iter()
    .flatten()
    .filter(|s| s.width > 0 && s.height > 0)
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{gray, plan};
    use reel_scene::{BorderLook, LinearRgba, ShadowLook};

    fn rect(x: f32, y: f32, width: f32, height: f32) -> PixelRect {
        PixelRect {
            x,
            y,
            width,
            height,
        }
    }

    /// The regions of an `output` frame with the recording at `content`.
    fn split(
        content: PixelRect,
        radius: f32,
        output: (u32, u32),
        solid: bool,
        shadow: Option<ShadowLook>,
        border: Option<BorderLook>,
    ) -> Regions {
        let background = if solid {
            BackgroundLook::Solid(gray(0.2, 1.0))
        } else {
            BackgroundLook::Blurred {
                radius: 40.0,
                dim: 0.0,
            }
        };
        let mut plan = plan(background, content, shadow);
        plan.output = output;
        let media = plan.screen_mut();
        media.corner_radius = radius;
        media.border = border;
        Regions::new(&plan)
    }

    fn area(spans: &[Scissor]) -> u32 {
        spans.iter().map(|s| s.width * s.height).sum()
    }

    /// Every pixel of the frame is in at most one region, and the drawn regions plus the
    /// cleared remainder are the whole frame.
    fn assert_disjoint(regions: &Regions, output: (u32, u32)) {
        let mut seen = vec![0u8; (output.0 * output.1) as usize];
        for span in regions
            .background
            .iter()
            .chain(&regions.rim)
            .chain(&regions.inside)
        {
            for row in span.y..span.bottom() {
                for col in span.x..span.right() {
                    seen[(row * output.0 + col) as usize] += 1;
                }
            }
        }
        assert!(seen.iter().all(|&n| n <= 1), "regions overlap");
    }

    #[test]
    fn whole_pixel_rectangles_have_no_rim() {
        let content = rect(240.0, 0.0, 1440.0, 1080.0);
        let regions = split(content, 0.0, (1920, 1080), true, None, None);
        assert_eq!(
            regions.inside,
            [Scissor {
                x: 240,
                y: 0,
                width: 1440,
                height: 1080
            }]
        );
        assert!(regions.rim.is_empty());
        assert!(
            regions.background.is_empty(),
            "a solid background is the clear colour"
        );
    }

    #[test]
    fn fractional_edges_get_a_one_pixel_rim() {
        let content = rect(10.5, 20.25, 100.0, 50.0);
        let regions = split(content, 0.0, (200, 100), false, None, None);
        assert_eq!(
            regions.inside,
            [Scissor {
                x: 11,
                y: 21,
                width: 99,
                height: 49
            }]
        );
        assert_eq!(area(&regions.inside) + area(&regions.rim), 101 * 51);
        assert_eq!(area(&regions.background), 200 * 100 - 101 * 51);
        assert_disjoint(&regions, (200, 100));
    }

    #[test]
    fn rounded_corners_and_borders_stay_in_the_rim() {
        let border = Some(BorderLook {
            width: 2.0,
            color: LinearRgba::default(),
        });
        let content = rect(20.0, 10.0, 160.0, 80.0);
        let regions = split(content, 12.0, (200, 100), false, None, border);
        assert_disjoint(&regions, (200, 100));
        // Corner squares (12x12) and the 2-pixel border are rim, not inside.
        assert_eq!(area(&regions.inside), 136 * 76 + 2 * 10 * 56);
        assert_eq!(area(&regions.inside) + area(&regions.rim), 160 * 80);
        for span in &regions.inside {
            assert!(
                span.x >= 22 && span.right() <= 178 && span.y >= 12 && span.bottom() <= 88,
                "{span:?}"
            );
        }
    }

    #[test]
    fn a_solid_background_draws_only_around_the_shadow() {
        let shadow = Some(ShadowLook {
            rect: PixelRect {
                x: 50.0,
                y: 40.0,
                width: 100.0,
                height: 40.0,
            },
            corner_radius: 0.0,
            sigma: 5.0,
            color: LinearRgba::default(),
        });
        let content = rect(50.0, 30.0, 100.0, 40.0);
        let regions = split(content, 0.0, (200, 120), true, shadow, None);
        assert_disjoint(&regions, (200, 120));
        // The shadow reaches 3 sigma (+1) past its rectangle: x 34..166, y 24..96.
        assert_eq!(area(&regions.background), 132 * 72 - 100 * 40);
    }

    #[test]
    fn chroma_inside_takes_only_whole_blocks() {
        let content = rect(10.5, 21.0, 100.0, 50.0);
        let regions = split(content, 0.0, (200, 100), false, None, None);
        // Inside pixels: x 11..110, y 21..71; whole 2x2 blocks: x 6..55, y 11..35.
        let (inside, rest) = regions.chroma_split((200, 100));
        assert_eq!(
            inside,
            [Scissor {
                x: 6,
                y: 11,
                width: 49,
                height: 24
            }]
        );
        assert_eq!(area(&inside) + area(&rest), 100 * 50);
    }

    #[test]
    fn subtraction_tiles_the_remainder() {
        let area_rect = Scissor {
            x: 0,
            y: 0,
            width: 10,
            height: 10,
        };
        let holes = [
            Scissor {
                x: 2,
                y: 2,
                width: 3,
                height: 3,
            },
            Scissor {
                x: 4,
                y: 4,
                width: 4,
                height: 4,
            },
        ];
        let pieces = area_rect.subtract(&holes);
        assert_eq!(area(&pieces), 100 - 9 - 16 + 1);
    }
}
