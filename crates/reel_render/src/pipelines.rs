//! The shader modules, bind group layouts and pipelines of one device, compiled once
//! and shared by every render worker on it (each worker keeps only its own textures and
//! buffers). Compose pipelines are made the first time a frame needs one, keyed by what
//! makes them differ; the others when the device is first used.

use crate::blur::{BLUR_FORMAT, BLUR_SHADER, blur_entries};
use crate::compositor::{
    CHROMA_SHADER, COMPOSE_SHADER, ComposePipelineKey, chroma_entries, compose_entries,
    frame_formats,
};
use crate::gpu::{fullscreen_pipeline, linear_sampler, shader_module};
use crate::redact::{REDACT_SHADER, redact_entries};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A bind group layout and the pipelines drawn with it.
#[derive(Clone)]
pub struct PassPipelines<const N: usize> {
    /// The layout of the pipelines' one bind group.
    pub layout: wgpu::BindGroupLayout,
    /// The pipelines, in the order their entry points were named.
    pub pipelines: [wgpu::RenderPipeline; N],
}

impl<const N: usize> PassPipelines<N> {
    /// Compiles `source` and makes a pipeline for each of `entries` drawing into a
    /// `format` target.
    fn new(
        device: &wgpu::Device,
        (label, source): (&str, &str),
        layout_entries: &[wgpu::BindGroupLayoutEntry],
        entries: [&str; N],
        format: wgpu::TextureFormat,
    ) -> Self {
        let module = shader_module(device, label, source);
        let layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some(label),
            entries: layout_entries,
        });
        let targets = [Some(format.into())];
        let pipelines = entries.map(|entry| {
            fullscreen_pipeline(device, label, &layout, &module, entry, &[], &targets)
        });
        Self { layout, pipelines }
    }
}

/// Every pipeline a render worker draws with, for one device. Cloning shares them.
#[derive(Clone)]
pub struct Pipelines {
    device: wgpu::Device,
    /// The bilinear, clamped sampler every pass samples with.
    pub sampler: wgpu::Sampler,
    compose_module: wgpu::ShaderModule,
    /// The compose pass's bind group layout.
    pub compose_layout: wgpu::BindGroupLayout,
    compose: Arc<Mutex<HashMap<ComposePipelineKey, wgpu::RenderPipeline>>>,
    /// The chroma pass at half size and at full size (`fs_chroma`, `fs_chroma_full`).
    pub chroma: PassPipelines<2>,
    /// The 10-bit 4:2:2 chroma pass (`fs_chroma_422`).
    pub chroma_deep: PassPipelines<1>,
    /// The blur's halving and separable passes (`fs_downsample`, `fs_blur`).
    pub blur: PassPipelines<2>,
    /// The pass that puts blurred regions together (`fs_redact`).
    pub redact: PassPipelines<1>,
}

impl Pipelines {
    /// Compiles the shaders and the pipelines that do not vary, on `device`.
    pub fn new(device: &wgpu::Device) -> Self {
        let compose_module = shader_module(device, "reel compose shader", COMPOSE_SHADER);
        let compose_layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("reel compose bind group layout"),
            entries: &compose_entries(),
        });
        Self {
            device: device.clone(),
            sampler: linear_sampler(device),
            compose_module,
            compose_layout,
            compose: Arc::default(),
            chroma: PassPipelines::new(
                device,
                ("reel chroma", CHROMA_SHADER),
                &chroma_entries(),
                ["fs_chroma", "fs_chroma_full"],
                wgpu::TextureFormat::Rg8Unorm,
            ),
            chroma_deep: PassPipelines::new(
                device,
                ("reel deep chroma", CHROMA_SHADER),
                &chroma_entries(),
                ["fs_chroma_422"],
                wgpu::TextureFormat::Rg16Float,
            ),
            blur: PassPipelines::new(
                device,
                ("reel blur", BLUR_SHADER),
                &blur_entries(),
                ["fs_downsample", "fs_blur"],
                BLUR_FORMAT,
            ),
            redact: PassPipelines::new(
                device,
                ("reel redact", REDACT_SHADER),
                &redact_entries(),
                ["fs_redact"],
                BLUR_FORMAT,
            ),
        }
    }

    /// The compose pipeline for `key`, compiled the first time any worker needs it.
    pub fn compose(&self, key: ComposePipelineKey) -> wgpu::RenderPipeline {
        let mut pipelines = self.compose.lock().unwrap_or_else(|e| e.into_inner());
        pipelines
            .entry(key)
            .or_insert_with(|| {
                let (entry, target) = key.shader.entry();
                let (composed, luma) = frame_formats(key.deep);
                let frame = [Some(composed.into()), Some(luma.into())];
                let single = [target.map(Into::into)];
                let targets = if target.is_some() {
                    &single[..]
                } else {
                    &frame[..]
                };
                let (device, module) = (&self.device, &self.compose_module);
                let layout = &self.compose_layout;
                let label = "reel compose pipeline";
                let constants = key.constants();
                fullscreen_pipeline(device, label, layout, module, entry, &constants, targets)
            })
            .clone()
    }
}
