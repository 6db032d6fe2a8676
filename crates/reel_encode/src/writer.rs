//! Writes frames to the output (H.264 MP4 by default; see [`FormatProfile`] for the
//! others), under a temporary name until it is complete.

use crate::audio::{AudioRequest, AudioTrack};
use crate::convert::Converter;
use crate::error::EncodeError;
use crate::format::FormatProfile;
use crate::gif::GifFrames;
use crate::hardware::{HardwareDevice, choose_encoder};
use crate::settings::EncoderSettings;
use ffmpeg_next::util::color;
use ffmpeg_next::{Packet, Rational, codec, encoder, format, frame};
use reel_pipeline::frame_pixel_format;
use reel_scene::FrameRate;
use std::path::{Path, PathBuf};

/// A video being written. The file (or, for a picture series, the folder) appears at its
/// final path only when [`VideoWriter::finish`] succeeds; dropped earlier, it leaves
/// nothing behind.
///
/// Field order matters: the muxer (`output`) closes its file before `temp` removes it.
pub struct VideoWriter {
    audio: Option<AudioTrack>,
    converter: Option<Converter>,
    gif: Option<GifRun>,
    output: format::context::Output,
    encoder: encoder::Video,
    stream_index: usize,
    encoder_time_base: Rational,
    size: (u32, u32),
    /// The pixel format frames arrive in: what the renderer writes for the format.
    input: format::Pixel,
    temp: TempFile,
    final_path: PathBuf,
    frames: u64,
    frame_seconds: f64,
}

/// A GIF's frames and what starting a new run of them on a new palette takes.
struct GifRun {
    frames: GifFrames,
    /// The encoder's profile, settings and rate, to open it again.
    reopen: (FormatProfile, EncoderSettings, FrameRate),
    /// Whether the next packet is a new run's first, whose file header (the muxer has
    /// written one already) is dropped.
    drop_header: bool,
}

/// A file (or folder) that is removed when dropped, unless it was moved into place.
pub(crate) struct TempFile {
    pub(crate) path: PathBuf,
    pub(crate) kept: bool,
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.kept {
            if self.path.is_dir() {
                let _ = std::fs::remove_dir_all(&self.path);
            } else {
                let _ = std::fs::remove_file(&self.path);
            }
        }
    }
}

/// The name of the first picture of a picture series; the others count on from it.
pub const PICTURE_PATTERN: &str = "frame-%06d.png";

/// The temporary name a file is written under: hidden, in the same folder (so the final
/// rename is atomic), and recognisable.
pub fn temp_path_for(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    path.with_file_name(format!(".{name}.reel-partial"))
}

impl VideoWriter {
    /// Creates the temporary file and opens libx264 for `size` pixels at `rate`, with
    /// the sound `audio` asks for beside it (when its source has any).
    pub fn create(
        path: &Path,
        size: (u32, u32),
        rate: FrameRate,
        settings: &EncoderSettings,
        audio: Option<&AudioRequest>,
    ) -> Result<Self, EncodeError> {
        ffmpeg_next::init().map_err(EncodeError::Create)?;
        let temp = TempFile {
            path: temp_path_for(path),
            kept: false,
        };
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let choice = choose_encoder(
            FormatProfile::new(settings, extension.as_deref()),
            settings,
            size,
            rate,
        );
        let profile = choice.profile;
        check_final_path(path, profile.is_folder)?;
        let target = if profile.is_folder {
            std::fs::create_dir(&temp.path).map_err(EncodeError::Finalize)?;
            temp.path.join(PICTURE_PATTERN)
        } else {
            temp.path.clone()
        };
        // From here on, an error drops `temp`, which removes the temporary file.
        let mut output = format::output_as(&target, profile.muxer).map_err(EncodeError::Create)?;
        let codec = encoder::find_by_name(profile.encoder)
            .ok_or_else(|| EncodeError::NoEncoder(profile.encoder.into()))?;
        let global_header = output
            .format()
            .flags()
            .contains(format::Flags::GLOBAL_HEADER);
        let stream_index = output
            .add_stream(codec)
            .map_err(EncodeError::Create)?
            .index();
        let encoder_time_base = Rational(rate.seconds as i32, rate.frames as i32);
        let (encoder, converter) = open_video_encoder(
            &profile,
            size,
            rate,
            settings,
            global_header,
            choice.device.as_ref(),
        )?;
        let gif = (profile.format == reel_scene::VideoFormat::Gif)
            .then(|| {
                Ok::<_, EncodeError>(GifRun {
                    frames: GifFrames::new(size, encoder_time_base).map_err(|source| {
                        EncodeError::OpenEncoder {
                            encoder: "palettegen".into(),
                            source,
                        }
                    })?,
                    reopen: (profile.clone(), settings.clone(), rate),
                    drop_header: false,
                })
            })
            .transpose()?;
        let audio = match (audio, profile.sound) {
            (Some(request), Some(sound)) => AudioTrack::add_to(&mut output, request, sound)?,
            _ => None,
        };
        let mut writer = Self {
            audio,
            converter,
            gif,
            output,
            encoder,
            stream_index,
            encoder_time_base,
            size,
            input: frame_pixel_format(profile.input),
            temp,
            final_path: path.to_owned(),
            frames: 0,
            frame_seconds: rate.as_f64().recip(),
        };
        let mut stream = writer
            .output
            .stream_mut(stream_index)
            .expect("the stream was just added");
        stream.set_parameters(&writer.encoder);
        stream.set_time_base(encoder_time_base);
        if profile.format == reel_scene::VideoFormat::Hevc && profile.muxer != "matroska" {
            // Players on Apple systems want HEVC in MP4 and MOV tagged `hvc1`.
            // SAFETY: the stream's parameters are owned by the output context and valid.
            unsafe {
                (*stream.parameters().as_mut_ptr()).codec_tag = u32::from_le_bytes(*b"hvc1");
            }
        }
        writer
            .output
            .write_header_with(profile.muxer_options())
            .map_err(EncodeError::Write)?;
        Ok(writer)
    }

    /// Frames written so far.
    pub fn frames(&self) -> u64 {
        self.frames
    }

    /// Encodes the next frame. It must be at the output size, in the pixels the
    /// renderer writes for the format ([`FormatProfile::input`]).
    pub fn write(&mut self, picture: &mut frame::Video) -> Result<(), EncodeError> {
        let index = self.frames;
        if picture.format() != self.input || (picture.width(), picture.height()) != self.size {
            let name = |pixel: format::Pixel| format!("{pixel:?}").to_lowercase();
            return Err(EncodeError::WrongFrame {
                index,
                width: picture.width(),
                height: picture.height(),
                format: name(picture.format()),
                expected_width: self.size.0,
                expected_height: self.size.1,
                expected_format: name(self.input),
            });
        }
        picture.set_pts(Some(index as i64));
        picture.set_kind(ffmpeg_next::picture::Type::None);
        if self.input != format::Pixel::RGBA {
            picture.set_color_space(color::Space::BT709);
            picture.set_color_range(color::Range::MPEG);
        }
        if let Some(gif) = &mut self.gif {
            let frame = gif.frames.convert(picture).map_err(EncodeError::Write)?;
            if frame.new_palette && index > 0 {
                self.start_gif_run()?;
            }
            self.encoder
                .send_frame(&frame.picture)
                .map_err(EncodeError::Write)?;
        } else if let Some(converter) = &mut self.converter {
            converter.push(picture).map_err(EncodeError::Write)?;
            self.encode_converted()?;
        } else {
            self.encoder
                .send_frame(picture)
                .map_err(EncodeError::Write)?;
        }
        self.frames += 1;
        self.write_packets()?;
        if let Some(audio) = &mut self.audio {
            // Sound up to the end of this frame, so the two streams interleave closely.
            audio.write_until(&mut self.output, self.frames as f64 * self.frame_seconds)?;
        }
        Ok(())
    }

    /// Encodes the frames the converter has ready.
    fn encode_converted(&mut self) -> Result<(), EncodeError> {
        let Some(converter) = &mut self.converter else {
            return Ok(());
        };
        while let Some(mut converted) = converter.pull() {
            converted.set_kind(ffmpeg_next::picture::Type::None);
            self.encoder
                .send_frame(&converted)
                .map_err(EncodeError::Write)?;
        }
        Ok(())
    }

    /// Ends the GIF encoder's run of frames and opens it again for frames on a new
    /// palette. Each frame of the new run carries its palette; FFmpeg's encoder stores a
    /// frame as the rectangle that changed only when its palette is the run's first.
    fn start_gif_run(&mut self) -> Result<(), EncodeError> {
        self.encoder.send_eof().map_err(EncodeError::Write)?;
        self.write_packets()?;
        let gif = self
            .gif
            .as_mut()
            .ok_or(EncodeError::Write(ffmpeg_next::Error::Bug))?;
        let (profile, settings, rate) = &gif.reopen;
        let mut profile = profile.clone();
        profile.options.push(("global_palette", "0".into()));
        let (encoder, _) = open_video_encoder(&profile, self.size, *rate, settings, false, None)?;
        self.encoder = encoder;
        gif.drop_header = true;
        tracing::debug!("GIF: a new palette from frame {}", self.frames);
        Ok(())
    }

    fn write_packets(&mut self) -> Result<(), EncodeError> {
        let stream_time_base = self
            .output
            .stream(self.stream_index)
            .expect("the stream exists")
            .time_base();
        let mut packet = Packet::empty();
        while self.encoder.receive_packet(&mut packet).is_ok() {
            if let Some(gif) = self.gif.as_mut().filter(|gif| gif.drop_header) {
                gif.drop_header = false;
                packet = without_gif_header(&packet);
            }
            packet.set_stream(self.stream_index);
            // Every frame lasts one tick of the encoder's time base (1/fps). libx264 leaves
            // the duration unset, and without it the container's duration (and the
            // average frame rate players derive from it) would miss the last frame.
            packet.set_duration(1);
            packet.rescale_ts(self.encoder_time_base, stream_time_base);
            packet
                .write_interleaved(&mut self.output)
                .map_err(EncodeError::Write)?;
        }
        Ok(())
    }

    /// Flushes the encoder, completes the file and moves it to its final path. Returns
    /// the file's size in bytes.
    pub fn finish(mut self) -> Result<u64, EncodeError> {
        if let Some(converter) = &mut self.converter {
            converter.flush().map_err(EncodeError::Write)?;
            self.encode_converted()?;
        }
        self.encoder.send_eof().map_err(EncodeError::Write)?;
        self.write_packets()?;
        if let Some(audio) = &mut self.audio {
            audio.finish(&mut self.output, self.frames as f64 * self.frame_seconds)?;
        }
        self.output.write_trailer().map_err(EncodeError::Write)?;
        if self.temp.path.is_dir() {
            // The muxer names each picture itself; the file it opened under the pattern's
            // own name stays empty.
            let _ = std::fs::remove_file(self.temp.path.join(PICTURE_PATTERN));
            replace_picture_folder(&self.final_path)?;
        }
        std::fs::rename(&self.temp.path, &self.final_path).map_err(EncodeError::Finalize)?;
        self.temp.kept = true;
        Ok(size_on_disk(&self.final_path))
    }
}

/// Opens `profile`'s encoder for `size` frames at `rate`, and the converter from NV12 to
/// what it takes (uploading to `device` for a VA-API encoder).
pub(crate) fn open_video_encoder(
    profile: &FormatProfile,
    size: (u32, u32),
    rate: FrameRate,
    settings: &EncoderSettings,
    global_header: bool,
    device: Option<&HardwareDevice>,
) -> Result<(encoder::Video, Option<Converter>), EncodeError> {
    let codec = encoder::find_by_name(profile.encoder)
        .ok_or_else(|| EncodeError::NoEncoder(profile.encoder.into()))?;
    let open_error = |source| EncodeError::OpenEncoder {
        encoder: profile.encoder.into(),
        source,
    };
    let mut context = codec::context::Context::new_with_codec(codec)
        .encoder()
        .video()
        .map_err(open_error)?;
    let encoder_time_base = Rational(rate.seconds as i32, rate.frames as i32);
    context.set_width(size.0);
    context.set_height(size.1);
    context.set_format(profile.pixel);
    context.set_time_base(encoder_time_base);
    context.set_frame_rate(Some(Rational(rate.frames as i32, rate.seconds as i32)));
    let yuv = !matches!(profile.pixel, format::Pixel::RGB24 | format::Pixel::PAL8);
    if yuv {
        context.set_colorspace(color::Space::BT709);
        context.set_color_range(color::Range::MPEG);
        context.set_color_primaries(color::Primaries::BT709);
        context.set_color_transfer_characteristic(color::TransferCharacteristic::BT709);
    }
    if settings.no_b_frames {
        context.set_max_b_frames(0);
    }
    if let Some(bit_rate) = profile.bit_rate {
        context.set_bit_rate(bit_rate);
    }
    if global_header {
        context.set_flags(codec::Flags::GLOBAL_HEADER);
    }
    let mut converter = profile
        .conversion
        .map(|spec| {
            let input = (size, frame_pixel_format(profile.input));
            Converter::new(spec, input, encoder_time_base, profile.pixel, device)
        })
        .transpose()
        .map_err(open_error)?;
    if let Some(frames) = converter.as_mut().and_then(Converter::hardware_frames) {
        // SAFETY: the context is not open yet; it takes a new reference to the frames
        // pool the converter's upload fills, and releases it when freed.
        unsafe {
            (*context.as_mut_ptr()).hw_frames_ctx = ffmpeg_next::ffi::av_buffer_ref(frames);
        }
    }
    let encoder = context
        .open_with(profile.dictionary())
        .map_err(open_error)?;
    Ok((encoder, converter))
}

/// A GIF encoder's packet without the file header its first packet starts with (the
/// signature, the screen descriptor and any global colour table).
fn without_gif_header(packet: &Packet) -> Packet {
    let Some(data) = packet
        .data()
        .filter(|data| data.starts_with(b"GIF8") && data.len() > 13)
    else {
        return packet.clone();
    };
    let table = if data[10] & 0x80 != 0 {
        3 << ((data[10] & 0x07) + 1)
    } else {
        0
    };
    let mut trimmed = Packet::copy(&data[(13 + table).min(data.len())..]);
    trimmed.set_pts(packet.pts());
    trimmed.set_dts(packet.dts());
    trimmed.set_flags(packet.flags());
    trimmed
}

/// Fails before anything is rendered when the finished output could not be moved to
/// `path`: a folder is there and the export writes a file, or the other way round.
fn check_final_path(path: &Path, is_folder: bool) -> Result<(), EncodeError> {
    let Ok(found) = std::fs::metadata(path) else {
        return Ok(());
    };
    match (found.is_dir(), is_folder) {
        (true, false) => Err(EncodeError::OutputBlocked {
            found: "a folder",
            writes: "a file",
        }),
        (false, true) => Err(EncodeError::OutputBlocked {
            found: "a file",
            writes: "a folder of pictures",
        }),
        _ => Ok(()),
    }
}

/// Makes way for a finished picture folder: an earlier picture series at `path` is
/// removed; anything else there is left alone and refused.
fn replace_picture_folder(path: &Path) -> Result<(), EncodeError> {
    let Ok(entries) = std::fs::read_dir(path) else {
        return Ok(());
    };
    let earlier_series = entries.flatten().all(|entry| {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        name.starts_with("frame-") && name.ends_with(".png")
    });
    if !earlier_series {
        return Err(EncodeError::Finalize(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            "the folder exists and holds other files",
        )));
    }
    std::fs::remove_dir_all(path).map_err(EncodeError::Finalize)
}

/// The bytes in a file, or in the files of a folder.
fn size_on_disk(path: &Path) -> u64 {
    match std::fs::read_dir(path) {
        Ok(entries) => entries
            .flatten()
            .filter_map(|entry| entry.metadata().ok())
            .map(|meta| meta.len())
            .sum(),
        Err(_) => std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
    }
}
