//! Every limit on what a scene may ask for, in one place: validation enforces them, the
//! frame plan relies on them, and the renderers size their buffers and shader arrays by
//! them (a test reads the WGSL's constants and checks they agree). A scene past a limit
//! fails validation with an error naming the field; nothing is ever dropped silently.

/// The smallest output width or height Reel writes, in pixels.
pub const MIN_OUTPUT_DIMENSION: u32 = 16;
/// The largest output width or height Reel writes, in pixels (8K).
pub const MAX_OUTPUT_DIMENSION: u32 = 8192;
/// The highest output frame rate Reel writes, in frames per second.
pub const MAX_FPS: f64 = 240.0;
/// The largest blur radius, shadow blur, spread or border width, in pixels.
pub const MAX_EFFECT_PIXELS: f32 = 1000.0;
/// The most stops a gradient may have.
pub const MAX_GRADIENT_STOPS: usize = 8;
/// The largest zoom magnification.
pub const MAX_ZOOM_SCALE: f32 = 20.0;
/// The largest position or size in source pixels a scene may name (crop, zoom and blurred
/// rectangles, zoom centres): past any video's picture, and small enough that sums of
/// positions and sizes stay exact.
pub const MAX_SOURCE_COORDINATE: f32 = 65536.0;
/// The fewest and most sub-frame samples motion blur averages (`motion_blur.samples`).
pub const MOTION_SAMPLES: std::ops::RangeInclusive<u32> = 2..=16;
/// The most views one frame averages: one per motion-blur sample.
pub const MAX_VIEWS: usize = *MOTION_SAMPLES.end() as usize;
/// The most blur regions active at the same output time. Each may have its own radius
/// and move; a scene with more at once fails validation, naming the region.
pub const MAX_ACTIVE_BLUR_REGIONS: usize = 32;
/// The most keyframes one moving blur region may have.
pub const MAX_BLUR_KEYFRAMES: usize = 256;
