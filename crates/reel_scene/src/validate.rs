//! Checks a parsed scene's values, saying what was found and what was expected.

use crate::VideoFormat;
use crate::format::{MAX_GIF_FPS, MAX_GIF_WIDTH};
use crate::limits::{
    MAX_ACTIVE_BLUR_REGIONS, MAX_BLUR_KEYFRAMES, MAX_EFFECT_PIXELS, MAX_FPS, MAX_GRADIENT_STOPS,
    MAX_OUTPUT_DIMENSION, MAX_SOURCE_COORDINATE, MAX_ZOOM_SCALE, MIN_OUTPUT_DIMENSION,
    MOTION_SAMPLES,
};
use crate::model::{Background, BlurRegion, Border, Rect, Scene, Shadow, Stop};
use crate::wallpapers::{NAMES, wallpaper};
use std::path::Path;

/// The x264 presets, fastest first.
pub const X264_PRESETS: &[&str] = &[
    "ultrafast",
    "superfast",
    "veryfast",
    "faster",
    "fast",
    "medium",
    "slow",
    "slower",
    "veryslow",
    "placebo",
];

/// Output file extensions the encoder writes (the MP4/QuickTime family).
/// A value that is out of range: the dotted field path and a message.
pub(crate) type Invalid = (String, String);

fn invalid(field: impl Into<String>, message: impl Into<String>) -> Invalid {
    (field.into(), message.into())
}

/// Checks a border's width, naming `field` in an error.
pub(crate) fn validate_border(field: &str, border: &Border) -> Result<(), Invalid> {
    within(field, "width", border.width, 0.0, MAX_EFFECT_PIXELS)
}

/// Checks a shadow's numbers, naming `field` in an error.
pub(crate) fn validate_shadow(field: &str, shadow: &Shadow) -> Result<(), Invalid> {
    within(field, "blur", shadow.blur, 0.0, MAX_EFFECT_PIXELS)?;
    within(
        field,
        "spread",
        shadow.spread,
        -MAX_EFFECT_PIXELS,
        MAX_EFFECT_PIXELS,
    )?;
    within(field, "opacity", shadow.opacity, 0.0, 1.0)?;
    within(field, "offset", shadow.offset.0, -8192.0, 8192.0)?;
    within(field, "offset", shadow.offset.1, -8192.0, 8192.0)
}

/// Checks that `value` lies in `range`, naming `what` it is.
fn within(field: &str, what: &str, value: f32, min: f32, max: f32) -> Result<(), Invalid> {
    if value.is_finite() && (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(invalid(
            field,
            format!("invalid {what} {value} (expected {min} to {max})"),
        ))
    }
}

fn within_time(field: &str, what: &str, value: f64) -> Result<(), Invalid> {
    if value.is_finite() && value >= 0.0 {
        Ok(())
    } else {
        Err(invalid(
            field,
            format!("invalid {what} {value} (expected seconds, 0 or more)"),
        ))
    }
}

fn check_rect(field: &str, rect: &Rect) -> Result<(), Invalid> {
    let values = [rect.x, rect.y, rect.width, rect.height];
    if values.iter().any(|v| !v.is_finite()) || rect.x < 0.0 || rect.y < 0.0 {
        return Err(invalid(
            field,
            format!("invalid rectangle {rect} (expected x and y of 0 or more)"),
        ));
    }
    if values.iter().any(|&v| v > MAX_SOURCE_COORDINATE) {
        return Err(invalid(
            field,
            format!(
                "invalid rectangle {rect} (expected positions and sizes up to {MAX_SOURCE_COORDINATE} source pixels)"
            ),
        ));
    }
    if rect.width < 1.0 || rect.height < 1.0 {
        return Err(invalid(
            field,
            format!("invalid rectangle {rect} (expected a width and height of at least 1 pixel)"),
        ));
    }
    Ok(())
}

impl Scene {
    /// Checks every value against the limits Reel accepts. Files are not opened here; see
    /// [`Scene::load`] for the checks that touch the file system, and
    /// [`Scene::validate_for_source`] for those that need the source's size.
    pub fn validate(&self) -> Result<(), Invalid> {
        validate_output(self)?;
        if self.output.path == self.source.path {
            return Err(invalid(
                "output.path",
                "the output would overwrite the source (expected a different file)",
            ));
        }
        if let Some(crop) = &self.source.crop {
            check_rect("source.crop", crop)?;
        }
        let trim = &self.source.trim;
        within_time("source.trim", "start", trim.start)?;
        if let Some(end) = trim.end
            && !(end.is_finite() && end > trim.start)
        {
            return Err(invalid(
                "source.trim",
                format!(
                    "invalid end {end} (expected a time after the start, {})",
                    trim.start
                ),
            ));
        }
        crate::timeline::validate_timeline(self)?;
        if let Some(music) = &self.music {
            music.validate()?;
        }
        if let Some(cursor) = &self.cursor {
            cursor.validate()?;
        }
        validate_background(&self.background)?;
        let inset = &self.inset;
        within("inset", "padding", inset.padding, 0.0, 0.45)?;
        within(
            "inset",
            "corner radius",
            inset.corner_radius,
            0.0,
            MAX_EFFECT_PIXELS,
        )?;
        if let Some(border) = &inset.border {
            validate_border("inset.border", border)?;
        }
        if let Some(shadow) = &self.shadow {
            validate_shadow("shadow", shadow)?;
        }
        if let Some(camera) = &self.camera {
            camera.validate()?;
        }
        if let Some(captions) = &self.captions {
            captions.validate()?;
        }
        crate::annotations::validate_annotations(&self.annotations)?;
        if let Some(keystrokes) = &self.keystrokes {
            keystrokes.validate()?;
        }
        if let Some(audio) = &self.audio
            && audio.from != crate::SoundFrom::Screen
            && self.camera.is_none()
        {
            return Err(invalid(
                "audio.from",
                format!(
                    "{:?} keeps the camera's sound: add `camera: (path: \"…\")` to the scene",
                    audio.from
                ),
            ));
        }
        self.validate_zooms()?;
        self.validate_blur_regions()?;
        if let Some(audio) = &self.audio
            && !(32..=512).contains(&audio.bitrate)
        {
            return Err(invalid(
                "audio.bitrate",
                format!(
                    "invalid bit rate {} (expected 32 to 512 kbit/s)",
                    audio.bitrate
                ),
            ));
        }
        if let Some(blur) = &self.motion_blur {
            within("motion_blur", "shutter", blur.shutter, 0.01, 1.0)?;
            if !MOTION_SAMPLES.contains(&blur.samples) {
                return Err(invalid(
                    "motion_blur",
                    format!(
                        "invalid samples {} (expected {} to {})",
                        blur.samples,
                        MOTION_SAMPLES.start(),
                        MOTION_SAMPLES.end()
                    ),
                ));
            }
        }
        Ok(())
    }

    fn validate_blur_regions(&self) -> Result<(), Invalid> {
        for (i, region) in self.blur_regions.iter().enumerate() {
            let field = format!("blur_regions[{i}]");
            check_rect(&field, &region.rect)?;
            within_time(&field, "start", region.start)?;
            within(&field, "radius", region.radius, 0.5, MAX_EFFECT_PIXELS)?;
            if let Some(end) = region.end
                && !(end.is_finite() && end > region.start)
            {
                return Err(invalid(
                    field,
                    format!(
                        "invalid end {end} (expected a time after the start, {})",
                        region.start
                    ),
                ));
            }
            validate_keyframes(&field, region)?;
        }
        check_active_blur_regions(&self.blur_regions)
    }

    fn validate_auto_zooms(&self) -> Result<(), Invalid> {
        use crate::zooms::MAX_AUTO_ZOOM_TIME;
        for (place, auto) in self.zooms.auto() {
            let field = format!("zooms[{place}]");
            if self.cursor.is_none() {
                return Err(invalid(
                    field,
                    "Auto zooms are made from the cursor track's clicks: add `cursor: (track: \"…\")` to the scene".to_string(),
                ));
            }
            within(&field, "scale", auto.scale, 1.0, MAX_ZOOM_SCALE)?;
            for (what, value) in [
                ("lead", auto.lead),
                ("hold", auto.hold),
                ("merge_gap", auto.merge_gap),
                ("transition", auto.transition),
            ] {
                if !(value.is_finite() && (0.0..=MAX_AUTO_ZOOM_TIME).contains(&value)) {
                    return Err(invalid(
                        &field,
                        format!(
                            "invalid {what} {value} (expected 0 to {MAX_AUTO_ZOOM_TIME} seconds)"
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    fn validate_zooms(&self) -> Result<(), Invalid> {
        let mut previous: Option<(usize, f64)> = None;
        self.validate_auto_zooms()?;
        for (i, zoom) in self.zooms.iter().enumerate() {
            let field = self.zooms.field(i);
            if zoom.follow && self.cursor.is_none() {
                return Err(invalid(
                    field,
                    "a zoom that follows the cursor needs the scene's `cursor: (track: \"…\")`",
                ));
            }
            within_time(&field, "start", zoom.start)?;
            if !(zoom.end.is_finite() && zoom.end > zoom.start) {
                return Err(invalid(
                    field,
                    format!(
                        "invalid end {} (expected a time after the start, {})",
                        zoom.end, zoom.start
                    ),
                ));
            }
            let longest = (zoom.end - zoom.start) / 2.0;
            let transition = zoom.transition();
            if !(transition.is_finite() && (0.0..=longest).contains(&transition)) {
                return Err(invalid(
                    field,
                    format!(
                        "invalid transition {transition} (expected 0 to {longest:.3}: half the zoom's length)"
                    ),
                ));
            }
            if let Some(scale) = zoom.scale {
                within(&field, "scale", scale, 1.0, MAX_ZOOM_SCALE)?;
            }
            if let Some(rect) = &zoom.rect {
                check_rect(&field, rect)?;
            }
            if let Some((x, y)) = zoom.center {
                within(
                    &field,
                    "center x",
                    x,
                    -MAX_SOURCE_COORDINATE,
                    MAX_SOURCE_COORDINATE,
                )?;
                within(
                    &field,
                    "center y",
                    y,
                    -MAX_SOURCE_COORDINATE,
                    MAX_SOURCE_COORDINATE,
                )?;
            }
            if let Some((j, moved_in)) = previous
                && zoom.start < moved_in
            {
                return Err(invalid(
                    field,
                    format!(
                        "starts at {} while {} is still moving in (until {moved_in}); expected zooms in order, each starting after the previous has moved in",
                        zoom.start,
                        self.zooms.field(j),
                    ),
                ));
            }
            previous = Some((i, zoom.start + transition));
        }
        Ok(())
    }

    /// Checks what depends on the probed source: the crop must lie inside its `size`
    /// picture, and the trim must start before its `duration` (seconds, when known).
    pub fn validate_for_source(
        &self,
        size: (u32, u32),
        duration: Option<f64>,
    ) -> Result<(), Invalid> {
        if let Some(crop) = &self.source.crop
            && (crop.x + crop.width > size.0 as f32 || crop.y + crop.height > size.1 as f32)
        {
            return Err(invalid(
                "source.crop",
                format!(
                    "the crop (x: {}, y: {}, width: {}, height: {}) reaches outside the {}x{} picture",
                    crop.x, crop.y, crop.width, crop.height, size.0, size.1
                ),
            ));
        }
        let start = self.source.trim.start;
        if let Some(duration) = duration
            && self.timeline.is_empty()
            && start >= duration
        {
            return Err(invalid(
                "source.trim",
                format!(
                    "starts at {start} s, at or past the end of the {duration:.3} s source (expected a start before {duration:.3})"
                ),
            ));
        }
        Ok(())
    }
}

/// A moving region's keyframes: in order of time, within its time range, each a valid
/// rectangle.
fn validate_keyframes(field: &str, region: &BlurRegion) -> Result<(), Invalid> {
    if region.keyframes.len() > MAX_BLUR_KEYFRAMES {
        return Err(invalid(
            format!("{field}.keyframes"),
            format!(
                "{} keyframes (expected at most {MAX_BLUR_KEYFRAMES})",
                region.keyframes.len()
            ),
        ));
    }
    let mut last = region.start;
    for (k, keyframe) in region.keyframes.iter().enumerate() {
        let field = format!("{field}.keyframes[{k}]");
        check_rect(&field, &keyframe.rect)?;
        let time = keyframe.time;
        let before_end = region.end.is_none_or(|end| time <= end);
        if !(time.is_finite() && time > last && before_end) {
            let until = region
                .end
                .map_or(String::new(), |end| format!(" and at most its end, {end}"));
            return Err(invalid(
                field,
                format!("invalid time {time} (expected keyframes in order, after {last}{until})"),
            ));
        }
        last = time;
    }
    Ok(())
}

/// At most [`MAX_ACTIVE_BLUR_REGIONS`] regions may be shown at once: the first region
/// that would be one too many is named, with the time it starts at.
fn check_active_blur_regions(regions: &[BlurRegion]) -> Result<(), Invalid> {
    if regions.len() <= MAX_ACTIVE_BLUR_REGIONS {
        return Ok(());
    }
    // A region is active from its start (inclusive) to its end (exclusive): at an equal
    // time, ends come before starts.
    let mut events: Vec<(f64, bool, usize)> = Vec::with_capacity(regions.len() * 2);
    for (i, region) in regions.iter().enumerate() {
        events.push((region.start, true, i));
        if let Some(end) = region.end {
            events.push((end, false, i));
        }
    }
    events.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut active = 0usize;
    for (time, starts, i) in events {
        if !starts {
            active -= 1;
            continue;
        }
        active += 1;
        if active > MAX_ACTIVE_BLUR_REGIONS {
            return Err(invalid(
                format!("blur_regions[{i}]"),
                format!(
                    "{active} blur regions would be shown at once from {time} s (expected at most {MAX_ACTIVE_BLUR_REGIONS} at any time)"
                ),
            ));
        }
    }
    Ok(())
}

impl Scene {
    /// What is valid but has no effect on a source of `size` pixels lasting `duration`
    /// seconds: zooms and annotations that start after the export ends, zooms that centre
    /// outside the picture.
    /// Each is the field and what is wrong with it, to warn about once.
    pub fn warnings_for_source(&self, size: (u32, u32), duration: Option<f64>) -> Vec<Invalid> {
        let end = crate::Timeline::of(self, duration).duration();
        let crop = self.crop_rect(size);
        let mut warnings = Vec::new();
        for (i, zoom) in self.zooms.iter().enumerate() {
            let field = self.zooms.field(i);
            if let Some(end) = end
                && zoom.start >= end
            {
                warnings.push(invalid(
                    &field,
                    format!(
                        "starts at {} s, after the export ends at {end:.3} s: it has no effect",
                        zoom.start
                    ),
                ));
            }
            if let Some((x, y)) = zoom.center {
                let inside = x >= crop.x
                    && y >= crop.y
                    && x <= crop.x + crop.width
                    && y <= crop.y + crop.height;
                if !inside {
                    warnings.push(invalid(
                        &field,
                        format!(
                            "centre ({x}, {y}) is outside the {}x{} picture shown (the view stays inside it)",
                            crop.width, crop.height
                        ),
                    ));
                }
            }
        }
        for (i, note) in self.annotations.iter().enumerate() {
            if let Some(end) = end
                && note.time().start >= end
            {
                warnings.push(invalid(
                    format!("annotations[{i}]"),
                    format!(
                        "starts at {} s, after the export ends at {end:.3} s: it is never shown",
                        note.time().start
                    ),
                ));
            }
        }
        warnings
    }
}

fn validate_stops(field: &str, stops: &[Stop]) -> Result<(), Invalid> {
    if !(2..=MAX_GRADIENT_STOPS).contains(&stops.len()) {
        return Err(invalid(
            field,
            format!("{} stops (expected 2 to {MAX_GRADIENT_STOPS})", stops.len()),
        ));
    }
    let mut last = 0.0;
    for (_, at) in stops {
        if !(at.is_finite() && (last..=1.0).contains(at)) {
            return Err(invalid(
                field,
                format!("invalid stop position {at} (expected positions from 0 to 1, in order)"),
            ));
        }
        last = *at;
    }
    Ok(())
}

fn validate_background(background: &Background) -> Result<(), Invalid> {
    match background {
        Background::Color(_) => Ok(()),
        Background::LinearGradient { angle, stops } => {
            within("background", "angle", *angle, -3600.0, 3600.0)?;
            validate_stops("background", stops)
        }
        Background::RadialGradient {
            center,
            radius,
            stops,
        } => {
            within("background", "center", center.0, -10.0, 10.0)?;
            within("background", "center", center.1, -10.0, 10.0)?;
            within("background", "radius", *radius, 0.001, 10.0)?;
            validate_stops("background", stops)
        }
        Background::Image { blur, .. } => {
            within("background", "blur", *blur, 0.0, MAX_EFFECT_PIXELS)
        }
        Background::Blurred { radius, dim } => {
            within("background", "radius", *radius, 0.0, MAX_EFFECT_PIXELS)?;
            within("background", "dim", *dim, 0.0, 1.0)
        }
        Background::Wallpaper(name) => match wallpaper(name) {
            Some(_) => Ok(()),
            None => Err(invalid(
                "background",
                format!(
                    "unknown wallpaper {name:?} (expected one of {})",
                    NAMES.join(", ")
                ),
            )),
        },
    }
}

fn validate_output(scene: &Scene) -> Result<(), Invalid> {
    let output = &scene.output;
    if let Some((width, height)) = output.size {
        for (name, value) in [("width", width), ("height", height)] {
            if !(MIN_OUTPUT_DIMENSION..=MAX_OUTPUT_DIMENSION).contains(&value) {
                return Err(invalid(
                    "output.size",
                    format!(
                        "invalid {name} {value} (expected {MIN_OUTPUT_DIMENSION} to {MAX_OUTPUT_DIMENSION} pixels)"
                    ),
                ));
            }
            if value % 2 != 0 {
                return Err(invalid(
                    "output.size",
                    format!(
                        "invalid {name} {value} (expected an even number: 4:2:0 video needs even dimensions)"
                    ),
                ));
            }
        }
    }
    if let Some(fps) = output.fps
        && !(fps.is_finite() && (1.0..=MAX_FPS).contains(&fps))
    {
        return Err(invalid(
            "output.fps",
            format!("invalid frame rate {fps} (expected 1 to {MAX_FPS} frames per second)"),
        ));
    }
    if let Some(preset) = &output.preset
        && !X264_PRESETS.contains(&preset.as_str())
    {
        return Err(invalid(
            "output.preset",
            format!(
                "unknown preset {preset:?} (expected one of {})",
                X264_PRESETS.join(", ")
            ),
        ));
    }
    if let Some(crf) = output.crf
        && crf > 51
    {
        return Err(invalid(
            "output.crf",
            format!("invalid rate factor {crf} (expected 0 to 51)"),
        ));
    }
    if let Some(bitrate) = output.bitrate
        && !(100..=500_000).contains(&bitrate)
    {
        return Err(invalid(
            "output.bitrate",
            format!("invalid bit rate {bitrate} (expected 100 to 500000 kbit/s)"),
        ));
    }
    let format = output.video_format();
    if let Some(hardware) = output.hardware
        && hardware.encoder_for(format).is_none()
    {
        return Err(invalid(
            "output.hardware",
            format!(
                "{} encodes H264 and Hevc, not {} (remove `hardware` or change the format)",
                hardware.name(),
                format.name()
            ),
        ));
    }
    if output.chroma == crate::Chroma::Full {
        if !format.takes_full_chroma() {
            return Err(invalid(
                "output.chroma",
                format!(
                    "Full is for H264 and Hevc (4:4:4), not {} (remove `chroma` or change the format)",
                    format.name()
                ),
            ));
        }
        if output.hardware.is_some() {
            return Err(invalid(
                "output.chroma",
                "hardware encoders take 4:2:0 only (remove `chroma` or `hardware`)",
            ));
        }
    }
    let extension = crate::format::extension(&output.path);
    let extensions = format.extensions();
    let fits = match extension.as_deref() {
        Some(ext) => extensions.contains(&ext),
        None => extensions.is_empty(),
    };
    if !fits {
        let expected = if extensions.is_empty() {
            "a folder name without extension".to_owned()
        } else {
            format!("a name ending in .{}", extensions.join(", ."))
        };
        return Err(invalid(
            "output.path",
            format!(
                "unsupported output file {} for {} (expected {expected})",
                display_name(&output.path),
                format.name()
            ),
        ));
    }
    if format == VideoFormat::Gif {
        if let Some(fps) = output.fps
            && fps > MAX_GIF_FPS
        {
            return Err(invalid(
                "output.fps",
                format!("invalid frame rate {fps} for a GIF (expected at most {MAX_GIF_FPS})"),
            ));
        }
        if let Some((width, _)) = output.size
            && width > MAX_GIF_WIDTH
        {
            return Err(invalid(
                "output.size",
                format!("invalid width {width} for a GIF (expected at most {MAX_GIF_WIDTH})"),
            ));
        }
    }
    Ok(())
}

fn display_name(path: &Path) -> String {
    format!("{:?}", path.file_name().unwrap_or(path.as_os_str()))
}

#[cfg(test)]
mod tests {
    use crate::Scene;

    fn scene_error(fields: &str) -> String {
        // Fields that start with `source:` or `output:` replace the default.
        let text = if let Some(source) = fields.strip_prefix(", source: ") {
            format!("(source: {source}, output: (path: \"o.mp4\"))")
        } else if let Some(output) = fields.strip_prefix(", output: ") {
            format!("(source: (path: \"in.mp4\"), output: {output})")
        } else {
            format!("(source: (path: \"in.mp4\"), output: (path: \"o.mp4\"){fields})")
        };
        match Scene::from_ron(&text, "s.ron".as_ref()) {
            Ok(_) => "valid".into(),
            Err(error) => error.to_string(),
        }
    }

    fn output_error(output: &str) -> String {
        let text = format!("(source: (path: \"in.mp4\"), output: {output})");
        Scene::from_ron(&text, "s.ron".as_ref())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn accepts_sizes_and_rates_within_limits() {
        let text =
            "(source: (path: \"in.mp4\"), output: (path: \"o.mp4\", size: (7680, 4320), fps: 240))";
        let scene = Scene::from_ron(text, "s.ron".as_ref()).unwrap();
        assert_eq!(scene.output.size, Some((7680, 4320)));
    }

    #[test]
    fn rejects_out_of_range_output_values_with_their_position() {
        assert_eq!(
            output_error("(path: \"o.mp4\", size: (0, 1080))"),
            "s.ron:1:58: output.size: invalid width 0 (expected 16 to 8192 pixels)"
        );
        assert!(output_error("(path: \"o.mp4\", size: (1921, 1080))").contains("even number"));
        assert!(output_error("(path: \"o.mp4\", size: (1920, 99999))").contains("height 99999"));
        assert!(
            output_error("(path: \"o.mp4\", fps: 0)").contains("output.fps: invalid frame rate 0")
        );
        assert!(output_error("(path: \"o.mp4\", fps: 1000)").contains("expected 1 to 240"));
        assert!(output_error("(path: \"o.mp4\", fps: -5)").contains("invalid frame rate -5"));
        assert!(output_error("(path: \"o.avi\")").contains("unsupported output file \"o.avi\""));
        assert!(output_error("(path: \"in.mp4\")").contains("overwrite the source"));
    }

    #[test]
    fn rejects_out_of_range_effects() {
        let cases = [
            (
                ", inset: (padding: 0.6)",
                "inset: invalid padding 0.6 (expected 0 to 0.45)",
            ),
            (", inset: (corner_radius: -3)", "invalid corner radius -3"),
            (", shadow: (opacity: 1.5)", "shadow: invalid opacity 1.5"),
            (
                ", background: Wallpaper(\"nope\")",
                "unknown wallpaper \"nope\" (expected one of aurora",
            ),
            (
                ", background: LinearGradient(stops: [(\"#000000\", 0)])",
                "1 stops (expected 2 to 8)",
            ),
            (
                ", background: LinearGradient(stops: [(\"#000000\", 0.5), (\"#ffffff\", 0.2)])",
                "invalid stop position 0.2",
            ),
            (", background: Blurred(dim: 2)", "invalid dim 2"),
            (
                ", source: (path: \"in.mp4\", trim: (start: 5, end: 2))",
                "source.trim: invalid end 2",
            ),
            (
                ", source: (path: \"in.mp4\", trim: (start: -1))",
                "invalid start -1",
            ),
            (
                ", source: (path: \"in.mp4\", crop: (x: 0, y: 0, width: 0, height: 10))",
                "source.crop: invalid rectangle (x: 0, y: 0, width: 0, height: 10) (expected a width",
            ),
            (", zooms: [(start: 2, end: 1)]", "zooms[0]: invalid end 1"),
            (
                ", zooms: [(start: 0, end: 1, transition: 0.8)]",
                "invalid transition 0.8",
            ),
            (
                ", zooms: [(start: 0, end: 4, scale: 50)]",
                "invalid scale 50",
            ),
            (
                ", zooms: [(start: 2, end: 4), (start: 1, end: 3)]",
                "zooms[1]: starts at 1 while zooms[0] is still moving in",
            ),
            (
                ", blur_regions: [(rect: (x: 0, y: 0, width: 10, height: 10), radius: 0)]",
                "blur_regions[0]: invalid radius 0",
            ),
            (", motion_blur: (samples: 40)", "invalid samples 40"),
            (
                ", output: (path: \"o.mp4\", crf: 60)",
                "output.crf: invalid rate factor 60",
            ),
            (
                ", output: (path: \"o.mp4\", preset: \"turbo\")",
                "unknown preset \"turbo\"",
            ),
            (
                ", output: (path: \"o.webm\", hardware: Nvenc)",
                "output.hardware: nvenc encodes H264 and Hevc, not Vp9",
            ),
            (
                ", output: (path: \"o.webm\", chroma: Full)",
                "output.chroma: Full is for H264 and Hevc (4:4:4), not Vp9",
            ),
            (
                ", output: (path: \"o.mp4\", chroma: Full, hardware: Vaapi)",
                "output.chroma: hardware encoders take 4:2:0 only",
            ),
        ];
        for (fields, expected) in cases {
            let error = scene_error(fields);
            assert!(error.contains(expected), "{fields}: {error}");
        }
    }

    /// `count` blur regions, region `i` shown from `i * step` seconds for `length`.
    fn regions(count: usize, step: f64, length: f64) -> String {
        let list: Vec<String> = (0..count)
            .map(|i| {
                let start = i as f64 * step;
                format!(
                    "(rect: (x: {}, y: 0, width: 8, height: 8), start: {start}, end: {})",
                    i * 10,
                    start + length
                )
            })
            .collect();
        format!(", blur_regions: [{}]", list.join(", "))
    }

    #[test]
    fn limits_the_blur_regions_shown_at_once_never_dropping_one() {
        use crate::limits::MAX_ACTIVE_BLUR_REGIONS;
        let most = MAX_ACTIVE_BLUR_REGIONS;
        assert_eq!(scene_error(&regions(most, 0.0, 5.0)), "valid");
        // Many over the export, few at once: fine. Ending exactly as the next starts too.
        assert_eq!(scene_error(&regions(3 * most, 1.0, 1.0)), "valid");
        let error = scene_error(&regions(most + 1, 0.1, 10.0));
        assert!(
            error.contains(&format!(
                "blur_regions[{most}]: {} blur regions would be shown at once from 3.2 s (expected at most {most} at any time)",
                most + 1
            )),
            "{error}"
        );
    }

    #[test]
    fn moving_blur_regions_need_keyframes_in_order() {
        let region = |keyframes: &str| {
            format!(
                ", blur_regions: [(rect: (x: 0, y: 0, width: 10, height: 10), start: 1, end: 4, keyframes: [{keyframes}])]"
            )
        };
        let frame =
            |time: f64| format!("(time: {time}, rect: (x: 50, y: 0, width: 10, height: 10))");
        assert_eq!(
            scene_error(&region(&[frame(2.0), frame(4.0)].join(", "))),
            "valid"
        );
        let error = scene_error(&region(&[frame(3.0), frame(2.0)].join(", ")));
        assert!(
            error.contains("blur_regions[0].keyframes[1]: invalid time 2 (expected keyframes in order, after 3 and at most its end, 4)"),
            "{error}"
        );
        assert!(scene_error(&region(&frame(0.5))).contains("keyframes[0]: invalid time 0.5"));
        assert!(scene_error(&region(&frame(5.0))).contains("at most its end, 4"));
        let bad_rect = "(time: 2, rect: (x: 0, y: 0, width: 0, height: 10))";
        assert!(scene_error(&region(bad_rect)).contains("keyframes[0]: invalid rectangle"));
    }

    #[test]
    fn errors_in_list_elements_point_at_the_element() {
        let text = "(\n  source: (path: \"in.mp4\"),\n  output: (path: \"o.mp4\"),\n  zooms: [(start: 1, end: 3), (start: 5, end: 4)],\n)";
        let error = Scene::from_ron(text, "s.ron".as_ref())
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("s.ron:4:31: zooms[1]: invalid end 4"),
            "{error}"
        );
        let unquoted =
            "(source: (path: \"in.mp4\"), output: (path: \"o.mp4\"), background: Color(#123456))";
        let error = Scene::from_ron(unquoted, "s.ron".as_ref())
            .unwrap_err()
            .to_string();
        assert!(
            error.ends_with("Expected string (colours are strings: write \"#123456\" in quotes)"),
            "{error}"
        );
    }

    #[test]
    fn accepts_every_effect_within_limits() {
        let fields = r##", background: LinearGradient(angle: 135, stops: [("#000000", 0), ("#ffffff", 1)]),
            inset: (padding: 0.08, corner_radius: 16, border: (width: 2, color: "#ffffff40")),
            shadow: (offset: (0, 12), blur: 40, spread: 2, color: "#000000", opacity: 0.5),
            zooms: [(start: 1, end: 3, scale: 2, center: (300, 200)), (start: 3, end: 5, rect: (x: 0, y: 0, width: 640, height: 360), ease: Smooth)],
            blur_regions: [(rect: (x: 10, y: 10, width: 200, height: 30), start: 1, end: 2, radius: 12)],
            motion_blur: (shutter: 0.5, samples: 8)"##;
        assert_eq!(scene_error(fields), "valid");
    }
}
