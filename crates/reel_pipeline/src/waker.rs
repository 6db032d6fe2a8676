//! Wakes an idle run loop when a stage thread has something for the pipeline.

use bevy_ecs::resource::Resource;
use crossbeam_channel::{Receiver, Sender, bounded};
use std::time::Duration;

/// A doorbell that stage threads ring after they send something to the main app.
///
/// Pipeline systems never block. A run loop that has nothing to do may wait on
/// [`PipelineWaker::wait`] instead of spinning; hosts with their own loop can ignore it.
#[derive(Resource, Debug, Clone)]
pub struct PipelineWaker {
    sender: Sender<()>,
    receiver: Receiver<()>,
}

impl Default for PipelineWaker {
    fn default() -> Self {
        let (sender, receiver) = bounded(1);
        Self { sender, receiver }
    }
}

impl PipelineWaker {
    /// Rings the bell. Never blocks: a bell already ringing stays rung.
    pub fn wake(&self) {
        let _ = self.sender.try_send(());
    }

    /// Waits until the bell rings or `timeout` passes, and clears it.
    pub fn wait(&self, timeout: Duration) {
        let _ = self.receiver.recv_timeout(timeout);
    }
}
