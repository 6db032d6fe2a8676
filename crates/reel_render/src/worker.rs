//! Render workers: each owns a render sub-app and drives it on its own thread.

use crate::device::GpuDevice;
use crate::error::RenderError;
use crate::sub_app::{
    RenderInbox, RenderJob, RenderOutbox, RenderResult, RenderTarget, build_render_sub_app,
};
use bevy_ecs::resource::Resource;
use crossbeam_channel::{Receiver, Sender, unbounded};
use reel_pipeline::{PipelineStats, PipelineWaker};
use std::thread::JoinHandle;

/// What a worker thread sends back.
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
        /// Why.
        error: RenderError,
    },
}

struct Worker {
    jobs: Option<Sender<Vec<RenderJob>>>,
    outstanding: usize,
    thread: Option<JoinHandle<()>>,
}

/// The active export's render workers. Dropping it stops and joins their threads.
#[derive(Resource)]
pub struct RenderWorkers {
    workers: Vec<Worker>,
    results: Receiver<WorkerMessage>,
    /// The most frames one worker holds at once.
    pub capacity: usize,
    /// The most frames handed to a worker at once.
    pub batch: usize,
}

impl RenderWorkers {
    /// Starts `count` workers, each building its own render sub-app for `target`.
    pub fn start(
        gpu: &GpuDevice,
        target: &RenderTarget,
        count: usize,
        capacity: usize,
        waker: &PipelineWaker,
        stats: &PipelineStats,
    ) -> Self {
        let (result_sender, results) = unbounded();
        let workers = (0..count.max(1))
            .map(|index| {
                let (jobs, job_receiver) = unbounded::<Vec<RenderJob>>();
                let gpu = gpu.clone();
                let target = target.clone();
                let results = result_sender.clone();
                let waker = waker.clone();
                let stats = stats.clone();
                let thread = std::thread::Builder::new()
                    .name(format!("reel-render-{index}"))
                    .spawn(move || {
                        let run = std::panic::AssertUnwindSafe(|| {
                            run_worker(
                                index,
                                &gpu,
                                &target,
                                stats,
                                &job_receiver,
                                &results,
                                &waker,
                            );
                        });
                        if let Err(panic) = std::panic::catch_unwind(run) {
                            let _ = results.send(WorkerMessage::Lost {
                                worker: index,
                                error: RenderError::WorkerPanicked {
                                    worker: index,
                                    message: panic_message(panic.as_ref()),
                                },
                            });
                            waker.wake();
                        }
                    })
                    .ok();
                if thread.is_none() {
                    let _ = result_sender.send(WorkerMessage::Lost {
                        worker: index,
                        error: RenderError::WorkerLost(index),
                    });
                }
                Worker {
                    jobs: Some(jobs),
                    outstanding: 0,
                    thread,
                }
            })
            .collect();
        Self {
            workers,
            results,
            capacity: capacity.max(1),
            batch: capacity.div_ceil(2).max(1),
        }
    }

    /// The worker with the most room, and how many frames it can take now.
    pub fn least_busy(&self) -> Option<(usize, usize)> {
        self.workers
            .iter()
            .enumerate()
            .filter(|(_, w)| w.jobs.is_some() && w.outstanding < self.capacity)
            .min_by_key(|(_, w)| w.outstanding)
            .map(|(index, w)| (index, (self.capacity - w.outstanding).min(self.batch)))
    }

    /// Hands a batch to `worker`. Returns the batch back if the worker is gone.
    pub fn send(&mut self, worker: usize, batch: Vec<RenderJob>) -> Result<(), Vec<RenderJob>> {
        let slot = &mut self.workers[worker];
        let count = batch.len();
        match &slot.jobs {
            Some(jobs) => match jobs.send(batch) {
                Ok(()) => {
                    slot.outstanding += count;
                    Ok(())
                }
                Err(error) => Err(error.0),
            },
            None => Err(batch),
        }
    }

    /// The next message from a worker, if one is waiting; keeps the load count current.
    pub fn try_recv(&mut self) -> Option<WorkerMessage> {
        let message = self.results.try_recv().ok()?;
        match &message {
            WorkerMessage::Rendered { worker, results } => {
                let slot = &mut self.workers[*worker];
                slot.outstanding = slot.outstanding.saturating_sub(results.len());
            }
            WorkerMessage::Lost { worker, .. } => {
                self.workers[*worker].jobs = None;
            }
        }
        Some(message)
    }
}

impl Drop for RenderWorkers {
    fn drop(&mut self) {
        for worker in &mut self.workers {
            worker.jobs = None;
        }
        for worker in &mut self.workers {
            if let Some(thread) = worker.thread.take() {
                let _ = thread.join();
            }
        }
    }
}

fn run_worker(
    index: usize,
    gpu: &GpuDevice,
    target: &RenderTarget,
    stats: PipelineStats,
    jobs: &Receiver<Vec<RenderJob>>,
    results: &Sender<WorkerMessage>,
    waker: &PipelineWaker,
) {
    let mut sub_app = build_render_sub_app(gpu, target, stats);
    while let Ok(batch) = jobs.recv() {
        sub_app.world_mut().resource_mut::<RenderInbox>().0 = batch;
        sub_app.update();
        let rendered = std::mem::take(&mut sub_app.world_mut().resource_mut::<RenderOutbox>().0);
        if results
            .send(WorkerMessage::Rendered {
                worker: index,
                results: rendered,
            })
            .is_err()
        {
            return;
        }
        waker.wake();
    }
}

/// The text of a panic's payload, when it has one.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".into())
}
