//! Cache keys: the bits of a layer's parameters, so that a renderer can tell a layer it
//! drew for the previous frame from one it must draw again.

use reel_scene::{LinearRgba, PixelRect, Rect};

/// A digest of every parameter of a layer. Two layers with the same key draw the same
/// pixels (from the same source picture).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LayerKey(pub u64);

/// Feeds parameters into a [`LayerKey`] (64-bit FNV-1a over their bits: stable across
/// runs and machines, unlike `std`'s randomly seeded hasher).
#[derive(Debug, Clone)]
pub struct KeyHasher(u64);

impl Default for KeyHasher {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl KeyHasher {
    /// Starts a key for a layer of kind `kind`.
    pub fn new(kind: u32) -> Self {
        let mut hasher = Self::default();
        hasher.u32(kind);
        hasher
    }

    /// Adds one 32-bit value.
    pub fn u32(&mut self, value: u32) -> &mut Self {
        for byte in value.to_le_bytes() {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self
    }

    /// Adds one 64-bit value (another key, say).
    pub fn u64(&mut self, value: u64) -> &mut Self {
        self.u32(value as u32).u32((value >> 32) as u32)
    }

    /// Adds a number by its bits (so 0.0 and -0.0 differ, and so do NaNs: a key never
    /// says two layers are the same when they might not be).
    pub fn f32(&mut self, value: f32) -> &mut Self {
        self.u32(value.to_bits())
    }

    /// Adds a rectangle in source pixels.
    pub fn rect(&mut self, rect: &Rect) -> &mut Self {
        self.f32(rect.x)
            .f32(rect.y)
            .f32(rect.width)
            .f32(rect.height)
    }

    /// Adds a rectangle in output pixels.
    pub fn pixel_rect(&mut self, rect: &PixelRect) -> &mut Self {
        self.f32(rect.x)
            .f32(rect.y)
            .f32(rect.width)
            .f32(rect.height)
    }

    /// Adds a colour.
    pub fn color(&mut self, color: &LinearRgba) -> &mut Self {
        self.f32(color.red)
            .f32(color.green)
            .f32(color.blue)
            .f32(color.alpha)
    }

    /// The key.
    pub fn finish(&self) -> LayerKey {
        LayerKey(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_every_bit() {
        let key = |v: f32| KeyHasher::new(1).f32(v).finish();
        assert_eq!(key(1.5), key(1.5));
        assert_ne!(key(1.5), key(1.500_000_1));
        assert_ne!(key(0.0), key(-0.0));
        assert_ne!(KeyHasher::new(1).finish(), KeyHasher::new(2).finish());
        // Order matters: (a, b) is not (b, a).
        let pair = |a: f32, b: f32| KeyHasher::new(0).f32(a).f32(b).finish();
        assert_ne!(pair(1.0, 2.0), pair(2.0, 1.0));
    }
}
