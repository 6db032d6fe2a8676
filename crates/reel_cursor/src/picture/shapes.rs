//! The built-in cursor shapes, drawn as vector paths in a 32-unit box (y down) so they
//! stay crisp at any size: one function per family of shapes.

use crate::kind::CursorKind;

/// How a part of a shape is painted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum PartStyle {
    /// The path's inside (non-zero winding).
    Fill,
    /// A line along the path this many units wide, with round ends when `round` is set.
    Stroke { width: f32, round: bool },
}

/// One path of a shape, turned about the hotspot by `turn` degrees (clockwise).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Part {
    /// SVG path data in the shape's units.
    pub path: String,
    /// How it is painted.
    pub style: PartStyle,
    /// Degrees it is turned about the hotspot.
    pub turn: f32,
}

/// A cursor shape: parts painted black, outlined in white together, with the point
/// that lands on the tracked position.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Shape {
    /// The tracked point, in the shape's units.
    pub hotspot: (f32, f32),
    /// Its parts; their union is the shape.
    pub parts: Vec<Part>,
}

fn fill(path: String) -> Part {
    Part {
        path,
        style: PartStyle::Fill,
        turn: 0.0,
    }
}

fn line(path: String, width: f32, round: bool) -> Part {
    Part {
        path,
        style: PartStyle::Stroke { width, round },
        turn: 0.0,
    }
}

fn turned(mut part: Part, turn: f32) -> Part {
    part.turn = turn;
    part
}

/// SVG path data of a closed polygon through `points`.
fn polygon(points: &[(f32, f32)]) -> String {
    let mut path = String::new();
    for (i, (x, y)) in points.iter().enumerate() {
        path.push_str(if i == 0 { "M " } else { " L " });
        path.push_str(&format!("{x},{y}"));
    }
    path.push_str(" Z");
    path
}

/// SVG path data of a rectangle with corners rounded by `r`.
fn rounded(x: f32, y: f32, w: f32, h: f32, r: f32) -> String {
    let r = r.min(w / 2.0).min(h / 2.0);
    format!(
        "M {},{y} H {} A {r} {r} 0 0 1 {},{} V {} A {r} {r} 0 0 1 {},{} H {} \
         A {r} {r} 0 0 1 {x},{} V {} A {r} {r} 0 0 1 {},{y} Z",
        x + r,
        x + w - r,
        x + w,
        y + r,
        y + h - r,
        x + w - r,
        y + h,
        x + r,
        y + h - r,
        y + r,
        x + r,
    )
}

/// SVG path data of a circle.
fn circle(cx: f32, cy: f32, r: f32) -> String {
    format!(
        "M {},{cy} A {r} {r} 0 1 0 {},{cy} A {r} {r} 0 1 0 {},{cy} Z",
        cx - r,
        cx + r,
        cx - r
    )
}

/// The arrow's outline with its tip at `(x, y)`.
fn arrow_at(x: f32, y: f32) -> String {
    polygon(&[
        (x, y),
        (x, y + 21.0),
        (x + 5.0, y + 16.2),
        (x + 8.6, y + 24.2),
        (x + 12.0, y + 22.7),
        (x + 8.5, y + 14.8),
        (x + 15.2, y + 14.8),
    ])
}

/// A left–right double arrow across the box's middle.
fn double_arrow() -> String {
    polygon(&[
        (4.0, 16.0),
        (10.0, 10.0),
        (10.0, 14.0),
        (22.0, 14.0),
        (22.0, 10.0),
        (28.0, 16.0),
        (22.0, 22.0),
        (22.0, 18.0),
        (10.0, 18.0),
        (10.0, 22.0),
    ])
}

/// One arm pair of the four-way arrow: narrower heads than [`double_arrow`], so that
/// the two crossed pairs stay apart.
fn four_way_arms() -> String {
    polygon(&[
        (3.0, 16.0),
        (8.0, 11.5),
        (8.0, 14.5),
        (24.0, 14.5),
        (24.0, 11.5),
        (29.0, 16.0),
        (24.0, 20.5),
        (24.0, 17.5),
        (8.0, 17.5),
        (8.0, 20.5),
    ])
}

const CENTRE: (f32, f32) = (16.0, 16.0);

fn arrows(kind: CursorKind) -> Shape {
    match kind {
        CursorKind::Help => Shape {
            hotspot: (6.0, 5.0),
            parts: vec![
                fill(arrow_at(6.0, 5.0)),
                line(
                    "M 23,8.5 A 3.2 3.2 0 1 1 26.2,11.7 L 26.2,14.2".into(),
                    2.2,
                    false,
                ),
                fill(circle(26.2, 17.6, 1.4)),
            ],
        },
        CursorKind::ResizeHorizontal => Shape {
            hotspot: CENTRE,
            parts: vec![fill(double_arrow())],
        },
        CursorKind::ResizeVertical => Shape {
            hotspot: CENTRE,
            parts: vec![turned(fill(double_arrow()), 90.0)],
        },
        CursorKind::ResizeDiagonalDown => Shape {
            hotspot: CENTRE,
            parts: vec![turned(fill(double_arrow()), 45.0)],
        },
        CursorKind::ResizeDiagonalUp => Shape {
            hotspot: CENTRE,
            parts: vec![turned(fill(double_arrow()), -45.0)],
        },
        CursorKind::Move => Shape {
            hotspot: CENTRE,
            parts: vec![fill(four_way_arms()), turned(fill(four_way_arms()), 90.0)],
        },
        _ => Shape {
            hotspot: (8.0, 5.0),
            parts: vec![fill(arrow_at(8.0, 5.0))],
        },
    }
}

fn hands(kind: CursorKind) -> Shape {
    match kind {
        CursorKind::Pointer => Shape {
            hotspot: (13.0, 3.0),
            parts: vec![
                fill(rounded(11.0, 3.0, 4.0, 17.0, 2.0)),
                fill(rounded(15.0, 10.0, 4.0, 10.0, 2.0)),
                fill(rounded(19.0, 11.0, 4.0, 10.0, 2.0)),
                fill(rounded(23.0, 13.0, 3.5, 9.0, 1.75)),
                fill(rounded(9.5, 15.0, 17.0, 14.0, 4.5)),
                line("M 6.5,17.5 L 11,23.5".into(), 4.0, true),
            ],
        },
        CursorKind::Grab => Shape {
            hotspot: CENTRE,
            parts: vec![
                fill(rounded(9.5, 7.0, 3.2, 11.0, 1.6)),
                fill(rounded(13.0, 5.0, 3.2, 11.0, 1.6)),
                fill(rounded(16.5, 5.5, 3.2, 11.0, 1.6)),
                fill(rounded(20.0, 7.5, 3.2, 10.0, 1.6)),
                fill(rounded(9.0, 14.0, 15.0, 13.0, 4.5)),
                line("M 5.8,13.8 L 10.5,21".into(), 3.4, true),
            ],
        },
        _ => Shape {
            hotspot: CENTRE,
            parts: vec![
                fill(rounded(9.5, 10.0, 3.2, 6.0, 1.6)),
                fill(rounded(13.0, 9.0, 3.2, 6.0, 1.6)),
                fill(rounded(16.5, 9.0, 3.2, 6.0, 1.6)),
                fill(rounded(20.0, 10.0, 3.2, 6.0, 1.6)),
                fill(rounded(9.0, 12.0, 15.0, 13.0, 4.5)),
                line("M 7.5,15 L 11,19.5".into(), 3.4, true),
            ],
        },
    }
}

fn marks(kind: CursorKind) -> Shape {
    let parts = match kind {
        CursorKind::Text => vec![
            line("M 16,6 L 16,26".into(), 2.0, false),
            line("M 12.5,6 L 19.5,6".into(), 2.0, false),
            line("M 12.5,26 L 19.5,26".into(), 2.0, false),
        ],
        CursorKind::Crosshair => vec![
            line("M 16,5 L 16,27".into(), 2.0, false),
            line("M 5,16 L 27,16".into(), 2.0, false),
        ],
        CursorKind::NotAllowed => vec![
            line(circle(16.0, 16.0, 9.0), 3.0, false),
            line("M 9.6,9.6 L 22.4,22.4".into(), 3.0, false),
        ],
        _ => vec![fill(polygon(&[
            (9.0, 5.0),
            (23.0, 5.0),
            (23.0, 7.5),
            (17.5, 16.0),
            (23.0, 24.5),
            (23.0, 27.0),
            (9.0, 27.0),
            (9.0, 24.5),
            (14.5, 16.0),
            (9.0, 7.5),
        ]))],
    };
    Shape {
        hotspot: CENTRE,
        parts,
    }
}

/// The built-in shape drawn for `kind` (an arrow for [`CursorKind::Other`]; nothing
/// for [`CursorKind::Hidden`]).
pub(crate) fn shape(kind: CursorKind) -> Option<Shape> {
    match kind {
        CursorKind::Hidden => None,
        CursorKind::Pointer | CursorKind::Grab | CursorKind::Grabbing => Some(hands(kind)),
        CursorKind::Text | CursorKind::Crosshair | CursorKind::NotAllowed | CursorKind::Wait => {
            Some(marks(kind))
        }
        _ => Some(arrows(kind)),
    }
}
