//! The layout of NV12 frames (a luma plane, then interleaved Cb and Cr at half size) in
//! the readback buffer, and their copy into the encoder's frame: the one copy of output
//! pixels on the CPU.

use ffmpeg_next::format::Pixel;
use ffmpeg_next::frame::Video;

/// Texture-to-buffer copies need rows aligned to this many bytes.
const ROW_ALIGNMENT: u32 = wgpu::COPY_BYTES_PER_ROW_ALIGNMENT;

/// Where each plane of an NV12 frame lies in a readback buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nv12Layout {
    /// Output width in pixels (even).
    pub width: u32,
    /// Output height in pixels (even).
    pub height: u32,
    /// Bytes per luma row, padded for texture copies.
    pub luma_row: u32,
    /// Bytes per chroma row (Cb and Cr interleaved), padded for texture copies.
    pub chroma_row: u32,
    /// Byte offset of the chroma plane.
    pub chroma_offset: u32,
    /// Total bytes.
    pub size: u32,
}

impl Nv12Layout {
    /// The layout for a `width` × `height` frame.
    pub fn new(width: u32, height: u32) -> Self {
        let luma_row = width.next_multiple_of(ROW_ALIGNMENT);
        // Half as many samples, two bytes each: as many bytes as a luma row.
        let chroma_row = luma_row;
        let chroma_offset = luma_row * height;
        Self {
            width,
            height,
            luma_row,
            chroma_row,
            chroma_offset,
            size: chroma_offset + chroma_row * (height / 2),
        }
    }

    /// The bytes of pixels in one frame (a luma plane and a half-height chroma plane).
    pub fn frame_bytes(&self) -> u64 {
        u64::from(self.width) * u64::from(self.height) * 3 / 2
    }

    /// Copies a read-back frame into a new NV12 frame for the encoder.
    pub fn to_frame(&self, packed: &[u8]) -> Video {
        let mut frame = Video::new(Pixel::NV12, self.width, self.height);
        let planes = [
            (0, self.luma_row, self.height),
            (self.chroma_offset, self.chroma_row, self.height / 2),
        ];
        let row_bytes = self.width as usize;
        for (index, (offset, stride, rows)) in planes.into_iter().enumerate() {
            let line = frame.stride(index);
            let data = frame.data_mut(index);
            for row in 0..rows as usize {
                let from = offset as usize + row * stride as usize;
                data[row * line..row * line + row_bytes]
                    .copy_from_slice(&packed[from..from + row_bytes]);
            }
        }
        frame
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_padded_for_texture_copies() {
        let layout = Nv12Layout::new(322, 180);
        assert_eq!(layout.luma_row, 512);
        assert_eq!(layout.chroma_row, 512);
        assert_eq!(layout.chroma_offset, 512 * 180);
        assert_eq!(layout.size, 512 * 180 + 512 * 90);
    }

    #[test]
    fn copies_each_plane_into_the_frame() {
        let layout = Nv12Layout::new(6, 4);
        let mut packed = vec![0u8; layout.size as usize];
        for row in 0..4 {
            for x in 0..6 {
                packed[(row * layout.luma_row + x) as usize] = (row * 10 + x) as u8;
            }
        }
        // Chroma row 1: Cb of the second sample, then Cr of the first.
        packed[(layout.chroma_offset + layout.chroma_row + 2) as usize] = 77;
        packed[(layout.chroma_offset + 1) as usize] = 99;
        let frame = layout.to_frame(&packed);
        assert_eq!(frame.data(0)[frame.stride(0) * 3 + 5], 35);
        assert_eq!(frame.data(1)[frame.stride(1) + 2], 77);
        assert_eq!(frame.data(1)[1], 99);
    }
}
