//! Joins the segments of a segmented export into the final file without re-encoding:
//! their video packets are copied one segment after another with their timestamps moved
//! on, and the source's sound is added once, over the whole length, so there is no gap or
//! click at the seams.

use crate::audio::{AudioRequest, AudioTrack, add_copied_stream};
use crate::error::EncodeError;
use crate::format::FormatProfile;
use crate::writer::{TempFile, temp_path_for};
use ffmpeg_next::{Packet, Rational, Rescale, codec, format, media};
use std::path::{Path, PathBuf};

/// A segment to join: its file and, when known, how many frames it must hold.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentFile {
    /// The segment's file.
    pub path: PathBuf,
    /// The frames it must hold; `None` for the last segment, which runs to the source's
    /// end.
    pub frames: Option<u64>,
}

/// Why segments could not be joined. Each names the segment at fault.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JoinError {
    /// A segment's file does not exist (its job has not run, or failed).
    #[error("{}: segment missing (its job has not finished, or failed)", path.display())]
    Missing {
        /// The segment's file.
        path: PathBuf,
    },
    /// A segment's file cannot be read as video.
    #[error("{}: segment damaged ({source})", path.display())]
    Damaged {
        /// The segment's file.
        path: PathBuf,
        /// FFmpeg's reason.
        source: ffmpeg_next::Error,
    },
    /// A segment holds fewer or more frames than its share of the export.
    #[error("{}: segment incomplete: {found} frames where {expected} were due", path.display())]
    Incomplete {
        /// The segment's file.
        path: PathBuf,
        /// Frames found.
        found: u64,
        /// Frames due.
        expected: u64,
    },
    /// A segment was encoded differently from the first one.
    #[error("{}: segment does not match the others ({what})", path.display())]
    Mismatch {
        /// The segment's file.
        path: PathBuf,
        /// What differs.
        what: String,
    },
    /// The output could not be written.
    #[error("{}: {source}", path.display())]
    Write {
        /// The output file.
        path: PathBuf,
        /// Why.
        source: EncodeError,
    },
}

/// What a join wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct JoinSummary {
    /// Video frames in the joined file.
    pub frames: u64,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its duration in seconds.
    pub seconds: f64,
}

/// What the first pass learnt of a segment.
struct Checked {
    frames: u64,
    /// The end of its last frame, in its stream's ticks.
    end: i64,
}

/// Checks every segment, then writes `output` from them in `profile`'s container, with
/// `audio`'s sound encoded or copied as the profile's sound says. Nothing is written unless every segment is present, complete
/// and alike.
pub fn join_segments(
    output: &Path,
    segments: &[SegmentFile],
    audio: Option<&AudioRequest>,
    profile: &FormatProfile,
) -> Result<JoinSummary, JoinError> {
    ffmpeg_next::init().map_err(|source| write_error(output, EncodeError::Create(source)))?;
    let mut checked = Vec::with_capacity(segments.len());
    let mut first: Option<(codec::Parameters, Rational)> = None;
    for segment in segments {
        checked.push(check_segment(segment, &mut first)?);
    }
    let Some((parameters, time_base)) = first else {
        return Err(JoinError::Missing {
            path: output.to_owned(),
        });
    };
    write_joined(
        output, segments, &checked, parameters, time_base, audio, profile,
    )
    .map_err(|source| write_error(output, source))
}

fn write_error(path: &Path, source: EncodeError) -> JoinError {
    JoinError::Write {
        path: path.to_owned(),
        source,
    }
}

/// Opens a segment, counts its frames and compares its stream with the first segment's.
fn check_segment(
    segment: &SegmentFile,
    first: &mut Option<(codec::Parameters, Rational)>,
) -> Result<Checked, JoinError> {
    let path = &segment.path;
    if !path.is_file() {
        return Err(JoinError::Missing { path: path.clone() });
    }
    let damaged = |source| JoinError::Damaged {
        path: path.clone(),
        source,
    };
    let mut input = format::input(path).map_err(damaged)?;
    let stream = input
        .streams()
        .best(media::Type::Video)
        .ok_or_else(|| damaged(ffmpeg_next::Error::StreamNotFound))?;
    let (index, time_base, parameters) = (stream.index(), stream.time_base(), stream.parameters());
    match first {
        None => *first = Some((parameters.clone(), time_base)),
        Some((expected, expected_base)) => {
            let differs = |what: &str| JoinError::Mismatch {
                path: path.clone(),
                what: what.into(),
            };
            if parameters.id() != expected.id() {
                return Err(differs("codec"));
            }
            if *expected_base != time_base {
                return Err(differs("time base"));
            }
            // SAFETY: both parameter sets are valid for as long as their owners live.
            let (a, b) = unsafe { (&*parameters.as_ptr(), &*expected.as_ptr()) };
            if (a.width, a.height) != (b.width, b.height) {
                return Err(differs("picture size"));
            }
            // SAFETY: `extradata` points at `extradata_size` bytes when it is not null.
            let extra = |p: &ffmpeg_next::ffi::AVCodecParameters| unsafe {
                if p.extradata.is_null() {
                    &[][..]
                } else {
                    std::slice::from_raw_parts(p.extradata, p.extradata_size as usize)
                }
            };
            if extra(a) != extra(b) {
                return Err(differs("encoder settings"));
            }
        }
    }
    let (mut frames, mut end) = (0u64, 0i64);
    loop {
        let mut packet = Packet::empty();
        match packet.read(&mut input) {
            Ok(()) => {}
            Err(ffmpeg_next::Error::Eof) => break,
            Err(source) => return Err(damaged(source)),
        }
        if packet.stream() == index {
            frames += 1;
            let pts = packet.pts().or(packet.dts()).unwrap_or(0);
            end = end.max(pts + packet.duration().max(1));
        }
    }
    let too_few = segment.frames.is_some_and(|expected| frames != expected) || frames == 0;
    if too_few {
        return Err(JoinError::Incomplete {
            path: path.clone(),
            found: frames,
            expected: segment.frames.unwrap_or(1),
        });
    }
    Ok(Checked { frames, end })
}

/// Writes the joined file under a temporary name and moves it into place.
fn write_joined(
    output_path: &Path,
    segments: &[SegmentFile],
    checked: &[Checked],
    parameters: codec::Parameters,
    time_base: Rational,
    audio: Option<&AudioRequest>,
    profile: &FormatProfile,
) -> Result<JoinSummary, EncodeError> {
    let mut temp = TempFile {
        path: temp_path_for(output_path),
        kept: false,
    };
    let mut output = format::output_as(&temp.path, profile.muxer).map_err(EncodeError::Create)?;
    add_copied_stream(&mut output, parameters, time_base)?;
    let mut track = match (audio, profile.sound) {
        (Some(request), Some(sound)) => AudioTrack::add_to(&mut output, request, sound)?,
        _ => None,
    };
    output
        .write_header_with(profile.muxer_options())
        .map_err(EncodeError::Write)?;
    let output_base = output.stream(0).map_or(time_base, |s| s.time_base());
    let seconds = |ticks: i64| ticks as f64 * f64::from(time_base);
    let mut offset = 0i64;
    for (segment, facts) in segments.iter().zip(checked) {
        let mut input = format::input(&segment.path).map_err(EncodeError::Create)?;
        let index = input
            .streams()
            .best(media::Type::Video)
            .map(|s| s.index())
            .ok_or(EncodeError::Create(ffmpeg_next::Error::StreamNotFound))?;
        loop {
            let mut packet = Packet::empty();
            match packet.read(&mut input) {
                Ok(()) => {}
                Err(ffmpeg_next::Error::Eof) => break,
                Err(error) => return Err(EncodeError::Write(error)),
            }
            if packet.stream() != index {
                continue;
            }
            let pts = packet.pts().map(|t| t + offset);
            let dts = packet.dts().map(|t| t + offset);
            let until = pts.unwrap_or(offset) + packet.duration().max(1);
            packet.set_pts(pts.map(|t| t.rescale(time_base, output_base)));
            packet.set_dts(dts.map(|t| t.rescale(time_base, output_base)));
            packet.set_duration(packet.duration().rescale(time_base, output_base));
            packet.set_position(-1);
            packet.set_stream(0);
            packet
                .write_interleaved(&mut output)
                .map_err(EncodeError::Write)?;
            if let Some(track) = &mut track {
                track.write_until(&mut output, seconds(until))?;
            }
        }
        offset += facts.end;
    }
    if let Some(track) = &mut track {
        track.finish(&mut output, seconds(offset))?;
    }
    output.write_trailer().map_err(EncodeError::Write)?;
    drop(output);
    std::fs::rename(&temp.path, output_path).map_err(EncodeError::Finalize)?;
    temp.kept = true;
    Ok(JoinSummary {
        frames: checked.iter().map(|c| c.frames).sum(),
        bytes: std::fs::metadata(output_path).map_or(0, |m| m.len()),
        seconds: seconds(offset),
    })
}
