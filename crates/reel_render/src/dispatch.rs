//! Handing decoded frames to the render workers.

use crate::sub_app::{JobBlend, RenderJob};
use crate::worker::RenderWorkers;
use bevy_ecs::prelude::*;
use reel_pipeline::{Decoded, ExportPlan, FrameIndex, FrameTime, Rendering};

/// Hands decoded frames, lowest index first, to the workers with room for them.
///
/// A frame keeps its [`Decoded`] picture (shared, not copied) until it is rendered, so
/// that a frame whose worker failed can be handed to another.
pub fn dispatch_frames(
    mut commands: Commands,
    workers: Option<ResMut<RenderWorkers>>,
    plan: Option<Res<ExportPlan>>,
    decoded: Query<(Entity, &FrameIndex, &FrameTime, &Decoded), Without<Rendering>>,
) {
    let (Some(mut workers), Some(plan)) = (workers, plan) else {
        return;
    };
    let mut waiting: Vec<_> = decoded.iter().collect();
    waiting.sort_unstable_by_key(|(_, index, ..)| index.0);
    let mut waiting = waiting.into_iter().peekable();
    while waiting.peek().is_some() {
        let Some((worker, room)) = workers.least_busy() else {
            break;
        };
        let mut batch = Vec::with_capacity(room);
        for (entity, index, time, frame) in waiting.by_ref().take(room) {
            let Some(frame_plan) = plan.frame_plan(time.0, frame.clip, &frame.pictures) else {
                continue;
            };
            let blend = frame.blend.as_ref().map(|blend| JobBlend {
                weight: blend.weight,
                other: blend.other.as_ref().and_then(|other| {
                    let plan = plan.frame_plan(time.0, other.clip, &other.pictures)?;
                    Some((plan, other.pictures.clone()))
                }),
            });
            batch.push(RenderJob {
                entity,
                index: index.0,
                plan: frame_plan,
                pictures: frame.pictures.clone(),
                blend,
            });
        }
        let entities: Vec<Entity> = batch.iter().map(|job| job.entity).collect();
        // A worker that is gone reports its loss on the results channel; its frames stay
        // waiting for another.
        if workers.send(worker, batch).is_ok() {
            for entity in entities {
                commands.entity(entity).insert(Rendering { worker });
            }
        }
    }
}
