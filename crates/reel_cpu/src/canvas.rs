//! The planes a frame is drawn into, in the encoder's own layout: Y' and interleaved
//! CbCr codes (8-bit, or 10-bit in 16-bit words), or R'G'B'A bytes; copied into an
//! FFmpeg frame when the frame is done.

use crate::planes::{PlaneMut, pixels_of_mut};
use fast_image_resize::PixelTrait;
use fast_image_resize::pixels::{U8, U8x2, U8x4, U16, U16x2};
use ffmpeg_next::format::Pixel;
use ffmpeg_next::frame::Video;
use reel_plan::Scissor;
use reel_scene::FramePixels;

/// A Y'CbCr sample type: 8-bit codes in bytes, or 10-bit codes in 16-bit words.
pub trait Code: Copy + Default + Send + Sync + std::fmt::Debug + 'static {
    /// One sample as `fast_image_resize` sees it.
    type One: PixelTrait;
    /// Two interleaved samples (Cb and Cr).
    type Two: PixelTrait;
    /// The code of an 8-bit code value (unrounded), rounded and clamped.
    fn from_code(code: f32) -> Self;
    /// The code of an 8-bit code.
    fn widen(code: u8) -> Self;
    /// As an 8-bit code value (a 10-bit code a quarter of itself).
    fn narrow(self) -> f32;
}

impl Code for u8 {
    type One = U8;
    type Two = U8x2;

    #[inline]
    fn from_code(code: f32) -> Self {
        (code + 0.5).clamp(0.0, 255.0) as u8
    }

    #[inline]
    fn widen(code: u8) -> Self {
        code
    }

    #[inline]
    fn narrow(self) -> f32 {
        f32::from(self)
    }
}

impl Code for u16 {
    type One = U16;
    type Two = U16x2;

    /// 10-bit codes are four times the 8-bit ones, as BT.709 and BT.2100 define them.
    #[inline]
    fn from_code(code: f32) -> Self {
        (code * 4.0 + 0.5).clamp(0.0, 1023.0) as u16
    }

    #[inline]
    fn widen(code: u8) -> Self {
        u16::from(code) * 4
    }

    #[inline]
    fn narrow(self) -> f32 {
        f32::from(self) / 4.0
    }
}

/// A Y'CbCr frame being drawn: full-size Y', and Cb and Cr interleaved at a
/// `sub`-sampled size.
#[derive(Debug, Clone)]
pub struct YuvCanvas<C> {
    /// Width and height in pixels.
    pub size: (u32, u32),
    /// How many pixels across and down one chroma sample stands for.
    pub sub: (u32, u32),
    /// Y' codes, row after row.
    pub luma: Vec<C>,
    /// Cb and Cr codes, interleaved, row after row.
    pub chroma: Vec<C>,
}

impl<C: Code> YuvCanvas<C> {
    /// A canvas of `size` pixels with chroma `sub`-sampled.
    pub fn new(size: (u32, u32), sub: (u32, u32)) -> Self {
        let chroma = (size.0.div_ceil(sub.0), size.1.div_ceil(sub.1));
        Self {
            size,
            sub,
            luma: vec![C::default(); size.0 as usize * size.1 as usize],
            chroma: vec![C::default(); 2 * chroma.0 as usize * chroma.1 as usize],
        }
    }

    /// The R'G'B' (0 to 1) drawn at pixel `(x, y)`: its Y' with the Cb and Cr of the
    /// chroma sample it shares, through BT.709's limited range.
    pub fn encoded_at(&self, x: u32, y: u32) -> [f32; 3] {
        let luma = self.luma[y as usize * self.size.0 as usize + x as usize].narrow();
        let cw = self.chroma_size().0 as usize;
        let i = 2 * ((y / self.sub.1) as usize * cw + (x / self.sub.0) as usize);
        let (cb, cr) = (self.chroma[i].narrow(), self.chroma[i + 1].narrow());
        crate::color::bt709_to_rgb([luma, cb, cr])
    }

    /// The chroma planes' width and height in samples.
    pub fn chroma_size(&self) -> (u32, u32) {
        (
            self.size.0.div_ceil(self.sub.0),
            self.size.1.div_ceil(self.sub.1),
        )
    }

    /// The Y' codes of `rect`, to write.
    pub fn luma_rect(&mut self, rect: Scissor) -> PlaneMut<'_, C::One> {
        let stride = self.size.0 as usize;
        PlaneMut::rect(
            pixels_of_mut(&mut self.luma),
            stride,
            (rect.x, rect.y),
            (rect.width, rect.height),
        )
        .expect("rectangles lie inside the frame")
    }

    /// The CbCr pairs of `rect` (in chroma samples), to write.
    pub fn chroma_rect(&mut self, rect: Scissor) -> PlaneMut<'_, C::Two> {
        let stride = self.chroma_size().0 as usize;
        PlaneMut::rect(
            pixels_of_mut(&mut self.chroma),
            stride,
            (rect.x, rect.y),
            (rect.width, rect.height),
        )
        .expect("rectangles lie inside the frame")
    }

    /// Copies `rects` of Y' and `chroma` rectangles of the chroma samples from `other`
    /// (the same size).
    pub fn copy_from(&mut self, other: &Self, (rects, chroma): (&[Scissor], &[Scissor])) {
        copy_rects(&mut self.luma, &other.luma, self.size.0 as usize, rects, 1);
        let stride = 2 * self.chroma_size().0 as usize;
        copy_rects(&mut self.chroma, &other.chroma, stride, chroma, 2);
    }
}

/// An R'G'B'A frame being drawn.
#[derive(Debug, Clone)]
pub struct RgbaCanvas {
    /// Width and height in pixels.
    pub size: (u32, u32),
    /// R'G'B'A bytes, row after row.
    pub data: Vec<u8>,
}

impl RgbaCanvas {
    /// The R'G'B' (0 to 1) drawn at pixel `(x, y)`.
    pub fn encoded_at(&self, x: u32, y: u32) -> [f32; 3] {
        let i = 4 * (y as usize * self.size.0 as usize + x as usize);
        [0, 1, 2].map(|c| f32::from(self.data[i + c]) / 255.0)
    }

    /// A canvas of `size` pixels, opaque black.
    pub fn new(size: (u32, u32)) -> Self {
        let mut data = vec![0; 4 * size.0 as usize * size.1 as usize];
        for pixel in data.chunks_exact_mut(4) {
            pixel[3] = 255;
        }
        Self { size, data }
    }

    /// The pixels of `rect`, to write.
    pub fn rect(&mut self, rect: Scissor) -> PlaneMut<'_, U8x4> {
        let stride = self.size.0 as usize;
        PlaneMut::rect(
            pixels_of_mut(&mut self.data),
            stride,
            (rect.x, rect.y),
            (rect.width, rect.height),
        )
        .expect("rectangles lie inside the frame")
    }

    /// Copies `rects` from `other` (the same size).
    pub fn copy_from(&mut self, other: &Self, rects: &[Scissor]) {
        copy_rects(
            &mut self.data,
            &other.data,
            4 * self.size.0 as usize,
            rects,
            4,
        );
    }

    /// Sets pixel (`x`, `y`) to R'G'B' codes (0 to 1).
    #[inline]
    pub fn put(&mut self, x: u32, y: u32, rgb: [f32; 3]) {
        let i = 4 * (y as usize * self.size.0 as usize + x as usize);
        for (byte, value) in self.data[i..i + 3].iter_mut().zip(rgb) {
            *byte = (value * 255.0 + 0.5).clamp(0.0, 255.0) as u8;
        }
    }
}

/// Copies `rects` (of pixels `samples` wide) between planes whose rows are `stride`
/// samples apart.
fn copy_rects<T: Copy>(to: &mut [T], from: &[T], stride: usize, rects: &[Scissor], samples: usize) {
    for r in rects {
        for y in r.y as usize..(r.y + r.height) as usize {
            let start = y * stride + samples * r.x as usize;
            let end = start + samples * r.width as usize;
            to[start..end].copy_from_slice(&from[start..end]);
        }
    }
}

/// The frame being drawn, in the output's layout.
#[derive(Debug, Clone)]
pub enum Canvas {
    /// 8-bit Y'CbCr (NV12, NV24).
    Yuv8(YuvCanvas<u8>),
    /// 10-bit Y'CbCr (4:2:2 for ProRes).
    Yuv10(YuvCanvas<u16>),
    /// R'G'B'A (pictures and stills).
    Rgba(RgbaCanvas),
}

impl Canvas {
    /// A canvas for `size` frames of `pixels`.
    pub fn new(size: (u32, u32), pixels: FramePixels) -> Self {
        match pixels {
            FramePixels::Nv12 => Canvas::Yuv8(YuvCanvas::new(size, (2, 2))),
            FramePixels::Nv24 => Canvas::Yuv8(YuvCanvas::new(size, (1, 1))),
            FramePixels::Yuv422p10 => Canvas::Yuv10(YuvCanvas::new(size, (2, 1))),
            FramePixels::Rgba => Canvas::Rgba(RgbaCanvas::new(size)),
        }
    }

    /// The R'G'B' (0 to 1) drawn at pixel `(x, y)` (for Y'CbCr, with the chroma of the
    /// sample it shares).
    pub fn encoded_at(&self, x: u32, y: u32) -> [f32; 3] {
        match self {
            Canvas::Yuv8(c) => c.encoded_at(x, y),
            Canvas::Yuv10(c) => c.encoded_at(x, y),
            Canvas::Rgba(c) => c.encoded_at(x, y),
        }
    }

    /// How many pixels one chroma sample stands for (one for R'G'B').
    pub fn sub(&self) -> (u32, u32) {
        match self {
            Canvas::Yuv8(c) => c.sub,
            Canvas::Yuv10(c) => c.sub,
            Canvas::Rgba(_) => (1, 1),
        }
    }

    /// The drawn frame as an FFmpeg frame in `pixels`' format.
    pub fn to_frame(&self, pixels: FramePixels) -> Video {
        match (self, pixels) {
            (Canvas::Yuv8(c), FramePixels::Nv24) => semi_planar(c, Pixel::NV24),
            (Canvas::Yuv8(c), _) => semi_planar(c, Pixel::NV12),
            (Canvas::Yuv10(c), _) => planar_10(c),
            (Canvas::Rgba(c), _) => {
                let mut frame = Video::new(Pixel::RGBA, c.size.0, c.size.1);
                copy_rows(&mut frame, 0, &c.data, 4 * c.size.0 as usize);
                frame
            }
        }
    }
}

fn copy_rows(frame: &mut Video, plane: usize, data: &[u8], row: usize) {
    let stride = frame.stride(plane);
    let target = frame.data_mut(plane);
    for (y, source) in data.chunks_exact(row).enumerate() {
        target[y * stride..y * stride + row].copy_from_slice(source);
    }
}

fn semi_planar(canvas: &YuvCanvas<u8>, format: Pixel) -> Video {
    let (w, _) = canvas.size;
    let mut frame = Video::new(format, canvas.size.0, canvas.size.1);
    copy_rows(&mut frame, 0, &canvas.luma, w as usize);
    copy_rows(
        &mut frame,
        1,
        &canvas.chroma,
        2 * canvas.chroma_size().0 as usize,
    );
    frame
}

fn planar_10(canvas: &YuvCanvas<u16>) -> Video {
    let (w, h) = canvas.size;
    let mut frame = Video::new(Pixel::YUV422P10LE, w, h);
    let stride = frame.stride(0);
    let target = frame.data_mut(0);
    for (y, row) in canvas.luma.chunks_exact(w as usize).enumerate() {
        let out = &mut target[y * stride..y * stride + 2 * w as usize];
        for (pair, v) in out.chunks_exact_mut(2).zip(row) {
            pair.copy_from_slice(&v.to_le_bytes());
        }
    }
    let cw = canvas.chroma_size().0 as usize;
    for plane in 0..2 {
        let stride = frame.stride(plane + 1);
        let target = frame.data_mut(plane + 1);
        for (y, row) in canvas.chroma.chunks_exact(2 * cw).enumerate() {
            let out = &mut target[y * stride..y * stride + 2 * cw];
            for (pair, v) in out
                .chunks_exact_mut(2)
                .zip(row.iter().skip(plane).step_by(2))
            {
                pair.copy_from_slice(&v.to_le_bytes());
            }
        }
    }
    frame
}
