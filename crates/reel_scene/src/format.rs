//! The kinds of file an export writes, and the quality presets that set their encoders.

use serde::Deserialize;
use std::path::Path;

/// The kind of file an export writes: a codec in a container, or a series of pictures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub enum VideoFormat {
    /// H.264 (libx264) in `.mp4`, `.mov`, `.m4v` or `.mkv`, sound as AAC: plays
    /// everywhere.
    H264,
    /// H.265/HEVC (libx265) in `.mp4`, `.mov` or `.mkv`, sound as AAC: about half the
    /// size of H.264 at the same quality, slower to encode.
    Hevc,
    /// VP9 (libvpx) in `.webm` or `.mkv`, sound as Opus: for the web.
    Vp9,
    /// Apple ProRes 422 (10-bit 4:2:2) in `.mov` or `.mkv`, sound as AAC: for editors.
    ProRes,
    /// An animated GIF: one palette of 255 colours kept while it fits, each frame stored as
    /// the rectangle that changed; no sound.
    Gif,
    /// A folder of PNG pictures, `frame-000000.png` on; no sound.
    Png,
}

/// How much colour detail a video keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
pub enum Chroma {
    /// The format's usual subsampling: 4:2:0 (one colour sample for each 2x2 pixels)
    /// for H.264, HEVC and VP9, 4:2:2 for ProRes; full colour for GIF and PNG.
    #[default]
    Subsampled,
    /// 4:4:4: a colour sample for every pixel (H.264 High 4:4:4, HEVC 4:4:4), so that
    /// coloured text and one-pixel lines keep their colour. Fewer players take it.
    Full,
}

/// The pixels the renderer hands the encoder, decided by the output's format and chroma
/// in this one place: each format gets what it needs without a detour through another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FramePixels {
    /// BT.709 limited-range Y'CbCr 4:2:0, chroma interleaved (NV12).
    Nv12,
    /// BT.709 limited-range Y'CbCr 4:4:4, chroma interleaved (NV24).
    Nv24,
    /// BT.709 limited-range Y'CbCr 4:2:2 in 10 bits, planar (for ProRes).
    Yuv422p10,
    /// R'G'B' with opacity, 8 bits a channel (sRGB-encoded, full range).
    Rgba,
}

impl FramePixels {
    /// What the renderer writes for `format` with `chroma`.
    pub fn for_output(format: VideoFormat, chroma: Chroma) -> Self {
        match (format, chroma) {
            (VideoFormat::Gif | VideoFormat::Png, _) => FramePixels::Rgba,
            (VideoFormat::ProRes, _) => FramePixels::Yuv422p10,
            (_, Chroma::Full) => FramePixels::Nv24,
            (_, Chroma::Subsampled) => FramePixels::Nv12,
        }
    }
}

impl VideoFormat {
    /// Whether the format can be written with every pixel's colour (`chroma: Full`).
    pub fn takes_full_chroma(self) -> bool {
        matches!(self, VideoFormat::H264 | VideoFormat::Hevc)
    }

    /// The format a path's extension implies: `.webm` is VP9, `.gif` a GIF, a path
    /// without extension a PNG folder, anything else H.264.
    pub fn for_path(path: &Path) -> VideoFormat {
        match extension(path).as_deref() {
            Some("webm") => VideoFormat::Vp9,
            Some("gif") => VideoFormat::Gif,
            None => VideoFormat::Png,
            _ => VideoFormat::H264,
        }
    }

    /// The file extensions the format may be written with (none: a folder).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            VideoFormat::H264 => &["mp4", "mov", "m4v", "mkv"],
            VideoFormat::Hevc => &["mp4", "mov", "mkv"],
            VideoFormat::Vp9 => &["webm", "mkv"],
            VideoFormat::ProRes => &["mov", "mkv"],
            VideoFormat::Gif => &["gif"],
            VideoFormat::Png => &[],
        }
    }

    /// Whether the format carries sound.
    pub fn has_sound(self) -> bool {
        !matches!(self, VideoFormat::Gif | VideoFormat::Png)
    }

    /// The format's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            VideoFormat::H264 => "H264",
            VideoFormat::Hevc => "Hevc",
            VideoFormat::Vp9 => "Vp9",
            VideoFormat::ProRes => "ProRes",
            VideoFormat::Gif => "Gif",
            VideoFormat::Png => "Png",
        }
    }
}

/// A hardware video encoder to use in place of the software one, where the machine has
/// it. Reel encodes one test frame with it first and falls back to libx264 (or libx265)
/// with a warning when that fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub enum HardwareEncoder {
    /// NVIDIA's NVENC (`h264_nvenc`, `hevc_nvenc`), on cards that have the engine.
    Nvenc,
    /// VA-API (`h264_vaapi`, `hevc_vaapi`): Intel and AMD graphics on Linux, through the
    /// first render node (`/dev/dri/renderD128`).
    Vaapi,
}

impl HardwareEncoder {
    /// The encoder's name in messages and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            HardwareEncoder::Nvenc => "nvenc",
            HardwareEncoder::Vaapi => "vaapi",
        }
    }

    /// The encoder for `format`, if this hardware encodes it.
    pub fn encoder_for(self, format: VideoFormat) -> Option<&'static str> {
        match (self, format) {
            (HardwareEncoder::Nvenc, VideoFormat::H264) => Some("h264_nvenc"),
            (HardwareEncoder::Nvenc, VideoFormat::Hevc) => Some("hevc_nvenc"),
            (HardwareEncoder::Vaapi, VideoFormat::H264) => Some("h264_vaapi"),
            (HardwareEncoder::Vaapi, VideoFormat::Hevc) => Some("hevc_vaapi"),
            _ => None,
        }
    }
}

/// How the recording is resampled where it is drawn larger or smaller than it is.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub enum Scaling {
    /// Bilinear: four source pixels a sample. Softest; the default when the recording is
    /// shown at its own size or smaller.
    Bilinear = 0,
    /// Catmull-Rom bicubic: sixteen source pixels a sample, sharp without ringing. The
    /// default when the recording is enlarged (screen text stays crisp).
    Bicubic = 1,
    /// Lanczos with three lobes: thirty-six source pixels a sample, the sharpest, with
    /// a little ringing at hard edges.
    Lanczos = 2,
}

impl Scaling {
    /// The filter for a recording shown `magnification` times its size when the scene
    /// asks for `asked` (or leaves it to Reel with `None`).
    pub fn for_magnification(asked: Option<Scaling>, magnification: f32) -> Scaling {
        asked.unwrap_or(if magnification > 1.0 + 1e-3 {
            Scaling::Bicubic
        } else {
            Scaling::Bilinear
        })
    }
}

/// A quality preset: encoder settings chosen for a use, each documented in
/// `docs/scenes.md`. An explicit `crf` or `preset` in the scene overrides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub enum Quality {
    /// Close to transparent: for archives and further editing.
    Maximum,
    /// The default: good quality at a moderate size, for sharing.
    Social,
    /// Small files for pages and previews.
    Web,
}

/// The lower-case extension of `path`, if it has one.
pub(crate) fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// The most frames per second a GIF may have (its timing counts hundredths of a second).
pub const MAX_GIF_FPS: f64 = 50.0;
/// The widest a GIF may be.
pub const MAX_GIF_WIDTH: u32 = 1920;
/// A GIF's frame rate when the scene sets none.
pub const DEFAULT_GIF_FPS: f64 = 15.0;
/// A GIF's largest width when the scene sets no size: wider sources are scaled down.
pub const DEFAULT_GIF_WIDTH: u32 = 960;
