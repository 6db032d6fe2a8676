//! Cursor pictures from images: a recorder's own picture of its cursor (OpenScreen's
//! embedded PNGs, Cap's PNG files) or one the scene names, decoded once and resampled
//! for each frame at the size it is shown, with its hotspot's sub-pixel phase, in linear
//! light with premultiplied alpha (`fast_image_resize`).

use super::CursorBitmap;
use super::raster::{decode, encode};
use fast_image_resize::images::Image;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};

/// The largest side of a cursor image Reel decodes, in pixels.
pub const MAX_IMAGE_SIDE: u32 = 1024;

/// A decoded cursor image: straight R'G'B'A bytes in sRGB and its hotspot.
#[derive(Debug, Clone, PartialEq)]
pub struct CursorImageData {
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// `4 × width × height` bytes, top row first.
    pub pixels: Vec<u8>,
    /// The point that lands on the tracked position, in the image's pixels from its
    /// top-left corner.
    pub hotspot: (f32, f32),
    /// Its height on the screen it was made for, in units of a 32-unit cursor box: an
    /// image of an ordinary cursor is 32 tall whatever its resolution. Default: its
    /// height in pixels.
    pub units: f32,
}

impl CursorImageData {
    /// Decodes the PNG `bytes` with its hotspot at `hotspot`, a fraction (0 to 1) of its
    /// width and height; the reason it cannot, in a few words.
    pub fn from_png(bytes: &[u8], hotspot: (f64, f64)) -> Result<CursorImageData, String> {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
        let mut reader = decoder
            .read_info()
            .map_err(|e| format!("not a PNG image ({e})"))?;
        let (width, height) = (reader.info().width, reader.info().height);
        if width == 0 || height == 0 || width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE {
            return Err(format!(
                "a {width}x{height} image (expected 1 to {MAX_IMAGE_SIDE} pixels a side)"
            ));
        }
        let mut buffer = vec![0; reader.output_buffer_size().ok_or("an image too large")?];
        let frame = reader
            .next_frame(&mut buffer)
            .map_err(|e| format!("a damaged PNG image ({e})"))?;
        let data = &buffer[..frame.buffer_size()];
        let pixels: Vec<u8> = match frame.color_type {
            png::ColorType::Rgba => data.to_vec(),
            png::ColorType::Rgb => data
                .chunks_exact(3)
                .flat_map(|p| [p[0], p[1], p[2], 255])
                .collect(),
            png::ColorType::GrayscaleAlpha => data
                .chunks_exact(2)
                .flat_map(|p| [p[0], p[0], p[0], p[1]])
                .collect(),
            png::ColorType::Grayscale => data.iter().flat_map(|&v| [v, v, v, 255]).collect(),
            png::ColorType::Indexed => return Err("an indexed PNG not expanded".into()),
        };
        if !(0.0..=1.0).contains(&hotspot.0) || !(0.0..=1.0).contains(&hotspot.1) {
            return Err(format!(
                "its hotspot ({}, {}) is outside the image (expected fractions 0 to 1)",
                hotspot.0, hotspot.1
            ));
        }
        Ok(CursorImageData {
            width,
            height,
            units: height as f32,
            pixels,
            hotspot: (
                (hotspot.0 * f64::from(width)) as f32,
                (hotspot.1 * f64::from(height)) as f32,
            ),
        })
    }
}

/// `image` drawn `height` pixels tall, its hotspot `phase` (each 0 to 1) of a pixel right
/// of and below a pixel corner; empty under one pixel.
pub fn draw_image(image: &CursorImageData, height: f32, phase: (f32, f32)) -> CursorBitmap {
    let s = height / image.height as f32;
    if !(s.is_finite() && height >= 1.0) {
        return CursorBitmap::empty();
    }
    let phase = (phase.0.clamp(0.0, 1.0), phase.1.clamp(0.0, 1.0));
    // A clear border, so that the sub-pixel crop below never leaves the source.
    let pad = (6.0 / s).ceil() as u32 + 1;
    let (w, h) = (image.width + 2 * pad, image.height + 2 * pad);
    let mut light = vec![0f32; (4 * w * h) as usize];
    for y in 0..image.height {
        for x in 0..image.width {
            let from = 4 * (y * image.width + x) as usize;
            let to = 4 * ((y + pad) * w + x + pad) as usize;
            let p = &image.pixels[from..from + 4];
            light[to..to + 4].copy_from_slice(&[
                decode(p[0]),
                decode(p[1]),
                decode(p[2]),
                f32::from(p[3]) / 255.0,
            ]);
        }
    }
    let bytes: Vec<u8> = light.iter().flat_map(|v| v.to_ne_bytes()).collect();
    let Ok(source) = Image::from_vec_u8(w, h, bytes, PixelType::F32x4) else {
        return CursorBitmap::empty();
    };
    let (hx, hy) = image.hotspot;
    let anchor = ((hx * s).ceil() + 2.0, (hy * s).ceil() + 2.0);
    let width = (image.width as f32 * s).ceil() as u32 + 4;
    let height = (image.height as f32 * s).ceil() as u32 + 4;
    let left = pad as f32 + hx - (anchor.0 + phase.0) / s;
    let top = pad as f32 + hy - (anchor.1 + phase.1) / s;
    let mut target = Image::new(width, height, PixelType::F32x4);
    let options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom))
        .crop(
            f64::from(left),
            f64::from(top),
            f64::from(width as f32 / s),
            f64::from(height as f32 / s),
        )
        .use_alpha(true);
    if Resizer::new()
        .resize(&source, &mut target, &options)
        .is_err()
    {
        return CursorBitmap::empty();
    }
    let values: Vec<f32> = target
        .buffer()
        .chunks_exact(4)
        .map(|b| f32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    let pixels = values
        .chunks_exact(4)
        .flat_map(|p| {
            let alpha = p[3].clamp(0.0, 1.0);
            if alpha <= 0.0 {
                return [0; 4];
            }
            [
                encode(p[0]),
                encode(p[1]),
                encode(p[2]),
                (alpha * 255.0 + 0.5) as u8,
            ]
        })
        .collect();
    CursorBitmap {
        width,
        height,
        pixels,
        hotspot: (anchor.0 + phase.0, anchor.1 + phase.1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An 8x8 PNG: clear, with a black 2x2 square whose top-left corner is (4, 2).
    fn square_png() -> Vec<u8> {
        let mut rgba = vec![0u8; 8 * 8 * 4];
        for (x, y) in [(4, 2), (5, 2), (4, 3), (5, 3)] {
            rgba[4 * (y * 8 + x) + 3] = 255;
        }
        let mut bytes = Vec::new();
        let mut encoder = png::Encoder::new(&mut bytes, 8, 8);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&rgba).unwrap();
        writer.finish().unwrap();
        bytes
    }

    #[test]
    fn a_png_is_decoded_with_its_hotspot() {
        let image = CursorImageData::from_png(&square_png(), (0.5, 0.25)).unwrap();
        assert_eq!(
            (image.width, image.height, image.hotspot),
            (8, 8, (4.0, 2.0))
        );
        assert_eq!(image.pixels[4 * (2 * 8 + 4) + 3], 255);
        assert!(CursorImageData::from_png(b"GIF89a", (0.0, 0.0)).is_err());
        assert!(CursorImageData::from_png(&square_png(), (1.5, 0.0)).is_err());
    }

    #[test]
    fn the_hotspot_lands_on_its_point_at_any_size_and_phase() {
        let image = CursorImageData::from_png(&square_png(), (0.5, 0.25)).unwrap();
        for (height, phase) in [(16.0, (0.0, 0.0)), (32.0, (0.5, 0.25)), (80.0, (0.9, 0.1))] {
            let drawn = draw_image(&image, height, phase);
            let s = height / 8.0;
            // The square spans 2x2 image pixels from the hotspot: its centre is one
            // image pixel right of and below it.
            let (mut sum, mut cx, mut cy) = (0.0, 0.0, 0.0);
            for y in 0..drawn.height {
                for x in 0..drawn.width {
                    let a = f32::from(drawn.pixel(x, y)[3]);
                    sum += a;
                    cx += a * (x as f32 + 0.5);
                    cy += a * (y as f32 + 0.5);
                }
            }
            let (hx, hy) = drawn.hotspot;
            assert!(
                (cx / sum - (hx + s)).abs() < 0.05,
                "{height}: {} vs {}",
                cx / sum,
                hx + s
            );
            assert!(
                (cy / sum - (hy + s)).abs() < 0.05,
                "{height}: {} vs {}",
                cy / sum,
                hy + s
            );
            // Its area is kept: (2 s)² pixels of full cover.
            assert!(
                (sum / 255.0 / (4.0 * s * s) - 1.0).abs() < 0.05,
                "{height}: {sum}"
            );
            assert!((drawn.hotspot.0.fract() - phase.0).abs() < 1e-4);
        }
        assert_eq!(draw_image(&image, 0.5, (0.0, 0.0)).width, 0);
    }
}
