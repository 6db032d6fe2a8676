//! The ordering system: rendered frames finish in any order and leave in index order.

use crate::frame::{Emitted, FrameIndex, Rendered};
use crate::picture::OutputPicture;
use crate::progress::ExportProgress;
use bevy_ecs::prelude::*;
use crossbeam_channel::{Sender, TrySendError};
use std::collections::BTreeMap;

/// What the ordering system sends to the encoder.
#[derive(Debug)]
pub enum SinkMessage {
    /// The next frame, in index order.
    Frame {
        /// Its output index.
        index: u64,
        /// Its pixels.
        picture: OutputPicture,
    },
    /// Every frame has been sent; `frames` is how many.
    End {
        /// The number of frames sent.
        frames: u64,
    },
}

/// Where emitted frames go: the sending end of the encoder's bounded queue, inserted by
/// the encode stage when it starts.
#[derive(Resource, Debug, Clone)]
pub struct FrameSink(pub Sender<SinkMessage>);

/// Reassembles items that arrive out of order into index order.
///
/// Items wait in a `BTreeMap` until every item before them has arrived, so the order is
/// right by construction; duplicates and indices already passed are refused.
#[derive(Debug, Clone)]
pub struct Reorder<T> {
    next: u64,
    waiting: BTreeMap<u64, T>,
}

impl<T> Default for Reorder<T> {
    fn default() -> Self {
        Self {
            next: 0,
            waiting: BTreeMap::new(),
        }
    }
}

impl<T> Reorder<T> {
    /// Accepts the item with `index`. Returns it back if that index was already
    /// accepted or already released.
    pub fn insert(&mut self, index: u64, item: T) -> Result<(), T> {
        if index < self.next || self.waiting.contains_key(&index) {
            return Err(item);
        }
        self.waiting.insert(index, item);
        Ok(())
    }

    /// Releases the next item in order, if it has arrived.
    pub fn pop_next(&mut self) -> Option<(u64, T)> {
        let item = self.waiting.remove(&self.next)?;
        let index = self.next;
        self.next += 1;
        Some((index, item))
    }

    /// Puts back the item just released by [`Reorder::pop_next`] (when it could not be
    /// delivered), so it is released again first.
    pub fn unpop(&mut self, index: u64, item: T) {
        debug_assert_eq!(
            index + 1,
            self.next,
            "only the last released item can go back"
        );
        self.next = index;
        self.waiting.insert(index, item);
    }

    /// The index of the next item to release.
    pub fn next_index(&self) -> u64 {
        self.next
    }

    /// How many items wait for an earlier one.
    pub fn waiting(&self) -> usize {
        self.waiting.len()
    }
}

/// The ordering system's state for the active export.
#[derive(Resource, Debug, Default)]
pub struct FrameReorder {
    /// Rendered frame entities waiting for their turn.
    pub frames: Reorder<Entity>,
    /// Whether the end of the stream has been sent to the sink.
    pub end_sent: bool,
}

/// Queues newly rendered frames for in-order emission.
pub(crate) fn queue_rendered_frames(
    mut reorder: ResMut<FrameReorder>,
    rendered: Query<(Entity, &FrameIndex), Added<Rendered>>,
) {
    for (entity, index) in &rendered {
        if reorder.frames.insert(index.0, entity).is_err() {
            tracing::error!(
                index = index.0,
                "a frame was rendered twice; the copy is ignored"
            );
        }
    }
}

/// Emits rendered frames to the [`FrameSink`] strictly in index order, without blocking:
/// when the encoder's queue is full, the frame waits for a later update. Sends
/// [`SinkMessage::End`] once every frame of the export has gone.
pub fn emit_frames_in_order(
    mut commands: Commands,
    mut reorder: ResMut<FrameReorder>,
    mut progress: ResMut<ExportProgress>,
    sink: Option<Res<FrameSink>>,
    mut frames: Query<&mut Rendered>,
) {
    let Some(sink) = sink else {
        return;
    };
    while let Some((index, entity)) = reorder.frames.pop_next() {
        let Ok(mut rendered) = frames.get_mut(entity) else {
            tracing::error!(index, "a queued frame disappeared before it was emitted");
            continue;
        };
        let Some(picture) = rendered.picture.take() else {
            continue;
        };
        match sink.0.try_send(SinkMessage::Frame { index, picture }) {
            Ok(()) => {
                commands.entity(entity).insert(Emitted);
                progress.emitted += 1;
            }
            Err(TrySendError::Full(SinkMessage::Frame { picture, .. })) => {
                rendered.picture = Some(picture);
                reorder.frames.unpop(index, entity);
                break;
            }
            Err(_) => {
                // The encoder is gone; it reports why on its own channel.
                rendered.picture = None;
                break;
            }
        }
    }
    if !reorder.end_sent
        && progress.total == Some(reorder.frames.next_index())
        && sink
            .0
            .try_send(SinkMessage::End {
                frames: reorder.frames.next_index(),
            })
            .is_ok()
    {
        reorder.end_sent = true;
    }
}

#[cfg(test)]
mod tests {
    use super::Reorder;

    #[test]
    fn releases_in_order_and_refuses_duplicates() {
        let mut reorder = Reorder::default();
        assert!(reorder.insert(2, 'c').is_ok());
        assert!(reorder.pop_next().is_none());
        assert!(reorder.insert(0, 'a').is_ok());
        assert_eq!(reorder.insert(2, 'x'), Err('x'));
        assert_eq!(reorder.pop_next(), Some((0, 'a')));
        assert!(reorder.pop_next().is_none());
        assert!(reorder.insert(1, 'b').is_ok());
        assert_eq!(reorder.pop_next(), Some((1, 'b')));
        reorder.unpop(1, 'b');
        assert_eq!(reorder.pop_next(), Some((1, 'b')));
        assert_eq!(reorder.pop_next(), Some((2, 'c')));
        assert_eq!(reorder.insert(1, 'y'), Err('y'));
        assert_eq!(reorder.waiting(), 0);
    }
}
