//! Blurred regions of the recording, each with its own radius. The converted recording
//! is blurred once per distinct radius; when the frame's regions have more than one, each
//! region's rectangle is drawn from its own blur into one picture (`redact.wgsl`), which
//! the compose pass samples wherever a region is. No region is ever left out: the scene's
//! validation limits how many are shown at once to what the compose shader holds.

use crate::blur::{BLUR_FORMAT, Blurrer};
use crate::gpu::{
    cleared, render_pass, render_target, sampler_entry, texture_entry, uniform_entry,
};
use crate::pipelines::Pipelines;
use reel_scene::{BlurLook, Rect};

/// The region shader, embedded in the binary.
pub(crate) const REDACT_SHADER: &str = include_str!("../shaders/redact.wgsl");

/// Texels of blurred picture kept around each region, so that bilinear samples at its
/// edge read the region's own blur.
const MARGIN: f32 = 2.0;

/// `redact.wgsl`'s `RedactUniforms`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, bytemuck::Pod, bytemuck::Zeroable)]
pub struct RedactUniforms {
    /// The target's width and height in texels.
    pub target_size: [f32; 4],
}

/// The bindings of `redact.wgsl`: a blurred picture, its sampler and the uniforms.
pub(crate) fn redact_entries() -> [wgpu::BindGroupLayoutEntry; 3] {
    [texture_entry(0), sampler_entry(1), uniform_entry(2)]
}

/// One worker's blurs of the recording for its blurred regions.
pub struct Redactions {
    device: wgpu::Device,
    pipelines: Pipelines,
    uniforms: wgpu::Buffer,
    /// One blur per distinct radius of the current frame, kept for later frames.
    blurs: Vec<Blurrer>,
    /// The regions put together, when their radii differ.
    combined: Option<((u32, u32), wgpu::TextureView)>,
    /// Which of the two the compose pass samples this frame.
    output: Option<wgpu::TextureView>,
}

/// The distinct radii of `regions`, in order of first appearance.
pub fn distinct_radii(regions: &[BlurLook]) -> Vec<f32> {
    let mut radii: Vec<f32> = Vec::new();
    for region in regions {
        if !radii.iter().any(|r| r.to_bits() == region.radius.to_bits()) {
            radii.push(region.radius);
        }
    }
    radii
}

impl Redactions {
    /// Blurred regions drawn with `pipelines`.
    pub fn new(device: &wgpu::Device, pipelines: &Pipelines) -> Self {
        let uniforms = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("reel redact uniforms"),
            size: size_of::<RedactUniforms>() as u64,
            usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        Self {
            device: device.clone(),
            pipelines: pipelines.clone(),
            uniforms,
            blurs: Vec::new(),
            combined: None,
            output: None,
        }
    }

    /// Records the blurs of `converted` (the recording's `crop` in linear light, `size`
    /// texels, each `factor` source pixels) that `regions` need.
    pub fn encode(
        &mut self,
        queue: &wgpu::Queue,
        encoder: &mut wgpu::CommandEncoder,
        converted: &wgpu::TextureView,
        (size, crop, factor): ((u32, u32), Rect, f32),
        regions: &[BlurLook],
    ) {
        let radii = distinct_radii(regions);
        while self.blurs.len() < radii.len() {
            let blur = Blurrer::new(&self.device, &self.pipelines, "reel redaction blur");
            self.blurs.push(blur);
        }
        for (blur, radius) in self.blurs.iter_mut().zip(&radii) {
            // Radii are in source pixels; the converted picture is smaller.
            blur.encode(queue, encoder, converted, size, radius / factor);
        }
        self.output = match radii.len() {
            0 => None,
            1 => self.blurs[0].output().cloned(),
            _ => Some(self.combine(queue, encoder, (size, crop), regions, &radii)),
        };
    }

    /// The picture the compose pass samples for blurred regions this frame.
    pub fn output(&self) -> Option<&wgpu::TextureView> {
        self.output.as_ref()
    }

    /// Draws each region's rectangle from the blur of its radius into one picture.
    fn combine(
        &mut self,
        queue: &wgpu::Queue,
        encoder: &mut wgpu::CommandEncoder,
        (size, crop): ((u32, u32), Rect),
        regions: &[BlurLook],
        radii: &[f32],
    ) -> wgpu::TextureView {
        if self.combined.as_ref().is_none_or(|(s, _)| *s != size) {
            let view = render_target(&self.device, "reel blurred regions", size, BLUR_FORMAT)
                .create_view(&Default::default());
            self.combined = Some((size, view));
        }
        let (_, target) = self.combined.clone().expect("made above");
        let uniforms = RedactUniforms {
            target_size: [size.0 as f32, size.1 as f32, 0.0, 0.0],
        };
        queue.write_buffer(&self.uniforms, 0, bytemuck::bytes_of(&uniforms));
        let bind_groups: Vec<wgpu::BindGroup> = self
            .blurs
            .iter()
            .take(radii.len())
            .map(|blur| self.bind_group(blur.output().expect("blurred above")))
            .collect();
        let attachments = [cleared(&target, [0.0; 3])];
        let mut pass = encoder.begin_render_pass(&render_pass("reel redact pass", &attachments));
        pass.set_pipeline(&self.pipelines.redact.pipelines[0]);
        for region in regions {
            let Some((x, y, width, height)) = texel_scissor(&region.rect, crop, size) else {
                continue;
            };
            let blur = radii
                .iter()
                .position(|r| r.to_bits() == region.radius.to_bits())
                .expect("every radius is blurred");
            pass.set_bind_group(0, &bind_groups[blur], &[]);
            pass.set_scissor_rect(x, y, width, height);
            pass.draw(0..3, 0..1);
        }
        drop(pass);
        target
    }

    fn bind_group(&self, blurred: &wgpu::TextureView) -> wgpu::BindGroup {
        self.device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("reel redact bind group"),
            layout: &self.pipelines.redact.layout,
            entries: &[
                wgpu::BindGroupEntry {
                    binding: 0,
                    resource: wgpu::BindingResource::TextureView(blurred),
                },
                wgpu::BindGroupEntry {
                    binding: 1,
                    resource: wgpu::BindingResource::Sampler(&self.pipelines.sampler),
                },
                wgpu::BindGroupEntry {
                    binding: 2,
                    resource: self.uniforms.as_entire_binding(),
                },
            ],
        })
    }
}

/// The texels of a `size` picture of `crop` that show source rectangle `rect`, with a
/// margin, as a scissor (x, y, width, height); `None` when it is outside the picture.
pub fn texel_scissor(rect: &Rect, crop: Rect, size: (u32, u32)) -> Option<(u32, u32, u32, u32)> {
    let (sx, sy) = (size.0 as f32 / crop.width, size.1 as f32 / crop.height);
    let x0 = ((rect.x - crop.x) * sx - MARGIN)
        .floor()
        .clamp(0.0, size.0 as f32) as u32;
    let y0 = ((rect.y - crop.y) * sy - MARGIN)
        .floor()
        .clamp(0.0, size.1 as f32) as u32;
    let x1 = ((rect.x + rect.width - crop.x) * sx + MARGIN)
        .ceil()
        .clamp(0.0, size.0 as f32) as u32;
    let y1 = ((rect.y + rect.height - crop.y) * sy + MARGIN)
        .ceil()
        .clamp(0.0, size.1 as f32) as u32;
    (x1 > x0 && y1 > y0).then(|| (x0, y0, x1 - x0, y1 - y0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(x: f32, radius: f32) -> BlurLook {
        BlurLook {
            rect: Rect {
                x,
                y: 10.0,
                width: 20.0,
                height: 20.0,
            },
            radius,
        }
    }

    #[test]
    fn each_radius_is_blurred_once() {
        let regions = [region(0.0, 8.0), region(50.0, 30.0), region(90.0, 8.0)];
        assert_eq!(distinct_radii(&regions), [8.0, 30.0]);
        assert!(distinct_radii(&[]).is_empty());
    }

    #[test]
    fn scissors_cover_the_region_and_a_margin_inside_the_picture() {
        let crop = Rect {
            x: 100.0,
            y: 0.0,
            width: 400.0,
            height: 200.0,
        };
        // Half size: 200x100 texels for 400x200 source pixels.
        let r = region(140.0, 8.0).rect;
        assert_eq!(texel_scissor(&r, crop, (200, 100)), Some((18, 3, 14, 14)));
        // Past the crop's left edge: clamped; wholly outside: none.
        let left = region(90.0, 8.0).rect;
        assert_eq!(texel_scissor(&left, crop, (200, 100)), Some((0, 3, 7, 14)));
        let outside = region(600.0, 8.0).rect;
        assert_eq!(texel_scissor(&outside, crop, (200, 100)), None);
    }
}
