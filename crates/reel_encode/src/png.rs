//! Writes single frames as PNG files with FFmpeg's PNG encoder, under a temporary name
//! until complete.

use crate::error::EncodeError;
use crate::writer::temp_path_for;
use ffmpeg_next::format::Pixel;
use ffmpeg_next::frame::Video;
use ffmpeg_next::{Packet, Rational, codec, encoder};
use reel_pipeline::RgbImage;
use std::path::Path;

/// Encodes `image` as PNG bytes.
pub fn encode_png(image: &RgbImage) -> Result<Vec<u8>, EncodeError> {
    ffmpeg_next::init().map_err(EncodeError::Create)?;
    let codec =
        encoder::find(codec::Id::PNG).ok_or_else(|| EncodeError::NoEncoder("png".into()))?;
    let mut context = codec::context::Context::new_with_codec(codec)
        .encoder()
        .video()
        .map_err(|source| EncodeError::OpenEncoder {
            encoder: "png".into(),
            source,
        })?;
    context.set_width(image.width);
    context.set_height(image.height);
    context.set_format(Pixel::RGB24);
    context.set_time_base(Rational(1, 1));
    let mut encoder = context.open().map_err(|source| EncodeError::OpenEncoder {
        encoder: "png".into(),
        source,
    })?;
    let mut frame = Video::new(Pixel::RGB24, image.width, image.height);
    let stride = frame.stride(0);
    let row = image.width as usize * 3;
    for (y, pixels) in image.data.chunks_exact(row).enumerate() {
        frame.data_mut(0)[y * stride..y * stride + row].copy_from_slice(pixels);
    }
    frame.set_pts(Some(0));
    encoder.send_frame(&frame).map_err(EncodeError::Write)?;
    encoder.send_eof().map_err(EncodeError::Write)?;
    let mut bytes = Vec::new();
    let mut packet = Packet::empty();
    while encoder.receive_packet(&mut packet).is_ok() {
        bytes.extend_from_slice(packet.data().unwrap_or_default());
    }
    Ok(bytes)
}

/// Writes `image` to `path` as a PNG; the file appears only once it is complete.
pub fn write_png(path: &Path, image: &RgbImage) -> Result<(), EncodeError> {
    let bytes = encode_png(image)?;
    let temp = temp_path_for(path);
    let written = std::fs::write(&temp, &bytes).and_then(|()| std::fs::rename(&temp, path));
    if let Err(error) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(EncodeError::Finalize(error));
    }
    Ok(())
}
