//! What an export will produce, decided once the source has been probed.

use crate::auto_zoom::{made_zooms, output_clicks};
use crate::picture::{SourcePicture, SourcePictures};
use crate::segment::{FrameWindow, Segment};
use bevy_ecs::resource::Resource;
use reel_scene::{FrameRate, Scene, Timeline};
use std::path::PathBuf;
use std::sync::Arc;

/// Facts about the source recording, read when it is opened.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceInfo {
    /// Which recording this is.
    pub id: reel_plan::SourceId,
    /// The source file.
    pub path: PathBuf,
    /// The name of its video codec, such as `h264`.
    pub codec: String,
    /// Width and height of its pictures in pixels, as shown upright: turned by
    /// `orientation` from how they are stored.
    pub size: (u32, u32),
    /// How its stored pictures are turned upright (a display matrix's rotation).
    pub orientation: reel_plan::Orientation,
    /// Its average frame rate, when the container states one.
    pub frame_rate: Option<FrameRate>,
    /// Its duration in seconds, when the container states it.
    pub duration: Option<f64>,
}

/// The output an export will write: inserted once the source is probed, removed when the
/// export ends.
#[derive(Resource, Debug, Clone)]
pub struct ExportPlan {
    /// The scene being exported.
    pub scene: Arc<Scene>,
    /// The source, as probed.
    pub source: SourceInfo,
    /// Output width and height in pixels.
    pub output_size: (u32, u32),
    /// Output frame rate.
    pub frame_rate: FrameRate,
    /// The expected number of output frames (from the container's duration and the
    /// trim), for progress; the exact count is known when decoding ends.
    pub expected_frames: Option<u64>,
    /// The scene's background picture, decoded to RGBA, when it has one.
    pub background_image: Option<SourcePicture>,
    /// The output frames this export renders (all of them unless it is a segment).
    pub window: FrameWindow,
    /// The clips on the output's clock: the scene's timeline, or its trimmed source.
    pub timeline: Timeline,
    /// The recording of each clip, as probed, in timeline order.
    pub clips: Vec<SourceInfo>,
    /// The scene's cursor track, read and smoothed, when the scene draws the cursor.
    pub cursor: Option<Arc<reel_cursor::CursorMotion>>,
    /// The scene's camera recording, as probed, when it has one.
    pub camera: Option<SourceInfo>,
    /// The scene's captions, read and ready to set, when it has them.
    pub captions: Option<Arc<reel_text::Captioner>>,
    /// The scene's annotations, their fonts and pictures loaded, when it has any.
    pub annotations: Option<Arc<reel_text::Annotator>>,
    /// The keys pressed, shown as pills, when the scene shows them.
    pub keystrokes: Option<Arc<reel_text::Keystroker>>,
    /// The frame's overlay pictures made one, when the scene has no annotations (which
    /// make them one themselves).
    pub overlays: Arc<reel_text::Flattener>,
}

impl ExportPlan {
    /// The plan of one segment of this export: its frame window, its own output file
    /// (beside the final one), and no sound (the join adds the sound once). `None` when
    /// the source does not state its duration, so that it cannot be split.
    pub fn for_segment(mut self, segment: Segment) -> Option<Self> {
        let total = self.expected_frames?;
        self.window = segment.window(total);
        self.expected_frames = Some(match self.window.end {
            Some(end) => end - self.window.start,
            None => total.saturating_sub(self.window.start),
        });
        let mut scene = (*self.scene).clone();
        scene.output.path = segment.path(&scene.output.path);
        scene.audio = None;
        self.scene = Arc::new(scene);
        Some(self)
    }
}

impl ExportPlan {
    /// This plan drawing the cursor of `motion` (the scene's track, read), with the
    /// zooms the scene's `Auto` entries make of its clicks among the scene's zooms.
    pub fn with_cursor(mut self, motion: Option<Arc<reel_cursor::CursorMotion>>) -> Self {
        if let Some(motion) = &motion
            && !self.scene.zooms.auto().is_empty()
        {
            let clicks = output_clicks(motion.track(), &self.timeline);
            let crop = self.scene.crop_rect(self.source.size);
            let made = self
                .scene
                .zooms
                .auto()
                .iter()
                .flat_map(|(place, auto)| {
                    made_zooms(auto, &clicks, &crop)
                        .into_iter()
                        .map(move |zoom| (*place, zoom))
                })
                .collect();
            let mut scene = (*self.scene).clone();
            scene.zooms = scene.zooms.with_made(made);
            self.scene = Arc::new(scene);
        }
        self.cursor = motion;
        self
    }

    /// This plan drawing `captions` (the scene's, read) over every frame.
    pub fn with_captions(mut self, captions: Option<Arc<reel_text::Captioner>>) -> Self {
        self.captions = captions;
        self
    }

    /// This plan drawing `annotations` (the scene's, loaded) over the frames they
    /// show in.
    pub fn with_annotations(mut self, annotations: Option<Arc<reel_text::Annotator>>) -> Self {
        self.annotations = annotations;
        self
    }

    /// This plan showing the keys pressed as `keystrokes` draws them.
    pub fn with_keystrokes(mut self, keystrokes: Option<Arc<reel_text::Keystroker>>) -> Self {
        self.keystrokes = keystrokes;
        self
    }

    /// This plan drawing the scene's camera, whose recording is `camera` as probed.
    pub fn with_camera(mut self, camera: Option<SourceInfo>) -> Self {
        self.camera = camera;
        self
    }

    /// The frame plan of the output frame at `time` (seconds), which shows `pictures`
    /// of timeline clip `clip`: the screen's picture turned upright by its recording's
    /// orientation, cropped by the scene's crop when it is the scene's source; the
    /// camera over it when the frame has the camera's picture; the annotations, the keys
    /// pressed and the captions showing at `time` over everything. `None` when it has no screen picture.
    pub fn frame_plan(
        &self,
        time: f64,
        clip: usize,
        pictures: &SourcePictures,
    ) -> Option<reel_plan::FramePlan> {
        let screen = pictures.screen()?;
        let plan = self.screen_plan(time, clip, screen.size());
        let camera = pictures
            .get(reel_plan::SourceId::CAMERA)
            .and_then(|picture| self.camera_layer(time, &plan, picture.size()));
        let captions = self.captions.as_ref().and_then(|captions| {
            captions.layer_at(self.caption_time(captions.captions().time, time, clip)?)
        });
        let mut above = match &self.keystrokes {
            Some(keystrokes) => keystrokes.layers(time),
            None => Vec::new(),
        };
        above.extend(captions);
        let annotated = match &self.annotations {
            Some(annotations) => annotations.frame(time, plan.screen(), above),
            None => reel_text::Annotated {
                overlay: self.overlays.flatten(&above),
                spotlight: None,
            },
        };
        Some(
            plan.with_spotlight(annotated.spotlight)
                .with_camera(camera)
                .with_overlay(annotated.overlay),
        )
    }

    /// The time on the captions' `clock` of the output frame at `time` showing timeline
    /// clip `clip`: `None` for source-timed captions over another recording's clip.
    fn caption_time(&self, clock: reel_scene::CaptionTime, time: f64, clip: usize) -> Option<f64> {
        match clock {
            reel_scene::CaptionTime::Output => Some(time),
            reel_scene::CaptionTime::Source => self
                .timeline
                .clips
                .get(clip)
                .filter(|c| c.is_scene_source)
                .map(|c| c.source_time(time)),
        }
    }

    /// The camera over `plan`'s frame at output time `time`, its picture stored
    /// `stored`-sized: in its layout at that time, shrunk as far as the screen is zoomed.
    /// `None` while it is wholly faded out.
    fn camera_layer(
        &self,
        time: f64,
        plan: &reel_plan::FramePlan,
        stored: (u32, u32),
    ) -> Option<reel_plan::CameraLayer> {
        let (camera, info) = (self.scene.camera.as_ref()?, self.camera.as_ref()?);
        let size = info.orientation.upright_size(stored);
        let facts = reel_plan::SourceFacts::camera(size, info.orientation, camera.crop_rect(size));
        let scene = &self.scene;
        let output = self.output_size;
        let pad = scene.inset.padding * output.0.min(output.1) as f32;
        let zoomed = reel_scene::zoom_envelope(&scene.zooms, time);
        let radius = scene.inset.corner_radius;
        let shown = (output, &plan.screen().crop, pad);
        let look = camera.look_at(time, size, shown, (radius, zoomed));
        (look.opacity > 0.0).then(|| reel_plan::CameraLayer::place(&look, &facts))
    }

    /// The plan of a frame showing timeline clip `clip`'s picture stored
    /// `stored`-sized, without the camera.
    fn screen_plan(&self, time: f64, clip: usize, stored: (u32, u32)) -> reel_plan::FramePlan {
        let source = self.clips.get(clip).unwrap_or(&self.source);
        let orientation = source.orientation;
        let size = orientation.upright_size(stored);
        let crop = self
            .timeline
            .clips
            .get(clip)
            .map_or(self.scene.source.crop, |c| c.crop)
            .unwrap_or(reel_scene::Rect {
                x: 0.0,
                y: 0.0,
                width: size.0 as f32,
                height: size.1 as f32,
            });
        let mut screen = reel_plan::SourceFacts::screen(size, crop).turned(orientation);
        screen.id = self.source.id;
        let fps = self.frame_rate.as_f64();
        let follow = |t: f64| self.follow_point(t, clip);
        let plan = reel_plan::FramePlan::build_following(
            &self.scene,
            time,
            (&screen, self.output_size, fps),
            &follow,
        );
        let cursor = self.cursor_layer(time, clip, &plan, size);
        plan.with_cursor(cursor)
    }

    /// What a zoom that follows the cursor looks at, at output time `time` in timeline
    /// clip `clip`: only while the clip shows the scene's own recording.
    fn follow_point(&self, time: f64, clip: usize) -> Option<reel_scene::FollowPoint> {
        let motion = self.cursor.as_ref()?;
        let placed = self.timeline.clips.get(clip)?;
        if !placed.is_scene_source {
            return None;
        }
        let source_time = placed.source_time(time);
        let camera = motion.camera_at(source_time);
        let (cursor, _) = motion.position_at(source_time);
        Some(reel_scene::FollowPoint {
            camera: (camera.x as f32, camera.y as f32),
            cursor: (cursor.x as f32, cursor.y as f32),
        })
    }

    /// The cursor at output time `time`, over `plan`'s recording (`size` pixels tall,
    /// upright): only while the clip shows the scene's own recording, whose track it is.
    fn cursor_layer(
        &self,
        time: f64,
        clip: usize,
        plan: &reel_plan::FramePlan,
        size: (u32, u32),
    ) -> Option<reel_plan::CursorLayer> {
        let (motion, look) = (self.cursor.as_ref()?, self.scene.cursor.as_ref()?);
        let placed = self.timeline.clips.get(clip)?;
        if !placed.is_scene_source {
            return None;
        }
        let state = motion.state_at(placed.source_time(time));
        let frame_time = (1.0 / self.frame_rate.as_f64()) as f32;
        let image = motion.picture(state.image);
        reel_plan::CursorLayer::place(
            &state,
            (look, image),
            plan.screen(),
            (size.1 as f32, frame_time),
        )
    }
}

/// The frame rate used when neither the scene nor the source states one.
const FALLBACK_FRAME_RATE: FrameRate = FrameRate::whole(30);

impl ExportPlan {
    /// This plan with the recordings its timeline's clips show, as probed (one per
    /// clip, in order); a list of another length is ignored.
    pub fn with_clips(mut self, clips: Vec<SourceInfo>) -> Self {
        if clips.len() == self.timeline.clips.len() {
            self.clips = clips;
        }
        self
    }

    /// Plans the output of `scene` for a screen recording described by `source`; each
    /// clip of its timeline is taken to show that recording until
    /// [`ExportPlan::with_clips`] says what each shows.
    pub fn new(scene: Arc<Scene>, source: SourceInfo) -> Self {
        let output_size = scene.output_size(source.size);
        let gif_rate = (scene.output.video_format() == reel_scene::VideoFormat::Gif)
            .then(|| FrameRate::from_decimal(reel_scene::DEFAULT_GIF_FPS));
        let frame_rate = scene
            .output
            .frame_rate()
            .or(gif_rate)
            .or(source.frame_rate)
            .unwrap_or(FALLBACK_FRAME_RATE);
        let timeline = Timeline::of(&scene, source.duration);
        let expected_frames = if timeline.edited {
            timeline.frame_count(frame_rate)
        } else {
            // A trim's end is known from the container's duration, when it states one.
            source.duration.map(|seconds| {
                let trim = scene.source.trim;
                let end = trim.end.map_or(seconds, |end| end.min(seconds));
                ((end - trim.start) * frame_rate.as_f64()).round().max(0.0) as u64
            })
        };
        let clips = vec![source.clone(); timeline.clips.len()];
        Self {
            timeline,
            clips,
            scene,
            source,
            output_size,
            frame_rate,
            expected_frames,
            background_image: None,
            cursor: None,
            camera: None,
            captions: None,
            annotations: None,
            keystrokes: None,
            overlays: Arc::new(reel_text::Flattener::new(output_size)),
            window: FrameWindow::default(),
        }
    }
}
