//! The pictures that travel with frame entities: decoded source pictures in, rendered
//! output pictures out. Both wrap FFmpeg frames so that pixels move without copies.

use ffmpeg_next::format::Pixel;
use ffmpeg_next::frame::Video;
use reel_plan::SourceId;
use std::fmt;
use std::sync::Arc;

/// The matrix that relates a picture's Y'CbCr values to R'G'B'.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColorMatrix {
    /// ITU-R BT.601 (standard-definition video; also SMPTE 170M and BT.470BG).
    Bt601,
    /// ITU-R BT.709 (high-definition video).
    Bt709,
    /// ITU-R BT.2020, non-constant luminance.
    Bt2020,
    /// The picture stores R'G'B' directly; no matrix applies.
    Rgb,
}

impl ColorMatrix {
    /// The luma weights (Kr, Kb) of the matrix; Kg is `1 - Kr - Kb`.
    pub fn luma_weights(self) -> (f32, f32) {
        match self {
            ColorMatrix::Bt601 => (0.299, 0.114),
            ColorMatrix::Bt709 | ColorMatrix::Rgb => (0.2126, 0.0722),
            ColorMatrix::Bt2020 => (0.2627, 0.0593),
        }
    }
}

/// Whether a picture's values span the limited ("TV", 16–235) or full (0–255) range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColorRange {
    /// Luma 16–235, chroma 16–240 (8-bit codes).
    Limited,
    /// Every code 0–255.
    Full,
}

/// How to turn a picture's samples into colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ColorInfo {
    /// The Y'CbCr matrix (or [`ColorMatrix::Rgb`]).
    pub matrix: ColorMatrix,
    /// The sample range.
    pub range: ColorRange,
}

impl ColorInfo {
    /// BT.709 limited range: what Reel's Y'CbCr output is.
    pub const BT709: ColorInfo = ColorInfo {
        matrix: ColorMatrix::Bt709,
        range: ColorRange::Limited,
    };
}

/// How a source picture's planes are laid out: which pixel formats the renderer uploads
/// as they are (the decoder converts the others first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceLayout {
    /// Three 8-bit planes: Y', Cb, Cr (4:2:0, 4:2:2 or 4:4:4).
    Planar,
    /// Two 8-bit planes: Y' and interleaved CbCr (NV12).
    SemiPlanar,
    /// One plane of 8-bit R'G'B'A (or B'G'R'A) samples; the fourth byte is ignored.
    Packed {
        /// Whether the bytes are in B, G, R order.
        bgra: bool,
    },
}

impl SourceLayout {
    /// The layout of pictures in `format`, if the renderer takes it directly.
    pub fn of(format: Pixel) -> Option<SourceLayout> {
        match format {
            Pixel::YUV420P
            | Pixel::YUVJ420P
            | Pixel::YUV422P
            | Pixel::YUVJ422P
            | Pixel::YUV444P
            | Pixel::YUVJ444P => Some(SourceLayout::Planar),
            Pixel::NV12 => Some(SourceLayout::SemiPlanar),
            Pixel::RGBA | Pixel::RGBZ => Some(SourceLayout::Packed { bgra: false }),
            Pixel::BGRA | Pixel::BGRZ => Some(SourceLayout::Packed { bgra: true }),
            _ => None,
        }
    }
}

/// FFmpeg's pixel format for the renderer's frames in `pixels`: what a rendered
/// [`OutputPicture`] holds and the encoder's conversion starts from.
pub fn frame_pixel_format(pixels: reel_scene::FramePixels) -> Pixel {
    match pixels {
        reel_scene::FramePixels::Nv12 => Pixel::NV12,
        reel_scene::FramePixels::Nv24 => Pixel::NV24,
        reel_scene::FramePixels::Rgba => Pixel::RGBA,
        reel_scene::FramePixels::Yuv422p10 => Pixel::YUV422P10LE,
    }
}

/// A decoded source picture, shared (not copied) by every output frame that shows it.
#[derive(Clone)]
pub struct SourcePicture {
    /// The recording it comes from.
    pub source: SourceId,
    /// The decoded frame, in a pixel format the renderer uploads directly.
    pub frame: Arc<Video>,
    /// How its samples map to colour.
    pub color: ColorInfo,
    /// The index of this picture among the source's decoded pictures, from 0.
    pub source_index: u64,
}

impl SourcePicture {
    /// The picture's width and height in pixels.
    pub fn size(&self) -> (u32, u32) {
        (self.frame.width(), self.frame.height())
    }
}

/// The pictures one output frame shows: one per recording it draws from (the screen, a
/// camera, a second clip), each decoded on its own thread.
#[derive(Clone, Debug, Default)]
pub struct SourcePictures(pub Vec<SourcePicture>);

impl SourcePictures {
    /// The frame's pictures when it shows one recording.
    pub fn single(picture: SourcePicture) -> Self {
        Self(vec![picture])
    }

    /// The picture of recording `source`, if the frame has one.
    pub fn get(&self, source: SourceId) -> Option<&SourcePicture> {
        self.0.iter().find(|picture| picture.source == source)
    }

    /// The screen recording's picture, if the frame has one.
    pub fn screen(&self) -> Option<&SourcePicture> {
        self.get(SourceId::SCREEN)
    }
}

impl fmt::Debug for SourcePicture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SourcePicture")
            .field("source", &self.source)
            .field("format", &self.frame.format())
            .field("size", &self.size())
            .field("color", &self.color)
            .field("source_index", &self.source_index)
            .finish()
    }
}

/// A rendered output picture in the pixels the output's encoder takes
/// ([`frame_pixel_format`]): BT.709 limited-range Y'CbCr as NV12 (4:2:0) or NV24
/// (4:4:4), or R'G'B' with opacity for pictures and GIFs.
pub struct OutputPicture {
    /// The frame the encoder reads; its `pts` is the output frame index.
    pub frame: Video,
}

impl fmt::Debug for OutputPicture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OutputPicture")
            .field("format", &self.frame.format())
            .field("size", &(self.frame.width(), self.frame.height()))
            .field("pts", &self.frame.pts())
            .finish()
    }
}

/// A picture as 8-bit sRGB-encoded RGB, three bytes a pixel, rows packed: what a
/// single-frame render produces and a PNG holds.
#[derive(Clone, PartialEq, Eq)]
pub struct RgbImage {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width * height * 3` bytes, row by row.
    pub data: Vec<u8>,
}

impl RgbImage {
    /// The R, G, B bytes of pixel (x, y).
    pub fn pixel(&self, x: u32, y: u32) -> [u8; 3] {
        let at = ((y * self.width + x) * 3) as usize;
        [self.data[at], self.data[at + 1], self.data[at + 2]]
    }
}

impl fmt::Debug for RgbImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RgbImage({}x{})", self.width, self.height)
    }
}
