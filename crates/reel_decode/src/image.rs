//! Still pictures (PNG, JPEG …) decoded with FFmpeg, for backgrounds and for tests that
//! compare frames with reference images.

use crate::error::DecodeError;
use crate::probe::probe_source;
use ffmpeg_next::Packet;
use ffmpeg_next::format::Pixel;
use ffmpeg_next::frame::Video;
use ffmpeg_next::software::scaling;
use reel_pipeline::{ColorInfo, ColorMatrix, ColorRange, SourcePicture};
use reel_plan::SourceId;
use std::path::Path;
use std::sync::Arc;

/// Decodes the first picture of `path` (any still image or video FFmpeg reads) into
/// sRGB-encoded RGBA.
pub fn load_image(path: &Path) -> Result<SourcePicture, DecodeError> {
    let mut reader = probe_source(path)?;
    let mut frame = Video::empty();
    let mut sent_eof = false;
    loop {
        match reader.decoder.receive_frame(&mut frame) {
            Ok(()) => break,
            Err(ffmpeg_next::Error::Eof) => return Err(DecodeError::NoFrames),
            Err(_) => {}
        }
        if sent_eof {
            return Err(DecodeError::NoFrames);
        }
        // A fresh packet each time: av_read_frame does not release the one it is given.
        let mut packet = Packet::empty();
        match packet.read(&mut reader.input) {
            Ok(()) if packet.stream() == reader.stream_index => {
                reader
                    .decoder
                    .send_packet(&packet)
                    .map_err(DecodeError::Decode)?;
            }
            Ok(()) => {}
            Err(_) => {
                reader.decoder.send_eof().map_err(DecodeError::Decode)?;
                sent_eof = true;
            }
        }
    }
    let rgba = to_rgba(&frame)?;
    Ok(SourcePicture {
        source: SourceId::BACKGROUND_IMAGE,
        frame: Arc::new(rgba),
        color: ColorInfo {
            matrix: ColorMatrix::Rgb,
            range: ColorRange::Full,
        },
        source_index: 0,
    })
}

/// Converts any decoded picture to RGBA at the same size.
pub fn to_rgba(frame: &Video) -> Result<Video, DecodeError> {
    if frame.format() == Pixel::RGBA {
        return Ok(frame.clone());
    }
    let error = |source| DecodeError::Convert {
        format: format!("{:?}", frame.format()).to_lowercase(),
        source,
    };
    let mut context = scaling::Context::get(
        frame.format(),
        frame.width(),
        frame.height(),
        Pixel::RGBA,
        frame.width(),
        frame.height(),
        scaling::Flags::BICUBIC | scaling::Flags::FULL_CHR_H_INT | scaling::Flags::ACCURATE_RND,
    )
    .map_err(error)?;
    let mut rgba = Video::empty();
    context.run(frame, &mut rgba).map_err(error)?;
    Ok(rgba)
}
