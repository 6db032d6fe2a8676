//! The layout of packed Y'CbCr 4:2:0 frames in GPU buffers, and their copy into the
//! encoder's frame: the one copy of output pixels on the CPU.

use ffmpeg_next::format::Pixel;
use ffmpeg_next::frame::Video;

/// Where each plane of a packed 4:2:0 frame lies in a buffer. Rows are padded to whole
/// 32-bit words so the shader writes whole words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YuvLayout {
    /// Output width in pixels (even).
    pub width: u32,
    /// Output height in pixels (even).
    pub height: u32,
    /// Bytes per luma row.
    pub luma_stride: u32,
    /// Bytes per chroma row.
    pub chroma_stride: u32,
    /// Byte offset of the Cb plane.
    pub cb_offset: u32,
    /// Byte offset of the Cr plane.
    pub cr_offset: u32,
    /// Total bytes.
    pub size: u32,
}

impl YuvLayout {
    /// The layout for a `width` × `height` frame.
    pub fn new(width: u32, height: u32) -> Self {
        let luma_stride = width.next_multiple_of(4);
        let chroma_stride = (width / 2).next_multiple_of(4);
        let cb_offset = luma_stride * height;
        let cr_offset = cb_offset + chroma_stride * (height / 2);
        Self {
            width,
            height,
            luma_stride,
            chroma_stride,
            cb_offset,
            cr_offset,
            size: cr_offset + chroma_stride * (height / 2),
        }
    }

    /// The uniform block `pack_yuv.wgsl` reads (`PackLayout`), in words.
    pub fn shader_uniform(&self) -> [u32; 8] {
        [
            self.width,
            self.height,
            self.luma_stride / 4,
            self.chroma_stride / 4,
            self.cb_offset / 4,
            self.cr_offset / 4,
            0,
            0,
        ]
    }

    /// Copies a packed frame into a new yuv420p frame for the encoder.
    pub fn to_frame(&self, packed: &[u8]) -> Video {
        let mut frame = Video::new(Pixel::YUV420P, self.width, self.height);
        let planes = [
            (0, self.luma_stride, self.width, self.height),
            (
                self.cb_offset,
                self.chroma_stride,
                self.width / 2,
                self.height / 2,
            ),
            (
                self.cr_offset,
                self.chroma_stride,
                self.width / 2,
                self.height / 2,
            ),
        ];
        for (index, (offset, stride, width, height)) in planes.into_iter().enumerate() {
            let line = frame.stride(index);
            let data = frame.data_mut(index);
            for row in 0..height as usize {
                let from = offset as usize + row * stride as usize;
                data[row * line..row * line + width as usize]
                    .copy_from_slice(&packed[from..from + width as usize]);
            }
        }
        frame
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_padded_to_words() {
        let layout = YuvLayout::new(322, 180);
        assert_eq!(layout.luma_stride, 324);
        assert_eq!(layout.chroma_stride, 164);
        assert_eq!(layout.cb_offset, 324 * 180);
        assert_eq!(layout.size, 324 * 180 + 2 * 164 * 90);
    }

    #[test]
    fn copies_each_plane_into_the_frame() {
        let layout = YuvLayout::new(6, 4);
        let mut packed = vec![0u8; layout.size as usize];
        for row in 0..4 {
            for x in 0..6 {
                packed[(row * layout.luma_stride + x) as usize] = (row * 10 + x) as u8;
            }
        }
        packed[layout.cb_offset as usize + layout.chroma_stride as usize + 2] = 77;
        packed[layout.cr_offset as usize] = 99;
        let frame = layout.to_frame(&packed);
        assert_eq!(frame.data(0)[frame.stride(0) * 3 + 5], 35);
        assert_eq!(frame.data(1)[frame.stride(1) + 2], 77);
        assert_eq!(frame.data(2)[0], 99);
    }
}
