//! The cursor layer's uniforms (`CursorUniforms` in `layers/cursor.wgsl`) and the
//! texture its picture (or the overlay's) is uploaded to.

use reel_plan::CursorLayer;

/// The binding `layers/cursor.wgsl` declares its uniforms at.
pub const CURSOR_BINDING: u32 = 12;

/// The binding of the cursor's picture.
pub const CURSOR_TEXTURE_BINDING: u32 = 13;

/// Where the cursor's picture lies and how opaque it is.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, bytemuck::Pod, bytemuck::Zeroable)]
pub struct CursorUniforms {
    place: [f32; 4],
}

impl CursorUniforms {
    /// The uniforms of `layer`, or zeroes when the frame shows no cursor.
    pub fn new(layer: Option<&CursorLayer>) -> Self {
        let Some(cursor) = layer else {
            return bytemuck::Zeroable::zeroed();
        };
        Self {
            place: [
                cursor.origin.0 as f32,
                cursor.origin.1 as f32,
                cursor.opacity,
                0.0,
            ],
        }
    }
}

/// One worker's texture of a picture pasted over the frame (the cursor's, the
/// overlay's), remade when the picture's size changes and written when it changes.
pub struct PictureTexture {
    label: &'static str,
    texture: Option<(wgpu::Texture, wgpu::TextureView)>,
    /// The digest of the picture last written, when the caller gives digests.
    written: Option<u64>,
}

/// A picture to upload: its width, height, straight sRGB RGBA bytes, and a digest of
/// them when the caller has one (pictures with the same digest are not written again).
pub type PictureData<'a> = (u32, u32, &'a [u8], Option<u64>);

impl PictureTexture {
    /// A texture named `label`, made on first upload.
    pub fn new(label: &'static str) -> Self {
        PictureTexture {
            label,
            texture: None,
            written: None,
        }
    }

    /// Queues the upload of a picture (unless it is the one already there); returns the
    /// view to sample.
    pub fn upload(
        &mut self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        (width, height, pixels, digest): PictureData<'_>,
    ) -> wgpu::TextureView {
        let size = wgpu::Extent3d {
            width,
            height,
            depth_or_array_layers: 1,
        };
        if self.texture.as_ref().is_none_or(|(t, _)| t.size() != size) {
            let texture = device.create_texture(&wgpu::TextureDescriptor {
                label: Some(self.label),
                size,
                mip_level_count: 1,
                sample_count: 1,
                dimension: wgpu::TextureDimension::D2,
                // Loads decode sRGB to linear light.
                format: wgpu::TextureFormat::Rgba8UnormSrgb,
                usage: wgpu::TextureUsages::TEXTURE_BINDING | wgpu::TextureUsages::COPY_DST,
                view_formats: &[],
            });
            let view = texture.create_view(&Default::default());
            self.texture = Some((texture, view));
            self.written = None;
        }
        let (texture, view) = self.texture.as_ref().expect("made above");
        if digest.is_none() || digest != self.written {
            queue.write_texture(
                texture.as_image_copy(),
                pixels,
                wgpu::TexelCopyBufferLayout {
                    offset: 0,
                    bytes_per_row: Some(4 * width),
                    rows_per_image: Some(height),
                },
                size,
            );
            self.written = digest;
        }
        view.clone()
    }
}
