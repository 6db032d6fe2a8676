//! OpenScreen's (and Recordly's) saved project: a JSON file
//! `{version: 2, media: {screenVideoPath, webcamVideoPath, …}, editor: {…}}`, its times in
//! milliseconds of the screen recording. docs/projects.md lists each field, what Reel
//! does with it, and the file of OpenScreen's source that defines it.

use crate::edit::{Piece, Span, output_time, pieces};
use crate::error::ProjectError;
use crate::json::{Fields, is_empty_setting, parse_object};
use crate::look::{Canvas, background};
use crate::ron_text::{SceneText, number, path as ron_path};
use crate::{ProjectScene, Recording};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Zoom depths 1 to 6 as OpenScreen magnifies them.
pub const DEPTH_SCALES: [f64; 6] = [1.25, 1.5, 1.8, 2.2, 3.5, 5.0];

/// The depth of a zoom region that names none (OpenScreen's `DEFAULT_ZOOM_DEPTH`).
const DEFAULT_DEPTH: f64 = 3.0;

/// The project versions read.
const VERSIONS: [u64; 2] = [1, 2];

/// An OpenScreen project, read.
pub struct OpenScreen {
    file: PathBuf,
    screen: PathBuf,
    webcam: Option<PathBuf>,
    editor: Value,
    media_rest: Vec<(String, Value)>,
}

impl OpenScreen {
    /// Reads the project file: JSON, a version Reel knows, and a screen recording that
    /// exists.
    pub fn open(file: &Path) -> Result<Self, ProjectError> {
        let text = std::fs::read_to_string(file).map_err(|error| {
            ProjectError::new(file, format!("cannot read the project: {error}"))
        })?;
        let mut top = Fields::of(file, "", Value::Object(parse_object(file, &text)?))?;
        match top.take("version") {
            Some(Value::Number(n)) if n.as_u64().is_some_and(|v| VERSIONS.contains(&v)) => {}
            Some(other) => {
                return Err(top.error(
                    "version",
                    format!("unsupported version {other} (expected 1 or 2)"),
                ));
            }
            None => return Err(top.error("version", "missing (expected 1 or 2)")),
        }
        let folder = file.parent().unwrap_or(Path::new(""));
        let (screen, webcam, media_rest) = match top.object("media")? {
            Some(mut media) => {
                let screen = media.string("screenVideoPath")?.ok_or_else(|| {
                    media.error(
                        "screenVideoPath",
                        "missing (expected the screen recording's path)",
                    )
                })?;
                let screen = recorded_path(folder, &screen);
                if !screen.is_file() {
                    return Err(media.error(
                        "screenVideoPath",
                        format!("no such file: {}", screen.display()),
                    ));
                }
                let webcam = media
                    .string("webcamVideoPath")?
                    .map(|p| recorded_path(folder, &p));
                if let Some(webcam) = webcam.as_ref().filter(|p| !p.is_file()) {
                    return Err(media.error(
                        "webcamVideoPath",
                        format!("no such file: {}", webcam.display()),
                    ));
                }
                (screen, webcam, media.rest())
            }
            // Projects before `media` named the recording alone.
            None => {
                let screen = top.string("videoPath")?.ok_or_else(|| {
                    top.error("media", "missing (expected the recording's paths)")
                })?;
                let screen = recorded_path(folder, &screen);
                if !screen.is_file() {
                    return Err(
                        top.error("videoPath", format!("no such file: {}", screen.display()))
                    );
                }
                (screen, None, Vec::new())
            }
        };
        let editor = top
            .take("editor")
            .unwrap_or(Value::Object(Default::default()));
        Ok(Self {
            file: file.to_owned(),
            screen,
            webcam,
            editor,
            media_rest,
        })
    }

    /// The screen recording.
    pub fn recording(&self) -> &Path {
        &self.screen
    }

    /// Each recording, with the field that names it.
    pub fn recordings(&self) -> Vec<(&'static str, &Path)> {
        let mut all = vec![("media.screenVideoPath", self.screen.as_path())];
        all.extend(self.webcam.as_deref().map(|w| ("media.webcamVideoPath", w)));
        all
    }

    /// Whether the project exports a GIF (`exportFormat: "gif"`).
    pub fn exports_gif(&self) -> bool {
        self.editor.get("exportFormat").and_then(Value::as_str) == Some("gif")
    }

    /// The scene of this project for `recording`, writing to `output`.
    pub fn scene(
        &self,
        recording: &Recording,
        output: &Path,
    ) -> Result<ProjectScene, ProjectError> {
        let mut warnings = Vec::new();
        let mut scene = SceneText::default();
        scene.comment(&format!(
            "Made by Reel from the OpenScreen project {}",
            self.file.file_name().unwrap_or_default().to_string_lossy()
        ));
        let mut editor = Fields::of(&self.file, "editor", self.editor.clone())?;
        // The editor's own view: nothing of the export.
        let _ = editor.take("showTrimWaveform");
        let (cuts, speeds) = (
            spans(&mut editor, "trimRegions")?,
            speed_spans(&mut editor)?,
        );
        let played = pieces(recording.duration, &cuts, &speeds);
        if played.is_empty() {
            return Err(editor.error("trimRegions", "the trims remove the whole recording"));
        }
        let crop = crop(&mut editor, recording.size)?;
        scene.field(
            "source",
            source(&self.screen, crop, &played, recording.duration),
        );
        if let Some(timeline) = timeline(&played) {
            scene.field("timeline", timeline);
        }
        let content = crop.map_or(
            (f64::from(recording.size.0), f64::from(recording.size.1)),
            |[_, _, w, h]| (w, h),
        );
        let gif = output
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gif"));
        let canvas = self.canvas(&mut editor, content, gif, &mut warnings)?;
        scene.field(
            "output",
            output_fields(&mut editor, output, canvas.size, &mut warnings)?,
        );
        self.look(&mut editor, &canvas, &mut scene, &mut warnings)?;
        let cursor_track = cursor_track(&self.screen);
        let view = View {
            canvas,
            crop: crop.unwrap_or([0.0, 0.0, content.0, content.1]),
        };
        let zooms = zooms(
            &mut editor,
            &played,
            &view,
            cursor_track.is_some(),
            &mut warnings,
        )?;
        if !zooms.is_empty() {
            scene.field(
                "zooms",
                format!("[\n        {},\n    ]", zooms.join(",\n        ")),
            );
        }
        if let Some(track) = &cursor_track {
            scene.field("cursor", format!("(track: {})", ron_path(track)));
        }
        let camera = camera(
            &mut editor,
            self.webcam.as_deref(),
            canvas.size,
            &mut warnings,
        )?;
        if let Some(camera) = camera {
            scene.field("camera", camera);
        }
        for (field, value) in editor.rest().into_iter().chain(self.media_rest.clone()) {
            if !is_empty_setting(&value) {
                warnings.push(format!("{field}: not supported by Reel yet; left out"));
            }
        }
        Ok(ProjectScene {
            text: scene.finish(),
            warnings,
        })
    }

    /// The canvas of `aspectRatio`, `exportQuality` (a GIF: 540 lines) and `padding`,
    /// OpenScreen's defaults (16:9, 1080 lines, 50) where the project leaves them out.
    fn canvas(
        &self,
        editor: &mut Fields,
        content: (f64, f64),
        gif: bool,
        warnings: &mut Vec<String>,
    ) -> Result<Canvas, ProjectError> {
        let aspect = editor
            .string("aspectRatio")?
            .unwrap_or_else(|| "16:9".into());
        let quality = editor
            .string("exportQuality")?
            .unwrap_or_else(|| "good".into());
        let padding = editor.number("padding")?.unwrap_or(50.0).clamp(0.0, 100.0);
        let lines = if gif { "gif" } else { quality.as_str() };
        if let Some(canvas) = Canvas::new(&aspect, lines, content, padding) {
            return Ok(canvas);
        }
        warnings.push(format!(
            "{}: {aspect:?} is no aspect ratio (expected W:H or \"native\"); 16:9 instead, as OpenScreen does",
            editor.path("aspectRatio")
        ));
        Canvas::new("16:9", lines, content, padding)
            .ok_or_else(|| editor.error("aspectRatio", "cannot make a canvas"))
    }

    /// The look: inset and corners, shadow, wallpaper, motion blur.
    fn look(
        &self,
        editor: &mut Fields,
        canvas: &Canvas,
        scene: &mut SceneText,
        warnings: &mut Vec<String>,
    ) -> Result<(), ProjectError> {
        let radius = editor.number("borderRadius")?.unwrap_or(0.0);
        scene.field("inset", canvas.inset(radius));
        if let Some(shadow) = canvas.shadow(editor.number("shadowIntensity")?.unwrap_or(0.0)) {
            scene.field("shadow", shadow);
        }
        let blurred = editor.take("showBlur") == Some(Value::Bool(true));
        let wallpaper = editor
            .string("wallpaper")?
            .unwrap_or_else(|| "/wallpapers/wallpaper1.jpg".into());
        let folder = self.file.parent().unwrap_or(Path::new(""));
        let (background, warning) = background(&wallpaper, blurred, folder);
        scene.field("background", background);
        if let Some(warning) = warning {
            warnings.push(format!("{}: {warning}", editor.path("wallpaper")));
        }
        // Projects before version 2 said only whether there was motion blur.
        let legacy = match editor.take("motionBlurEnabled") {
            Some(Value::Bool(true)) => 0.35,
            _ => 0.0,
        };
        let motion = editor
            .number("motionBlurAmount")?
            .unwrap_or(legacy)
            .clamp(0.0, 1.0);
        if motion > 0.0 {
            scene.field(
                "motion_blur",
                format!("(shutter: {}, samples: 8)", number(motion)),
            );
        }
        Ok(())
    }
}

/// A recording's path as the project holds it: absolute (OpenScreen writes absolute
/// paths), a `file://` URL, or relative to the project's folder.
fn recorded_path(folder: &Path, text: &str) -> PathBuf {
    let Some(rest) = text.strip_prefix("file://") else {
        return folder.join(text);
    };
    // `file:///home/…` or `file://localhost/home/…`, percent-encoded.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    folder.join(percent_decoded(rest))
}

/// `%XX` escapes decoded (invalid ones kept as they are).
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The scene's `output`: the file, the canvas's size, and the frame rate: OpenScreen's
/// MP4s are 60 fps, its GIFs `gifFrameRate` (15 by default).
fn output_fields(
    editor: &mut Fields,
    output: &Path,
    (width, height): (u32, u32),
    warnings: &mut Vec<String>,
) -> Result<String, ProjectError> {
    let gif = output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gif"));
    let _ = editor.take("exportFormat");
    let rate = editor.number("gifFrameRate")?;
    let size = editor.string("gifSizePreset")?;
    let looped = editor.take("gifLoop");
    let fps = if gif { rate.unwrap_or(15.0) } else { 60.0 };
    if gif {
        if size.as_deref().is_some_and(|s| s != "medium") {
            warnings.push(format!(
                "{}: {:?} is not carried over; the GIF is 540 lines",
                editor.path("gifSizePreset"),
                size.unwrap_or_default()
            ));
        }
        if looped == Some(Value::Bool(false)) {
            warnings.push(format!(
                "{}: false is not carried over; Reel's GIFs loop",
                editor.path("gifLoop")
            ));
        }
    }
    Ok(format!(
        "(path: {}, size: ({width}, {height}), fps: {})",
        ron_path(output),
        number(fps)
    ))
}

/// The scene's `camera`, for the project's webcam recording: its shape, size and place.
/// Without a webcam recording the webcam settings are left out.
fn camera(
    editor: &mut Fields,
    webcam: Option<&Path>,
    (width, height): (u32, u32),
    warnings: &mut Vec<String>,
) -> Result<Option<String>, ProjectError> {
    let layout = editor.string("webcamLayoutPreset")?;
    let shape = editor.string("webcamMaskShape")?;
    let size = editor.number("webcamSizePreset")?;
    let position = editor.object("webcamPosition")?;
    let mirrored = editor.take("webcamMirrored") == Some(Value::Bool(true));
    let Some(webcam) = webcam else {
        return Ok(None);
    };
    let mut fields = vec![format!("path: {}", ron_path(webcam))];
    match shape.as_deref() {
        None | Some("rectangle") => fields.push("shape: Rectangle".into()),
        Some("circle") => fields.push("shape: Circle".into()),
        Some("rounded") => fields.push("shape: Rounded(radius: 24)".into()),
        Some(other) => {
            warnings.push(format!(
                "{}: {other:?} is drawn as a rectangle",
                editor.path("webcamMaskShape")
            ));
            fields.push("shape: Rectangle".into());
        }
    }
    // A share of the canvas's √(width × height); Reel's is a share of its height.
    let share = size.unwrap_or(25.0) / 100.0 * (f64::from(width) * f64::from(height)).sqrt()
        / f64::from(height);
    fields.push(format!("size: {}", number(share.clamp(0.05, 1.0))));
    if mirrored {
        fields.push("mirror: true".into());
    }
    if let Some(mut position) = position {
        let cx = position.number("cx")?.unwrap_or(0.5).clamp(0.0, 1.0);
        let cy = position.number("cy")?.unwrap_or(0.5).clamp(0.0, 1.0);
        fields.push(format!(
            "position: At(x: {}, y: {})",
            number(cx),
            number(cy)
        ));
    }
    if let Some(layout) = layout.filter(|l| l != "picture-in-picture") {
        warnings.push(format!(
            "{}: {layout:?} is not carried over; the camera is drawn over the screen",
            editor.path("webcamLayoutPreset")
        ));
    }
    Ok(Some(format!("({})", fields.join(", "))))
}

/// Spans of `name`'s regions (`startMs`, `endMs`), in source seconds.
fn spans(editor: &mut Fields, name: &str) -> Result<Vec<Span>, ProjectError> {
    editor
        .array(name)?
        .into_iter()
        .map(|(at, value)| {
            let mut region = editor.child(at, value)?;
            region_span(&mut region)
        })
        .collect()
}

/// Speed regions: their spans and speeds.
fn speed_spans(editor: &mut Fields) -> Result<Vec<(Span, f64)>, ProjectError> {
    editor
        .array("speedRegions")?
        .into_iter()
        .map(|(at, value)| {
            let mut region = editor.child(at, value)?;
            let span = region_span(&mut region)?;
            let speed = region.required_number("speed")?;
            if !(0.1..=16.0).contains(&speed) {
                return Err(region.error(
                    "speed",
                    format!("invalid speed {speed} (expected 0.1 to 16)"),
                ));
            }
            Ok((span, speed))
        })
        .collect()
}

/// A region's `startMs` and `endMs`, checked, in seconds.
fn region_span(region: &mut Fields) -> Result<Span, ProjectError> {
    let start = region.required_number("startMs")?;
    let end = region.required_number("endMs")?;
    if start < 0.0 {
        return Err(region.error(
            "startMs",
            format!("invalid start {start} (expected 0 or more)"),
        ));
    }
    if end <= start {
        return Err(region.error(
            "endMs",
            format!("invalid end {end} (expected after startMs {start})"),
        ));
    }
    Ok(Span {
        start: start / 1000.0,
        end: end / 1000.0,
    })
}

/// A crop in source pixels, from `cropRegion` (fractions 0 to 1 of the picture):
/// `None` for the whole picture.
fn crop(
    editor: &mut Fields,
    (width, height): (u32, u32),
) -> Result<Option<[f64; 4]>, ProjectError> {
    let Some(mut region) = editor.object("cropRegion")? else {
        return Ok(None);
    };
    let mut fraction = |name: &str, default: f64| -> Result<f64, ProjectError> {
        let value = region.number(name)?.unwrap_or(default);
        if !(0.0..=1.0).contains(&value) {
            return Err(region.error(
                name,
                format!("invalid {value} (expected a fraction, 0 to 1)"),
            ));
        }
        Ok(value)
    };
    let (x, y) = (fraction("x", 0.0)?, fraction("y", 0.0)?);
    let (w, h) = (fraction("width", 1.0)?, fraction("height", 1.0)?);
    if x + w > 1.0 + 1e-6 || y + h > 1.0 + 1e-6 || w <= 0.0 || h <= 0.0 {
        return Err(region.error("width", "the crop reaches past the picture"));
    }
    if x == 0.0 && y == 0.0 && w >= 1.0 && h >= 1.0 {
        return Ok(None);
    }
    let (width, height) = (f64::from(width), f64::from(height));
    // Whole pixels, inside the picture.
    let left = (x * width).round();
    let top = (y * height).round();
    let right = ((x + w) * width).round().min(width);
    let bottom = ((y + h) * height).round().min(height);
    Ok(Some([
        left,
        top,
        (right - left).max(1.0),
        (bottom - top).max(1.0),
    ]))
}

/// The scene's `source`: the recording, its crop, and its trim when the edit is one
/// piece of it at its own speed.
fn source(screen: &Path, crop: Option<[f64; 4]>, played: &[Piece], duration: f64) -> String {
    let mut fields = vec![format!("path: {}", ron_path(screen))];
    if let Some([x, y, width, height]) = crop {
        fields.push(format!(
            "crop: (x: {}, y: {}, width: {}, height: {})",
            number(x),
            number(y),
            number(width),
            number(height)
        ));
    }
    if let [piece] = played
        && piece.speed == 1.0
        && (piece.span.start > 0.0 || piece.span.end < duration)
    {
        let end = if piece.span.end < duration {
            format!(", end: {}", number(piece.span.end))
        } else {
            String::new()
        };
        fields.push(format!("trim: (start: {}{end})", number(piece.span.start)));
    }
    format!("({})", fields.join(", "))
}

/// The scene's `timeline`, when the edit is more than one piece or changes the speed.
fn timeline(played: &[Piece]) -> Option<String> {
    if let [piece] = played
        && piece.speed == 1.0
    {
        return None;
    }
    let clips: Vec<String> = played
        .iter()
        .map(|piece| {
            let speed = if piece.speed == 1.0 {
                String::new()
            } else {
                format!(", speed: {}", number(piece.speed))
            };
            format!(
                "(start: {}, end: {}{speed})",
                number(piece.span.start),
                number(piece.span.end)
            )
        })
        .collect();
    Some(format!("[\n        {},\n    ]", clips.join(",\n        ")))
}

/// The cursor track OpenScreen writes beside the screen recording, when it is there.
fn cursor_track(screen: &Path) -> Option<PathBuf> {
    let mut name = screen.as_os_str().to_owned();
    name.push(".cursor.json");
    let track = PathBuf::from(name);
    track.is_file().then_some(track)
}

/// Where a zoom's focus (fractions of the canvas) lands on the recording.
struct View {
    canvas: Canvas,
    /// The crop: left, top, width, height in source pixels.
    crop: [f64; 4],
}

impl View {
    /// The source pixel under a point of the canvas.
    fn source_point(&self, focus: (f64, f64)) -> (f64, f64) {
        let (x, y) = self.canvas.content_point(focus);
        let [left, top, width, height] = self.crop;
        (left + x * width, top + y * height)
    }
}

/// OpenScreen's zoom moves in over 1523 ms, reaching the region's scale 500 ms after its
/// start, and out over 1015 ms after its end (`ZOOM_IN_TRANSITION_WINDOW_MS`,
/// `ZOOM_IN_OVERLAP_MS`, `TRANSITION_WINDOW_MS`); Reel moves in and out alike, over their
/// mean, eased out as OpenScreen's curve is.
const ZOOM_TRANSITION: f64 = (1.523 + 1.015) / 2.0;
/// How long after a region's start OpenScreen's zoom is all the way in.
const ZOOM_IN_OVERLAP: f64 = 0.5;

/// The scene's zooms from `zoomRegions`, on the output's clock. A region in `auto` focus
/// follows the cursor when there is a track. Fields of a region Reel does not read are
/// added to `warnings`.
fn zooms(
    editor: &mut Fields,
    played: &[Piece],
    view: &View,
    has_cursor: bool,
    warnings: &mut Vec<String>,
) -> Result<Vec<String>, ProjectError> {
    let mut zooms = Vec::new();
    for (at, value) in editor.array("zoomRegions")? {
        let mut region = editor.child(at, value)?;
        let _ = region.take("id");
        let span = region_span(&mut region)?;
        let depth = region.number("depth")?.unwrap_or(DEFAULT_DEPTH);
        if !(1.0..=6.0).contains(&depth) || depth.fract() != 0.0 {
            return Err(region.error("depth", format!("invalid depth {depth} (expected 1 to 6)")));
        }
        let scale = DEPTH_SCALES[depth as usize - 1];
        let (cx, cy) = match region.object("focus")? {
            Some(mut focus) => (
                focus.number("cx")?.unwrap_or(0.5).clamp(0.0, 1.0),
                focus.number("cy")?.unwrap_or(0.5).clamp(0.0, 1.0),
            ),
            None => (0.5, 0.5),
        };
        let auto = match region.string("focusMode")?.as_deref() {
            None | Some("manual") => false,
            Some("auto") => true,
            Some(other) => {
                return Err(region.error(
                    "focusMode",
                    format!("unknown focus mode {other:?} (expected \"manual\" or \"auto\")"),
                ));
            }
        };
        if auto && !has_cursor {
            warnings.push(format!(
                "{}: follows the cursor, but the recording has no cursor track beside it; the zoom stays on its focus",
                region.path("focusMode")
            ));
        }
        let zoom_in = region.number("zoomInDurationMs")?;
        let zoom_out = region.number("zoomOutDurationMs")?;
        let transition = match (zoom_in, zoom_out) {
            (None, None) => None,
            (Some(a), Some(b)) if (a - b).abs() > 1.0 => {
                warnings.push(format!(
                    "{}: zooming in over {a} ms and out over {b} ms: Reel moves in and out alike, over {} ms",
                    region.at,
                    a.max(b)
                ));
                Some(a.max(b))
            }
            (a, b) => a.or(b),
        };
        for (field, value) in region.rest() {
            if !is_empty_setting(&value) {
                warnings.push(format!("{field}: not supported by Reel yet; left out"));
            }
        }
        let shown = (
            output_time(played, span.start),
            output_time(played, span.end),
        );
        if shown.1 - shown.0 < 0.05 {
            // Inside a cut: nothing of it is shown.
            continue;
        }
        // All the way in from the region's start plus the overlap to its end, moving in
        // before and out after.
        let full = ((shown.0 + ZOOM_IN_OVERLAP).min(shown.1), shown.1);
        let transition = transition.map(|ms| ms / 1000.0).unwrap_or(ZOOM_TRANSITION);
        let start = (full.0 - transition).max(0.0);
        let end = full.1 + transition;
        let transition = transition.min((end - start) / 2.0);
        let (x, y) = view.source_point((cx, cy));
        let follow = if auto && has_cursor {
            ", follow: true"
        } else {
            ""
        };
        zooms.push(format!(
            "(start: {}, end: {}, scale: {}, center: ({}, {}), transition: {}, ease: EaseOut{follow})",
            number(start),
            number(end),
            number(scale),
            number(x.round()),
            number(y.round()),
            number(transition),
        ));
    }
    Ok(zooms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_paths_are_absolute_urls_or_relative_to_the_project() {
        let folder = Path::new("/projects");
        assert_eq!(
            recorded_path(folder, "/rec/a.webm"),
            Path::new("/rec/a.webm")
        );
        assert_eq!(
            recorded_path(folder, "a.webm"),
            Path::new("/projects/a.webm")
        );
        assert_eq!(
            recorded_path(folder, "file:///rec/my%20talk.webm"),
            Path::new("/rec/my talk.webm")
        );
        assert_eq!(
            recorded_path(folder, "file://localhost/rec/a.webm"),
            Path::new("/rec/a.webm")
        );
        assert_eq!(percent_decoded("100%"), "100%");
        assert_eq!(percent_decoded("%zz%41"), "%zzA");
    }

    #[test]
    fn a_crop_region_becomes_whole_source_pixels() {
        let file = Path::new("p.openscreen");
        let editor = |crop: &str| {
            let value: Value =
                serde_json::from_str(&format!("{{\"cropRegion\": {crop}}}")).unwrap();
            Fields::of(file, "editor", value).unwrap()
        };
        let whole = r#"{"x": 0, "y": 0, "width": 1, "height": 1}"#;
        assert_eq!(crop(&mut editor(whole), (1920, 1080)).unwrap(), None);
        let half = r#"{"x": 0.5, "y": 0.25, "width": 0.5, "height": 0.5}"#;
        assert_eq!(
            crop(&mut editor(half), (1920, 1080)).unwrap(),
            Some([960.0, 270.0, 960.0, 540.0])
        );
        let past = r#"{"x": 0.6, "y": 0, "width": 0.6, "height": 1}"#;
        let error = crop(&mut editor(past), (1920, 1080)).unwrap_err();
        assert!(
            error.to_string().contains("editor.cropRegion.width"),
            "{error}"
        );
    }
}
