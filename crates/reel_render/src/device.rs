//! The GPU device Reel renders with: the host app's, when it has one, else its own.

use crate::error::RenderError;
use crate::pipelines::Pipelines;
use bevy_ecs::prelude::*;
use bevy_render::renderer::{RenderAdapterInfo, RenderDevice, RenderQueue, WgpuWrapper};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

/// The device and queue every render worker shares, with the pipelines compiled for it.
/// Each worker owns its own textures and buffers on it.
#[derive(Resource, Clone)]
pub struct GpuDevice {
    /// The device.
    pub device: RenderDevice,
    /// Its queue.
    pub queue: RenderQueue,
    /// The adapter's name and backend, for logs.
    pub adapter: String,
    /// Whether the device belongs to the host app's `bevy_render`.
    pub from_host: bool,
    /// Whether the adapter is a CPU rasteriser (lavapipe, llvmpipe), which spreads each
    /// draw over every core by itself.
    pub cpu: bool,
    /// Set when a device Reel made itself is lost (the host watches its own device).
    pub lost: Arc<AtomicBool>,
    /// The device's pipelines, compiled once and shared by every worker.
    pub shared: Arc<OnceLock<Pipelines>>,
}

impl GpuDevice {
    /// The host app's device when its world has `bevy_render`'s `RenderDevice` and
    /// `RenderQueue`; else a device made earlier by Reel; else a new headless one.
    pub fn acquire(world: &World) -> Result<GpuDevice, RenderError> {
        if let (Some(device), Some(queue)) = (
            world.get_resource::<RenderDevice>(),
            world.get_resource::<RenderQueue>(),
        ) {
            let info = world.get_resource::<RenderAdapterInfo>();
            let adapter = info
                .map(|info| format!("{} ({:?})", info.name, info.backend))
                .unwrap_or_else(|| "host device".into());
            return Ok(GpuDevice {
                device: device.clone(),
                queue: queue.clone(),
                adapter,
                from_host: true,
                cpu: info.is_some_and(|info| {
                    crate::renderer::is_cpu_rasteriser(info.device_type, &info.name)
                }),
                lost: Arc::default(),
                shared: Arc::default(),
            });
        }
        if let Some(existing) = world.get_resource::<GpuDevice>() {
            return Ok(existing.clone());
        }
        Self::create_headless()
    }

    /// The adapter a headless device would be made on, without making it: its name and
    /// whether it is a CPU rasteriser. `None` when there is no adapter.
    pub fn probe() -> Option<(String, bool)> {
        let info = first_adapter()?.get_info();
        let cpu = crate::renderer::is_cpu_rasteriser(info.device_type, &info.name);
        Some((format!("{} ({:?})", info.name, info.backend), cpu))
    }

    /// Creates a device with no window, preferring Vulkan (lavapipe on machines without a
    /// GPU) and falling back to any backend wgpu was built with.
    pub fn create_headless() -> Result<GpuDevice, RenderError> {
        if let Some(adapter) = first_adapter() {
            let info = adapter.get_info();
            let (device, queue) =
                pollster::block_on(adapter.request_device(&wgpu::DeviceDescriptor {
                    label: Some("reel device"),
                    required_features: wgpu::Features::empty(),
                    required_limits: adapter.limits(),
                    ..Default::default()
                }))
                .map_err(|e| RenderError::Device(e.to_string()))?;
            let lost = Arc::new(AtomicBool::new(false));
            let flag = lost.clone();
            device.set_device_lost_callback(move |reason, message| {
                tracing::warn!("the GPU device was lost ({reason:?}: {message})");
                flag.store(true, Ordering::Relaxed);
            });
            return Ok(GpuDevice {
                device: RenderDevice::from(device),
                queue: RenderQueue(Arc::new(WgpuWrapper::new(queue))),
                adapter: format!("{} ({:?})", info.name, info.backend),
                from_host: false,
                cpu: crate::renderer::is_cpu_rasteriser(info.device_type, &info.name),
                lost,
                shared: Arc::default(),
            });
        }
        Err(RenderError::NoAdapter)
    }

    /// Whether the device is lost: known to be, or refusing to create a resource.
    pub fn is_lost(&self) -> bool {
        if self.lost.load(Ordering::Relaxed) {
            return true;
        }
        let lost = !device_accepts_work(self.device.wgpu_device(), &self.queue);
        if lost {
            self.lost.store(true, Ordering::Relaxed);
        }
        lost
    }

    /// The device's shared pipelines, compiled the first time any worker asks.
    pub fn pipelines(&self) -> Pipelines {
        self.shared
            .get_or_init(|| Pipelines::new(self.device.wgpu_device()))
            .clone()
    }

    /// The largest texture side this device allows.
    pub fn max_texture_side(&self) -> u32 {
        self.device.limits().max_texture_dimension_2d
    }
}

/// The adapter a headless device is made on: the first found among the backends
/// `WGPU_BACKEND` names, else Vulkan (lavapipe on machines without a GPU), then any wgpu
/// was built with; the most powerful of each.
fn first_adapter() -> Option<wgpu::Adapter> {
    let attempts = match wgpu::Backends::from_env() {
        Some(backends) => vec![backends],
        None => vec![wgpu::Backends::VULKAN, wgpu::Backends::all()],
    };
    let options = wgpu::RequestAdapterOptions {
        power_preference: wgpu::PowerPreference::HighPerformance,
        force_fallback_adapter: false,
        compatible_surface: None,
    };
    attempts.into_iter().find_map(|backends| {
        let instance = wgpu::Instance::new(wgpu::InstanceDescriptor {
            backends,
            ..wgpu::InstanceDescriptor::new_without_display_handle_from_env()
        });
        pollster::block_on(instance.request_adapter(&options)).ok()
    })
}

/// Whether `device` still creates resources. A destroyed or lost device refuses with a
/// validation error before wgpu gets round to calling its device-lost callback.
pub(crate) fn device_accepts_work(device: &wgpu::Device, queue: &wgpu::Queue) -> bool {
    let scope = device.push_error_scope(wgpu::ErrorFilter::Validation);
    let probe = device.create_buffer(&wgpu::BufferDescriptor {
        label: Some("reel device probe"),
        size: 4,
        usage: wgpu::BufferUsages::COPY_DST,
        mapped_at_creation: false,
    });
    // A lost device makes the buffer silently; using it is what reports the loss.
    queue.write_buffer(&probe, 0, &[0; 4]);
    let refused = pollster::block_on(scope.pop()).is_some();
    probe.destroy();
    !refused
}
