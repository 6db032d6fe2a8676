//! Source pictures on the GPU: one texture per plane, uploaded straight from the decoded
//! FFmpeg frame (the queue's staging copy is the only one).

use crate::error::RenderError;
use ffmpeg_next::frame::Video;
use reel_pipeline::SourceLayout;

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
    /// One texture per plane.
    pub planes: Vec<wgpu::Texture>,
    /// Views of the planes, padded with a placeholder to three.
    pub views: [wgpu::TextureView; 3],
    /// The source picture last uploaded (its index among source pictures).
    pub uploaded: Option<u64>,
}

impl SourceTextures {
    /// Creates textures for pictures like `frame`.
    pub fn new(
        device: &wgpu::Device,
        frame: &Video,
        placeholder: &wgpu::TextureView,
    ) -> Result<Self, RenderError> {
        let layout = SourceLayout::of(frame.format())
            .ok_or_else(|| RenderError::UnsupportedFormat(format!("{:?}", frame.format())))?;
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
            key: (layout, frame.width(), frame.height()),
            planes,
            views,
            uploaded: None,
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
        let bytes_per_pixel =
            |format: wgpu::TextureFormat| format.block_copy_size(None).unwrap_or(1);
        for (index, texture) in self.planes.iter().enumerate() {
            let (width, height) = (frame.plane_width(index), frame.plane_height(index));
            let row_bytes = width * bytes_per_pixel(texture.format());
            copied += u64::from(row_bytes) * u64::from(height);
            let stride = frame.stride(index) as u32;
            debug_assert!(
                stride >= row_bytes,
                "FFmpeg rows hold at least the visible samples"
            );
            queue.write_texture(
                wgpu::TexelCopyTextureInfo {
                    texture,
                    mip_level: 0,
                    origin: wgpu::Origin3d::ZERO,
                    aspect: wgpu::TextureAspect::All,
                },
                frame.data(index),
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
        self.uploaded = Some(source_index);
        copied
    }
}
