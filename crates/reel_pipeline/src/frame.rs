//! The components that make an entity an output frame, one per stage it has reached.

use crate::picture::{OutputPicture, SourcePictures};
use bevy_ecs::prelude::*;

/// The position of a frame in the output, from 0.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FrameIndex(pub u64);

/// The frame's presentation time in the output, in seconds from its start.
#[derive(Component, Debug, Clone, Copy, PartialEq)]
pub struct FrameTime(pub f64);

/// Stage 1: the source pictures this output frame shows, decoded and waiting for a
/// worker; kept (shared, not copied) until the frame is rendered.
#[derive(Component, Debug)]
pub struct Decoded {
    /// One picture per recording the frame draws from.
    pub pictures: SourcePictures,
}

/// Stage 2: the frame is being rendered by a render worker.
#[derive(Component, Debug, Clone, Copy)]
pub struct Rendering {
    /// The worker rendering it.
    pub worker: usize,
}

/// Stage 3: the frame is rendered and waits for its turn to be encoded.
#[derive(Component, Debug)]
pub struct Rendered {
    /// The rendered picture, taken when the frame is emitted.
    pub picture: Option<OutputPicture>,
}

/// Stage 4: the frame was handed to the encoder; the entity is despawned at the end of
/// the update.
#[derive(Component, Debug, Clone, Copy)]
pub struct Emitted;

/// Despawns frames that reached the encoder.
pub(crate) fn despawn_emitted_frames(
    mut commands: Commands,
    emitted: Query<Entity, With<Emitted>>,
) {
    for entity in &emitted {
        commands.entity(entity).despawn();
    }
}
