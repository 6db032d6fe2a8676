//! The ordering system in a real app: frames rendered in shuffled order, by any number of
//! workers, reach the sink in index order, each exactly once.

use bevy_app::App;
use crossbeam_channel::bounded;
use ffmpeg_next::format::Pixel;
use ffmpeg_next::frame::Video;
use reel_pipeline::{
    ExportProgress, FrameIndex, FrameSink, OutputPicture, PipelinePlugin, PipelineSettings,
    Rendered, SinkMessage,
};

/// A small deterministic shuffle (xorshift), so failures reproduce.
fn shuffled(count: u64, seed: u64) -> Vec<u64> {
    let mut order: Vec<u64> = (0..count).collect();
    let mut state = seed.max(1);
    for i in (1..order.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        order.swap(i, (state % (i as u64 + 1)) as usize);
    }
    order
}

fn picture(index: u64) -> OutputPicture {
    let mut frame = Video::new(Pixel::YUV420P, 2, 2);
    frame.set_pts(Some(index as i64));
    OutputPicture { frame }
}

/// Renders `count` frames as `workers` workers would: each update, every worker finishes
/// one of the frames it holds, in shuffled order. Returns the indices the sink received.
fn run(count: u64, workers: usize, seed: u64, queue: usize) -> Vec<u64> {
    let mut app = App::new();
    app.add_plugins(PipelinePlugin {
        settings: PipelineSettings::with_workers(workers),
    });
    let (sender, receiver) = bounded(queue);
    app.insert_resource(FrameSink(sender));
    app.world_mut().resource_mut::<ExportProgress>().total = Some(count);
    let mut remaining = shuffled(count, seed);
    let mut received = Vec::new();
    let mut ended = None;
    for _ in 0..count * 4 + 10 {
        // Each worker finishes one frame this update.
        for _ in 0..workers {
            if let Some(index) = remaining.pop() {
                app.world_mut().spawn((
                    FrameIndex(index),
                    Rendered {
                        picture: Some(picture(index)),
                    },
                ));
            }
        }
        app.update();
        // The encoder drains its queue at its own pace: one frame per update here.
        if let Ok(message) = receiver.try_recv() {
            match message {
                SinkMessage::Frame { index, picture } => {
                    assert_eq!(
                        picture.frame.pts(),
                        Some(index as i64),
                        "payload matches index"
                    );
                    received.push(index);
                }
                SinkMessage::End { frames } => ended = Some(frames),
            }
        }
        if ended.is_some() {
            break;
        }
    }
    assert_eq!(
        ended,
        Some(count),
        "the end of the stream is sent once all frames went"
    );
    // Emitted frames are despawned: nothing is left behind.
    let left = app
        .world_mut()
        .query::<&FrameIndex>()
        .iter(app.world())
        .count();
    assert_eq!(left, 0);
    received
}

#[test]
fn shuffled_frames_leave_in_order_with_any_number_of_workers() {
    for workers in [1, 2, 3, 4, 8] {
        for seed in [1, 7, 42] {
            let received = run(97, workers, seed, 3);
            let expected: Vec<u64> = (0..97).collect();
            assert_eq!(received, expected, "workers {workers}, seed {seed}");
        }
    }
}

#[test]
fn a_full_sink_holds_frames_back_without_losing_them() {
    // A queue of one: most updates find the sink full.
    let received = run(40, 4, 5, 1);
    assert_eq!(received, (0..40).collect::<Vec<_>>());
}
