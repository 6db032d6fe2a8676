//! Choosing the renderer an export's workers run: the GPU one on a real GPU, the CPU
//! one (`reel_cpu`) where the only Vulkan device is a CPU rasteriser or there is none.

use crate::device::GpuDevice;
use crate::error::RenderError;
use bevy_ecs::prelude::*;
use bevy_render::renderer::RenderDevice;
use std::fmt;
use std::str::FromStr;

/// Which renderer to use: a setting of [`FrameRenderPlugin`](crate::FrameRenderPlugin)
/// (`--renderer` on the command line).
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum RendererChoice {
    /// A real GPU when there is one; else the CPU renderer.
    #[default]
    Auto,
    /// The GPU renderer, on whatever Vulkan device there is (lavapipe included).
    Gpu,
    /// The CPU renderer.
    Cpu,
}

impl fmt::Display for RendererChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RendererChoice::Auto => "auto",
            RendererChoice::Gpu => "gpu",
            RendererChoice::Cpu => "cpu",
        })
    }
}

/// A renderer name that is not `auto`, `gpu` or `cpu`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown renderer {0:?} (expected auto, gpu or cpu)")]
pub struct UnknownRenderer(pub String);

impl FromStr for RendererChoice {
    type Err = UnknownRenderer;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "auto" => Ok(RendererChoice::Auto),
            "gpu" => Ok(RendererChoice::Gpu),
            "cpu" => Ok(RendererChoice::Cpu),
            other => Err(UnknownRenderer(other.to_owned())),
        }
    }
}

/// What draws an export's frames.
#[derive(Clone)]
pub enum Engine {
    /// The GPU renderer on this device.
    Gpu(GpuDevice),
    /// The CPU renderer.
    Cpu,
}

/// The renderer an export uses and why: state, kept for the export's reports.
#[derive(Resource, Debug, Clone, PartialEq, Eq)]
pub struct ChosenRenderer {
    /// `gpu` or `cpu`.
    pub renderer: RendererChoice,
    /// The GPU adapter's name, when there is one.
    pub adapter: Option<String>,
    /// Why this renderer, in a few words (naming the adapter, when there is one).
    pub reason: String,
}

/// Whether an adapter is a CPU rasteriser: by its type, or by the names of the
/// rasterisers that report themselves otherwise.
pub fn is_cpu_rasteriser(device_type: wgpu::DeviceType, name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    device_type == wgpu::DeviceType::Cpu
        || [
            "llvmpipe",
            "lavapipe",
            "swiftshader",
            "microsoft basic render",
        ]
        .iter()
        .any(|n| name.contains(n))
}

/// Picks the renderer `choice` asks for on this machine, and the GPU device when it is
/// the GPU renderer.
pub fn choose(
    world: &World,
    choice: RendererChoice,
) -> Result<(Engine, ChosenRenderer), RenderError> {
    let chosen = |renderer, adapter: Option<String>, reason: &str| ChosenRenderer {
        reason: match &adapter {
            Some(name) => reason.replace("{}", name),
            None => reason.to_owned(),
        },
        renderer,
        adapter,
    };
    match choice {
        RendererChoice::Cpu => Ok((Engine::Cpu, chosen(RendererChoice::Cpu, None, "asked for"))),
        RendererChoice::Gpu => {
            let gpu = GpuDevice::acquire(world)?;
            let adapter = Some(gpu.adapter.clone());
            Ok((
                Engine::Gpu(gpu),
                chosen(RendererChoice::Gpu, adapter, "asked for, on {}"),
            ))
        }
        RendererChoice::Auto => {
            // A device there already (the host's, or one made for an earlier export).
            if world.contains_resource::<RenderDevice>() || world.contains_resource::<GpuDevice>() {
                let gpu = GpuDevice::acquire(world)?;
                if !gpu.cpu {
                    let adapter = Some(gpu.adapter.clone());
                    return Ok((
                        Engine::Gpu(gpu),
                        chosen(RendererChoice::Gpu, adapter, "{} is a GPU"),
                    ));
                }
                let adapter = Some(gpu.adapter.clone());
                return Ok((
                    Engine::Cpu,
                    chosen(
                        RendererChoice::Cpu,
                        adapter,
                        "the GPU device, {}, is a CPU rasteriser",
                    ),
                ));
            }
            match GpuDevice::probe() {
                Some((name, true)) => Ok((
                    Engine::Cpu,
                    chosen(
                        RendererChoice::Cpu,
                        Some(name),
                        "the only GPU adapter, {}, is a CPU rasteriser",
                    ),
                )),
                Some(_) => {
                    let gpu = GpuDevice::create_headless()?;
                    let adapter = Some(gpu.adapter.clone());
                    Ok((
                        Engine::Gpu(gpu),
                        chosen(RendererChoice::Gpu, adapter, "{} is a GPU"),
                    ))
                }
                None => Ok((
                    Engine::Cpu,
                    chosen(RendererChoice::Cpu, None, "no GPU adapter"),
                )),
            }
        }
    }
}

/// What `auto` takes on this machine before any device is made: the GPU renderer when
/// the adapter a device would be made on is a real GPU, else the CPU renderer.
pub fn auto_without_device() -> RendererChoice {
    match GpuDevice::probe() {
        Some((_, false)) => RendererChoice::Gpu,
        _ => RendererChoice::Cpu,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_and_print() {
        for choice in [
            RendererChoice::Auto,
            RendererChoice::Gpu,
            RendererChoice::Cpu,
        ] {
            assert_eq!(choice.to_string().parse::<RendererChoice>(), Ok(choice));
        }
        assert!("vulkan".parse::<RendererChoice>().is_err());
    }

    #[test]
    fn software_rasterisers_are_known_by_type_or_name() {
        use wgpu::DeviceType::{Cpu, DiscreteGpu, IntegratedGpu, Other};
        assert!(is_cpu_rasteriser(Cpu, "anything"));
        assert!(is_cpu_rasteriser(Other, "llvmpipe (LLVM 15.0.6, 256 bits)"));
        assert!(is_cpu_rasteriser(Other, "SwiftShader Device (Subzero)"));
        assert!(is_cpu_rasteriser(
            IntegratedGpu,
            "Microsoft Basic Render Driver"
        ));
        assert!(!is_cpu_rasteriser(DiscreteGpu, "NVIDIA H200"));
    }

    #[test]
    fn auto_takes_the_cpu_renderer_when_the_only_adapter_is_a_rasteriser() {
        let world = World::new();
        let (engine, chosen) = choose(&world, RendererChoice::Auto).unwrap();
        match auto_without_device() {
            RendererChoice::Gpu => assert!(matches!(engine, Engine::Gpu(_)), "{chosen:?}"),
            _ => assert!(matches!(engine, Engine::Cpu), "{chosen:?}"),
        }
    }
}
