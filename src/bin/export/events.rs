//! What `export` tells its user as it runs: a progress bar on a terminal, or one JSON
//! object per line for programs, and the final summary.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use reel::pipeline::ExportPlan;
use reel::render::ChosenRenderer;
use reel::{ExportSummary, ProgressReport};
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex};

/// The facts of a planned export, as `--check` prints them and the `plan` event holds.
#[derive(Debug, Clone, Serialize)]
pub struct PlanFacts {
    /// The source file.
    pub source: String,
    /// Its video codec.
    pub codec: String,
    /// Its picture size.
    pub source_size: (u32, u32),
    /// Its frame rate, when stated.
    pub source_fps: Option<f64>,
    /// Its duration in seconds, when stated.
    pub source_duration: Option<f64>,
    /// The output file.
    pub output: String,
    /// The output's size.
    pub size: (u32, u32),
    /// The output's frame rate.
    pub fps: f64,
    /// The expected number of output frames.
    pub frames: Option<u64>,
    /// The expected output duration in seconds.
    pub duration: Option<f64>,
    /// The renderer that draws the frames (`gpu` or `cpu`), once chosen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renderer: Option<String>,
    /// The GPU adapter, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adapter: Option<String>,
    /// Why that renderer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renderer_reason: Option<String>,
    /// The clips of an edited timeline, in output order (absent for a plain export).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub timeline: Vec<ClipFacts>,
    /// The music under the sound, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub music: Option<MusicFacts>,
    /// The cursor drawn from its track, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<CursorFacts>,
    /// The camera over the screen, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub camera: Option<CameraFacts>,
    /// The captions burned in, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub captions: Option<CaptionFacts>,
    /// The annotations drawn over the frame, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annotations: Option<AnnotationFacts>,
    /// The keys pressed, shown as pills, if the scene shows them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keystrokes: Option<KeystrokeFacts>,
}

/// The keystroke overlay of an export, as `--check` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct KeystrokeFacts {
    /// The key track.
    pub path: String,
    /// How many key presses the output shows (of the track's, placed by the timeline).
    pub presses: usize,
    /// How many pills they make.
    pub pills: usize,
    /// From the first pill's start to the last one's end, in output seconds; absent
    /// when no key is shown.
    pub span: Option<(f64, f64)>,
    /// The clock of the track's times: `output` or `source`.
    pub time: String,
    /// The font family the pills are set in.
    pub font: String,
}

/// The annotations an export draws, as `--check` prints them.
#[derive(Debug, Clone, Serialize)]
pub struct AnnotationFacts {
    /// How many there are.
    pub count: usize,
    /// How many of each kind, by the kind's name as a scene writes it (`Text`, `Arrow`,
    /// `Box`, `Ellipse`, `Image`, `Spotlight`).
    pub kinds: std::collections::BTreeMap<String, usize>,
    /// From the first one's start to the last one's end, in output seconds.
    pub span: (f64, f64),
}

/// The captions an export burns in, as `--check` prints them.
#[derive(Debug, Clone, Serialize)]
pub struct CaptionFacts {
    /// The caption file.
    pub path: String,
    /// How many cues it holds.
    pub cues: usize,
    /// From the first cue's start to the last cue's end, in seconds on its clock.
    pub span: (f64, f64),
    /// The clock its times are on: `output` or `source`.
    pub time: String,
    /// The font family the text is set in.
    pub font: String,
}

/// The camera an export draws, as `--check` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct CameraFacts {
    /// The camera's recording.
    pub path: String,
    /// Its video codec.
    pub codec: String,
    /// Its picture size, upright.
    pub size: (u32, u32),
    /// Its frame rate, when stated.
    pub fps: Option<f64>,
    /// Its duration in seconds, when stated.
    pub duration: Option<f64>,
    /// Camera seconds at the screen's second 0.
    pub offset: f64,
    /// Its layouts over time.
    pub layouts: usize,
}

/// The cursor an export draws, as `--check` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct CursorFacts {
    /// The track file.
    pub track: String,
    /// The recorder format it was read as.
    pub format: String,
    /// Its positions.
    pub samples: usize,
    /// Its clicks.
    pub clicks: usize,
    /// Recording seconds from its first position to its last.
    pub span: (f64, f64),
    /// The drawn cursor's scale.
    pub size: f32,
    /// The smoothing preset.
    pub smoothing: String,
    /// The zooms the scene's `Auto` entries made of the clicks, in order; `None` when
    /// the scene has no `Auto` entry.
    pub auto_zooms: Option<Vec<MadeZoom>>,
}

/// A zoom made from clicks, as `--check` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct MadeZoom {
    /// Output seconds it starts moving in.
    pub start: f64,
    /// Output seconds it has moved back out.
    pub end: f64,
    /// Its magnification.
    pub scale: f32,
    /// The point it zooms onto, in source pixels.
    pub center: (f32, f32),
}

/// The music under an export's sound, as `--check` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct MusicFacts {
    /// The music file.
    pub path: String,
    /// Its gain.
    pub volume: f32,
    /// Output seconds it fades in over.
    pub fade_in: f64,
    /// Output seconds it fades out over, before the output's end.
    pub fade_out: f64,
    /// Whether it plays again from its start when it ends first.
    pub looped: bool,
    /// Whether it is turned down while the recording's sound is heard.
    pub duck: bool,
}

/// One clip of an edited timeline, as `--check` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct ClipFacts {
    /// The clip's recording.
    pub source: String,
    /// Source seconds where it starts.
    pub start: f64,
    /// Source seconds where it ends.
    pub end: Option<f64>,
    /// Its speed.
    pub speed: f64,
    /// Output seconds where it starts.
    pub output_start: f64,
    /// Output seconds where it ends.
    pub output_end: Option<f64>,
    /// The transition into it (`CrossFade 0.50 s`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transition: Option<String>,
}

impl PlanFacts {
    /// The facts of `plan`.
    pub fn of(plan: &ExportPlan) -> Self {
        let fps = plan.frame_rate.as_f64();
        Self {
            source: plan.source.path.display().to_string(),
            codec: plan.source.codec.clone(),
            source_size: plan.source.size,
            source_fps: plan.source.frame_rate.map(|r| r.as_f64()),
            source_duration: plan.source.duration,
            output: plan.scene.output.path.display().to_string(),
            size: plan.output_size,
            fps,
            frames: plan.expected_frames,
            duration: plan.expected_frames.map(|n| n as f64 / fps),
            renderer: None,
            adapter: None,
            renderer_reason: None,
            timeline: clip_facts(plan),
            music: plan.scene.music.as_ref().map(|music| MusicFacts {
                path: music.path.display().to_string(),
                volume: music.volume,
                fade_in: music.fade_in,
                fade_out: music.fade_out,
                looped: music.looped,
                duck: music.duck,
            }),
            cursor: cursor_facts(plan),
            camera: camera_facts(plan),
            captions: caption_facts(plan),
            annotations: annotation_facts(plan),
            keystrokes: keystroke_facts(plan),
        }
    }

    /// These facts with the renderer `chosen`, if one was.
    pub fn rendered_by(mut self, chosen: Option<&ChosenRenderer>) -> Self {
        if let Some(chosen) = chosen {
            self.renderer = Some(chosen.renderer.to_string());
            self.adapter = chosen.adapter.clone();
            self.renderer_reason = Some(chosen.reason.clone());
        }
        self
    }

    /// The facts as lines for a person.
    pub fn describe(&self) -> String {
        let optional = |value: Option<f64>, unit: &str| {
            value.map_or_else(|| "unknown".to_owned(), |v| format!("{v:.2}{unit}"))
        };
        format!(
            "source: {} ({}, {}x{}, {} fps, {})\noutput: {} ({}x{}, {:.3} fps, {}, {} frames)",
            self.source,
            self.codec,
            self.source_size.0,
            self.source_size.1,
            optional(self.source_fps, ""),
            optional(self.source_duration, " s"),
            self.output,
            self.size.0,
            self.size.1,
            self.fps,
            optional(self.duration, " s"),
            self.frames
                .map_or_else(|| "unknown".to_owned(), |n| n.to_string()),
        ) + &self.describe_timeline()
            + &self.describe_music()
            + &self.describe_cursor()
            + &self.describe_camera()
            + &self.describe_captions()
            + &self.describe_annotations()
            + &self.describe_keystrokes()
    }

    /// The keystrokes' line, when the export shows them.
    fn describe_keystrokes(&self) -> String {
        let Some(keys) = &self.keystrokes else {
            return String::new();
        };
        let span = keys.span.map_or_else(
            || "none shown".to_owned(),
            |(start, end)| format!("{start:.2} to {end:.2} s of the output"),
        );
        format!(
            "\nkeystrokes: {} ({} key press{} in {} pill{}, {span}, times of the {}), set in {}",
            keys.path,
            keys.presses,
            if keys.presses == 1 { "" } else { "es" },
            keys.pills,
            if keys.pills == 1 { "" } else { "s" },
            keys.time,
            keys.font,
        )
    }

    /// The annotations' line, when the export draws some.
    fn describe_annotations(&self) -> String {
        let Some(notes) = &self.annotations else {
            return String::new();
        };
        let kinds: Vec<String> = notes
            .kinds
            .iter()
            .map(|(kind, n)| format!("{n} {kind}"))
            .collect();
        format!(
            "\nannotations: {} ({}), {:.2} to {:.2} s",
            notes.count,
            kinds.join(", "),
            notes.span.0,
            notes.span.1,
        )
    }

    /// The captions' line, when the export burns them in.
    fn describe_captions(&self) -> String {
        let Some(captions) = &self.captions else {
            return String::new();
        };
        format!(
            "\ncaptions: {} ({} cue{}, {:.2} to {:.2} s of the {}), set in {}",
            captions.path,
            captions.cues,
            if captions.cues == 1 { "" } else { "s" },
            captions.span.0,
            captions.span.1,
            captions.time,
            captions.font,
        )
    }

    /// The camera's line, when the export draws one.
    fn describe_camera(&self) -> String {
        let Some(camera) = &self.camera else {
            return String::new();
        };
        let fps = camera
            .fps
            .map_or_else(|| "unknown".to_owned(), |v| format!("{v:.2}"));
        let duration = camera
            .duration
            .map_or_else(|| "unknown".to_owned(), |v| format!("{v:.2} s"));
        format!(
            "\ncamera: {} ({}, {}x{}, {fps} fps, {duration}), offset {:.3} s, {} layout{}",
            camera.path,
            camera.codec,
            camera.size.0,
            camera.size.1,
            camera.offset,
            camera.layouts,
            if camera.layouts == 1 { "" } else { "s" },
        )
    }

    /// The cursor's line, when the export draws one.
    fn describe_cursor(&self) -> String {
        let Some(cursor) = &self.cursor else {
            return String::new();
        };
        format!(
            "\ncursor: {} ({} track, {} position{} and {} click{} from {:.3} to {:.3} s), size {}, smoothing {}",
            cursor.track,
            cursor.format,
            cursor.samples,
            if cursor.samples == 1 { "" } else { "s" },
            cursor.clicks,
            if cursor.clicks == 1 { "" } else { "s" },
            cursor.span.0,
            cursor.span.1,
            cursor.size,
            cursor.smoothing,
        ) + &describe_made_zooms(&cursor.auto_zooms)
    }

    /// The music's line, when there is music.
    fn describe_music(&self) -> String {
        let Some(music) = &self.music else {
            return String::new();
        };
        let mut parts = vec![format!("{} at volume {:.2}", music.path, music.volume)];
        let fades = match (music.fade_in > 0.0, music.fade_out > 0.0) {
            (true, true) => Some(format!(
                "fading in over {:.2} s and out over {:.2} s",
                music.fade_in, music.fade_out
            )),
            (true, false) => Some(format!("fading in over {:.2} s", music.fade_in)),
            (false, true) => Some(format!("fading out over {:.2} s", music.fade_out)),
            (false, false) => None,
        };
        parts.extend(fades);
        parts.push(
            if music.looped {
                "looped"
            } else {
                "played once"
            }
            .to_owned(),
        );
        if music.duck {
            parts.push("ducked under the recording's sound".to_owned());
        }
        format!("\nmusic: {}", parts.join(", "))
    }

    /// The timeline's clips, a line each, when the scene has one.
    fn describe_timeline(&self) -> String {
        let mut text = String::new();
        for (k, clip) in self.timeline.iter().enumerate() {
            let seconds =
                |t: Option<f64>| t.map_or_else(|| "end".to_owned(), |t| format!("{t:.3}"));
            text += &format!(
                "\nclip {k}: {} {:.3}-{} s at {}x -> output {:.3}-{} s{}",
                clip.source,
                clip.start,
                seconds(clip.end),
                clip.speed,
                clip.output_start,
                seconds(clip.output_end),
                clip.transition
                    .as_ref()
                    .map_or(String::new(), |t| format!(", from the clip before by {t}")),
            );
        }
        text
    }
}

/// The clips of `plan`'s timeline when it is edited (none for a plain export).
fn clip_facts(plan: &ExportPlan) -> Vec<ClipFacts> {
    if !plan.timeline.edited {
        return Vec::new();
    }
    plan.timeline
        .clips
        .iter()
        .map(|clip| ClipFacts {
            source: clip.source.display().to_string(),
            start: clip.start,
            end: clip.end,
            speed: clip.speed,
            output_start: clip.output_start,
            output_end: clip.output_end(),
            transition: clip
                .transition
                .map(|t| format!("{:?} {:.2} s", t.kind, t.duration)),
        })
        .collect()
}

/// One line of `--json` output.
#[derive(Debug, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event<'a> {
    /// The export is planned: what it will read and write.
    Plan(&'a PlanFacts),
    /// How far it has come.
    Progress {
        /// Frames written.
        frames: u64,
        /// Frames to write, when known.
        total: Option<u64>,
        /// Seconds since the start.
        elapsed: f64,
        /// Frames per second so far.
        fps: f64,
        /// Estimated seconds left.
        eta: Option<f64>,
        /// The stage holding the export back.
        bottleneck: Option<&'static str>,
    },
    /// Something the user should know; the export goes on.
    Warning {
        /// The warning.
        message: &'a str,
    },
    /// The export finished.
    Done {
        /// The output file.
        output: String,
        /// Frames written.
        frames: u64,
        /// The output's duration in seconds.
        duration: f64,
        /// The file's size in bytes.
        bytes: u64,
        /// Wall time in seconds.
        elapsed: f64,
        /// Average frames per second.
        fps: f64,
    },
    /// `--frame` wrote its picture.
    Still {
        /// The PNG file.
        output: String,
        /// The output time of the frame, in seconds.
        time: f64,
        /// The picture's width and height in pixels.
        size: (u32, u32),
    },
    /// The export failed or was cancelled; nothing was written.
    Error {
        /// The error, as the `error:` line says it.
        message: &'a str,
        /// The exit status `export` ends with.
        exit_code: u8,
    },
}

impl Event<'_> {
    /// Writes the event as one line on stdout.
    pub fn print(&self) {
        let mut stdout = std::io::stdout().lock();
        if let Ok(line) = serde_json::to_string(self) {
            let _ = writeln!(stdout, "{line}");
            let _ = stdout.flush();
        }
    }

    /// The progress event for `report`.
    pub fn progress(report: &ProgressReport) -> Event<'static> {
        Event::Progress {
            frames: report.frames,
            total: report.total,
            elapsed: report.elapsed.as_secs_f64(),
            fps: report.fps,
            eta: report.eta.map(|d| d.as_secs_f64()),
            bottleneck: report.bottleneck.map(|s| s.name()),
        }
    }

    /// The done event for `summary`.
    pub fn done(summary: &ExportSummary) -> Event<'static> {
        Event::Done {
            output: summary.path.display().to_string(),
            frames: summary.frames,
            duration: summary.duration(),
            bytes: summary.bytes,
            elapsed: summary.elapsed.as_secs_f64(),
            fps: summary.fps(),
        }
    }
}

/// The progress bar shown on a terminal, shared with the log writer so that warnings
/// print above it rather than through it.
#[derive(Clone, Default)]
pub struct BarSlot(Arc<Mutex<Option<ProgressBar>>>);

impl BarSlot {
    /// Shows a bar on stderr if stderr is a terminal; does nothing otherwise.
    pub fn show(&self) {
        if !std::io::stderr().is_terminal() {
            return;
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} frames {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        *self.lock() = Some(bar);
    }

    /// Moves the bar to `report`.
    pub fn update(&self, report: &ProgressReport) {
        let slot = self.lock();
        let Some(bar) = slot.as_ref() else {
            return;
        };
        if let Some(total) = report.total {
            bar.set_length(total.max(report.frames));
        }
        bar.set_position(report.frames);
        let eta = report.eta.map_or_else(String::new, |eta| {
            format!(", ETA {:.0} s", eta.as_secs_f64())
        });
        let bottleneck = report
            .bottleneck
            .map_or_else(String::new, |stage| format!(", bound by {}", stage.name()));
        bar.set_message(format!("{:.1} fps{eta}{bottleneck}", report.fps));
    }

    /// Removes the bar from the terminal.
    pub fn finish(&self) {
        if let Some(bar) = self.lock().take() {
            bar.finish_and_clear();
        }
    }

    /// Writes `text` to stderr above the bar, if one is shown.
    pub fn write_above(&self, text: &[u8]) {
        let slot = self.lock();
        let write = || {
            let _ = std::io::stderr().write_all(text);
        };
        match slot.as_ref() {
            Some(bar) => bar.suspend(write),
            None => write(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<ProgressBar>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The cursor `plan` draws, when its track was read.
/// The line listing the zooms made from clicks, when the scene asks for them.
fn describe_made_zooms(zooms: &Option<Vec<MadeZoom>>) -> String {
    let Some(zooms) = zooms else {
        return String::new();
    };
    if zooms.is_empty() {
        return "\nauto zooms: none (no click is shown, or each overlaps a zoom placed by hand)"
            .to_string();
    }
    let each: Vec<String> = zooms
        .iter()
        .map(|z| {
            format!(
                "{:.2}–{:.2} s ×{:.2} at ({:.0}, {:.0})",
                z.start, z.end, z.scale, z.center.0, z.center.1
            )
        })
        .collect();
    format!(
        "\nauto zooms: {} from clicks: {}",
        zooms.len(),
        each.join(", ")
    )
}

fn cursor_facts(plan: &ExportPlan) -> Option<CursorFacts> {
    let (motion, look) = (plan.cursor.as_ref()?, plan.scene.cursor.as_ref()?);
    let track = motion.track();
    let samples = track.samples();
    Some(CursorFacts {
        track: look.track.display().to_string(),
        format: track.format().to_string(),
        samples: samples.len(),
        clicks: track.clicks().count(),
        span: (
            samples.first().map_or(0.0, |s| s.time),
            samples.last().map_or(0.0, |s| s.time),
        ),
        size: look.size,
        smoothing: format!("{:?}", look.smoothing),
        auto_zooms: (!plan.scene.zooms.auto().is_empty()).then(|| made_zoom_facts(plan)),
    })
}

fn made_zoom_facts(plan: &ExportPlan) -> Vec<MadeZoom> {
    plan.scene
        .zooms
        .made()
        .map(|zoom| MadeZoom {
            start: zoom.start,
            end: zoom.end,
            scale: zoom.scale.unwrap_or(1.0),
            center: zoom.center.unwrap_or_default(),
        })
        .collect()
}

/// The captions of `plan`, when it has them.
fn caption_facts(plan: &ExportPlan) -> Option<CaptionFacts> {
    let captioner = plan.captions.as_ref()?;
    let track = captioner.track();
    let start = track.cues.first().map_or(0.0, |c| c.start);
    let end = track.cues.iter().map(|c| c.end).fold(start, f64::max);
    Some(CaptionFacts {
        path: track.file.display().to_string(),
        cues: track.cues.len(),
        span: (start, end),
        time: match captioner.captions().time {
            reel::scene::CaptionTime::Output => "output".into(),
            reel::scene::CaptionTime::Source => "source".into(),
        },
        font: captioner.family(),
    })
}

/// The annotations of `plan`, when it has some.
fn annotation_facts(plan: &ExportPlan) -> Option<AnnotationFacts> {
    let notes = plan.annotations.as_ref()?.notes();
    let mut kinds = std::collections::BTreeMap::new();
    for note in notes {
        *kinds.entry(note.kind().to_owned()).or_insert(0) += 1;
    }
    let start = notes
        .iter()
        .map(|n| n.time().start)
        .fold(f64::INFINITY, f64::min);
    let end = notes.iter().map(|n| n.time().end).fold(0.0, f64::max);
    Some(AnnotationFacts {
        count: notes.len(),
        kinds,
        span: (start, end),
    })
}

/// The keystroke overlay of `plan`, when it has one.
fn keystroke_facts(plan: &ExportPlan) -> Option<KeystrokeFacts> {
    let keys = plan.keystrokes.as_ref()?;
    Some(KeystrokeFacts {
        path: keys.settings().path.display().to_string(),
        presses: keys.presses(),
        pills: keys.strokes().len(),
        span: keys.span(),
        time: match keys.settings().time {
            reel::scene::CaptionTime::Output => "output".into(),
            reel::scene::CaptionTime::Source => "recording".into(),
        },
        font: keys.family(),
    })
}

/// The camera of `plan`, when it has one.
fn camera_facts(plan: &ExportPlan) -> Option<CameraFacts> {
    let (info, camera) = (plan.camera.as_ref()?, plan.scene.camera.as_ref()?);
    Some(CameraFacts {
        path: info.path.display().to_string(),
        codec: info.codec.clone(),
        size: info.size,
        fps: info.frame_rate.map(|r| r.as_f64()),
        duration: info.duration,
        offset: camera.offset,
        layouts: camera.layouts.len(),
    })
}
