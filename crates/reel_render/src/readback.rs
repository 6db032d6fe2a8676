//! The layout of a rendered frame's planes in the readback buffer, in the pixels the
//! output's encoder takes ([`FramePixels`]): NV12 (luma, then interleaved Cb and Cr at
//! half size), NV24 (the same with full-size chroma), RGBA (one plane), or 10-bit 4:2:2
//! (luma and interleaved half-width chroma as half floats, turned into 10-bit codes and
//! planar chroma as they are copied). Then their copy into the encoder's frame: the one
//! copy of output pixels on the CPU.

use ffmpeg_next::frame::Video;
use reel_pipeline::frame_pixel_format;
use reel_scene::FramePixels;

/// Texture-to-buffer copies need rows aligned to this many bytes.
const ROW_ALIGNMENT: u32 = wgpu::COPY_BYTES_PER_ROW_ALIGNMENT;

/// Where one plane lies in a readback buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlaneCopy {
    /// Its first byte.
    pub offset: u32,
    /// Bytes per row in the buffer, padded for texture copies.
    pub row: u32,
    /// Bytes of each row that hold pixels.
    pub row_bytes: u32,
    /// Its rows.
    pub rows: u32,
}

/// Where each plane of an output frame lies in a readback buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadbackLayout {
    /// Output width in pixels (even).
    pub width: u32,
    /// Output height in pixels (even).
    pub height: u32,
    /// What the planes hold.
    pub pixels: FramePixels,
    /// The first plane: luma, or the RGBA picture.
    pub first: PlaneCopy,
    /// The interleaved chroma plane, for Y'CbCr pixels.
    pub chroma: Option<PlaneCopy>,
    /// Bytes of the whole buffer.
    pub size: u32,
}

impl ReadbackLayout {
    /// The layout of `width` x `height` frames of `pixels`.
    pub fn new(width: u32, height: u32, pixels: FramePixels) -> Self {
        let plane = |offset: u32, row_bytes: u32, rows: u32| PlaneCopy {
            offset,
            row: row_bytes.next_multiple_of(ROW_ALIGNMENT),
            row_bytes,
            rows,
        };
        let (first, chroma) = match pixels {
            FramePixels::Rgba => (plane(0, width * 4, height), None),
            FramePixels::Yuv422p10 => {
                let luma = plane(0, width * 2, height);
                let chroma = plane(luma.row * height, (width / 2) * 4, height);
                (luma, Some(chroma))
            }
            FramePixels::Nv12 | FramePixels::Nv24 => {
                let luma = plane(0, width, height);
                let (across, rows) = match pixels {
                    FramePixels::Nv12 => (width / 2, height / 2),
                    _ => (width, height),
                };
                let chroma = plane(luma.row * height, across * 2, rows);
                (luma, Some(chroma))
            }
        };
        let end = |p: &PlaneCopy| p.offset + p.row * p.rows;
        let size = chroma.as_ref().map_or(end(&first), end);
        Self {
            width,
            height,
            pixels,
            first,
            chroma,
            size,
        }
    }

    /// The size of the chroma plane in texels, for Y'CbCr pixels.
    pub fn chroma_size(&self) -> Option<(u32, u32)> {
        let texel = if self.is_deep() { 4 } else { 2 };
        self.chroma.map(|c| (c.row_bytes / texel, c.rows))
    }

    /// Whether the planes hold half floats for 10-bit codes rather than 8-bit codes.
    pub fn is_deep(&self) -> bool {
        self.pixels == FramePixels::Yuv422p10
    }

    /// Bytes of pixels in one frame, without row padding.
    pub fn frame_bytes(&self) -> u64 {
        let bytes = |p: &PlaneCopy| u64::from(p.row_bytes) * u64::from(p.rows);
        bytes(&self.first) + self.chroma.as_ref().map_or(0, bytes)
    }

    /// Copies the planes out of a mapped readback buffer into a new encoder frame.
    pub fn to_frame(&self, packed: &[u8]) -> Video {
        let mut frame = Video::new(frame_pixel_format(self.pixels), self.width, self.height);
        if self.is_deep() {
            self.copy_deep(packed, &mut frame);
            return frame;
        }
        for (index, plane) in [Some(self.first), self.chroma]
            .into_iter()
            .flatten()
            .enumerate()
        {
            let line = frame.stride(index);
            let data = frame.data_mut(index);
            let row_bytes = plane.row_bytes as usize;
            for row in 0..plane.rows as usize {
                let from = plane.offset as usize + row * plane.row as usize;
                data[row * line..row * line + row_bytes]
                    .copy_from_slice(&packed[from..from + row_bytes]);
            }
        }
        frame
    }
}

impl ReadbackLayout {
    /// Copies half-float planes into 10-bit codes: the luma as it is, the interleaved
    /// chroma into the frame's separate Cb and Cr planes.
    fn copy_deep(&self, packed: &[u8], frame: &mut Video) {
        let code = |bytes: &[u8]| {
            let value = half_to_f32(u16::from_le_bytes([bytes[0], bytes[1]]));
            (value * 1023.0).round().clamp(0.0, 1023.0) as u16
        };
        let luma = self.first;
        let line = frame.stride(0);
        for row in 0..luma.rows as usize {
            let from = &packed[luma.offset as usize + row * luma.row as usize..];
            let to = &mut frame.data_mut(0)[row * line..];
            for (x, texel) in from[..luma.row_bytes as usize].chunks_exact(2).enumerate() {
                to[2 * x..2 * x + 2].copy_from_slice(&code(texel).to_le_bytes());
            }
        }
        let Some(chroma) = self.chroma else {
            return;
        };
        for row in 0..chroma.rows as usize {
            let from = &packed[chroma.offset as usize + row * chroma.row as usize..];
            for (x, texel) in from[..chroma.row_bytes as usize]
                .chunks_exact(4)
                .enumerate()
            {
                for (plane, sample) in [(1, &texel[..2]), (2, &texel[2..])] {
                    let line = frame.stride(plane);
                    let to = &mut frame.data_mut(plane)[row * line + 2 * x..];
                    to[..2].copy_from_slice(&code(sample).to_le_bytes());
                }
            }
        }
    }
}

/// The value of an IEEE half-precision float (the deep targets' texels).
fn half_to_f32(bits: u16) -> f32 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exponent = i32::from((bits >> 10) & 0x1f);
    let mantissa = f32::from(bits & 0x3ff);
    match exponent {
        0 => sign * mantissa * 2f32.powi(-24),
        31 => sign * f32::INFINITY,
        _ => sign * (1.0 + mantissa / 1024.0) * 2f32.powi(exponent - 15),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ffmpeg_next::format::Pixel;

    #[test]
    fn rows_are_padded_for_texture_copies() {
        let layout = ReadbackLayout::new(322, 180, FramePixels::Nv12);
        assert_eq!(layout.first.row, 512);
        let chroma = layout.chroma.unwrap();
        assert_eq!((chroma.row, chroma.offset), (512, 512 * 180));
        assert_eq!(layout.size, 512 * 180 + 512 * 90);
        assert_eq!(layout.chroma_size(), Some((161, 90)));
        let full = ReadbackLayout::new(322, 180, FramePixels::Nv24);
        assert_eq!(full.chroma.unwrap().row, 768);
        assert_eq!(full.size, 512 * 180 + 768 * 180);
        assert_eq!(full.frame_bytes(), 322 * 180 * 3);
        let rgba = ReadbackLayout::new(322, 180, FramePixels::Rgba);
        assert_eq!(
            (rgba.first.row, rgba.chroma, rgba.size),
            (1536, None, 1536 * 180)
        );
    }

    #[test]
    fn copies_each_plane_into_the_frame() {
        let layout = ReadbackLayout::new(6, 4, FramePixels::Nv12);
        let chroma = layout.chroma.unwrap();
        let mut packed = vec![0u8; layout.size as usize];
        for row in 0..4 {
            for x in 0..6 {
                packed[(row * layout.first.row + x) as usize] = (row * 10 + x) as u8;
            }
        }
        // Chroma row 1: Cb of the second sample, then Cr of the first.
        packed[(chroma.offset + chroma.row + 2) as usize] = 77;
        packed[(chroma.offset + 1) as usize] = 99;
        let frame = layout.to_frame(&packed);
        assert_eq!(frame.format(), Pixel::NV12);
        assert_eq!(frame.data(0)[frame.stride(0) * 3 + 5], 35);
        assert_eq!(frame.data(1)[frame.stride(1) + 2], 77);
        assert_eq!(frame.data(1)[1], 99);
    }

    #[test]
    fn half_floats_become_ten_bit_codes() {
        assert_eq!(half_to_f32(0x3c00), 1.0);
        assert_eq!(half_to_f32(0x3800), 0.5);
        assert_eq!(half_to_f32(0), 0.0);
        let layout = ReadbackLayout::new(4, 2, FramePixels::Yuv422p10);
        assert_eq!(layout.chroma_size(), Some((2, 2)));
        let mut packed = vec![0u8; layout.size as usize];
        // Luma texel 1 of row 1 is 0.5; chroma texel 1 of row 0 holds Cb 1.0, Cr 0.5.
        packed[(layout.first.row + 2) as usize..][..2].copy_from_slice(&0x3800u16.to_le_bytes());
        let chroma = layout.chroma.unwrap().offset as usize + 4;
        packed[chroma..][..2].copy_from_slice(&0x3c00u16.to_le_bytes());
        packed[chroma + 2..][..2].copy_from_slice(&0x3800u16.to_le_bytes());
        let frame = layout.to_frame(&packed);
        assert_eq!(frame.format(), Pixel::YUV422P10LE);
        let sample = |plane: usize, offset: usize| {
            u16::from_le_bytes([frame.data(plane)[offset], frame.data(plane)[offset + 1]])
        };
        assert_eq!(sample(0, frame.stride(0) + 2), 512);
        assert_eq!(sample(1, 2), 1023);
        assert_eq!(sample(2, 2), 512);
    }

    #[test]
    fn rgba_frames_are_one_plane() {
        let layout = ReadbackLayout::new(2, 2, FramePixels::Rgba);
        let mut packed = vec![0u8; layout.size as usize];
        packed[layout.first.row as usize + 4] = 200;
        let frame = layout.to_frame(&packed);
        assert_eq!(frame.format(), Pixel::RGBA);
        assert_eq!(frame.data(0)[frame.stride(0) + 4], 200);
    }
}
