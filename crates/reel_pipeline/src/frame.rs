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
    /// The timeline clip the pictures belong to.
    pub clip: usize,
    /// During a transition, how the frame mixes with another clip or with black.
    pub blend: Option<Blend>,
}

/// How a frame of a transition is mixed: its own clip's frame, drawn as usual, weighs
/// `weight`; the rest is the other clip's frame when there is one, else black.
#[derive(Debug, Clone)]
pub struct Blend {
    /// The weight of the frame's own clip, from 0 to 1.
    pub weight: f32,
    /// The other clip mixed in, if any.
    pub other: Option<OtherClip>,
}

/// The second clip of a cross-fade.
#[derive(Debug, Clone)]
pub struct OtherClip {
    /// Its timeline clip.
    pub clip: usize,
    /// Its pictures at the frame's time.
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
