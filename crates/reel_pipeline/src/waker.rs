//! Wakes an idle run loop when a stage thread has something for the pipeline.

use bevy_ecs::resource::Resource;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// A doorbell that stage threads ring after they send something to the main app.
///
/// Pipeline systems never block. A run loop that has nothing to do may wait on
/// [`PipelineWaker::wait`] instead of spinning; hosts with their own loop can ignore it.
/// Waiting sleeps at once (a condition variable, no spinning), so an idle loop costs
/// no CPU time that the stage threads could use.
#[derive(Resource, Debug, Clone, Default)]
pub struct PipelineWaker {
    bell: Arc<(Mutex<bool>, Condvar)>,
}

impl PipelineWaker {
    /// Rings the bell. Never blocks for longer than it takes to set a flag.
    pub fn wake(&self) {
        let (rung, condvar) = &*self.bell;
        *rung.lock().unwrap_or_else(|e| e.into_inner()) = true;
        condvar.notify_one();
    }

    /// Waits until the bell rings or `timeout` passes, and clears it.
    pub fn wait(&self, timeout: Duration) {
        let (rung, condvar) = &*self.bell;
        let guard = rung.lock().unwrap_or_else(|e| e.into_inner());
        let (mut guard, _) = condvar
            .wait_timeout_while(guard, timeout, |rung| !*rung)
            .unwrap_or_else(|e| e.into_inner());
        *guard = false;
    }
}
