//! Stall detection: an export in which no frame moves on for too long fails with an
//! error that says where it stopped, rather than hanging.

use crate::PipelineSettings;
use crate::error::ExportError;
use crate::lifecycle::{ActiveExport, ExportFailed};
use crate::progress::ExportProgress;
use crate::stats::{PipelineStats, Stage};
use bevy_ecs::prelude::*;
use std::time::Instant;

/// The progress counters when they last changed, and when that was.
#[derive(Default)]
pub(crate) struct LastMove {
    counts: Option<[u64; 5]>,
    since: Option<Instant>,
    reported: bool,
}

/// Fails the active export when none of its counters (nor any stage's
/// [`beat`](PipelineStats::beat)) moved for
/// [`PipelineSettings::stall_timeout`].
pub(crate) fn detect_stalls(
    active: Option<Res<ActiveExport>>,
    progress: Res<ExportProgress>,
    settings: Res<PipelineSettings>,
    stats: Res<PipelineStats>,
    mut last: Local<LastMove>,
    mut failures: MessageWriter<ExportFailed>,
) {
    if active.is_none() {
        *last = LastMove::default();
        return;
    }
    let counts = [
        progress.decoded,
        progress.rendered,
        progress.emitted,
        progress.encoded,
        stats.beats(),
    ];
    let now = Instant::now();
    if last.counts != Some(counts) {
        last.counts = Some(counts);
        last.since = Some(now);
        return;
    }
    let since = *last.since.get_or_insert(now);
    if last.reported || now - since < settings.stall_timeout {
        return;
    }
    last.reported = true;
    let [decoded, rendered, emitted, encoded, _] = counts;
    let stage = if decoded > rendered {
        Stage::Render
    } else if emitted > encoded {
        Stage::Encode
    } else {
        Stage::Decode
    };
    failures.write(ExportFailed(ExportError::Stalled {
        seconds: settings.stall_timeout.as_secs_f64(),
        stage,
        decoded,
        rendered,
        encoded,
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use bevy_ecs::message::Messages;
    use reel_scene::Scene;
    use std::sync::Arc;
    use std::time::Duration;

    /// A world with an active export, its counters, and a stall timeout of 50 ms.
    fn world() -> World {
        let mut world = World::new();
        let scene = Scene::from_ron(
            r#"(source: (path: "a.mp4"), output: (path: "b.mp4"))"#,
            "s.ron".as_ref(),
        )
        .unwrap();
        world.insert_resource(ActiveExport {
            scene: Arc::new(scene),
        });
        world.insert_resource(ExportProgress::default());
        world.insert_resource(PipelineStats::default());
        world.insert_resource(PipelineSettings {
            stall_timeout: Duration::from_millis(50),
            ..PipelineSettings::default()
        });
        world.init_resource::<Messages<ExportFailed>>();
        world
    }

    fn failures(world: &mut World) -> Vec<String> {
        let mut messages = world.resource_mut::<Messages<ExportFailed>>();
        messages
            .drain()
            .map(|failed| failed.0.to_string())
            .collect()
    }

    #[test]
    fn an_export_whose_counters_stop_fails_once_naming_the_stage() {
        let mut world = world();
        let detect = world.register_system(detect_stalls);
        world.resource_mut::<ExportProgress>().decoded = 8;
        world.resource_mut::<ExportProgress>().rendered = 3;
        world.run_system(detect).unwrap();
        // Moving counters keep it alive, however long it takes.
        for rendered in 4..8 {
            std::thread::sleep(Duration::from_millis(30));
            world.resource_mut::<ExportProgress>().rendered = rendered;
            world.run_system(detect).unwrap();
        }
        assert!(failures(&mut world).is_empty());
        // Then nothing moves for longer than the timeout: one failure, waiting on render.
        std::thread::sleep(Duration::from_millis(80));
        world.run_system(detect).unwrap();
        world.run_system(detect).unwrap();
        let failed = failures(&mut world);
        assert_eq!(failed.len(), 1, "{failed:?}");
        assert!(
            failed[0].contains("waiting on render (8 frames decoded, 7 rendered"),
            "{}",
            failed[0]
        );
    }

    #[test]
    fn a_stage_that_beats_is_not_stalled() {
        let mut world = world();
        let detect = world.register_system(detect_stalls);
        world.run_system(detect).unwrap();
        for _ in 0..4 {
            std::thread::sleep(Duration::from_millis(30));
            world.resource::<PipelineStats>().beat();
            world.run_system(detect).unwrap();
        }
        assert!(failures(&mut world).is_empty());
    }
}
