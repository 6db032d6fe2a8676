//! Mixing two rendered frames, or one with black: the frames of a transition between
//! clips. Both renderers draw each clip's frame as usual; the mix is made afterwards, in
//! the output's own samples (as a video editor's dissolve mixes coded values), so that
//! it is the same whichever renderer drew them.

use ffmpeg_next::format::Pixel;
use ffmpeg_next::frame::Video;

/// Mixes `other` into `frame`, which keeps `weight` (0 to 1) of itself: each sample
/// becomes `frame · weight + other · (1 − weight)`, with black (Y′ at the foot of the
/// range, neutral chroma, opaque) where `other` is `None`. Both frames are the output's
/// pixels ([`crate::frame_pixel_format`]) and of one size.
pub fn mix_frames(frame: &mut Video, other: Option<&Video>, weight: f32) {
    let weight = weight.clamp(0.0, 1.0);
    let format = frame.format();
    for plane in 0..frame.planes() {
        let rows = frame.plane_height(plane) as usize;
        let stride = frame.stride(plane);
        let other_plane = other.map(|o| (o.data(plane), o.stride(plane)));
        let data = frame.data_mut(plane);
        for y in 0..rows {
            let row = &mut data[y * stride..(y + 1) * stride];
            let other_row = other_plane.map(|(o, s)| &o[y * s..y * s + stride.min(s)]);
            match format {
                Pixel::YUV422P10LE => {
                    mix_row_u16(row, other_row, weight, black_code(format, plane));
                }
                Pixel::RGBA => mix_row_rgba(row, other_row, weight),
                _ => mix_row_u8(row, other_row, weight, black_code(format, plane) as u8),
            }
        }
    }
}

/// The code of black in `plane` of `format`: Y′ 16 (64 at 10 bits), chroma 128 (512).
fn black_code(format: Pixel, plane: usize) -> u16 {
    match (format, plane) {
        (Pixel::YUV422P10LE, 0) => 64,
        (Pixel::YUV422P10LE, _) => 512,
        (_, 0) => 16,
        _ => 128,
    }
}

fn blend(a: f32, b: f32, weight: f32) -> f32 {
    a * weight + b * (1.0 - weight) + 0.5
}

fn mix_row_u8(row: &mut [u8], other: Option<&[u8]>, weight: f32, black: u8) {
    for (i, sample) in row.iter_mut().enumerate() {
        let b = other.and_then(|o| o.get(i)).copied().unwrap_or(black);
        *sample = blend(f32::from(*sample), f32::from(b), weight) as u8;
    }
}

fn mix_row_u16(row: &mut [u8], other: Option<&[u8]>, weight: f32, black: u16) {
    for (i, pair) in row.chunks_exact_mut(2).enumerate() {
        let a = u16::from_le_bytes([pair[0], pair[1]]);
        let b = other
            .and_then(|o| o.get(2 * i..2 * i + 2))
            .map_or(black, |b| u16::from_le_bytes([b[0], b[1]]));
        let mixed = blend(f32::from(a), f32::from(b), weight) as u16;
        pair.copy_from_slice(&mixed.to_le_bytes());
    }
}

fn mix_row_rgba(row: &mut [u8], other: Option<&[u8]>, weight: f32) {
    for (i, texel) in row.chunks_exact_mut(4).enumerate() {
        let black = [0, 0, 0, 255];
        let b = other
            .and_then(|o| o.get(4 * i..4 * i + 4))
            .unwrap_or(&black);
        for (sample, &b) in texel.iter_mut().zip(b) {
            *sample = blend(f32::from(*sample), f32::from(b), weight) as u8;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(format: Pixel, value: u8) -> Video {
        let mut frame = Video::new(format, 4, 2);
        for plane in 0..frame.planes() {
            frame.data_mut(plane).fill(value);
        }
        frame
    }

    #[test]
    fn mixes_two_frames_by_weight() {
        let mut a = filled(Pixel::NV12, 200);
        let b = filled(Pixel::NV12, 100);
        mix_frames(&mut a, Some(&b), 0.25);
        assert_eq!(a.data(0)[0], 125);
        assert_eq!(a.data(1)[0], 125);
    }

    #[test]
    fn fades_to_black_in_each_format() {
        let mut yuv = filled(Pixel::NV12, 216);
        mix_frames(&mut yuv, None, 0.5);
        assert_eq!((yuv.data(0)[0], yuv.data(1)[1]), (116, 172));
        let mut rgba = filled(Pixel::RGBA, 200);
        mix_frames(&mut rgba, None, 0.0);
        assert_eq!(&rgba.data(0)[..4], &[0, 0, 0, 255]);
        let mut ten = Video::new(Pixel::YUV422P10LE, 4, 2);
        for plane in 0..3 {
            for pair in ten.data_mut(plane).chunks_exact_mut(2) {
                pair.copy_from_slice(&940u16.to_le_bytes());
            }
        }
        mix_frames(&mut ten, None, 0.5);
        let luma = u16::from_le_bytes([ten.data(0)[0], ten.data(0)[1]]);
        let chroma = u16::from_le_bytes([ten.data(1)[0], ten.data(1)[1]]);
        assert_eq!((luma, chroma), (502, 726));
    }
}
