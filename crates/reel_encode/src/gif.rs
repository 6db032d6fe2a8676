//! A GIF's frames: the renderer's RGBA pictures turned into palette pictures that keep one
//! palette while it fits, so that the GIF encoder stores each frame as the rectangle
//! that changed, its unchanged pixels transparent.
//!
//! - **The palette** is made (by FFmpeg's `palettegen`) from the first frame, and kept.
//!   Each frame's fit to it is measured; when it fits clearly worse than a palette of the
//!   frame's own would (a fade from black, another window), a new one is made and the
//!   frame says so ([`GifFrame::new_palette`]): the writer then starts a new run of
//!   frames on it.
//! - **Still pixels stay put.** A pixel whose colour moved by at most [`HOLD`] levels per
//!   channel since it was last written keeps its entry, so the decoder's noise in a still
//!   recording does not rewrite it; the ordered dither ([`Palette::dithered`]) gives a
//!   pixel of unchanged colour the same entry every time.
//!
//! Memory is one palette, its lookup cache and two values per pixel, whatever the length.

use crate::convert::Converter;
use crate::palette::{Fit, Palette};
use ffmpeg_next::{Rational, format::Pixel, frame};

/// The most a pixel's colour may move (levels, per channel) from the colour it was last
/// written at and keep its entry.
pub const HOLD: u8 = 3;

/// A palette is made anew when the frame fits it worse than the frame it was made from
/// did: its error grown by this factor plus [`GROWTH_LEVELS`], …
const GROWTH: f64 = 1.25;
/// … (levels, root mean square per channel) …
const GROWTH_LEVELS: f64 = 1.0;
/// … or the share of its pixels the palette lacks grown by this much (0.1 %: a line of
/// text in a new colour).
const GROWTH_BADLY: f64 = 0.001;
/// The new palette replaces the old when the frame fits it clearly better: its error
/// less by this factor and [`GAIN_LEVELS`], or the share of pixels it lacks less than
/// half the old one's (and by [`GROWTH_BADLY`]).
const GAIN: f64 = 1.5;
/// The levels of that margin.
const GAIN_LEVELS: f64 = 1.0;

/// FFmpeg's palette of one frame: 255 colours at most (the 256th entry stays free for
/// the encoder's transparency).
const PALETTE_OF_FRAME: &str =
    "format=rgb24,palettegen=stats_mode=single:max_colors=255:reserve_transparent=0";

/// One frame for the GIF encoder.
pub struct GifFrame {
    /// The palette picture (PAL8), timed as the RGBA picture was.
    pub picture: frame::Video,
    /// Whether it is the first on a palette other than the previous frame's.
    pub new_palette: bool,
}

/// Turns a GIF's RGBA frames into palette frames (see the module's notes).
pub struct GifFrames {
    size: (usize, usize),
    palettes: Converter,
    palette: Option<Palette>,
    /// The fit the palette is judged against: its fit to the frame it was made from,
    /// lowered when a later frame fitted worse but a new palette would not fit better.
    judged: Fit,
    /// Each pixel's colour when last written, and the entry it was written as.
    written: Vec<([u8; 3], u8)>,
}

impl GifFrames {
    /// Frames of `size` RGBA pixels timed in `time_base`.
    pub fn new(size: (u32, u32), time_base: Rational) -> Result<Self, ffmpeg_next::Error> {
        let palettes = Converter::new(
            PALETTE_OF_FRAME,
            (size, Pixel::RGBA),
            time_base,
            Pixel::RGB32,
            None,
        )?;
        Ok(Self {
            size: (size.0 as usize, size.1 as usize),
            palettes,
            palette: None,
            judged: Fit::default(),
            written: Vec::new(),
        })
    }

    /// The palette frame of an RGBA picture of the frames' size.
    pub fn convert(&mut self, rgba: &frame::Video) -> Result<GifFrame, ffmpeg_next::Error> {
        let new_palette = self.choose_palette(rgba)?;
        let palette = self.palette.as_mut().ok_or(ffmpeg_next::Error::Bug)?;
        let (width, height) = self.size;
        if new_palette || self.written.len() != width * height {
            // Nothing written on this palette yet: every pixel is written.
            self.written = vec![([0, 0, 0], 0); width * height];
        }
        let hold = !new_palette;
        let mut picture = frame::Video::new(Pixel::PAL8, width as u32, height as u32);
        let stride = picture.stride(0);
        let (source, source_stride) = (rgba.data(0), rgba.stride(0));
        let indices = picture.data_mut(0);
        for y in 0..height {
            let row = &source[y * source_stride..][..4 * width];
            let out = &mut indices[y * stride..][..width];
            let written = &mut self.written[y * width..][..width];
            for (x, ((pixel, index), last)) in row
                .chunks_exact(4)
                .zip(out.iter_mut())
                .zip(written.iter_mut())
                .enumerate()
            {
                let colour = [pixel[0], pixel[1], pixel[2]];
                if hold && within_hold(colour, last.0) {
                    *index = last.1;
                    continue;
                }
                let entry = palette.dithered(colour, x, y);
                *last = (colour, entry);
                *index = entry;
            }
        }
        write_palette(&mut picture, &palette.entries())?;
        picture.set_pts(rgba.pts());
        Ok(GifFrame {
            picture,
            new_palette,
        })
    }

    /// Keeps the palette or makes a new one for `rgba`; says whether it changed.
    fn choose_palette(&mut self, rgba: &frame::Video) -> Result<bool, ffmpeg_next::Error> {
        let (data, stride) = (rgba.data(0), rgba.stride(0));
        let Some(palette) = &mut self.palette else {
            let mut made = self.palette_of(rgba)?;
            self.judged = made.fit(data, stride, self.size);
            self.palette = Some(made);
            return Ok(true);
        };
        let fit = palette.fit(data, stride, self.size);
        let judged = self.judged;
        let grown = fit.error > judged.error * GROWTH + GROWTH_LEVELS
            || fit.badly > judged.badly + GROWTH_BADLY;
        if !grown {
            return Ok(false);
        }
        let mut candidate = self.palette_of(rgba)?;
        let fresh = candidate.fit(data, stride, self.size);
        let better = fit.error > fresh.error * GAIN + GAIN_LEVELS
            || fit.badly > 2.0 * fresh.badly + GROWTH_BADLY;
        if better {
            self.judged = fresh;
            self.palette = Some(candidate);
            return Ok(true);
        }
        self.judged = fit;
        Ok(false)
    }

    /// A palette made for `rgba` alone.
    fn palette_of(&mut self, rgba: &frame::Video) -> Result<Palette, ffmpeg_next::Error> {
        // The graph takes the picture's buffers; the writer still needs them.
        self.palettes.push(&rgba.clone())?;
        let made = self.palettes.pull().ok_or(ffmpeg_next::Error::Bug)?;
        let (data, stride) = (made.data(0), made.stride(0));
        // Native-endian 0xAARRGGBB entries, row by row.
        let colours = (0..made.height() as usize).flat_map(|y| {
            data[y * stride..][..4 * made.width() as usize]
                .chunks_exact(4)
                .map(|entry| {
                    let [_, r, g, b] =
                        u32::from_ne_bytes([entry[0], entry[1], entry[2], entry[3]]).to_be_bytes();
                    [r, g, b]
                })
                .collect::<Vec<_>>()
        });
        Ok(Palette::new(colours))
    }
}

/// Writes the 256 entries into a PAL8 picture's palette plane (which `frame::Video`'s
/// plane accessors do not reach: FFmpeg gives it no line size).
fn write_palette(
    picture: &mut frame::Video,
    entries: &[u32; 256],
) -> Result<(), ffmpeg_next::Error> {
    // SAFETY: the picture was allocated by FFmpeg as PAL8, whose second data pointer is a
    // palette of 256 four-byte entries (AVPALETTE_SIZE) owned by the picture; it is
    // checked for null and written within those 1024 bytes only.
    unsafe {
        let table = (*picture.as_mut_ptr()).data[1];
        if table.is_null() {
            return Err(ffmpeg_next::Error::Bug);
        }
        let table = std::slice::from_raw_parts_mut(table, 4 * entries.len());
        for (bytes, entry) in table.chunks_exact_mut(4).zip(entries) {
            bytes.copy_from_slice(&entry.to_ne_bytes());
        }
    }
    Ok(())
}

fn within_hold(a: [u8; 3], b: [u8; 3]) -> bool {
    a.iter().zip(b).all(|(&a, b)| a.abs_diff(b) <= HOLD)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIZE: (u32, u32) = (64, 32);

    /// An RGBA picture of a gradient, `change` added to a 16-pixel square's green.
    fn picture(noise: u8, change: u8) -> frame::Video {
        let mut picture = frame::Video::new(Pixel::RGBA, SIZE.0, SIZE.1);
        let stride = picture.stride(0);
        let data = picture.data_mut(0);
        for y in 0..SIZE.1 as usize {
            for x in 0..SIZE.0 as usize {
                let wobble = if (x + y) % 2 == 0 { noise } else { 0 };
                let green = if x < 16 && y < 16 { 60 + change } else { 60 };
                data[y * stride + 4 * x..][..4].copy_from_slice(&[
                    (4 * x) as u8 + wobble,
                    green,
                    (8 * y) as u8,
                    255,
                ]);
            }
        }
        picture
    }

    fn indices(frame: &GifFrame) -> Vec<u8> {
        let stride = frame.picture.stride(0);
        (0..SIZE.1 as usize)
            .flat_map(|y| frame.picture.data(0)[y * stride..][..SIZE.0 as usize].to_vec())
            .collect()
    }

    #[test]
    fn noise_keeps_entries_and_a_real_change_rewrites_them() {
        ffmpeg_next::init().unwrap();
        let mut frames = GifFrames::new(SIZE, Rational(1, 15)).unwrap();
        let first = frames.convert(&picture(0, 0)).unwrap();
        assert!(first.new_palette);
        let noisy = frames.convert(&picture(HOLD, 0)).unwrap();
        assert!(!noisy.new_palette);
        assert_eq!(indices(&first), indices(&noisy), "noise rewrote pixels");
        // Past the hold, yet close enough to the palette to keep it.
        let changed = frames.convert(&picture(0, 3 * HOLD)).unwrap();
        assert!(!changed.new_palette);
        let rewritten: Vec<usize> = indices(&first)
            .iter()
            .zip(indices(&changed))
            .enumerate()
            .filter(|(_, (a, b))| **a != *b)
            .map(|(i, _)| i)
            .collect();
        assert!(!rewritten.is_empty());
        assert!(
            rewritten.iter().all(|i| i % 64 < 16 && i / 64 < 16),
            "only the changed square is rewritten"
        );
    }
}
