//! Which decoded pixel formats the renderer uploads as they are, and what the others are
//! converted to first; and how a picture's samples map to colour.

use ffmpeg_next::format::Pixel;
use ffmpeg_next::frame::Video;
use ffmpeg_next::util::color;
use reel_pipeline::{ColorInfo, ColorMatrix, ColorRange, SourceLayout};

/// The format a decoded picture in `format` is uploaded in: itself when the renderer
/// takes it directly (8-bit planar Y'CbCr, NV12, 8-bit RGBA-like), otherwise the closest
/// format it takes (converted on the decoder thread).
pub fn upload_format(format: Pixel) -> Pixel {
    if SourceLayout::of(format).is_some() {
        return format;
    }
    match format.descriptor() {
        Some(descriptor) if is_rgb(descriptor) => Pixel::RGBA,
        Some(descriptor) if descriptor.log2_chroma_w() == 1 && descriptor.log2_chroma_h() == 1 => {
            Pixel::YUV420P
        }
        Some(descriptor) if descriptor.nb_components() >= 3 => Pixel::YUV444P,
        _ => Pixel::YUV420P,
    }
}

fn is_rgb(descriptor: ffmpeg_next::format::pixel::Descriptor) -> bool {
    // SAFETY: the descriptor points to FFmpeg's static table of pixel format descriptors.
    let flags = unsafe { (*descriptor.as_ptr()).flags };
    flags & ffmpeg_next::ffi::AV_PIX_FMT_FLAG_RGB as u64 != 0
        || flags & ffmpeg_next::ffi::AV_PIX_FMT_FLAG_PAL as u64 != 0
}

/// How the samples of the decoded `frame` map to colour once uploaded in `upload` format
/// (see [`upload_format`]).
///
/// Untagged matrices follow FFmpeg's convention: BT.709 from 720 lines up, BT.601 below.
/// Untagged ranges are limited, except for the full-range `yuvj` formats.
pub fn color_info(frame: &Video, upload: Pixel) -> ColorInfo {
    if matches!(SourceLayout::of(upload), Some(SourceLayout::Packed { .. })) {
        return ColorInfo {
            matrix: ColorMatrix::Rgb,
            range: ColorRange::Full,
        };
    }
    let matrix = match frame.color_space() {
        color::Space::BT709 => ColorMatrix::Bt709,
        color::Space::BT470BG | color::Space::SMPTE170M | color::Space::FCC => ColorMatrix::Bt601,
        color::Space::BT2020NCL | color::Space::BT2020CL => ColorMatrix::Bt2020,
        _ if frame.height() >= 720 => ColorMatrix::Bt709,
        _ => ColorMatrix::Bt601,
    };
    let full = matches!(
        frame.format(),
        Pixel::YUVJ420P | Pixel::YUVJ422P | Pixel::YUVJ444P | Pixel::YUVJ440P
    ) || frame.color_range() == color::Range::JPEG;
    ColorInfo {
        matrix,
        range: if full {
            ColorRange::Full
        } else {
            ColorRange::Limited
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direct_formats_stay_and_others_convert_to_their_family() {
        assert_eq!(upload_format(Pixel::YUV420P), Pixel::YUV420P);
        assert_eq!(upload_format(Pixel::NV12), Pixel::NV12);
        assert_eq!(upload_format(Pixel::YUV420P10LE), Pixel::YUV420P);
        assert_eq!(upload_format(Pixel::YUV422P10LE), Pixel::YUV444P);
        assert_eq!(upload_format(Pixel::RGB24), Pixel::RGBA);
        assert_eq!(upload_format(Pixel::PAL8), Pixel::RGBA);
        assert_eq!(upload_format(Pixel::GBRP), Pixel::RGBA);
        assert_eq!(upload_format(Pixel::NV21), Pixel::YUV420P);
    }
}
