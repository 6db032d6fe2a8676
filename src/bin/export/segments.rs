//! Segmented export from the command line: `--plan N` prints the split, `--segment K/N`
//! picks one segment, and `join` puts the segments back together.

use super::args::Task;
use reel::Scene;
use reel::encode::{EncoderSettings, FormatProfile, SegmentFile, join_segments};
use reel::pipeline::{ExportPlan, MAX_SEGMENTS, Segment};
use serde::Serialize;
use std::sync::Arc;

/// The environment variables a scheduler puts a job's index in, tried in this order.
const INDEX_VARIABLES: [&str; 2] = ["JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID"];

/// Reads `--segment`: `K/N`, or `N` with K from the scheduler's index variable.
pub fn parse_segment(text: &str) -> Result<Segment, String> {
    if text.contains('/') {
        return text.parse().map_err(|e| format!("--segment: {e}"));
    }
    let count: u32 = text
        .parse()
        .map_err(|_| format!("--segment: invalid segment `{text}` (expected K/N or N)"))?;
    let (variable, index) = INDEX_VARIABLES
        .iter()
        .find_map(|name| std::env::var(name).ok().map(|value| (*name, value)))
        .ok_or_else(|| {
            format!(
                "--segment {text}: no segment index given (write K/{text}, or set {})",
                INDEX_VARIABLES.join(" or ")
            )
        })?;
    format!("{}/{count}", index.trim())
        .parse()
        .map_err(|e| format!("--segment {text} with {variable}={index}: {e}"))
}

/// The export's plan, from the scene and its probed source (what `--check`, `--plan`,
/// `join` and a confined still all need before anything renders).
pub fn plan(scene: &Scene) -> Result<ExportPlan, String> {
    reel::decode::open_export(&Arc::new(scene.clone()))
        .map(|opened| opened.plan)
        .map_err(|e| e.to_string())
}

/// One segment as `--plan` prints it.
#[derive(Serialize)]
struct PlannedSegment {
    segment: String,
    first_frame: u64,
    /// The frame after the last; `null` for the last segment, which runs to the end.
    end_frame: Option<u64>,
    start_time: f64,
    end_time: Option<f64>,
    output: String,
}

/// The segments of an export split `count` ways, checked against the source's length.
fn segments(plan: &ExportPlan, count: u32) -> Result<Vec<(Segment, ExportPlan)>, String> {
    if !(1..=MAX_SEGMENTS).contains(&count) {
        return Err(format!(
            "invalid segment count {count} (expected 1 to {MAX_SEGMENTS})"
        ));
    }
    Segment::all(count)
        .map(|segment| {
            plan.clone()
                .for_segment(segment)
                .map(|planned| (segment, planned))
                .ok_or_else(|| {
                    format!(
                        "{}: the source does not state its duration, so the export cannot be split into segments",
                        plan.source.path.display()
                    )
                })
        })
        .collect()
}

/// `--plan N`: the segments as JSON, one array.
pub fn print_plan(scene: &Scene, count: u32) -> Result<String, String> {
    let plan = plan(scene)?;
    let rate = plan.frame_rate;
    let planned: Vec<PlannedSegment> = segments(&plan, count)?
        .into_iter()
        .map(|(segment, planned)| PlannedSegment {
            segment: segment.to_string(),
            first_frame: planned.window.start,
            end_frame: planned.window.end,
            start_time: rate.frame_time(planned.window.start),
            end_time: planned.window.end.map(|end| rate.frame_time(end)),
            output: planned.scene.output.path.display().to_string(),
        })
        .collect();
    serde_json::to_string_pretty(&planned).map_err(|e| e.to_string())
}

/// `join`: checks the segments and writes the output from them.
pub fn join(task: &Task) -> Result<String, String> {
    let Task::Join {
        scene,
        segments: count,
        output,
        overwrite,
        remove_segments,
    } = task;
    let started = std::time::Instant::now();
    let mut scene = super::project::load(scene, output.as_deref(), None)?.scene;
    if let Some(output) = output {
        // The segments sit beside the output they were rendered for: `--output` names
        // the same file the segment jobs were given.
        scene.output.path = output.clone();
    }
    let plan = plan(&scene)?;
    let files: Vec<SegmentFile> = segments(&plan, *count)?
        .into_iter()
        .map(|(_, planned)| SegmentFile {
            path: planned.scene.output.path.clone(),
            frames: planned.window.end.map(|end| end - planned.window.start),
        })
        .collect();
    let target = scene.output.path.clone();
    if !overwrite && target.exists() {
        return Err(format!(
            "{}: the file exists (pass --overwrite to replace it)",
            target.display()
        ));
    }
    let settings = EncoderSettings::default().for_output(&scene.output);
    let extension = target
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let profile = FormatProfile::new(&settings, extension.as_deref());
    let audio = reel::encode::audio_request(&scene, &plan.timeline);
    let summary =
        join_segments(&target, &files, audio.as_ref(), &profile).map_err(|e| e.to_string())?;
    if *remove_segments {
        for file in &files {
            let _ = std::fs::remove_file(&file.path);
        }
    }
    Ok(format!(
        "joined {} segments into {}: {} frames, {:.2} s, {:.2} MB in {:.2} s",
        files.len(),
        target.display(),
        summary.frames,
        summary.seconds,
        summary.bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    ))
}
