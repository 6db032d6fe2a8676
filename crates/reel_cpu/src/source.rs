//! A recording's picture as the CPU renderer reads it: its planes, upright, and how
//! their samples turn into R'G'B'.

use crate::error::CpuError;
use crate::planes::{Plane, pixels_of};
use ffmpeg_next::format::Pixel;
use ffmpeg_next::frame::Video;
use reel_pipeline::{ColorInfo, SampleToRgb, SourceLayout, SourcePicture};
use reel_plan::Orientation;

/// One plane's bytes: `height` rows of `width` pixels of `bytes` bytes, `stride` bytes
/// apart.
#[derive(Debug, Clone)]
pub struct RawPlane<'a> {
    data: std::borrow::Cow<'a, [u8]>,
    stride: usize,
    /// Width in pixels.
    pub width: u32,
    /// Height in rows.
    pub height: u32,
    bytes: usize,
}

impl<'a> RawPlane<'a> {
    /// The plane as pixels of `P` (`bytes` bytes each).
    pub fn view<P: fast_image_resize::PixelTrait>(&self) -> Plane<'_, P> {
        debug_assert_eq!(size_of::<P>(), self.bytes);
        let stride = self.stride / self.bytes;
        Plane::new(pixels_of(&self.data), stride, self.width, self.height)
            .expect("planes are checked when made")
    }

    /// Component `c` of pixel (`x`, `y`).
    #[inline]
    fn at(&self, x: u32, y: u32, c: usize) -> f32 {
        f32::from(self.data[y as usize * self.stride + x as usize * self.bytes + c])
    }

    /// Component `c` sampled bilinearly at plane position `(x, y)` (pixel centres at
    /// halves), clamped to the edge as the GPU's sampler is.
    pub fn bilinear(&self, (x, y): (f32, f32), c: usize) -> f32 {
        let (fx, fy) = (x - 0.5, y - 0.5);
        let (x0, y0) = (fx.floor(), fy.floor());
        let (tx, ty) = (fx - x0, fy - y0);
        let clamp = |v: f32, n: u32| (v.max(0.0) as u32).min(n - 1);
        let (xa, xb) = (clamp(x0, self.width), clamp(x0 + 1.0, self.width));
        let (ya, yb) = (clamp(y0, self.height), clamp(y0 + 1.0, self.height));
        let top = self.at(xa, ya, c) * (1.0 - tx) + self.at(xb, ya, c) * tx;
        let bottom = self.at(xa, yb, c) * (1.0 - tx) + self.at(xb, yb, c) * tx;
        top * (1.0 - ty) + bottom * ty
    }

    /// This plane turned upright by `orientation`.
    fn upright(&self, orientation: Orientation) -> RawPlane<'static> {
        // Each plane turns about its own size: chroma planes are smaller.
        let [a, b, c, d, e, f] = orientation.to_stored((self.width, self.height));
        let (width, height) = orientation.upright_size((self.width, self.height));
        let bytes = self.bytes;
        let mut data = vec![0; width as usize * height as usize * bytes];
        for v in 0..height {
            for u in 0..width {
                let (pu, pv) = (u as f32 + 0.5, v as f32 + 0.5);
                let x = ((a * pu + b * pv + e).floor() as u32).min(self.width - 1);
                let y = ((c * pu + d * pv + f).floor() as u32).min(self.height - 1);
                let from = y as usize * self.stride + x as usize * bytes;
                let to = (v as usize * width as usize + u as usize) * bytes;
                data[to..to + bytes].copy_from_slice(&self.data[from..from + bytes]);
            }
        }
        RawPlane {
            data: data.into(),
            stride: width as usize * bytes,
            width,
            height,
            bytes,
        }
    }
}

/// How a source's planes are laid out, upright.
#[derive(Debug, Clone)]
pub enum Planes<'a> {
    /// Y', Cb and Cr planes (the chroma ones maybe smaller).
    Planar([RawPlane<'a>; 3]),
    /// Y' and interleaved CbCr (NV12).
    SemiPlanar([RawPlane<'a>; 2]),
    /// One plane of R'G'B'A (or B'G'R'A) samples.
    Packed(RawPlane<'a>),
}

/// An affine map from a pixel's three 8-bit samples to R'G'B' (0 to 1, unclamped).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Affine {
    /// Rows for R', G' and B', applied to the codes.
    pub m: [[f32; 3]; 3],
    /// What is added after.
    pub b: [f32; 3],
}

impl Affine {
    /// The map for samples described by `info`; a packed source's samples are R'G'B'
    /// (or B'G'R', `bgra`).
    pub fn new(info: ColorInfo, packed: Option<bool>) -> Self {
        if let Some(bgra) = packed {
            let k = 1.0 / 255.0;
            let m = if bgra {
                [[0.0, 0.0, k], [0.0, k, 0.0], [k, 0.0, 0.0]]
            } else {
                [[k, 0.0, 0.0], [0.0, k, 0.0], [0.0, 0.0, k]]
            };
            return Self { m, b: [0.0; 3] };
        }
        let to_rgb = SampleToRgb::new(info);
        let m = to_rgb.rows.map(|row| row.map(|v| v / 255.0));
        let b = to_rgb.rows.map(|row| {
            -(row[0] * to_rgb.offset[0] + row[1] * to_rgb.offset[1] + row[2] * to_rgb.offset[2])
        });
        Self { m, b }
    }

    /// R'G'B' of samples `s`.
    #[inline]
    pub fn apply(&self, s: [f32; 3]) -> [f32; 3] {
        let m = &self.m;
        [
            m[0][0] * s[0] + m[0][1] * s[1] + m[0][2] * s[2] + self.b[0],
            m[1][0] * s[0] + m[1][1] * s[1] + m[1][2] * s[2] + self.b[1],
            m[2][0] * s[0] + m[2][1] * s[1] + m[2][2] * s[2] + self.b[2],
        ]
    }
}

/// A source picture ready to be drawn: upright planes and their colour.
#[derive(Debug, Clone)]
pub struct Source<'a> {
    /// The planes, upright.
    pub planes: Planes<'a>,
    /// The picture's upright width and height.
    pub size: (u32, u32),
    /// Samples to R'G'B'.
    pub to_rgb: Affine,
    /// Whether the samples are BT.709 limited-range Y'CbCr, as the output's are.
    pub bt709: bool,
}

fn plane<'a>(
    frame: &'a Video,
    index: usize,
    (width, height): (u32, u32),
    bytes: usize,
) -> RawPlane<'a> {
    RawPlane {
        data: frame.data(index).into(),
        stride: frame.stride(index),
        width,
        height,
        bytes,
    }
}

impl<'a> Source<'a> {
    /// The planes of `picture`, turned upright by `orientation`.
    pub fn new(picture: &'a SourcePicture, orientation: Orientation) -> Result<Self, CpuError> {
        let frame: &Video = &picture.frame;
        let (w, h) = (frame.width(), frame.height());
        let layout =
            SourceLayout::of(frame.format()).ok_or(CpuError::UnsupportedPicture(frame.format()))?;
        let chroma = match frame.format() {
            Pixel::YUV420P | Pixel::YUVJ420P | Pixel::NV12 => (w.div_ceil(2), h.div_ceil(2)),
            Pixel::YUV422P | Pixel::YUVJ422P => (w.div_ceil(2), h),
            _ => (w, h),
        };
        let mut planes = match layout {
            SourceLayout::Planar => Planes::Planar([
                plane(frame, 0, (w, h), 1),
                plane(frame, 1, chroma, 1),
                plane(frame, 2, chroma, 1),
            ]),
            SourceLayout::SemiPlanar => {
                Planes::SemiPlanar([plane(frame, 0, (w, h), 1), plane(frame, 1, chroma, 2)])
            }
            SourceLayout::Packed { .. } => Planes::Packed(plane(frame, 0, (w, h), 4)),
        };
        for p in planes_mut(&mut planes) {
            let needed = (p.height as usize - 1) * p.stride + p.width as usize * p.bytes;
            if p.data.len() < needed {
                return Err(CpuError::UnsupportedPicture(frame.format()));
            }
        }
        if !orientation.is_upright() {
            for p in planes_mut(&mut planes) {
                *p = p.upright(orientation);
            }
        }
        let packed = match layout {
            SourceLayout::Packed { bgra } => Some(bgra),
            _ => None,
        };
        Ok(Self {
            planes,
            size: orientation.upright_size((w, h)),
            to_rgb: Affine::new(picture.color, packed),
            bt709: packed.is_none() && picture.color == ColorInfo::BT709,
        })
    }

    /// The luma plane (or the packed one).
    pub fn first(&self) -> &RawPlane<'a> {
        match &self.planes {
            Planes::Planar([p, ..]) | Planes::SemiPlanar([p, ..]) | Planes::Packed(p) => p,
        }
    }

    /// Source position `s` (upright pixels) in the coordinates of `plane`.
    #[inline]
    pub fn in_plane(&self, plane: &RawPlane<'_>, s: (f32, f32)) -> (f32, f32) {
        (
            s.0 * plane.width as f32 / self.size.0 as f32,
            s.1 * plane.height as f32 / self.size.1 as f32,
        )
    }

    /// The samples at source position `s`, bilinearly.
    pub fn samples_at(&self, s: (f32, f32)) -> [f32; 3] {
        match &self.planes {
            Planes::Planar([y, cb, cr]) => [
                y.bilinear(self.in_plane(y, s), 0),
                cb.bilinear(self.in_plane(cb, s), 0),
                cr.bilinear(self.in_plane(cr, s), 0),
            ],
            Planes::SemiPlanar([y, c]) => {
                let cs = self.in_plane(c, s);
                [
                    y.bilinear(self.in_plane(y, s), 0),
                    c.bilinear(cs, 0),
                    c.bilinear(cs, 1),
                ]
            }
            Planes::Packed(p) => {
                let ps = self.in_plane(p, s);
                [p.bilinear(ps, 0), p.bilinear(ps, 1), p.bilinear(ps, 2)]
            }
        }
    }

    /// R'G'B' (unclamped) at source position `s`, bilinearly.
    pub fn encoded_at(&self, s: (f32, f32)) -> [f32; 3] {
        self.to_rgb.apply(self.samples_at(s))
    }
}

fn planes_mut<'p, 'a>(planes: &'p mut Planes<'a>) -> Vec<&'p mut RawPlane<'a>> {
    match planes {
        Planes::Planar(p) => p.iter_mut().collect(),
        Planes::SemiPlanar(p) => p.iter_mut().collect(),
        Planes::Packed(p) => vec![p],
    }
}
