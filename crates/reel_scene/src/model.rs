//! The scene's fields, as written in RON. Every effect defaults to off.

use crate::Color;
use crate::cursor::Cursor;
use crate::format::{Chroma, FramePixels, HardwareEncoder, Quality, Scaling, VideoFormat};
use crate::fps::FrameRate;
use crate::music::Music;
use crate::timeline::Clip;
use crate::zooms::Zooms;
use serde::Deserialize;
use std::path::PathBuf;

/// A whole export: the recording to read, the file to write, and how each frame looks.
///
/// ```ron
/// (
///     source: (path: "../assets/media/demo.mp4"),
///     output: (path: "demo.mp4", size: (1920, 1080), fps: 30),
///     background: Wallpaper("aurora"),
///     inset: (padding: 0.08, corner_radius: 18),
///     shadow: (offset: (0, 18), blur: 48, opacity: 0.5),
///     zooms: [(start: 1.0, end: 2.5, scale: 1.8, center: (960, 300))],
/// )
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scene {
    /// The recording to read.
    pub source: SourceSpec,
    /// The video file to write and its format.
    pub output: OutputSpec,
    /// What fills the output around the recording. Default: opaque black.
    #[serde(default)]
    pub background: Background,
    /// Padding around the recording, its corners and border. Default: none.
    #[serde(default)]
    pub inset: Inset,
    /// The recording's drop shadow. Default: none.
    #[serde(default)]
    pub shadow: Option<Shadow>,
    /// Zooms onto parts of the recording, by output time, and `Auto(...)` entries that
    /// make zooms from the cursor's clicks. Default: none.
    #[serde(default)]
    pub zooms: Zooms,
    /// Rectangles of the recording blurred over a time range. Default: none.
    #[serde(default)]
    pub blur_regions: Vec<BlurRegion>,
    /// Motion blur while a zoom moves. Default: none.
    #[serde(default)]
    pub motion_blur: Option<MotionBlur>,
    /// What happens to the source's sound: kept (copied when the output's container
    /// takes its codec, else encoded to AAC), trimmed with the video; `audio: None` drops
    /// it. Default: kept.
    #[serde(default = "default_audio")]
    pub audio: Option<Audio>,
    /// The edit: clips of the source (or of other recordings) in output order, each with
    /// its speed and the transition into it. Default: none, the whole `source` with its
    /// `trim`. See [`crate::Timeline`].
    #[serde(default)]
    pub timeline: Vec<Clip>,
    /// Music mixed under the recording's sound for the whole output. Default: none.
    #[serde(default)]
    pub music: Option<Music>,
    /// The cursor redrawn from its recorded track. Default: none.
    #[serde(default)]
    pub cursor: Option<Cursor>,
    /// The presenter's camera recording over the screen. Default: none.
    #[serde(default)]
    pub camera: Option<crate::camera::Camera>,
    /// Captions burned into the picture, from a SubRip or WebVTT file. Default: none.
    #[serde(default)]
    pub captions: Option<crate::captions::Captions>,
    /// Titles, labels, arrows, boxes, ellipses, image stickers and spotlights, each
    /// shown for a while. Default: none. See [`crate::Annotation`].
    #[serde(default)]
    pub annotations: Vec<crate::annotations::Annotation>,
    /// The keys pressed, shown as pills of shortcuts and words typed, from a key
    /// track. Default: none. See [`crate::Keystrokes`].
    #[serde(default)]
    pub keystrokes: Option<crate::keystrokes::Keystrokes>,
    /// The scene file this scene was read from, named by errors found after reading it
    /// (not written in the file; empty for a scene made in code).
    #[serde(skip)]
    pub file: PathBuf,
}

/// A rectangle in source pixels, origin top-left: `(x: 0, y: 28, width: 1440, height: 872)`.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

impl std::fmt::Display for Rect {
    /// The rectangle as a scene writes it: `(x: 900, y: 0, width: 400, height: 300)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "(x: {}, y: {}, width: {}, height: {})",
            self.x, self.y, self.width, self.height
        )
    }
}

/// The recording a scene reads.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    /// The video file, relative to the scene file's folder (or absolute).
    pub path: PathBuf,
    /// The part of the picture to keep, in source pixels (cut off a menu bar or a second
    /// monitor). Default: all of it.
    #[serde(default)]
    pub crop: Option<Rect>,
    /// The part of the recording to export, in source seconds. Default: all of it.
    #[serde(default)]
    pub trim: Trim,
}

/// A time range of the source, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trim {
    /// Where the export starts. Default: 0.
    #[serde(default)]
    pub start: f64,
    /// Where it ends. Default: the end of the recording.
    #[serde(default)]
    pub end: Option<f64>,
}

/// The video file a scene writes.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputSpec {
    /// The file to write, relative to the scene file's folder (or absolute).
    pub path: PathBuf,
    /// Width and height in pixels, both even. Default: the source's size (after
    /// cropping), rounded down to even numbers (4:2:0 video needs even dimensions).
    #[serde(default)]
    pub size: Option<(u32, u32)>,
    /// Frames per second, such as `30`, `60` or `29.97`. Default: the source's rate.
    #[serde(default)]
    pub fps: Option<f64>,
    /// The x264 preset, from `"ultrafast"` to `"placebo"`: slower presets make smaller
    /// files at the same quality. Default: `"veryfast"`.
    #[serde(default)]
    pub preset: Option<String>,
    /// The x264 constant rate factor, 0 (lossless) to 51: lower is better quality and a
    /// larger file. Default: 20.
    #[serde(default)]
    pub crf: Option<u8>,
    /// A target video bit rate in kbit/s (H.264, HEVC, VP9), for streaming limits:
    /// replaces constant quality with an average bit rate. Default: none.
    #[serde(default)]
    pub bitrate: Option<u32>,
    /// The kind of file: `H264`, `Hevc`, `Vp9`, `ProRes`, `Gif` or `Png` (a folder of
    /// pictures). Default: from the path's extension (`.webm` VP9, `.gif` GIF, no
    /// extension PNG, else H.264).
    #[serde(default)]
    pub format: Option<VideoFormat>,
    /// A quality preset, `Maximum`, `Social` or `Web`, that sets the encoder for the
    /// format; `crf` and `preset` override it. Default: `Social`.
    #[serde(default)]
    pub quality: Option<Quality>,
    /// A hardware encoder, `Nvenc` or `Vaapi`, for `H264` and `Hevc` outputs. It is tried
    /// on one frame first; when the machine lacks it, the export goes on with the software
    /// encoder and says so. `crf` sets its constant quality; `preset` is x264's and does
    /// not apply. Default: none (software).
    #[serde(default)]
    pub hardware: Option<HardwareEncoder>,
    /// `Full` keeps a colour sample for every pixel (4:4:4) in H.264 and HEVC, for
    /// screen text with coloured edges; `Subsampled` is the format's usual 4:2:0.
    /// Default: `Subsampled`.
    #[serde(default)]
    pub chroma: Chroma,
    /// How the recording is resampled: `Bilinear`, `Bicubic` or `Lanczos` (the
    /// luma, or all of a packed R'G'B' source; chroma is resampled bilinearly). Default:
    /// `Bicubic` when the recording is enlarged, else `Bilinear`.
    #[serde(default)]
    pub scaling: Option<Scaling>,
}

impl OutputSpec {
    /// The output frame rate as an exact fraction, when the scene sets one.
    pub fn frame_rate(&self) -> Option<FrameRate> {
        self.fps.map(FrameRate::from_decimal)
    }

    /// The pixels the renderer writes for this output.
    pub fn frame_pixels(&self) -> FramePixels {
        FramePixels::for_output(self.video_format(), self.chroma)
    }

    /// The kind of file written: the scene's `format`, else what the path implies.
    pub fn video_format(&self) -> VideoFormat {
        self.format
            .unwrap_or_else(|| VideoFormat::for_path(&self.path))
    }

    /// The quality preset: the scene's, else [`Quality::Social`].
    pub fn quality(&self) -> Quality {
        self.quality.unwrap_or(Quality::Social)
    }
}

/// A colour stop of a gradient: a colour and where it sits, 0 at the start, 1 at the end.
pub type Stop = (Color, f32);

/// What fills the output frame behind the recording.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Background {
    /// One solid colour: `Color("#1e1e2e")`.
    Color(Color),
    /// A linear gradient: `LinearGradient(angle: 135, stops: [("#4f46e5", 0), ("#db2777", 1)])`.
    /// The angle is in degrees, clockwise from "towards the top", as in CSS: 90 runs
    /// left to right, 180 top to bottom.
    LinearGradient {
        /// Direction in degrees. Default: 180 (top to bottom).
        #[serde(default = "default_angle")]
        angle: f32,
        /// Two to eight stops, in order.
        stops: Vec<Stop>,
    },
    /// A radial gradient: `RadialGradient(center: (0.3, 0.2), radius: 1.2, stops: [...])`.
    RadialGradient {
        /// The centre, as fractions of the output's width and height. Default: the middle.
        #[serde(default = "default_center")]
        center: (f32, f32),
        /// The radius of the last stop, as a fraction of the output's diagonal. Default: 0.75.
        #[serde(default = "default_radius")]
        radius: f32,
        /// Two to eight stops, from the centre outwards.
        stops: Vec<Stop>,
    },
    /// A PNG or JPEG picture scaled to cover the frame: `Image(path: "wallpaper.jpg")`.
    Image {
        /// The picture, relative to the scene file's folder (or absolute).
        path: PathBuf,
        /// Gaussian blur radius in output pixels. Default: 0.
        #[serde(default)]
        blur: f32,
    },
    /// The recording itself, scaled to cover the frame and blurred:
    /// `Blurred(radius: 60, dim: 0.2)`.
    Blurred {
        /// Gaussian blur radius in output pixels. Default: 48.
        #[serde(default = "default_blur")]
        radius: f32,
        /// How much to darken it, 0 (not at all) to 1 (black). Default: 0.
        #[serde(default)]
        dim: f32,
    },
    /// A built-in wallpaper by name: `Wallpaper("aurora")`. See
    /// [`crate::wallpapers::NAMES`].
    Wallpaper(String),
}

fn default_angle() -> f32 {
    180.0
}

fn default_center() -> (f32, f32) {
    (0.5, 0.5)
}

fn default_radius() -> f32 {
    0.75
}

fn default_blur() -> f32 {
    48.0
}

impl Default for Background {
    fn default() -> Self {
        Background::Color(Color::BLACK)
    }
}

/// How the recording sits in the frame.
#[derive(Debug, Clone, Copy, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inset {
    /// Space around the recording on every side, as a fraction of the output's shorter
    /// side (0 to 0.45). The recording keeps its aspect ratio inside. Default: 0.
    #[serde(default)]
    pub padding: f32,
    /// The radius of the recording's corners, in output pixels. Default: 0 (square).
    #[serde(default)]
    pub corner_radius: f32,
    /// A line around the recording. Default: none.
    #[serde(default)]
    pub border: Option<Border>,
    /// How the recording fills its place: whole (`Contain`), or filling it, cut to its
    /// shape (`Cover`: a vertical or square export of a landscape recording), the view
    /// then following the cursor when the scene draws one. Default: `Contain`.
    #[serde(default)]
    pub fit: Fit,
}

/// How the recording fills its place in the frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum Fit {
    /// All of the recording, as large as fits, the rest background.
    #[default]
    Contain,
    /// All of the place filled with part of the recording, as large as its height or
    /// width allows; the part shown pans after the cursor (smoothed by the slow camera
    /// a following zoom uses) and with the zooms.
    Cover,
}

/// A line drawn just inside the recording's edge.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Border {
    /// Width in output pixels.
    pub width: f32,
    /// Colour; its alpha makes it translucent.
    pub color: Color,
}

/// A soft shadow under the recording, computed exactly from its rounded rectangle.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shadow {
    /// Offset in output pixels, (right, down). Default: (0, 0).
    #[serde(default)]
    pub offset: (f32, f32),
    /// Blur radius in output pixels (about two standard deviations). Default: 32.
    #[serde(default = "default_shadow_blur")]
    pub blur: f32,
    /// How much larger (or, negative, smaller) than the recording. Default: 0.
    #[serde(default)]
    pub spread: f32,
    /// Colour. Default: black.
    #[serde(default = "default_shadow_color")]
    pub color: Color,
    /// Opacity, 0 to 1. Default: 0.5.
    #[serde(default = "default_shadow_opacity")]
    pub opacity: f32,
}

fn default_shadow_blur() -> f32 {
    32.0
}

fn default_shadow_color() -> Color {
    Color::BLACK
}

fn default_shadow_opacity() -> f32 {
    0.5
}

/// How a transition's progress follows time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum Ease {
    /// Constant speed.
    Linear,
    /// Starts slowly (cubic).
    EaseIn,
    /// Ends slowly (cubic).
    EaseOut,
    /// Starts and ends slowly (cubic).
    #[default]
    EaseInOut,
    /// Starts and ends very gently (quintic "smootherstep").
    Smooth,
}

/// A zoom onto part of the recording between two output times.
///
/// Name either a `scale` (and optionally a `center`) or a `rect` to fit.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Zoom {
    /// When the zoom starts moving in, in output seconds.
    pub start: f64,
    /// When it has moved back out, in output seconds.
    pub end: f64,
    /// Magnification, such as 2.0. Default: what fits `rect`, else 2.
    #[serde(default)]
    pub scale: Option<f32>,
    /// The point to zoom onto, in source pixels. Default: the middle of `rect`, else of
    /// the recording.
    #[serde(default)]
    pub center: Option<(f32, f32)>,
    /// A rectangle to fit in view, in source pixels.
    #[serde(default)]
    pub rect: Option<Rect>,
    /// How long moving in and moving out take, in seconds. Default: 0.6, or half the
    /// zoom's length when it is shorter than 1.2 s.
    #[serde(default)]
    pub transition: Option<f64>,
    /// The easing of both moves. Default: `EaseInOut`.
    #[serde(default)]
    pub ease: Ease,
    /// Whether the view follows the cursor while zoomed (needs the scene's `cursor`):
    /// a slow camera trails the smoothed cursor and is held so that the cursor stays in
    /// the middle of the view, stopping at the recording's edges. Default: false.
    #[serde(default)]
    pub follow: bool,
}

/// The transition used when a zoom names none, in seconds.
pub const DEFAULT_TRANSITION: f64 = 0.6;

impl Zoom {
    /// How long moving in and moving out take, in seconds.
    pub fn transition(&self) -> f64 {
        self.transition
            .unwrap_or(DEFAULT_TRANSITION.min((self.end - self.start) / 2.0))
    }
}

/// A rectangle of the recording blurred from `start` to `end` (to hide a password),
/// each region with its own radius. A region may move with what it hides: `keyframes`
/// give its rectangle at later times, and between two of them it moves in a straight
/// line.
///
/// ```ron
/// (rect: (x: 40, y: 300, width: 320, height: 36), start: 1.0, end: 4.0, radius: 12,
///  keyframes: [(time: 2.0, rect: (x: 40, y: 420, width: 320, height: 36))])
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlurRegion {
    /// The rectangle, in source pixels: where the region is from `start` until its first
    /// keyframe (or throughout, without keyframes).
    pub rect: Rect,
    /// From when, in output seconds. Default: the start.
    #[serde(default)]
    pub start: f64,
    /// Until when, in output seconds. Default: the end.
    #[serde(default)]
    pub end: Option<f64>,
    /// Gaussian blur radius in source pixels. Default: 16.
    #[serde(default = "default_region_blur")]
    pub radius: f32,
    /// Where the rectangle is at later times, in order of time; it moves linearly from
    /// one to the next and stays at the last. Default: none (the region stays put).
    #[serde(default)]
    pub keyframes: Vec<BlurKeyframe>,
}

/// Where a moving blur region's rectangle is at one output time.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlurKeyframe {
    /// The output time, in seconds, between the region's `start` and `end`.
    pub time: f64,
    /// The rectangle at that time, in source pixels.
    pub rect: Rect,
}

impl BlurRegion {
    /// Whether the region is shown at output time `time`.
    pub fn active_at(&self, time: f64) -> bool {
        self.start <= time && self.end.is_none_or(|end| time < end)
    }

    /// The region's rectangle at output time `time`: `rect` until the first keyframe,
    /// then moving linearly between keyframes, then the last keyframe's.
    pub fn rect_at(&self, time: f64) -> Rect {
        let mut from = (self.start, self.rect);
        for keyframe in &self.keyframes {
            if time < keyframe.time {
                let span = keyframe.time - from.0;
                let k = if span > 0.0 {
                    ((time - from.0) / span).clamp(0.0, 1.0) as f32
                } else {
                    1.0
                };
                return from.1.lerp(&keyframe.rect, k);
            }
            from = (keyframe.time, keyframe.rect);
        }
        from.1
    }
}

impl Rect {
    /// The rectangle `k` of the way from `self` to `other` (0 is `self`, 1 is `other`).
    pub fn lerp(&self, other: &Rect, k: f32) -> Rect {
        let mix = |a: f32, b: f32| a + (b - a) * k;
        Rect {
            x: mix(self.x, other.x),
            y: mix(self.y, other.y),
            width: mix(self.width, other.width),
            height: mix(self.height, other.height),
        }
    }
}

fn default_region_blur() -> f32 {
    16.0
}

/// Motion blur of the recording while a zoom moves.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MotionBlur {
    /// The exposure, as a fraction of a frame's duration. Default: 0.5 (a 180° shutter).
    #[serde(default = "default_shutter")]
    pub shutter: f32,
    /// Sub-frame samples averaged, 2 to 16. Default: 8.
    #[serde(default = "default_samples")]
    pub samples: u32,
}

fn default_shutter() -> f32 {
    0.5
}

fn default_samples() -> u32 {
    8
}

/// How the source's sound is written.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Audio {
    /// The AAC bit rate in kbit/s, 32 to 512, used when the sound is encoded rather than
    /// copied. Default: 160.
    #[serde(default = "default_audio_bitrate")]
    pub bitrate: u32,
    /// Always encode to AAC, even when the sound could be copied as it is. Default: false.
    #[serde(default)]
    pub encode: bool,
    /// How the sound of a clip played faster or slower follows it. Default: `KeepPitch`.
    #[serde(default)]
    pub speed: AudioSpeed,
    /// Which recording's sound is kept: the screen's, the camera's (its offset applied,
    /// cut and sped with the screen), or both mixed. Default: `Screen`.
    #[serde(default)]
    pub from: SoundFrom,
}

/// Which recording's sound an export keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum SoundFrom {
    /// The screen recording's.
    #[default]
    Screen,
    /// The camera's (`camera`'s recording).
    Camera,
    /// Both, added together.
    Both,
}

/// How a clip's sound follows its speed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum AudioSpeed {
    /// Played at the clip's speed with its pitch kept (FFmpeg's `atempo`).
    #[default]
    KeepPitch,
    /// Silent while the clip plays at another speed than recorded.
    Mute,
    /// Played faster or slower like a tape: the pitch follows the speed.
    Resample,
}

impl Default for Audio {
    fn default() -> Self {
        Self {
            bitrate: default_audio_bitrate(),
            encode: false,
            speed: AudioSpeed::KeepPitch,
            from: SoundFrom::Screen,
        }
    }
}

fn default_audio() -> Option<Audio> {
    Some(Audio::default())
}

fn default_audio_bitrate() -> u32 {
    160
}
