//! Gaussian blur at a cost independent of the radius: halve the picture until the blur
//! spans a few texels, then blur separably (`blur.wgsl`).

use crate::gpu::{render_pass_into, render_target, sampler_entry, texture_entry, uniform_entry};
use crate::pipelines::Pipelines;

/// The blur shader, embedded in the binary.
pub(crate) const BLUR_SHADER: &str = include_str!("../shaders/blur.wgsl");

/// The format blurred pictures are kept in: linear light with headroom.
pub const BLUR_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba16Float;

/// The largest standard deviation, in texels, blurred at a given size before halving.
const MAX_SIGMA_TEXELS: f32 = 4.0;
/// The most kernel taps on each side of the centre (`blur.wgsl` holds 32 weights).
const MAX_TAPS: usize = 31;

/// The bindings of `blur.wgsl`: the picture, its sampler and the uniforms.
pub(crate) fn blur_entries() -> [wgpu::BindGroupLayoutEntry; 3] {
    [texture_entry(0), sampler_entry(1), uniform_entry(2)]
}

/// The uniform block `blur.wgsl` reads (`BlurUniforms`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, bytemuck::Pod, bytemuck::Zeroable)]
pub(crate) struct BlurUniforms {
    step: [f32; 2],
    radius: u32,
    padding: u32,
    weights: [f32; 32],
}

impl BlurUniforms {
    /// The horizontal and vertical passes' uniforms for blurring a `size` picture halved
    /// `levels` times by `sigma` texels (of the full size).
    fn passes(size: (u32, u32), levels: u32, sigma: f32) -> [Self; 2] {
        let final_size = (
            (size.0 >> levels).max(1) as f32,
            (size.1 >> levels).max(1) as f32,
        );
        let weights = gaussian_weights(sigma / (1u32 << levels) as f32);
        let mut packed = [0.0; 32];
        packed[..weights.len()].copy_from_slice(&weights);
        let across = BlurUniforms {
            step: [1.0 / final_size.0, 0.0],
            radius: weights.len() as u32 - 1,
            padding: 0,
            weights: packed,
        };
        let down = BlurUniforms {
            step: [0.0, 1.0 / final_size.1],
            ..across
        };
        [across, down]
    }
}

/// The normalised one-sided weights of a Gaussian with `sigma` texels: `weights[i]` is
/// the weight of each tap `i` texels from the centre.
pub fn gaussian_weights(sigma: f32) -> Vec<f32> {
    if sigma < 0.05 {
        return vec![1.0];
    }
    let taps = ((3.0 * sigma).ceil() as usize).clamp(1, MAX_TAPS);
    let raw: Vec<f32> = (0..=taps)
        .map(|i| (-((i * i) as f32) / (2.0 * sigma * sigma)).exp())
        .collect();
    let total = raw[0] + 2.0 * raw[1..].iter().sum::<f32>();
    raw.iter().map(|w| w / total).collect()
}

/// How many times to halve a picture before blurring it by `sigma` texels.
pub fn halvings(sigma: f32) -> u32 {
    let mut levels = 0;
    let mut s = sigma;
    while s > MAX_SIGMA_TEXELS && levels < 12 {
        s /= 2.0;
        levels += 1;
    }
    levels
}

/// A view of a new texture for one step of a blur.
fn level(device: &wgpu::Device, label: &str, size: (u32, u32)) -> wgpu::TextureView {
    render_target(device, label, size, BLUR_FORMAT).create_view(&Default::default())
}

/// The textures one blur of a given input size and radius needs.
struct Chain {
    key: ((u32, u32), u32),
    /// The halved pictures, largest first.
    levels: Vec<wgpu::TextureView>,
    /// After the horizontal pass.
    across: wgpu::TextureView,
    /// After the vertical pass: the result.
    output: wgpu::TextureView,
}

/// Blurs pictures on the GPU. Each user (the backdrop, each radius of the blurred
/// regions) keeps its own textures; the pipelines are the device's.
pub struct Blurrer {
    device: wgpu::Device,
    layout: wgpu::BindGroupLayout,
    downsample: wgpu::RenderPipeline,
    blur: wgpu::RenderPipeline,
    sampler: wgpu::Sampler,
    across_uniforms: wgpu::Buffer,
    down_uniforms: wgpu::Buffer,
    chain: Option<Chain>,
    label: &'static str,
}

impl Blurrer {
    /// A blur drawn with `pipelines`; `label` names it in GPU object labels.
    pub fn new(device: &wgpu::Device, pipelines: &Pipelines, label: &'static str) -> Self {
        let [downsample, blur] = pipelines.blur.pipelines.clone();
        let uniform = |name| {
            device.create_buffer(&wgpu::BufferDescriptor {
                label: Some(name),
                size: size_of::<BlurUniforms>() as u64,
                usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
                mapped_at_creation: false,
            })
        };
        Self {
            device: device.clone(),
            layout: pipelines.blur.layout.clone(),
            downsample,
            blur,
            sampler: pipelines.sampler.clone(),
            across_uniforms: uniform("reel blur across uniforms"),
            down_uniforms: uniform("reel blur down uniforms"),
            chain: None,
            label,
        }
    }

    fn bind_group(&self, view: &wgpu::TextureView, uniforms: &wgpu::Buffer) -> wgpu::BindGroup {
        self.device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some(self.label),
            layout: &self.layout,
            entries: &[
                wgpu::BindGroupEntry {
                    binding: 0,
                    resource: wgpu::BindingResource::TextureView(view),
                },
                wgpu::BindGroupEntry {
                    binding: 1,
                    resource: wgpu::BindingResource::Sampler(&self.sampler),
                },
                wgpu::BindGroupEntry {
                    binding: 2,
                    resource: uniforms.as_entire_binding(),
                },
            ],
        })
    }

    /// The result of the last [`Blurrer::encode`], once there has been one.
    pub fn output(&self) -> Option<&wgpu::TextureView> {
        self.chain.as_ref().map(|c| &c.output)
    }

    /// Makes the textures for blurring a `size` picture halved `levels` times, unless
    /// the last blur already had them.
    fn prepare_chain(&mut self, size: (u32, u32), levels: u32) {
        if self.chain.as_ref().is_some_and(|c| c.key == (size, levels)) {
            return;
        }
        let mut level_size = size;
        let views = (0..levels)
            .map(|_| {
                level_size = ((level_size.0 / 2).max(1), (level_size.1 / 2).max(1));
                level(&self.device, "reel blur level", level_size)
            })
            .collect();
        self.chain = Some(Chain {
            key: (size, levels),
            levels: views,
            across: level(&self.device, "reel blur across", level_size),
            output: level(&self.device, "reel blur output", level_size),
        });
    }

    /// Records the passes that blur `input` (linear light, `size` texels) by `sigma`
    /// texels. The result, [`Blurrer::output`], covers the same area at a smaller size.
    pub fn encode(
        &mut self,
        queue: &wgpu::Queue,
        encoder: &mut wgpu::CommandEncoder,
        input: &wgpu::TextureView,
        size: (u32, u32),
        sigma: f32,
    ) {
        let levels = halvings(sigma);
        self.prepare_chain(size, levels);
        let chain = self.chain.as_ref().expect("made above");
        let [across, down] = BlurUniforms::passes(size, levels, sigma);
        queue.write_buffer(&self.across_uniforms, 0, bytemuck::bytes_of(&across));
        queue.write_buffer(&self.down_uniforms, 0, bytemuck::bytes_of(&down));

        let mut previous = input;
        for level in &chain.levels {
            let bind_group = self.bind_group(previous, &self.across_uniforms);
            render_pass_into(
                encoder,
                "reel blur downsample pass",
                level,
                &self.downsample,
                &bind_group,
            );
            previous = level;
        }
        let bind_group = self.bind_group(previous, &self.across_uniforms);
        render_pass_into(
            encoder,
            "reel blur across pass",
            &chain.across,
            &self.blur,
            &bind_group,
        );
        let bind_group = self.bind_group(&chain.across, &self.down_uniforms);
        render_pass_into(
            encoder,
            "reel blur down pass",
            &chain.output,
            &self.blur,
            &bind_group,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_sum_to_one_and_fall_off() {
        for sigma in [0.5, 1.0, 2.5, 4.0] {
            let weights = gaussian_weights(sigma);
            let total = weights[0] + 2.0 * weights[1..].iter().sum::<f32>();
            assert!((total - 1.0).abs() < 1e-5, "sigma {sigma}: {total}");
            assert!(weights.windows(2).all(|w| w[1] < w[0]), "sigma {sigma}");
        }
        assert_eq!(gaussian_weights(0.0), [1.0]);
    }

    #[test]
    fn large_radii_are_blurred_at_a_smaller_size() {
        assert_eq!(halvings(3.0), 0);
        assert_eq!(halvings(8.0), 1);
        assert_eq!(halvings(100.0), 5);
        // The kernel never grows past what a few texels need, whatever the radius.
        for sigma in [1.0, 10.0, 100.0, 1000.0] {
            let scaled = sigma / (1u32 << halvings(sigma)) as f32;
            assert!(gaussian_weights(scaled).len() <= 13, "sigma {sigma}");
        }
    }
}
