//! A GIF's colours: one palette of at most 255 colours, the nearest entry of each colour
//! (cached), and the dither that spreads a gradient over neighbouring entries.
//!
//! The dither is ordered (an 8×8 Bayer matrix), so a pixel that keeps its colour keeps its
//! entry from frame to frame: still parts of a recording do not shimmer, and the GIF
//! encoder stores them as unchanged. Colours the palette holds closely are not dithered
//! at all, so flat window backgrounds stay flat.

/// Colours in a palette. The 256th entry stays free: the GIF encoder marks a frame's
/// unchanged pixels with an entry no pixel uses.
pub const MAX_COLOURS: usize = 255;

/// The 8×8 Bayer matrix: thresholds 0–63 spread evenly over every 8×8 block.
const BAYER: [[u8; 8]; 8] = [
    [0, 32, 8, 40, 2, 34, 10, 42],
    [48, 16, 56, 24, 50, 18, 58, 26],
    [12, 44, 4, 36, 14, 46, 6, 38],
    [60, 28, 52, 20, 62, 30, 54, 22],
    [3, 35, 11, 43, 1, 33, 9, 41],
    [51, 19, 59, 27, 49, 17, 57, 25],
    [15, 47, 7, 39, 13, 45, 5, 37],
    [63, 31, 55, 23, 61, 29, 53, 21],
];

/// A colour no further than this (squared distance, summed over R, G and B: 3 levels per
/// channel) from its nearest entry is written as that entry, undithered.
const CLEAN: u32 = 3 * 3 * 3;

/// A colour further than this from its nearest entry (16 levels per channel, root mean
/// square) is one the palette lacks: a new window, a line of text in a new colour.
const BAD: u32 = 3 * 16 * 16;

/// How well a palette fits a picture.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Fit {
    /// The root-mean-square difference, in levels of one channel, between the pixels
    /// and their nearest entries.
    pub error: f64,
    /// The share of pixels further than 16 levels (per channel, root mean square) from
    /// every entry.
    pub badly: f64,
}

/// Bits of each channel the lookup cache keys on.
const CACHE_BITS: u32 = 6;

/// The cache's mark for a colour not looked up yet (never an entry: at most 255 are).
const UNKNOWN: u8 = 255;

/// A palette and the cache of its nearest entries.
pub struct Palette {
    colours: Vec<[u8; 3]>,
    nearest: Box<[u8]>,
}

impl Palette {
    /// A palette of `colours`: duplicates dropped, at most [`MAX_COLOURS`] kept, and
    /// black when none is given.
    pub fn new(colours: impl IntoIterator<Item = [u8; 3]>) -> Self {
        let mut kept: Vec<[u8; 3]> = Vec::with_capacity(MAX_COLOURS);
        for colour in colours {
            if kept.len() == MAX_COLOURS {
                break;
            }
            if !kept.contains(&colour) {
                kept.push(colour);
            }
        }
        if kept.is_empty() {
            kept.push([0, 0, 0]);
        }
        Self {
            colours: kept,
            nearest: vec![UNKNOWN; 1 << (3 * CACHE_BITS)].into_boxed_slice(),
        }
    }

    /// The palette's colours, entry by entry.
    #[cfg(test)]
    fn colours(&self) -> &[[u8; 3]] {
        &self.colours
    }

    /// The 256 entries as FFmpeg's PAL8 frames carry them (native-endian `0xAARRGGBB`):
    /// the colours, then fillers no pixel uses (each distinct, so the encoder keeps every
    /// entry where it is), and last a transparent entry the encoder marks unchanged
    /// pixels with.
    pub fn entries(&self) -> [u32; 256] {
        let mut entries = [0u32; 256];
        for (index, entry) in entries.iter_mut().enumerate().take(MAX_COLOURS) {
            *entry = match self.colours.get(index) {
                Some(&[r, g, b]) => 0xFF00_0000 | u32::from_be_bytes([0, r, g, b]),
                None => 0xFE00_0000 | index as u32,
            };
        }
        entries
    }

    /// The entry nearest to `colour`.
    pub fn nearest(&mut self, colour: [u8; 3]) -> u8 {
        let key = cache_key(colour);
        let cached = self.nearest[key];
        if cached != UNKNOWN {
            return cached;
        }
        // The middle of the cache cell, so a cell's entry does not depend on which of
        // its colours came first.
        let centre = colour.map(|c| (c & !((1 << (8 - CACHE_BITS)) - 1)) | 1 << (7 - CACHE_BITS));
        let found = self.search(centre);
        self.nearest[key] = found;
        found
    }

    /// The entry for the pixel at (`x`, `y`) of colour `colour`: its nearest entry when
    /// that is close, else the nearest entry to the colour moved by the dither's threshold
    /// at that position.
    pub fn dithered(&mut self, colour: [u8; 3], x: usize, y: usize) -> u8 {
        let plain = self.nearest(colour);
        if distance(colour, self.colours[plain as usize]) <= CLEAN {
            return plain;
        }
        // −3 to +3 levels: enough to break a gradient's bands between neighbouring
        // entries, little enough to keep a picture's noise low (and its GIF small).
        let offset = (i32::from(BAYER[y & 7][x & 7]) * 2 - 63) / 16;
        let moved = colour.map(|c| (i32::from(c) + offset).clamp(0, 255) as u8);
        self.nearest(moved)
    }

    /// How well the palette fits an RGBA picture, judged on every fourth pixel of every
    /// fourth row.
    pub fn fit(&mut self, rgba: &[u8], stride: usize, (width, height): (usize, usize)) -> Fit {
        let mut sum = 0u64;
        let mut bad = 0u64;
        let mut count = 0u64;
        for y in (0..height).step_by(4) {
            let row = &rgba[y * stride..];
            for x in (0..width).step_by(4) {
                let colour = [row[4 * x], row[4 * x + 1], row[4 * x + 2]];
                let entry = self.nearest(colour);
                let d = distance(colour, self.colours[entry as usize]);
                sum += u64::from(d);
                bad += u64::from(d > BAD);
                count += 1;
            }
        }
        let count = count.max(1) as f64;
        Fit {
            error: (sum as f64 / (3.0 * count)).sqrt(),
            badly: bad as f64 / count,
        }
    }

    fn search(&self, colour: [u8; 3]) -> u8 {
        let mut best = (u32::MAX, 0);
        for (index, &entry) in self.colours.iter().enumerate() {
            let d = distance(colour, entry);
            if d < best.0 {
                best = (d, index);
            }
        }
        best.1 as u8
    }
}

fn cache_key([r, g, b]: [u8; 3]) -> usize {
    let shift = 8 - CACHE_BITS;
    (usize::from(r >> shift) << (2 * CACHE_BITS))
        | (usize::from(g >> shift) << CACHE_BITS)
        | usize::from(b >> shift)
}

fn distance(a: [u8; 3], b: [u8; 3]) -> u32 {
    a.iter()
        .zip(b)
        .map(|(&a, b)| (i32::from(a) - i32::from(b)).pow(2) as u32)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_dropped_and_the_count_is_bounded() {
        let palette = Palette::new([[1, 2, 3], [1, 2, 3], [4, 5, 6]]);
        assert_eq!(palette.colours(), [[1, 2, 3], [4, 5, 6]]);
        let many = Palette::new((0..300u32).map(|i| [(i % 256) as u8, (i / 256) as u8, 0]));
        assert_eq!(many.colours().len(), MAX_COLOURS);
        assert_eq!(Palette::new([]).colours(), [[0, 0, 0]]);
    }

    #[test]
    fn entries_are_distinct_opaque_colours_then_one_transparent() {
        let palette = Palette::new([[255, 0, 0], [0, 0, 255]]);
        let entries = palette.entries();
        assert_eq!(entries[0], 0xFFFF_0000);
        assert_eq!(entries[1], 0xFF00_00FF);
        assert_eq!(entries[255] >> 24, 0, "the last entry is transparent");
        let mut sorted = entries.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 256, "every entry differs from every other");
        assert!(entries[2..255].iter().all(|e| e >> 24 == 0xFE));
    }

    #[test]
    fn nearest_entries_and_clean_colours_are_not_dithered() {
        let mut palette = Palette::new([[0, 0, 0], [255, 255, 255], [250, 250, 250]]);
        assert_eq!(palette.nearest([10, 10, 10]), 0);
        assert_eq!(palette.nearest([253, 253, 253]), 1);
        // A colour in the palette is written as itself at every position.
        for y in 0..8 {
            for x in 0..8 {
                assert_eq!(palette.dithered([250, 250, 250], x, y), 2);
            }
        }
    }

    #[test]
    fn a_grey_between_two_entries_is_dithered_over_both() {
        let mut palette = Palette::new([[96, 96, 96], [104, 104, 104]]);
        // Halfway from the darker to the lighter entry.
        let grey = [100, 100, 100];
        let lighter = (0..8)
            .flat_map(|y| (0..8).map(move |x| (x, y)))
            .filter(|&(x, y)| palette.dithered(grey, x, y) == 1)
            .count();
        assert!((16..=48).contains(&lighter), "{lighter} of 64 lighter");
        // The same position always gets the same entry.
        assert_eq!(palette.dithered(grey, 3, 5), palette.dithered(grey, 3, 5));
    }

    #[test]
    fn fit_measures_the_error_and_the_colours_missing() {
        let mut palette = Palette::new([[10, 20, 30]]);
        let rgba = [10u8, 20, 30, 255].repeat(16 * 16);
        assert_eq!(palette.fit(&rgba, 16 * 4, (16, 16)), Fit::default());
        let rgba = [16u8, 26, 36, 255].repeat(16 * 16);
        let fit = palette.fit(&rgba, 16 * 4, (16, 16));
        assert!((fit.error - 6.0).abs() < 0.01, "{fit:?}");
        assert_eq!(fit.badly, 0.0);
        // One sampled pixel in four far from the only entry.
        let mut rgba = [10u8, 20, 30, 255].repeat(16 * 16);
        rgba[..4].copy_from_slice(&[200, 200, 200, 255]);
        rgba[4 * 8..4 * 8 + 4].copy_from_slice(&[200, 200, 200, 255]);
        rgba[16 * 4 * 4..16 * 4 * 4 + 4].copy_from_slice(&[0, 200, 0, 255]);
        assert_eq!(palette.fit(&rgba, 16 * 4, (16, 16)).badly, 3.0 / 16.0);
    }
}
