//! OpenScreen's (and Recordly's) saved project: a JSON file
//! `{version: 2, media: {screenVideoPath, webcamVideoPath, …}, editor: {…}}`, its times in
//! milliseconds of the screen recording. docs/projects.md lists each field, what Reel
//! does with it, and the file of OpenScreen's source that defines it.

use crate::edit::{Piece, Span, output_time, pieces};
use crate::error::ProjectError;
use crate::json::{Fields, is_empty_setting, parse_object};
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
        if let Some(timeline) = timeline(&played, recording.duration) {
            scene.field("timeline", timeline);
        }
        scene.field("output", output_fields(&mut editor, output, &mut warnings)?);
        let cursor_track = cursor_track(&self.screen);
        let zooms = zooms(
            &mut editor,
            &played,
            recording.size,
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
        let camera = camera(&mut editor, self.webcam.as_deref(), &mut warnings)?;
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

/// The scene's `output`: the file, and for a GIF (`exportFormat: "gif"`) its frame
/// rate; `exportQuality` picks the quality.
fn output_fields(
    editor: &mut Fields,
    output: &Path,
    warnings: &mut Vec<String>,
) -> Result<String, ProjectError> {
    let mut fields = vec![format!("path: {}", ron_path(output))];
    let gif = output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gif"));
    let _ = editor.take("exportFormat");
    let rate = editor.number("gifFrameRate")?;
    let size = editor.string("gifSizePreset")?;
    let looped = editor.take("gifLoop");
    let quality = editor.string("exportQuality")?;
    if gif {
        if let Some(rate) = rate {
            fields.push(format!("fps: {}", number(rate)));
        }
        if size.as_deref().is_some_and(|s| s != "medium") {
            warnings.push(format!(
                "{}: {:?} is not carried over; Reel's GIF is at most 960 pixels wide unless the scene sets `output.size`",
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
    } else if let Some(quality) = quality {
        let preset = match quality.as_str() {
            "source" => "Maximum",
            "medium" => "Web",
            _ => "Social",
        };
        fields.push(format!("quality: {preset}"));
    }
    Ok(format!("({})", fields.join(", ")))
}

/// The scene's `camera`, for the project's webcam recording: its shape, size and place.
/// Without a webcam recording the webcam settings are left out.
fn camera(
    editor: &mut Fields,
    webcam: Option<&Path>,
    warnings: &mut Vec<String>,
) -> Result<Option<String>, ProjectError> {
    let layout = editor.string("webcamLayoutPreset")?;
    let shape = editor.string("webcamMaskShape")?;
    let size = editor.number("webcamSizePreset")?;
    let position = editor.object("webcamPosition")?;
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
    if let Some(size) = size {
        // A share of the canvas; Reel's size is a share of the output's height.
        fields.push(format!("size: {}", number((size / 100.0).clamp(0.05, 1.0))));
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
fn timeline(played: &[Piece], duration: f64) -> Option<String> {
    if let [piece] = played
        && piece.speed == 1.0
    {
        let _ = duration;
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

/// The scene's zooms from `zoomRegions`, on the output's clock. A region in `auto` focus
/// follows the cursor when there is a track. Fields of a region Reel does not read are
/// added to `warnings`.
fn zooms(
    editor: &mut Fields,
    played: &[Piece],
    (width, height): (u32, u32),
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
        let start = output_time(played, span.start);
        let end = output_time(played, span.end);
        if end - start < 0.05 {
            // Inside a cut: nothing of it is shown.
            continue;
        }
        let mut extra = String::new();
        if let Some(ms) = transition {
            // Reel's transition is at most half the zoom.
            let seconds = (ms / 1000.0).clamp(0.0, (end - start) / 2.0);
            extra.push_str(&format!(", transition: {}", number(seconds)));
        }
        if auto && has_cursor {
            extra.push_str(", follow: true");
        }
        zooms.push(format!(
            "(start: {}, end: {}, scale: {}, center: ({}, {}){extra})",
            number(start),
            number(end),
            number(scale),
            number(cx * f64::from(width)),
            number(cy * f64::from(height)),
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
