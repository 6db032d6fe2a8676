//! Opening a source: its container, its video stream and a decoder for it.

use crate::error::DecodeError;
use crate::mp4_index::ends_before_index;
use ffmpeg_next::{codec, decoder, format, media};
use reel_pipeline::{ExportError, SourceInfo};
use reel_plan::{Orientation, SourceId};
use reel_scene::FrameRate;
use reel_scene::{Scene, SceneErrorKind, Timeline, check_clip_against_source};
use std::path::Path;

/// An opened source, ready to decode on a thread of its own.
pub struct SourceReader {
    pub(crate) input: format::context::Input,
    pub(crate) stream_index: usize,
    pub(crate) decoder: decoder::Video,
    pub(crate) time_base: ffmpeg_next::Rational,
    /// The video stream's first timestamp, in its ticks, when the container states it.
    pub(crate) start_time: Option<i64>,
    info: SourceInfo,
}

impl SourceReader {
    /// Facts about the source.
    pub fn info(&self) -> &SourceInfo {
        &self.info
    }

    /// Moves to the key frame at or before source second `seconds` (counted from the
    /// video stream's start), so that decoding a clip deep in a recording does not
    /// decode everything before it. Returns the stream's start in ticks, from which the
    /// pictures that follow are timed; `None` (and nothing moved) when the stream's
    /// start is unknown or the container cannot seek.
    pub(crate) fn seek_to(&mut self, seconds: f64) -> Option<i64> {
        let start = self.start_time?;
        let stream_start = start as f64 * f64::from(self.time_base);
        let target = ((stream_start + seconds) * f64::from(ffmpeg_next::ffi::AV_TIME_BASE)) as i64;
        self.input.seek(target, i64::MIN..target).ok()?;
        Some(start)
    }

    /// The reader of the recording named `id` in the export (the screen's unless set),
    /// whose pictures carry that id.
    pub fn identified_as(mut self, id: SourceId) -> Self {
        self.info.id = id;
        self
    }
}

/// How the stream's pictures are shown upright: its display matrix, if it has one.
fn display_orientation(stream: &ffmpeg_next::format::stream::Stream) -> Orientation {
    stream
        .side_data()
        .find(|data| data.kind() == ffmpeg_next::packet::side_data::Type::DisplayMatrix)
        .and_then(|data| {
            let bytes: [u8; 36] = data.data().get(..36)?.try_into().ok()?;
            let mut matrix = [0i32; 9];
            for (value, chunk) in matrix.iter_mut().zip(bytes.chunks_exact(4)) {
                *value = i32::from_ne_bytes(chunk.try_into().ok()?);
            }
            Some(Orientation::from_display_matrix(&matrix))
        })
        .unwrap_or_default()
}

/// The seconds from the video stream's first picture to its end, as the export counts
/// them: the stream's own duration where the container states one (MP4, MOV);
/// otherwise (Matroska, WebM) from the stream's start to the end its `DURATION` tag
/// gives or, failing that, the whole file's end. The file's duration alone counts from
/// the file's start, so a sound track's priming that delays the first picture (AAC's
/// 23 ms), or sound running on past the pictures, would count as frames never exported.
fn video_duration(input: &format::context::Input, stream: &ffmpeg_next::Stream) -> Option<f64> {
    let time_base = f64::from(stream.time_base());
    if stream.duration() > 0 {
        return Some(stream.duration() as f64 * time_base);
    }
    let seconds = |ticks: i64| ticks as f64 / f64::from(ffmpeg_next::ffi::AV_TIME_BASE);
    // SAFETY: the pointer comes from the open input; only a field is read.
    let file_start = unsafe { (*input.as_ptr()).start_time };
    let file_start = (file_start != ffmpeg_next::ffi::AV_NOPTS_VALUE).then(|| seconds(file_start));
    let tagged_end = stream.metadata().get("DURATION").and_then(parse_clock_time);
    let file_end =
        (input.duration() > 0).then(|| file_start.unwrap_or(0.0) + seconds(input.duration()));
    let end = tagged_end.or(file_end)?;
    let start = Some(stream.start_time())
        .filter(|&t| t != ffmpeg_next::ffi::AV_NOPTS_VALUE)
        .map(|t| t as f64 * time_base)
        .or(file_start)
        .unwrap_or(0.0);
    Some(end - start).filter(|&d| d > 0.0)
}

/// Seconds from a Matroska clock time, `HH:MM:SS.fraction`.
fn parse_clock_time(text: &str) -> Option<f64> {
    let mut parts = text.trim().splitn(3, ':');
    let hours: f64 = parts.next()?.parse().ok()?;
    let minutes: f64 = parts.next()?.parse().ok()?;
    let seconds: f64 = parts.next()?.parse().ok()?;
    let total = hours * 3600.0 + minutes * 60.0 + seconds;
    total.is_finite().then_some(total)
}

/// Opens `path`, picks its best video stream and opens a decoder for it.
pub fn probe_source(path: &Path) -> Result<SourceReader, DecodeError> {
    ffmpeg_next::init().map_err(DecodeError::Open)?;
    let input = format::input(path).map_err(|error| {
        if std::fs::metadata(path).is_ok_and(|m| m.len() == 0) {
            DecodeError::EmptyFile
        } else if ends_before_index(path) {
            DecodeError::MissingIndex
        } else {
            DecodeError::Open(error)
        }
    })?;
    let stream = input
        .streams()
        .best(media::Type::Video)
        .ok_or(DecodeError::NoVideoStream)?;
    let stream_index = stream.index();
    let time_base = stream.time_base();
    let start_time = Some(stream.start_time()).filter(|&t| t != ffmpeg_next::ffi::AV_NOPTS_VALUE);
    let parameters = stream.parameters();
    let codec_id = parameters.id();
    let codec_name = format!("{codec_id:?}").to_lowercase();
    if decoder::find(codec_id).is_none() {
        return Err(DecodeError::UnsupportedCodec(codec_name));
    }
    let mut context = codec::context::Context::from_parameters(parameters).map_err(|source| {
        DecodeError::OpenDecoder {
            codec: codec_name.clone(),
            source,
        }
    })?;
    context.set_threading(codec::threading::Config {
        kind: codec::threading::Type::Frame,
        count: 0,
        ..Default::default()
    });
    let decoder = context
        .decoder()
        .video()
        .map_err(|source| DecodeError::OpenDecoder {
            codec: codec_name.clone(),
            source,
        })?;
    let (width, height) = (decoder.width(), decoder.height());
    if width == 0 || height == 0 || width > 16384 || height > 16384 {
        return Err(DecodeError::InvalidSize { width, height });
    }
    // FFmpeg's own guess, as its command line makes it: the stream's base rate unless it
    // is implausible. The average rate is biased when the last frame's duration is missing.
    // SAFETY: both pointers come from the open input and one of its streams; FFmpeg only
    // reads them, and a null frame is allowed.
    let rate: ffmpeg_next::Rational = unsafe {
        ffmpeg_next::ffi::av_guess_frame_rate(
            input.as_ptr() as *mut _,
            stream.as_ptr() as *mut _,
            std::ptr::null_mut(),
        )
    }
    .into();
    let frame_rate = (rate.numerator() > 0 && rate.denominator() > 0)
        .then(|| FrameRate::from_decimal(f64::from(rate)))
        .filter(|r| r.as_f64() <= 1000.0);
    let duration = video_duration(&input, &stream);
    let orientation = display_orientation(&stream);
    let info = SourceInfo {
        id: SourceId::SCREEN,
        path: path.to_owned(),
        codec: codec_name,
        size: orientation.upright_size((width, height)),
        orientation,
        frame_rate,
        duration,
    };
    Ok(SourceReader {
        input,
        stream_index,
        decoder,
        time_base,
        start_time,
        info,
    })
}

/// Opens `scene`'s screen recording and checks the scene against it (the crop inside
/// the picture, the trim starting before the end), and probes every other recording its
/// timeline shows and checks each clip against its recording (starting before its end,
/// ending at most at it), in the one place every way of exporting (an export,
/// `--frame`, `--check`, `--plan`, `--segment`, `join`) goes through. A mismatch is a
/// scene error, with the field's line and column; what is valid but has no effect (a
/// zoom after the end) is warned about once.
///
/// Returns the screen's reader and the facts of each clip's recording, in timeline
/// order.
pub fn open_source(scene: &Scene) -> Result<(SourceReader, Vec<SourceInfo>), ExportError> {
    let path = &scene.source.path;
    let reader = probe_source(path).map_err(|error| ExportError::Decode {
        path: path.clone(),
        source: Box::new(error),
    })?;
    let info = reader.info();
    let scene_error = |(field, message)| {
        ExportError::Scene(scene.error(SceneErrorKind::Invalid { field, message }))
    };
    scene
        .validate_for_source(info.size, info.duration)
        .map_err(scene_error)?;
    let timeline = Timeline::of(scene, None);
    let mut probed: Vec<SourceInfo> = vec![info.clone()];
    let mut clips = Vec::with_capacity(timeline.clips.len());
    for clip in &timeline.clips {
        let known = probed.iter().find(|info| info.path == clip.source).cloned();
        let info = match known {
            Some(info) => info,
            None => {
                let info = probe_source(&clip.source)
                    .map_err(|error| ExportError::Decode {
                        path: clip.source.clone(),
                        source: Box::new(error),
                    })?
                    .info()
                    .clone();
                probed.push(info.clone());
                info
            }
        };
        check_clip_against_source(clip, info.duration).map_err(scene_error)?;
        clips.push(info);
    }
    for (field, message) in scene.warnings_for_source(info.size, info.duration) {
        tracing::warn!(
            "{}",
            scene.error(SceneErrorKind::Invalid { field, message })
        );
    }
    Ok((reader, clips))
}

/// Opens `scene`'s camera recording, when it has one, and checks its crop against its
/// picture. A camera that cannot be opened is an error naming its file.
pub fn open_camera(scene: &Scene) -> Result<Option<SourceReader>, ExportError> {
    let Some(camera) = &scene.camera else {
        return Ok(None);
    };
    let reader = probe_source(&camera.path)
        .map_err(|error| ExportError::Decode {
            path: camera.path.clone(),
            source: Box::new(error),
        })?
        .identified_as(SourceId::CAMERA);
    let (width, height) = reader.info().size;
    if let Some(crop) = camera.crop
        && (crop.x + crop.width > width as f32 + 1e-3
            || crop.y + crop.height > height as f32 + 1e-3)
    {
        let message = format!(
            "the crop ({}, {}, {}x{}) reaches past the camera's {width}x{height} picture",
            crop.x, crop.y, crop.width, crop.height
        );
        return Err(ExportError::Scene(scene.error(SceneErrorKind::Invalid {
            field: "camera.crop".into(),
            message,
        })));
    }
    Ok(Some(reader))
}

#[cfg(test)]
mod tests {
    use super::parse_clock_time;

    #[test]
    fn matroska_clock_times_are_read_as_seconds() {
        assert_eq!(parse_clock_time("00:00:00.103000000"), Some(0.103));
        assert_eq!(parse_clock_time("01:02:03.5"), Some(3723.5));
        assert_eq!(parse_clock_time("0.5"), None);
        assert_eq!(parse_clock_time("aa:00:01"), None);
    }
}
