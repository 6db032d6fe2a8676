//! Each layer kind's part of the compose pass: its uniform struct (the Rust twin of the
//! struct its WGSL file declares, `crates/reel_render/shaders/layers/`) filled from the layer's plan
//! parameters, in a buffer of its own. The compositor draws all layers in one region
//! pass; a new layer kind adds a module here and its WGSL file.

mod background;
mod cursor;
mod media;
mod shadow;

pub use background::{BACKGROUND_BINDING, BackgroundUniforms};
pub use cursor::{CURSOR_BINDING, CURSOR_TEXTURE_BINDING, CursorUniforms, PictureTexture};
pub use media::{MEDIA_BINDING, MediaUniforms, SourceMapping};
pub use shadow::{SHADOW_BINDING, ShadowUniforms};

use crate::error::RenderError;
use reel_scene::{LinearRgba, Rect};

/// A colour as the shaders take it.
pub(crate) fn rgba(color: LinearRgba) -> [f32; 4] {
    [color.red, color.green, color.blue, color.alpha]
}

/// A rectangle as the shaders take it: x, y, width, height.
pub(crate) fn rect(r: &Rect) -> [f32; 4] {
    [r.x, r.y, r.width, r.height]
}

/// Fails when the frame asks for more `what` than the `limit` the shader holds.
pub(crate) fn within_limit(
    what: &'static str,
    count: usize,
    limit: usize,
) -> Result<(), RenderError> {
    if count > limit {
        return Err(RenderError::PastLimit { what, count, limit });
    }
    Ok(())
}

/// A uniform buffer holding one `T`, written each frame.
pub struct UniformBuffer<T> {
    buffer: wgpu::Buffer,
    kind: std::marker::PhantomData<T>,
}

impl<T: bytemuck::Pod> UniformBuffer<T> {
    /// A buffer for one `T`, named `label`.
    pub fn new(device: &wgpu::Device, label: &str) -> Self {
        let buffer = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some(label),
            size: size_of::<T>() as u64,
            usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        Self {
            buffer,
            kind: std::marker::PhantomData,
        }
    }

    /// Queues `value`'s write.
    pub fn write(&self, queue: &wgpu::Queue, value: &T) {
        queue.write_buffer(&self.buffer, 0, bytemuck::bytes_of(value));
    }

    /// The buffer, as a binding.
    pub fn binding(&self) -> wgpu::BindingResource<'_> {
        self.buffer.as_entire_binding()
    }
}
