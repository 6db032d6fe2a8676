//! Render workers: each owns a render sub-app and drives it on its own thread, or, when
//! no thread can be started, on the caller's.
//!
//! A worker that panics or fails a frame is retired and a fresh one takes its slot; the
//! frames it held go back to the queue. [`RenderWorkers`] keeps the books for that: which
//! frames each worker holds, and which generation of worker a message comes from, so
//! that a retired worker's late results are ignored.

use crate::device::GpuDevice;
use crate::error::RenderError;
use crate::renderer::Engine;
use crate::sub_app::{
    CurrentFrame, InjectedFaults, RenderInbox, RenderJob, RenderOutbox, RenderResult, RenderTarget,
    build_render_sub_app,
};
use bevy_app::SubApp;
use bevy_ecs::entity::Entity;
use bevy_ecs::resource::Resource;
use crossbeam_channel::{Receiver, Sender, unbounded};
use reel_pipeline::{FaultPlan, PipelineStats, PipelineWaker};
use std::cell::Cell;
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::Mutex;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long dropping [`RenderWorkers`] waits for busy threads before leaving them behind.
const JOIN_GRACE: Duration = Duration::from_secs(2);

/// What a worker sends back.
#[derive(Debug)]
pub enum WorkerMessage {
    /// A finished batch.
    Rendered {
        /// The worker that rendered it.
        worker: usize,
        /// One result per job, in the batch's order.
        results: Vec<RenderResult>,
    },
    /// The worker could not start or stopped.
    Lost {
        /// The worker.
        worker: usize,
        /// The frame it was rendering when it stopped, when known.
        frame: Option<u64>,
        /// Why.
        error: RenderError,
    },
}

/// A message tagged with the generation of the worker that sent it.
struct Tagged {
    generation: u32,
    message: WorkerMessage,
}

/// How a worker's sub-app is driven.
enum Runner {
    /// On a thread of its own, fed through a channel.
    Thread {
        jobs: Sender<Vec<RenderJob>>,
        thread: JoinHandle<()>,
    },
    /// On the caller's thread, one batch per [`RenderWorkers::send`].
    Inline(Box<Mutex<SubApp>>),
}

struct Worker {
    runner: Option<Runner>,
    generation: u32,
    /// The frames handed to this worker and not yet returned: entity and frame index.
    holds: Vec<(Entity, u64)>,
}

/// Everything needed to start a worker, kept so that failed workers can be replaced.
struct Spawner {
    engine: Engine,
    target: RenderTarget,
    stats: PipelineStats,
    waker: PipelineWaker,
    faults: FaultPlan,
    results: Sender<Tagged>,
}

/// The active export's render workers. Dropping it stops their threads and joins them.
#[derive(Resource)]
pub struct RenderWorkers {
    workers: Vec<Worker>,
    results: Receiver<Tagged>,
    spawner: Spawner,
    retired: Vec<JoinHandle<()>>,
    inline_warned: bool,
    /// The most frames one worker holds at once.
    pub capacity: usize,
    /// The most frames handed to a worker at once.
    pub batch: usize,
}

impl RenderWorkers {
    /// Starts `count` workers, each building its own render sub-app for `target`.
    pub fn start(
        engine: &Engine,
        target: &RenderTarget,
        count: usize,
        capacity: usize,
        waker: &PipelineWaker,
        stats: &PipelineStats,
    ) -> Self {
        Self::start_with_faults(
            engine,
            target,
            count,
            capacity,
            waker,
            stats,
            FaultPlan::default(),
        )
    }

    /// As [`start`](Self::start), injecting the faults in `faults` (for tests).
    pub fn start_with_faults(
        engine: &Engine,
        target: &RenderTarget,
        count: usize,
        capacity: usize,
        waker: &PipelineWaker,
        stats: &PipelineStats,
        faults: FaultPlan,
    ) -> Self {
        let (sender, results) = unbounded();
        let mut workers = Self {
            workers: Vec::new(),
            results,
            spawner: Spawner {
                engine: engine.clone(),
                target: target.clone(),
                stats: stats.clone(),
                waker: waker.clone(),
                faults,
                results: sender,
            },
            retired: Vec::new(),
            inline_warned: false,
            capacity: capacity.max(1),
            batch: capacity.div_ceil(2).max(1),
        };
        for slot in 0..count.max(1) {
            workers.workers.push(Worker {
                runner: None,
                generation: 0,
                holds: Vec::new(),
            });
            workers.restart(slot);
        }
        workers
    }

    /// The worker with the most room, and how many frames it can take now.
    pub fn least_busy(&self) -> Option<(usize, usize)> {
        self.workers
            .iter()
            .enumerate()
            .filter(|(_, w)| w.runner.is_some() && w.holds.len() < self.capacity)
            .min_by_key(|(_, w)| w.holds.len())
            .map(|(index, w)| (index, (self.capacity - w.holds.len()).min(self.batch)))
    }

    /// Whether any worker can still take frames.
    pub fn any_alive(&self) -> bool {
        self.workers.iter().any(|w| w.runner.is_some())
    }

    /// The GPU device the workers render with, when they run the GPU renderer.
    pub fn gpu(&self) -> Option<&GpuDevice> {
        match &self.spawner.engine {
            Engine::Gpu(gpu) => Some(gpu),
            Engine::Cpu => None,
        }
    }

    /// Hands a batch to `worker`. Returns the batch back if the worker is gone.
    pub fn send(&mut self, worker: usize, batch: Vec<RenderJob>) -> Result<(), Vec<RenderJob>> {
        let slot = &mut self.workers[worker];
        let holds: Vec<_> = batch.iter().map(|job| (job.entity, job.index)).collect();
        match &mut slot.runner {
            Some(Runner::Thread { jobs, .. }) => jobs.send(batch).map_err(|error| error.0)?,
            Some(Runner::Inline(sub_app)) => {
                let sub_app = sub_app.get_mut().unwrap_or_else(|e| e.into_inner());
                let message = run_batch(worker, sub_app, batch);
                if matches!(message, WorkerMessage::Lost { .. }) {
                    // A sub-app that panicked is not run again; recovery replaces it.
                    slot.runner = None;
                }
                let _ = self.spawner.results.send(Tagged {
                    generation: slot.generation,
                    message,
                });
            }
            None => return Err(batch),
        }
        slot.holds.extend(holds);
        Ok(())
    }

    /// The generation of the worker now in `worker`'s slot: it grows each time the slot's
    /// worker is retired.
    pub fn generation(&self, worker: usize) -> u32 {
        self.workers[worker].generation
    }

    /// The next message from a current worker, with that worker's
    /// [`generation`](Self::generation), if one is waiting. Messages from retired workers
    /// are dropped: their frames were handed out again when they were retired.
    pub fn try_recv(&mut self) -> Option<(u32, WorkerMessage)> {
        loop {
            let Tagged {
                generation,
                message,
            } = self.results.try_recv().ok()?;
            let (WorkerMessage::Rendered { worker, .. } | WorkerMessage::Lost { worker, .. }) =
                &message;
            let slot = &mut self.workers[*worker];
            if slot.generation != generation {
                continue;
            }
            if let WorkerMessage::Rendered { results, .. } = &message {
                slot.holds
                    .retain(|(entity, _)| !results.iter().any(|r| r.entity == *entity));
            }
            return Some((generation, message));
        }
    }

    /// Stops `worker` and returns the frames it held. Its thread finishes on its own.
    pub fn retire(&mut self, worker: usize) -> Vec<(Entity, u64)> {
        let slot = &mut self.workers[worker];
        slot.generation += 1;
        if let Some(Runner::Thread { thread, .. }) = slot.runner.take() {
            self.retired.push(thread);
        }
        std::mem::take(&mut slot.holds)
    }

    /// Starts a fresh worker in `worker`'s slot (retire the old one first); it renders
    /// on the caller's thread if no thread can be started.
    pub fn restart(&mut self, worker: usize) {
        let generation = self.workers[worker].generation;
        let runner = match spawn_thread(&self.spawner, worker, generation) {
            Ok(runner) => runner,
            Err(error) => {
                if !self.inline_warned {
                    tracing::warn!(
                        "cannot start a render thread ({error}); rendering on the export's own thread, one batch at a time"
                    );
                    self.inline_warned = true;
                }
                if self
                    .workers
                    .iter()
                    .any(|w| matches!(w.runner, Some(Runner::Inline(_))))
                {
                    // One sequential worker is enough: a second would only share its thread.
                    return;
                }
                let mut sub_app = build_render_sub_app(
                    &self.spawner.engine,
                    &self.spawner.target,
                    self.spawner.stats.clone(),
                );
                sub_app.insert_resource(InjectedFaults {
                    plan: self.spawner.faults.clone(),
                    worker,
                });
                Runner::Inline(Box::new(Mutex::new(sub_app)))
            }
        };
        self.workers[worker].runner = Some(runner);
    }

    /// Retires every worker and starts them all again on `gpu`; returns the frames they
    /// held. Used when the device was lost and made anew.
    pub fn restart_all(&mut self, gpu: GpuDevice) -> Vec<(Entity, u64)> {
        self.spawner.engine = Engine::Gpu(gpu);
        let mut held = Vec::new();
        for worker in 0..self.workers.len() {
            held.extend(self.retire(worker));
        }
        for worker in 0..self.workers.len() {
            self.restart(worker);
        }
        held
    }
}

impl Drop for RenderWorkers {
    fn drop(&mut self) {
        let mut threads = std::mem::take(&mut self.retired);
        for worker in &mut self.workers {
            if let Some(Runner::Thread { thread, .. }) = worker.runner.take() {
                threads.push(thread);
            }
        }
        // The job channels are closed now, so idle threads end; a stalled one is left
        // behind rather than holding up the export's end.
        let deadline = Instant::now() + JOIN_GRACE;
        while threads.iter().any(|t| !t.is_finished()) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        for thread in threads {
            if thread.is_finished() {
                let _ = thread.join();
            } else {
                tracing::warn!("a render thread did not stop in time and was left behind");
            }
        }
    }
}

/// Starts a worker thread for `worker`'s slot.
/// Renders each batch `jobs` brings on `sub_app` and sends its results, until the jobs
/// or the results channel close.
fn serve(
    sub_app: &mut SubApp,
    jobs: &Receiver<Vec<RenderJob>>,
    (worker, generation): (usize, u32),
    (results, waker): (&Sender<Tagged>, &PipelineWaker),
) {
    while let Ok(batch) = jobs.recv() {
        let rendered = render_jobs(sub_app, batch);
        let message = WorkerMessage::Rendered {
            worker,
            results: rendered,
        };
        if results
            .send(Tagged {
                generation,
                message,
            })
            .is_err()
        {
            return;
        }
        waker.wake();
    }
}

fn spawn_thread(spawner: &Spawner, worker: usize, generation: u32) -> std::io::Result<Runner> {
    if spawner.faults.blocks_threads() {
        return Err(std::io::Error::other("injected thread spawn failure"));
    }
    let (jobs, job_receiver) = unbounded::<Vec<RenderJob>>();
    let engine = spawner.engine.clone();
    let target = spawner.target.clone();
    let stats = spawner.stats.clone();
    let faults = spawner.faults.clone();
    let results = spawner.results.clone();
    let waker = spawner.waker.clone();
    let thread = std::thread::Builder::new()
        .name(format!("{THREAD_PREFIX}{worker}"))
        .spawn(move || {
            let current = CurrentFrame::default();
            let run = AssertUnwindSafe(|| {
                let mut sub_app = build_render_sub_app(&engine, &target, stats);
                sub_app
                    .insert_resource(current.clone())
                    .insert_resource(InjectedFaults {
                        plan: faults,
                        worker,
                    });
                serve(
                    &mut sub_app,
                    &job_receiver,
                    (worker, generation),
                    (&results, &waker),
                );
            });
            if let Err(panic) = std::panic::catch_unwind(run) {
                let message = WorkerMessage::Lost {
                    worker,
                    frame: current.get(),
                    error: RenderError::WorkerPanicked {
                        worker,
                        message: panic_message(panic.as_ref()),
                    },
                };
                let _ = results.send(Tagged {
                    generation,
                    message,
                });
                waker.wake();
            }
        })?;
    Ok(Runner::Thread { jobs, thread })
}

thread_local! {
    static RENDERING_INLINE: Cell<bool> = const { Cell::new(false) };
}

/// Whether this thread is a render worker's, or is rendering a batch for the sequential
/// fallback right now: a panic here is caught and the worker replaced, so a panic hook
/// may keep it quiet.
pub fn is_render_thread() -> bool {
    RENDERING_INLINE.get()
        || std::thread::current()
            .name()
            .is_some_and(|name| name.starts_with(THREAD_PREFIX))
}

/// The name of each render worker thread starts with this.
const THREAD_PREFIX: &str = "reel-render-";

/// Renders one batch on the caller's thread, catching a panic as a lost worker.
fn run_batch(worker: usize, sub_app: &mut SubApp, batch: Vec<RenderJob>) -> WorkerMessage {
    let current = sub_app.world().resource::<CurrentFrame>().clone();
    RENDERING_INLINE.set(true);
    let run = std::panic::catch_unwind(AssertUnwindSafe(|| render_jobs(sub_app, batch)));
    RENDERING_INLINE.set(false);
    match run {
        Ok(results) => WorkerMessage::Rendered { worker, results },
        Err(panic) => WorkerMessage::Lost {
            worker,
            frame: current.get(),
            error: RenderError::WorkerPanicked {
                worker,
                message: panic_message(panic.as_ref()),
            },
        },
    }
}

/// Renders `batch` on `sub_app` and returns its results. A transition's frame is drawn
/// once per clip it shows (the other clip's frame as a job of its own, right after it)
/// and the two are mixed, or the one is mixed with black.
fn render_jobs(sub_app: &mut SubApp, batch: Vec<RenderJob>) -> Vec<RenderResult> {
    let mut blends: HashMap<Entity, (f32, bool)> = HashMap::new();
    let mut jobs = Vec::with_capacity(batch.len());
    for mut job in batch {
        let Some(blend) = job.blend.take() else {
            jobs.push(job);
            continue;
        };
        let other = blend.other.map(|(plan, pictures)| RenderJob {
            entity: job.entity,
            index: job.index,
            plan,
            pictures,
            blend: None,
        });
        blends.insert(job.entity, (blend.weight, other.is_some()));
        jobs.push(job);
        jobs.extend(other);
    }
    sub_app.world_mut().resource_mut::<RenderInbox>().0 = jobs;
    sub_app.update();
    let results = std::mem::take(&mut sub_app.world_mut().resource_mut::<RenderOutbox>().0);
    if blends.is_empty() {
        return results;
    }
    let mut first_parts: HashMap<Entity, RenderResult> = HashMap::new();
    let mut mixed = Vec::with_capacity(results.len());
    for result in results {
        match blends.get(&result.entity) {
            None => mixed.push(result),
            Some(&(weight, false)) => mixed.push(mix_results(result, None, weight)),
            Some(&(weight, true)) => match first_parts.remove(&result.entity) {
                None => {
                    first_parts.insert(result.entity, result);
                }
                Some(first) => mixed.push(mix_results(first, Some(result), weight)),
            },
        }
    }
    // A frame whose second part never came back failed with its first part's error, or
    // is reported as failed.
    mixed.extend(first_parts.into_values().map(|first| {
        RenderResult {
            picture: first
                .picture
                .and(Err(RenderError::UnfinishedMix(first.index))),
            ..first
        }
    }));
    mixed
}

/// The mix of a transition's frame `first` with `second` (or black), `first` keeping
/// `weight`; a failure of either part fails the frame.
fn mix_results(first: RenderResult, second: Option<RenderResult>, weight: f32) -> RenderResult {
    let picture = match (first.picture, second.map(|s| s.picture)) {
        (Err(error), _) | (Ok(_), Some(Err(error))) => Err(error),
        (Ok(mut picture), other) => {
            let other = other.map(|o| o.expect("a failed part was matched above"));
            reel_pipeline::mix_frames(&mut picture.frame, other.as_ref().map(|o| &o.frame), weight);
            Ok(picture)
        }
    };
    RenderResult {
        entity: first.entity,
        index: first.index,
        picture,
    }
}

/// The text of a panic's payload, when it has one.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message");
    crate::error::one_line(text)
}
