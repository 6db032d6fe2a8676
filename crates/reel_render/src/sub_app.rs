//! The render sub-app: a `SubApp` with its own world and schedule that renders batches of
//! frames on one worker thread. Its systems upload, draw and read back; the worker thread
//! fills its inbox, runs it, and empties its outbox.

use crate::compositor::Compositor;
use crate::device::GpuDevice;
use crate::error::RenderError;
use crate::renderer::Engine;
use bevy_app::SubApp;
use bevy_ecs::entity::Entity;
use bevy_ecs::prelude::*;
use bevy_ecs::schedule::{Schedule, ScheduleLabel, SingleThreadedExecutor};
use bevy_render::renderer::{RenderDevice, RenderQueue};
use crossbeam_channel::{Receiver, unbounded};
use ffmpeg_next::frame::Video;
use reel_cpu::CpuCompositor;
use reel_pipeline::{FaultKind, FaultPlan, OutputPicture, PipelineStats, SourcePictures, Stage};
use reel_plan::FramePlan;
use reel_scene::FramePixels;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How long a readback may take before the sub-app checks that the device still lives.
const LOST_DEVICE_CHECK: Duration = Duration::from_secs(1);

/// The schedule a render sub-app runs for each batch.
#[derive(ScheduleLabel, Debug, Clone, PartialEq, Eq, Hash)]
pub struct RenderFrames;

/// One frame to render.
#[derive(Debug)]
pub struct RenderJob {
    /// The frame's entity in the main app.
    pub entity: Entity,
    /// The output frame index.
    pub index: u64,
    /// What the frame is drawn from: the scene's layers at the frame's time.
    pub plan: FramePlan,
    /// The source pictures it shows, one per recording its plan draws from.
    pub pictures: SourcePictures,
    /// During a transition, how the drawn frame is mixed with another or with black.
    pub blend: Option<JobBlend>,
}

/// How a transition's frame is finished: the frame drawn from the job's plan keeps
/// `weight`, and the rest is the frame of `other` (drawn by the same worker) or black.
#[derive(Debug)]
pub struct JobBlend {
    /// The weight of the job's own frame, 0 to 1.
    pub weight: f32,
    /// The other clip's plan and pictures, for a cross-fade.
    pub other: Option<(FramePlan, SourcePictures)>,
}

/// One rendered frame, or why it failed.
#[derive(Debug)]
pub struct RenderResult {
    /// The frame's entity in the main app.
    pub entity: Entity,
    /// The output frame index.
    pub index: u64,
    /// The rendered picture.
    pub picture: Result<OutputPicture, RenderError>,
}

/// The batch the worker thread hands to the sub-app.
#[derive(Resource, Default)]
pub struct RenderInbox(pub Vec<RenderJob>);

/// The results the sub-app hands back to the worker thread.
#[derive(Resource, Default)]
pub struct RenderOutbox(pub Vec<RenderResult>);

/// The output frame a render sub-app is working on, shared with its worker thread so
/// that a panic can be pinned on the frame that caused it.
#[derive(Resource, Clone)]
pub struct CurrentFrame(pub Arc<AtomicU64>);

impl Default for CurrentFrame {
    fn default() -> Self {
        Self(Arc::new(AtomicU64::new(Self::NONE)))
    }
}

impl CurrentFrame {
    /// Marks no frame as current.
    pub const NONE: u64 = u64::MAX;

    /// The frame being worked on, if one is.
    pub fn get(&self) -> Option<u64> {
        Some(self.0.load(Ordering::Relaxed)).filter(|&f| f != Self::NONE)
    }

    fn set(&self, frame: Option<u64>) {
        self.0.store(frame.unwrap_or(Self::NONE), Ordering::Relaxed);
    }
}

/// Faults a test asked this render sub-app to suffer.
#[derive(Resource, Clone, Default)]
pub struct InjectedFaults {
    /// The export's fault plan.
    pub plan: FaultPlan,
    /// The worker slot the sub-app runs in.
    pub worker: usize,
}

/// Set when the GPU device is lost, so that no sub-app waits for a readback forever.
#[derive(Resource, Clone)]
struct DeviceHealth(Arc<AtomicBool>);

/// A frame whose commands are submitted and whose readback buffer is being mapped.
struct PendingFrame {
    entity: Entity,
    index: u64,
    buffer: usize,
}

/// Frames submitted this batch and the readback buffers they use.
#[derive(Resource, Default)]
struct Readbacks {
    buffers: Vec<wgpu::Buffer>,
    pending: Vec<PendingFrame>,
    mapped: Option<Receiver<Result<(), wgpu::BufferAsyncError>>>,
    last_submission: Option<wgpu::SubmissionIndex>,
}

/// What a render sub-app needs to know about the export it renders.
#[derive(Clone)]
pub struct RenderTarget {
    /// Output width and height in pixels.
    pub output: (u32, u32),
    /// The scene's background picture (RGBA), when it has one.
    pub image: Option<Arc<Video>>,
    /// The pixels the output's encoder takes.
    pub pixels: FramePixels,
}

/// The CPU renderer of one render sub-app.
#[derive(Resource)]
pub struct CpuFrames(pub CpuCompositor);

/// Builds a render sub-app that renders frames described by `target` with `engine`,
/// counting its work in `stats`.
pub fn build_render_sub_app(
    engine: &Engine,
    target: &RenderTarget,
    stats: PipelineStats,
) -> SubApp {
    let mut sub_app = SubApp::new();
    let mut schedule = Schedule::new(RenderFrames);
    schedule.set_executor(SingleThreadedExecutor::new());
    sub_app.add_schedule(schedule);
    sub_app.update_schedule = Some(RenderFrames.intern());
    sub_app
        .init_resource::<CurrentFrame>()
        .init_resource::<InjectedFaults>()
        .init_resource::<RenderInbox>()
        .init_resource::<RenderOutbox>()
        .insert_resource(stats);
    match engine {
        Engine::Gpu(gpu) => add_gpu_renderer(&mut sub_app, gpu, target),
        Engine::Cpu => {
            let compositor = CpuCompositor::new(target.output, target.pixels, target.image.clone());
            sub_app
                .insert_resource(CpuFrames(compositor))
                .add_systems(RenderFrames, render_on_cpu);
        }
    }
    sub_app
}

/// Renders every frame in the inbox on the CPU, one after another (each in row bands
/// over threads).
fn render_on_cpu(
    mut compositor: ResMut<CpuFrames>,
    mut inbox: ResMut<RenderInbox>,
    mut outbox: ResMut<RenderOutbox>,
    stats: Res<PipelineStats>,
    current: Res<CurrentFrame>,
    faults: Res<InjectedFaults>,
) {
    for job in inbox.0.drain(..) {
        current.set(Some(job.index));
        let job = match apply_injected_fault(&faults, None, job) {
            Ok(job) => job,
            Err(result) => {
                outbox.0.push(result);
                continue;
            }
        };
        let started = Instant::now();
        let picture = compositor
            .0
            .render(&job.pictures, &job.plan)
            .map(|mut frame| {
                frame.set_pts(Some(job.index as i64));
                // The drawn planes are copied once into the encoder's frame.
                let bytes: usize = (0..frame.planes())
                    .map(|p| frame.stride(p) * frame.plane_height(p) as usize)
                    .sum();
                stats.add_copied(bytes as u64);
                OutputPicture { frame }
            })
            .map_err(RenderError::Cpu);
        stats.add_busy(Stage::Render, started.elapsed());
        outbox.0.push(RenderResult {
            entity: job.entity,
            index: job.index,
            picture,
        });
    }
    current.set(None);
}

/// Adds the GPU renderer's resources and systems for `target` on `gpu`.
fn add_gpu_renderer(sub_app: &mut SubApp, gpu: &GpuDevice, target: &RenderTarget) {
    let output = (target.output, target.pixels);
    let compositor =
        Compositor::new(gpu, output, target.image.clone()).with_interleaved_chroma(gpu.cpu);
    sub_app
        .insert_resource(gpu.device.clone())
        .insert_resource(gpu.queue.clone())
        .insert_resource(compositor)
        .insert_resource(DeviceHealth(gpu.lost.clone()))
        .init_resource::<Readbacks>()
        .add_systems(RenderFrames, (queue_frames, read_back_frames).chain());
}

/// Uploads, draws and submits every frame in the inbox, each in its own submission so
/// that the per-frame uniforms and uploads land in order; starts mapping its readback.
fn queue_frames(
    device: Res<RenderDevice>,
    queue: Res<RenderQueue>,
    mut compositor: ResMut<Compositor>,
    mut inbox: ResMut<RenderInbox>,
    mut outbox: ResMut<RenderOutbox>,
    mut readbacks: ResMut<Readbacks>,
    stats: Res<PipelineStats>,
    current: Res<CurrentFrame>,
    faults: Res<InjectedFaults>,
) {
    let device = device.wgpu_device();
    let (sender, receiver) = unbounded();
    for job in inbox.0.drain(..) {
        current.set(Some(job.index));
        let job = match apply_injected_fault(&faults, Some(device), job) {
            Ok(job) => job,
            Err(result) => {
                outbox.0.push(result);
                continue;
            }
        };
        let buffer = readbacks.pending.len();
        if readbacks.buffers.len() <= buffer {
            let created = compositor.create_readback_buffer();
            readbacks.buffers.push(created);
        }
        let target = &readbacks.buffers[buffer];
        let commands = match encode_job(device, (&queue, &mut compositor), &job, target, &stats) {
            Ok(commands) => commands,
            Err(error) => {
                outbox.0.push(failed(job, error));
                continue;
            }
        };
        readbacks.last_submission = Some(queue.submit([commands]));
        let sender = sender.clone();
        readbacks.buffers[buffer]
            .slice(..)
            .map_async(wgpu::MapMode::Read, move |result| {
                let _ = sender.send(result);
            });
        readbacks.pending.push(PendingFrame {
            entity: job.entity,
            index: job.index,
            buffer,
        });
    }
    current.set(None);
    readbacks.mapped = Some(receiver);
}

/// Acts on a fault a test injected for `job`'s frame: panics, stalls or loses the device
/// (the GPU renderer's; the CPU renderer has none to lose) and goes on, or fails the frame
/// (`Err`, its result).
fn apply_injected_fault(
    faults: &InjectedFaults,
    device: Option<&wgpu::Device>,
    job: RenderJob,
) -> Result<RenderJob, RenderResult> {
    match take_render_fault(faults, job.index) {
        None => Ok(job),
        Some(FaultKind::RenderPanic) => {
            panic!("injected panic while rendering frame {}", job.index)
        }
        Some(FaultKind::RenderStall(duration)) => {
            std::thread::sleep(duration);
            Ok(job)
        }
        Some(FaultKind::DeviceLost) => {
            if let Some(device) = device {
                device.destroy();
            }
            Ok(job)
        }
        Some(_) => {
            let index = job.index;
            Err(failed(job, RenderError::Injected(index)))
        }
    }
}

/// Records `job`'s frame into `readback`, inside an error scope so that a GPU
/// validation error fails this frame alone.
fn encode_job(
    device: &wgpu::Device,
    (queue, compositor): (&RenderQueue, &mut Compositor),
    job: &RenderJob,
    readback: &wgpu::Buffer,
    stats: &PipelineStats,
) -> Result<wgpu::CommandBuffer, RenderError> {
    let scope = device.push_error_scope(wgpu::ErrorFilter::Validation);
    let started = Instant::now();
    let commands = compositor.encode_frame(queue, &job.pictures, &job.plan, readback);
    stats.add_busy(Stage::Upload, started.elapsed());
    let gpu_error = pollster::block_on(scope.pop());
    match (commands, gpu_error) {
        (Ok((commands, uploaded)), None) => {
            stats.add_copied(uploaded);
            Ok(commands)
        }
        (Err(error), _) => Err(error),
        (_, Some(error)) => Err(RenderError::Gpu {
            frame: job.index,
            message: crate::error::one_line(&error.to_string()),
        }),
    }
}

/// The render fault due at `frame` on this sub-app, if a test injected one.
fn take_render_fault(faults: &InjectedFaults, frame: u64) -> Option<FaultKind> {
    if faults.plan.is_empty() {
        return None;
    }
    faults.plan.take(frame, Some(faults.worker), |kind| {
        matches!(
            kind,
            FaultKind::RenderPanic
                | FaultKind::RenderError
                | FaultKind::RenderStall(_)
                | FaultKind::DeviceLost
        )
    })
}

fn failed(job: RenderJob, error: RenderError) -> RenderResult {
    RenderResult {
        entity: job.entity,
        index: job.index,
        picture: Err(error),
    }
}

/// Waits until `expected` readbacks of `mapped` have been mapped, or the device is found
/// lost; returns why mapping failed, if it did.
fn wait_for_maps(
    device: &wgpu::Device,
    queue: &wgpu::Queue,
    (mapped, expected): (&Receiver<Result<(), wgpu::BufferAsyncError>>, usize),
    submission: Option<wgpu::SubmissionIndex>,
    health: &DeviceHealth,
) -> Option<String> {
    let mut map_error = None;
    let mut received = 0;
    let mut checked = Instant::now();
    while received < expected {
        // A lost device may never call back; look at it now and then while waiting.
        let lost = health.0.load(Ordering::Relaxed)
            || (checked.elapsed() > LOST_DEVICE_CHECK
                && !crate::device::device_accepts_work(device, queue));
        if lost {
            health.0.store(true, Ordering::Relaxed);
            return Some("the device was lost".to_owned());
        }
        if checked.elapsed() > LOST_DEVICE_CHECK {
            checked = Instant::now();
        }
        // Another worker's poll may run our callbacks; wait on the channel either way.
        let _ = device.poll(wgpu::PollType::Wait {
            submission_index: submission.clone(),
            timeout: Some(Duration::from_millis(100)),
        });
        while let Ok(result) = mapped.recv_timeout(Duration::from_millis(1)) {
            received += 1;
            if let Err(error) = result {
                map_error = Some(crate::error::one_line(&error.to_string()));
            }
        }
    }
    map_error
}

/// Waits for the batch's readbacks and copies each packed frame into an encoder frame.
fn read_back_frames(
    device: Res<RenderDevice>,
    queue: Res<RenderQueue>,
    compositor: Res<Compositor>,
    mut readbacks: ResMut<Readbacks>,
    mut outbox: ResMut<RenderOutbox>,
    stats: Res<PipelineStats>,
    health: Res<DeviceHealth>,
) {
    let Some(mapped) = readbacks.mapped.take() else {
        return;
    };
    let waiting = Instant::now();
    let expected = readbacks.pending.len();
    let submission = readbacks.last_submission.clone();
    let map_error = wait_for_maps(
        device.wgpu_device(),
        &queue,
        (&mapped, expected),
        submission,
        &health,
    );
    stats.add_busy(Stage::Render, waiting.elapsed());
    let copying = Instant::now();
    let pending = std::mem::take(&mut readbacks.pending);
    let layout = compositor.layout();
    let frame_bytes = layout.frame_bytes();
    for frame in pending {
        let buffer = &readbacks.buffers[frame.buffer];
        let picture = match &map_error {
            Some(message) => Err(RenderError::Gpu {
                frame: frame.index,
                message: message.clone(),
            }),
            None => {
                let view = buffer.slice(..).get_mapped_range();
                let mut picture = layout.to_frame(&view);
                picture.set_pts(Some(frame.index as i64));
                stats.add_copied(frame_bytes);
                Ok(OutputPicture { frame: picture })
            }
        };
        if map_error.is_none() {
            buffer.unmap();
        }
        outbox.0.push(RenderResult {
            entity: frame.entity,
            index: frame.index,
            picture,
        });
    }
    stats.add_busy(Stage::Readback, copying.elapsed());
}
