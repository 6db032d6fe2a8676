//! Naming the recordings an export draws from.

use reel_scene::Rect;

/// Which recording a layer shows. The screen recording is [`SourceId::SCREEN`]; other
/// recordings (a camera, a second clip) get the next numbers, each decoded on its own
/// thread in step with the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct SourceId(pub u32);

impl SourceId {
    /// The screen recording: the scene's `source`.
    pub const SCREEN: SourceId = SourceId(0);
    /// The scene's camera recording.
    pub const CAMERA: SourceId = SourceId(1);
    /// The scene's background picture: decoded like a recording, shown by no media
    /// layer.
    pub const BACKGROUND_IMAGE: SourceId = SourceId(u32::MAX);
}

/// What the plan needs to know about one recording: its picture as shown upright, and
/// the part of it the scene shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SourceFacts {
    /// The recording.
    pub id: SourceId,
    /// Its picture's width and height in pixels, upright.
    pub size: (u32, u32),
    /// How its stored pictures are turned upright.
    pub orientation: Orientation,
    /// The part shown, in source pixels: the scene's crop, or the whole picture.
    pub crop: Rect,
}

impl SourceFacts {
    /// The facts of an upright screen recording of `size` pixels, shown through `crop`.
    pub fn screen(size: (u32, u32), crop: Rect) -> Self {
        Self {
            id: SourceId::SCREEN,
            size,
            orientation: Orientation::UPRIGHT,
            crop,
        }
    }

    /// These facts for a recording whose stored pictures are turned by `orientation`.
    pub fn turned(mut self, orientation: Orientation) -> Self {
        self.orientation = orientation;
        self
    }
}

/// How a recording's stored pictures are turned to be shown upright, as players show
/// them: a mirror (first), then a number of quarter turns clockwise. Phones and some
/// recorders store pictures sideways with a display matrix that says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Orientation {
    /// Quarter turns clockwise, 0 to 3.
    pub quarter_turns: u8,
    /// Whether the picture is mirrored left to right before turning.
    pub mirrored: bool,
}

impl Orientation {
    /// Stored pictures are upright.
    pub const UPRIGHT: Orientation = Orientation {
        quarter_turns: 0,
        mirrored: false,
    };

    /// The orientation a display matrix (FFmpeg's and ISO BMFF's 3x3 matrix, 16.16
    /// fixed point, `a b u c d v x y w` by rows) asks for; rotations are rounded to
    /// quarter turns, as players show them.
    pub fn from_display_matrix(matrix: &[i32; 9]) -> Self {
        let m = matrix.map(|v| f64::from(v) / 65536.0);
        let mirrored = m[0] * m[4] - m[1] * m[3] < 0.0;
        // Undo the mirror (negate the first column), then read the rotation as FFmpeg
        // does: the matrix turns the picture counterclockwise by the angle of its
        // first row.
        let (a, b) = if mirrored {
            (-m[0], m[1])
        } else {
            (m[0], m[1])
        };
        let scale = (a.hypot(m[3]), b.hypot(m[4]));
        if scale.0 == 0.0 || scale.1 == 0.0 {
            return Self::UPRIGHT;
        }
        let counterclockwise = -(b / scale.1).atan2(a / scale.0).to_degrees();
        let clockwise = (-counterclockwise).rem_euclid(360.0);
        let quarter_turns = ((clockwise / 90.0).round() as u32 % 4) as u8;
        Self {
            quarter_turns,
            mirrored,
        }
    }

    /// Whether the picture is shown as it is stored.
    pub fn is_upright(self) -> bool {
        self == Self::UPRIGHT
    }

    /// The size of a `stored`-sized picture once turned upright.
    pub fn upright_size(self, stored: (u32, u32)) -> (u32, u32) {
        if self.quarter_turns % 2 == 1 {
            (stored.1, stored.0)
        } else {
            stored
        }
    }

    /// The mapping from upright positions to stored ones for a `stored`-sized picture,
    /// as `[a, b, c, d, e, f]`: stored `x = a·u + b·v + e`, `y = c·u + d·v + f` for
    /// upright `(u, v)`. The renderers sample the stored picture through it.
    pub fn to_stored(self, stored: (u32, u32)) -> [f32; 6] {
        let (w, h) = (stored.0 as f32, stored.1 as f32);
        // Undo the turn: upright (u, v) to the mirrored picture's (x, y).
        let [mut a, mut b, c, d, mut e, f] = match self.quarter_turns % 4 {
            0 => [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
            1 => [0.0, 1.0, -1.0, 0.0, 0.0, h],
            2 => [-1.0, 0.0, 0.0, -1.0, w, h],
            _ => [0.0, -1.0, 1.0, 0.0, w, 0.0],
        };
        if self.mirrored {
            // Then undo the mirror: x to w - x.
            (a, b, e) = (-a, -b, w - e);
        }
        [a, b, c, d, e, f]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A display matrix turning the picture `degrees` counterclockwise (FFmpeg's
    /// `av_display_rotation_set`), mirrored left to right first if `mirror`.
    fn matrix(degrees: f64, mirror: bool) -> [i32; 9] {
        let r = degrees.to_radians();
        let fixed = |v: f64| (v * 65536.0).round() as i32;
        let (c, s) = (r.cos(), r.sin());
        let mut m = [fixed(c), fixed(-s), 0, fixed(s), fixed(c), 0, 0, 0, 1 << 30];
        if mirror {
            m[0] = -m[0];
            m[3] = -m[3];
        }
        m
    }

    fn map(o: Orientation, stored: (u32, u32), p: (f32, f32)) -> (f32, f32) {
        let [a, b, c, d, e, f] = o.to_stored(stored);
        (a * p.0 + b * p.1 + e, c * p.0 + d * p.1 + f)
    }

    #[test]
    fn display_matrices_become_quarter_turns() {
        let turns = |degrees, mirror| Orientation::from_display_matrix(&matrix(degrees, mirror));
        assert_eq!(turns(0.0, false), Orientation::UPRIGHT);
        // FFmpeg's "rotation of -90 degrees" is a quarter turn clockwise.
        assert_eq!(turns(-90.0, false).quarter_turns, 1);
        assert_eq!(turns(90.0, false).quarter_turns, 3);
        assert_eq!(turns(180.0, false).quarter_turns, 2);
        assert_eq!(turns(-89.7, false).quarter_turns, 1);
        let mirrored = turns(0.0, true);
        assert!(mirrored.mirrored && mirrored.quarter_turns == 0);
        assert_eq!(turns(-90.0, true).quarter_turns, 1);
        assert_eq!(
            Orientation::from_display_matrix(&[0; 9]),
            Orientation::UPRIGHT
        );
    }

    #[test]
    fn upright_positions_map_to_the_stored_picture() {
        let stored = (320, 180);
        let clockwise = Orientation {
            quarter_turns: 1,
            mirrored: false,
        };
        assert_eq!(clockwise.upright_size(stored), (180, 320));
        // Turned clockwise, the stored top-left corner is the upright top-right one.
        assert_eq!(map(clockwise, stored, (180.0, 0.0)), (0.0, 0.0));
        assert_eq!(map(clockwise, stored, (0.0, 0.0)), (0.0, 180.0));
        let half = Orientation {
            quarter_turns: 2,
            mirrored: false,
        };
        assert_eq!(map(half, stored, (0.0, 0.0)), (320.0, 180.0));
        let counter = Orientation {
            quarter_turns: 3,
            mirrored: false,
        };
        assert_eq!(map(counter, stored, (0.0, 0.0)), (320.0, 0.0));
        let mirror = Orientation {
            quarter_turns: 0,
            mirrored: true,
        };
        assert_eq!(map(mirror, stored, (10.0, 20.0)), (310.0, 20.0));
        assert_eq!(
            map(Orientation::UPRIGHT, stored, (10.0, 20.0)),
            (10.0, 20.0)
        );
    }
}
