//! Source pictures on the GPU: one texture per plane, uploaded straight from the decoded
//! FFmpeg frame (the queue's staging copy is the only one).
//!
//! On a CPU rasteriser, each texture a shader samples costs it a gather per texel, so the
//! two chroma planes of a planar picture are interleaved on upload into one two-channel
//! texture (as NV12 holds them): one sample instead of two for every output pixel of the
//! recording, for one more copy of the chroma samples (half a byte per pixel at 4:2:0).

use crate::error::RenderError;
use ffmpeg_next::frame::Video;
use reel_pipeline::SourceLayout;

/// How a source's planes lie in its textures, as the shaders switch on it
/// (`SOURCE_LAYOUT` in `compose.wgsl`; a test checks the numbers agree).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaneLayout {
    /// Y', Cb and Cr in three textures.
    Planar = 0,
    /// Y' in one texture, Cb and Cr interleaved in another (NV12).
    SemiPlanar = 1,
    /// R'G'B' in one texture.
    Packed = 2,
}

impl From<SourceLayout> for PlaneLayout {
    fn from(layout: SourceLayout) -> Self {
        match layout {
            SourceLayout::Planar => PlaneLayout::Planar,
            SourceLayout::SemiPlanar => PlaneLayout::SemiPlanar,
            SourceLayout::Packed { .. } => PlaneLayout::Packed,
        }
    }
}

/// The texture format of each plane of a picture laid out as `layout`.
pub fn plane_formats(layout: SourceLayout) -> &'static [wgpu::TextureFormat] {
    use wgpu::TextureFormat::{Bgra8Unorm, R8Unorm, Rg8Unorm, Rgba8Unorm};
    match layout {
        SourceLayout::Planar => &[R8Unorm, R8Unorm, R8Unorm],
        SourceLayout::SemiPlanar => &[R8Unorm, Rg8Unorm],
        SourceLayout::Packed { bgra: true } => &[Bgra8Unorm],
        SourceLayout::Packed { bgra: false } => &[Rgba8Unorm],
    }
}

/// The textures that hold one worker's current source picture.
pub struct SourceTextures {
    /// The layout and size the textures were made for.
    pub key: (SourceLayout, u32, u32),
    /// The layout of the textures, as the shaders read them: [`SourceLayout::SemiPlanar`]
    /// for a planar picture whose chroma planes are interleaved on upload.
    pub layout: SourceLayout,
    /// One texture per plane.
    pub planes: Vec<wgpu::Texture>,
    /// Views of the planes, padded with a placeholder to three.
    pub views: [wgpu::TextureView; 3],
    /// The source picture last uploaded (its index among source pictures).
    pub uploaded: Option<u64>,
    /// Where interleaved chroma samples are put together before their upload (reused).
    interleaved: Vec<u8>,
}

impl SourceTextures {
    /// Creates textures for pictures like `frame`, interleaving the chroma planes of a
    /// planar picture if `interleave_chroma`.
    pub fn new(
        device: &wgpu::Device,
        frame: &Video,
        placeholder: &wgpu::TextureView,
        interleave_chroma: bool,
    ) -> Result<Self, RenderError> {
        let source = SourceLayout::of(frame.format())
            .ok_or_else(|| RenderError::UnsupportedFormat(format!("{:?}", frame.format())))?;
        let layout = match source {
            SourceLayout::Planar if interleave_chroma => SourceLayout::SemiPlanar,
            other => other,
        };
        let planes: Vec<wgpu::Texture> = plane_formats(layout)
            .iter()
            .enumerate()
            .map(|(index, &format)| {
                device.create_texture(&wgpu::TextureDescriptor {
                    label: Some("reel source plane"),
                    size: wgpu::Extent3d {
                        width: frame.plane_width(index),
                        height: frame.plane_height(index),
                        depth_or_array_layers: 1,
                    },
                    mip_level_count: 1,
                    sample_count: 1,
                    dimension: wgpu::TextureDimension::D2,
                    format,
                    usage: wgpu::TextureUsages::TEXTURE_BINDING | wgpu::TextureUsages::COPY_DST,
                    view_formats: &[],
                })
            })
            .collect();
        let view = |index: usize| {
            planes
                .get(index)
                .map(|t| t.create_view(&Default::default()))
                .unwrap_or_else(|| placeholder.clone())
        };
        let views = [view(0), view(1), view(2)];
        Ok(Self {
            key: (source, frame.width(), frame.height()),
            layout,
            planes,
            views,
            uploaded: None,
            interleaved: Vec::new(),
        })
    }

    /// Whether these textures fit pictures like `frame`.
    pub fn fits(&self, frame: &Video) -> bool {
        SourceLayout::of(frame.format())
            .is_some_and(|layout| self.key == (layout, frame.width(), frame.height()))
    }

    /// Queues the upload of `frame`'s planes, unless picture `source_index` is already
    /// there. Returns the bytes copied into the queue's staging memory.
    pub fn upload(&mut self, queue: &wgpu::Queue, frame: &Video, source_index: u64) -> u64 {
        if self.uploaded == Some(source_index) {
            return 0;
        }
        let mut copied = 0;
        let interleave = self.layout != self.key.0;
        for (index, texture) in self.planes.iter().enumerate() {
            let (width, height) = (frame.plane_width(index), frame.plane_height(index));
            let row_bytes = width * texture.format().block_copy_size(None).unwrap_or(1);
            copied += u64::from(row_bytes) * u64::from(height);
            let (data, stride) = if interleave && index == 1 {
                interleave_planes(frame, &mut self.interleaved);
                copied += self.interleaved.len() as u64;
                (self.interleaved.as_slice(), row_bytes)
            } else {
                (frame.data(index), frame.stride(index) as u32)
            };
            debug_assert!(
                stride >= row_bytes,
                "FFmpeg rows hold at least the visible samples"
            );
            write_plane(queue, texture, data, stride, (width, height));
        }
        self.uploaded = Some(source_index);
        copied
    }
}

/// Queues the upload of one plane of `size` texels, rows `stride` bytes apart in `data`.
fn write_plane(
    queue: &wgpu::Queue,
    texture: &wgpu::Texture,
    data: &[u8],
    stride: u32,
    (width, height): (u32, u32),
) {
    queue.write_texture(
        wgpu::TexelCopyTextureInfo {
            texture,
            mip_level: 0,
            origin: wgpu::Origin3d::ZERO,
            aspect: wgpu::TextureAspect::All,
        },
        data,
        wgpu::TexelCopyBufferLayout {
            offset: 0,
            bytes_per_row: Some(stride),
            rows_per_image: Some(height),
        },
        wgpu::Extent3d {
            width,
            height,
            depth_or_array_layers: 1,
        },
    );
}

/// Interleaves the Cb and Cr planes of planar `frame` into `out`, rows without padding.
fn interleave_planes(frame: &Video, out: &mut Vec<u8>) {
    let (width, height) = (
        frame.plane_width(1) as usize,
        frame.plane_height(1) as usize,
    );
    out.resize(width * height * 2, 0);
    let (cb, cr) = (frame.data(1), frame.data(2));
    let (cb_stride, cr_stride) = (frame.stride(1), frame.stride(2));
    for (y, row) in out.chunks_exact_mut(width * 2).enumerate() {
        let cb = &cb[y * cb_stride..][..width];
        let cr = &cr[y * cr_stride..][..width];
        for ((pair, &b), &r) in row.chunks_exact_mut(2).zip(cb).zip(cr) {
            pair[0] = b;
            pair[1] = r;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::interleave_planes;
    use ffmpeg_next::format::Pixel;
    use ffmpeg_next::frame::Video;

    #[test]
    fn chroma_planes_interleave_sample_by_sample() {
        let mut frame = Video::new(Pixel::YUV420P, 6, 4);
        for plane in 1..3 {
            let stride = frame.stride(plane);
            for y in 0..2 {
                for x in 0..3 {
                    frame.data_mut(plane)[y * stride + x] = (plane * 100 + y * 10 + x) as u8;
                }
            }
        }
        let mut out = vec![7; 3];
        interleave_planes(&frame, &mut out);
        assert_eq!(
            out,
            [100, 200, 101, 201, 102, 202, 110, 210, 111, 211, 112, 212]
        );
    }
}
