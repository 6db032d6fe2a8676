//! Single frames rendered to RGB: the same compositor as an export, writing RGBA as it
//! does for PNG and GIF outputs. For previews, thumbnails and the regression tests.

use crate::compositor::Compositor;
use crate::device::GpuDevice;
use crate::error::RenderError;
use crate::sub_app::RenderTarget;
use reel_pipeline::{RgbImage, SourcePictures};
use reel_plan::FramePlan;
use reel_scene::FramePixels;

/// Renders `pictures` as `plan` says into an RGB image the size of `target`'s output.
pub fn render_still(
    gpu: &GpuDevice,
    target: &RenderTarget,
    pictures: &SourcePictures,
    plan: &FramePlan,
) -> Result<RgbImage, RenderError> {
    let device = gpu.device.wgpu_device();
    let output = (target.output, FramePixels::Rgba);
    let mut compositor =
        Compositor::new(gpu, output, target.image.clone()).with_interleaved_chroma(gpu.cpu);
    let rgb = compositor.create_readback_buffer();
    let scope = device.push_error_scope(wgpu::ErrorFilter::Validation);
    let (commands, _) = compositor.encode_frame(&gpu.queue, pictures, plan, &rgb)?;
    gpu.queue.submit([commands]);
    if let Some(error) = pollster::block_on(scope.pop()) {
        return Err(RenderError::Gpu {
            frame: 0,
            message: error.to_string(),
        });
    }
    let (sender, receiver) = crossbeam_channel::bounded(1);
    rgb.slice(..).map_async(wgpu::MapMode::Read, move |result| {
        let _ = sender.send(result);
    });
    let _ = device.poll(wgpu::PollType::wait_indefinitely());
    receiver
        .recv()
        .map_err(|_| RenderError::Gpu {
            frame: 0,
            message: "the readback was dropped".into(),
        })?
        .map_err(|error| RenderError::Gpu {
            frame: 0,
            message: error.to_string(),
        })?;
    let (width, height) = target.output;
    let row = compositor.layout().first.row as usize;
    let mapped = rgb.slice(..).get_mapped_range();
    let mut data = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height as usize {
        let texels = &mapped[y * row..y * row + width as usize * 4];
        for texel in texels.chunks_exact(4) {
            data.extend_from_slice(&texel[..3]);
        }
    }
    Ok(RgbImage {
        width,
        height,
        data,
    })
}
