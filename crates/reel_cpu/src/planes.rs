//! Planes of samples with a row stride, as FFmpeg frames and the renderer's own buffers
//! hold them, seen by `fast_image_resize` as images (whole, or a rectangle of one).

use fast_image_resize::{ImageView, ImageViewMut, PixelTrait};

/// A read-only plane of `P` pixels: `height` rows of `width`, each `stride` pixels apart.
#[derive(Debug, Clone, Copy)]
pub struct Plane<'a, P> {
    data: &'a [P],
    stride: usize,
    width: u32,
    height: u32,
}

impl<'a, P> Plane<'a, P> {
    /// The plane of `data`; `None` when `data` is too short for it.
    pub fn new(data: &'a [P], stride: usize, width: u32, height: u32) -> Option<Self> {
        let needed = needed_len(stride, width, height);
        (data.len() >= needed && stride >= width as usize).then_some(Self {
            data,
            stride,
            width,
            height,
        })
    }

    /// Width in pixels.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Height in rows.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// Row `y`.
    pub fn row(&self, y: u32) -> &'a [P] {
        let start = y as usize * self.stride;
        &self.data[start..start + self.width as usize]
    }
}

/// A writable plane, or a rectangle of one.
#[derive(Debug)]
pub struct PlaneMut<'a, P> {
    data: &'a mut [P],
    stride: usize,
    width: u32,
    height: u32,
}

impl<'a, P> PlaneMut<'a, P> {
    /// The plane of `data`; `None` when `data` is too short for it.
    pub fn new(data: &'a mut [P], stride: usize, width: u32, height: u32) -> Option<Self> {
        let needed = needed_len(stride, width, height);
        (data.len() >= needed && stride >= width as usize).then_some(Self {
            data,
            stride,
            width,
            height,
        })
    }

    /// The `width` x `height` rectangle of `data` (rows `stride` apart) whose top-left
    /// pixel is (`x`, `y`).
    pub fn rect(
        data: &'a mut [P],
        stride: usize,
        (x, y): (u32, u32),
        (width, height): (u32, u32),
    ) -> Option<Self> {
        let start = y as usize * stride + x as usize;
        Self::new(data.get_mut(start..)?, stride, width, height)
    }

    /// Row `y`, to write.
    pub fn row_mut(&mut self, y: u32) -> &mut [P] {
        let start = y as usize * self.stride;
        &mut self.data[start..start + self.width as usize]
    }
}

/// Rows `start` to the last of a plane of `data` (`height` rows of `width` pixels,
/// `stride` apart).
fn rows<P>(
    data: &[P],
    (stride, width, height): (usize, u32, u32),
    start: u32,
) -> impl Iterator<Item = &[P]> {
    (start.min(height)..height).map(move |y| {
        let first = y as usize * stride;
        &data[first..first + width as usize]
    })
}

fn needed_len(stride: usize, width: u32, height: u32) -> usize {
    if height == 0 {
        0
    } else {
        (height as usize - 1) * stride + width as usize
    }
}

// SAFETY: `iter_rows` yields rows of exactly `width` pixels, from `start_row` to the
// last of `height` rows, all inside `data` (checked when the plane was made).
unsafe impl<P: PixelTrait> ImageView for Plane<'_, P> {
    type Pixel = P;

    fn width(&self) -> u32 {
        self.width
    }

    fn height(&self) -> u32 {
        self.height
    }

    fn iter_rows(&self, start_row: u32) -> impl Iterator<Item = &[P]> {
        rows(self.data, (self.stride, self.width, self.height), start_row)
    }
}

// SAFETY: as for `Plane`.
unsafe impl<P: PixelTrait> ImageView for PlaneMut<'_, P> {
    type Pixel = P;

    fn width(&self) -> u32 {
        self.width
    }

    fn height(&self) -> u32 {
        self.height
    }

    fn iter_rows(&self, start_row: u32) -> impl Iterator<Item = &[P]> {
        rows(self.data, (self.stride, self.width, self.height), start_row)
    }
}

// SAFETY: `iter_rows_mut` yields disjoint rows of exactly `width` pixels (the stride is
// at least the width), all inside `data`.
unsafe impl<P: PixelTrait> ImageViewMut for PlaneMut<'_, P> {
    fn iter_rows_mut(&mut self, start_row: u32) -> impl Iterator<Item = &mut [P]> {
        let (stride, width) = (self.stride, self.width as usize);
        let rows = self.height.saturating_sub(start_row) as usize;
        let start = (start_row as usize * stride).min(self.data.len());
        self.data[start..]
            .chunks_mut(stride)
            .take(rows)
            .map(move |row| &mut row[..width])
    }
}

/// `samples` as pixels of `P`: byte samples as `U8`, `U8x2` or `U8x4`, 16-bit ones as
/// `U16` or `U16x2`.
pub fn pixels_of<T: Copy, P: PixelTrait>(samples: &[T]) -> &[P] {
    assert!(size_of::<P>().is_multiple_of(size_of::<T>()) && align_of::<P>() <= align_of::<T>());
    let count = size_of_val(samples) / size_of::<P>();
    // SAFETY: `fast_image_resize`'s pixels are `repr(C)` wrappers of arrays of `u8` or
    // `u16` with no padding, so any samples of that type are valid pixels; the size and
    // alignment are checked above and the length rounds down to whole pixels.
    unsafe { std::slice::from_raw_parts(samples.as_ptr().cast::<P>(), count) }
}

/// `samples` as pixels of `P`, to write.
pub fn pixels_of_mut<T: Copy, P: PixelTrait>(samples: &mut [T]) -> &mut [P] {
    assert!(size_of::<P>().is_multiple_of(size_of::<T>()) && align_of::<P>() <= align_of::<T>());
    let count = size_of_val(samples) / size_of::<P>();
    // SAFETY: as in `pixels_of`; the slice is borrowed mutably for as long as the result.
    unsafe { std::slice::from_raw_parts_mut(samples.as_mut_ptr().cast::<P>(), count) }
}
