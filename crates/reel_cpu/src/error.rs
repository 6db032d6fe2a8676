//! Why the CPU renderer could not draw a frame.

use ffmpeg_next::format::Pixel;

/// A frame the CPU renderer could not draw.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum CpuError {
    /// The plan shows a recording the frame has no picture of.
    #[error("no picture of source {0} for this frame")]
    MissingPicture(u32),
    /// A source picture in a pixel format the renderer does not read (the decoder
    /// converts pictures to one it does, so this is a bug).
    #[error("cannot draw a source picture in pixel format {0:?}")]
    UnsupportedPicture(Pixel),
    /// Resampling failed.
    #[error("resampling failed: {0}")]
    Resize(fast_image_resize::ResizeError),
    /// A blur failed.
    #[error("blurring failed: {0}")]
    Blur(libblur::BlurError),
}
