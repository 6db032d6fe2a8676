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
}

/// What the plan needs to know about one recording: its picture as shown upright, and
/// the part of it the scene shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SourceFacts {
    /// The recording.
    pub id: SourceId,
    /// Its picture's width and height in pixels.
    pub size: (u32, u32),
    /// The part shown, in source pixels: the scene's crop, or the whole picture.
    pub crop: Rect,
}

impl SourceFacts {
    /// The facts of the screen recording of `size` pixels, shown through `crop`.
    pub fn screen(size: (u32, u32), crop: Rect) -> Self {
        Self {
            id: SourceId::SCREEN,
            size,
            crop,
        }
    }
}
