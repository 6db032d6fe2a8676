//! The cursor layer's uniforms (`CursorUniforms` in `layers/cursor.wgsl`) and the
//! texture its picture is uploaded to.

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

/// One worker's texture of the cursor's picture, remade when the picture's size changes
/// and written every frame that shows the cursor.
#[derive(Default)]
pub struct CursorTexture {
    texture: Option<(wgpu::Texture, wgpu::TextureView)>,
}

impl CursorTexture {
    /// Queues the upload of `layer`'s picture; returns the view to sample.
    pub fn upload(
        &mut self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        layer: &CursorLayer,
    ) -> wgpu::TextureView {
        let picture = &layer.picture;
        let size = wgpu::Extent3d {
            width: picture.width,
            height: picture.height,
            depth_or_array_layers: 1,
        };
        if self.texture.as_ref().is_none_or(|(t, _)| t.size() != size) {
            let texture = device.create_texture(&wgpu::TextureDescriptor {
                label: Some("reel cursor picture"),
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
        }
        let (texture, view) = self.texture.as_ref().expect("made above");
        queue.write_texture(
            texture.as_image_copy(),
            &picture.pixels,
            wgpu::TexelCopyBufferLayout {
                offset: 0,
                bytes_per_row: Some(4 * picture.width),
                rows_per_image: Some(picture.height),
            },
            size,
        );
        view.clone()
    }
}
