//! A position or a velocity on the recording, in source pixels.

use std::ops::{Add, Mul, Sub};

/// A point on the recording in source pixels (x to the right, y down, from the top-left
/// corner of the captured picture), or a velocity in source pixels per second.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    /// Pixels from the left edge.
    pub x: f64,
    /// Pixels from the top edge.
    pub y: f64,
}

impl Point {
    /// The point `(x, y)`.
    pub const fn new(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    /// The point a fraction `amount` of the way from `self` to `to`; exactly `to` at 1.
    pub fn lerp(self, to: Point, amount: f64) -> Point {
        // Written from `to` so that an amount of 1 gives `to` bit for bit.
        to + (self - to) * (1.0 - amount)
    }

    /// The distance from the origin: a velocity's speed.
    pub fn length(self) -> f64 {
        self.x.hypot(self.y)
    }

    /// The distance to `other`.
    pub fn distance(self, other: Point) -> f64 {
        (self - other).length()
    }

    /// Whether both coordinates are finite.
    pub fn is_finite(self) -> bool {
        self.x.is_finite() && self.y.is_finite()
    }
}

impl Add for Point {
    type Output = Point;
    fn add(self, other: Point) -> Point {
        Point::new(self.x + other.x, self.y + other.y)
    }
}

impl Sub for Point {
    type Output = Point;
    fn sub(self, other: Point) -> Point {
        Point::new(self.x - other.x, self.y - other.y)
    }
}

impl Mul<f64> for Point {
    type Output = Point;
    fn mul(self, factor: f64) -> Point {
        Point::new(self.x * factor, self.y * factor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lerp_ends_exactly_on_its_target() {
        let a = Point::new(0.1, 812.3);
        let b = Point::new(1919.7, 0.3);
        assert_eq!(a.lerp(b, 1.0), b);
        assert_eq!(a.lerp(b, 0.5), Point::new(959.9, 406.3));
        assert!((a.lerp(b, 0.0).distance(a)) < 1e-9);
    }

    #[test]
    fn lengths_and_distances() {
        assert_eq!(Point::new(3.0, 4.0).length(), 5.0);
        assert_eq!(Point::new(1.0, 1.0).distance(Point::new(4.0, 5.0)), 5.0);
        assert!(!Point::new(f64::NAN, 0.0).is_finite());
    }
}
