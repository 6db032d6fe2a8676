//! How each output format is written: the muxer, the video encoder and its options, the
//! pixels the renderer hands it (NV12, NV24 or RGBA: [`FramePixels`]), the pixel format
//! the encoder takes and the conversion between the two, and the sound.

use crate::settings::EncoderSettings;
use ffmpeg_next::{Dictionary, codec, format::Pixel};
use reel_scene::{Chroma, FramePixels, Quality, VideoFormat};

/// How a format's sound is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SoundCodec {
    /// The encoder's name.
    pub encoder: &'static str,
    /// Source codecs the container takes as they are.
    pub copyable: &'static [codec::Id],
}

/// AAC, for MP4, MOV and Matroska files holding H.264, HEVC or ProRes.
const AAC: SoundCodec = SoundCodec {
    encoder: "aac",
    copyable: &[
        codec::Id::AAC,
        codec::Id::MP3,
        codec::Id::AC3,
        codec::Id::EAC3,
        codec::Id::ALAC,
    ],
};

/// Opus, for WebM.
const OPUS: SoundCodec = SoundCodec {
    encoder: "libopus",
    copyable: &[codec::Id::OPUS, codec::Id::VORBIS],
};

/// Everything the writer needs to know about a format.
#[derive(Debug, Clone)]
pub struct FormatProfile {
    /// The format.
    pub format: VideoFormat,
    /// FFmpeg's muxer name.
    pub muxer: &'static str,
    /// FFmpeg's video encoder name.
    pub encoder: &'static str,
    /// The pixels the renderer writes for this format.
    pub input: FramePixels,
    /// The pixel format the encoder takes.
    pub pixel: Pixel,
    /// The filter graph that turns the renderer's frames (`input`) into `pixel`, when
    /// they need turning.
    pub conversion: Option<&'static str>,
    /// The encoder's options.
    pub options: Vec<(&'static str, String)>,
    /// A bit rate for the encoder's context (VP9 needs 0 for constant quality).
    pub bit_rate: Option<usize>,
    /// The sound, for formats that carry it.
    pub sound: Option<SoundCodec>,
    /// Whether the output is a folder of pictures rather than one file.
    pub is_folder: bool,
}

/// The renderer's RGBA to RGB: the opacity (always opaque) dropped.
const TO_RGB: &str = "format=rgb24";

/// The renderer's NV24 to the planar 4:4:4 that libx264 and libx265 take.
const TO_YUV444: &str = "format=yuv444p";

impl FormatProfile {
    /// The profile for the format and quality the settings ask for, with their explicit
    /// `crf`, `preset` and `bitrate` applied where the encoder has them; `container` is
    /// the output path's extension.
    pub fn new(settings: &EncoderSettings, container: Option<&str>) -> Self {
        Self::for_quality(settings, container).with_bitrate(settings.bitrate)
    }

    fn for_quality(settings: &EncoderSettings, container: Option<&str>) -> Self {
        let quality = settings.quality;
        let pick = |maximum: u8, social: u8, web: u8| match quality {
            Quality::Maximum => maximum,
            Quality::Social => social,
            Quality::Web => web,
        };
        let crf = |default: u8| settings.crf.unwrap_or(default).to_string();
        let mov_or_mkv = |fallback: &'static str| match container {
            Some("mkv") => "matroska",
            Some("mov") => "mov",
            _ => fallback,
        };
        let base = |format, muxer, encoder, pixel| FormatProfile {
            format,
            muxer,
            encoder,
            input: FramePixels::for_output(format, settings.chroma),
            pixel,
            conversion: None,
            options: Vec::new(),
            bit_rate: None,
            sound: Some(AAC),
            is_folder: false,
        };
        match settings.format {
            VideoFormat::H264 => FormatProfile {
                options: vec![
                    (
                        "preset",
                        settings.preset_or(pick_str(quality, "slow", "veryfast", "veryfast")),
                    ),
                    ("crf", crf(pick(16, 20, 26))),
                ],
                ..base(VideoFormat::H264, mov_or_mkv("mp4"), "libx264", Pixel::NV12)
            }
            .with_full_chroma(settings.chroma),
            VideoFormat::Hevc => FormatProfile {
                conversion: Some("format=yuv420p"),
                options: vec![
                    (
                        "preset",
                        settings.preset_or(pick_str(quality, "slow", "fast", "fast")),
                    ),
                    ("crf", crf(pick(18, 24, 30))),
                    ("x265-params", "log-level=error".into()),
                ],
                ..base(
                    VideoFormat::Hevc,
                    mov_or_mkv("mp4"),
                    "libx265",
                    Pixel::YUV420P,
                )
            }
            .with_full_chroma(settings.chroma),
            VideoFormat::Vp9 => FormatProfile {
                conversion: Some("format=yuv420p"),
                options: vec![
                    ("crf", crf(pick(24, 32, 40))),
                    ("deadline", "good".into()),
                    ("cpu-used", pick(2, 5, 6).to_string()),
                    ("row-mt", "1".into()),
                ],
                bit_rate: Some(0),
                sound: Some(OPUS),
                ..base(
                    VideoFormat::Vp9,
                    if container == Some("mkv") {
                        "matroska"
                    } else {
                        "webm"
                    },
                    "libvpx-vp9",
                    Pixel::YUV420P,
                )
            },
            VideoFormat::ProRes => FormatProfile {
                // The renderer writes 10-bit 4:2:2 itself.
                conversion: None,
                // ProRes profiles: 3 is 422 HQ, 2 is 422, 1 is 422 LT.
                options: vec![
                    ("profile", pick(3, 2, 1).to_string()),
                    ("vendor", "apl0".into()),
                ],
                ..base(
                    VideoFormat::ProRes,
                    mov_or_mkv("mov"),
                    "prores_ks",
                    Pixel::YUV422P10LE,
                )
            },
            // The writer makes the palette frames itself (see `GifFrames`).
            VideoFormat::Gif => FormatProfile {
                sound: None,
                ..base(VideoFormat::Gif, "gif", "gif", Pixel::PAL8)
            },
            VideoFormat::Png => FormatProfile {
                conversion: Some(TO_RGB),
                sound: None,
                is_folder: true,
                ..base(VideoFormat::Png, "image2", "png", Pixel::RGB24)
            },
        }
    }

    /// The profile writing every pixel's colour (4:4:4) when `chroma` is `Full`.
    fn with_full_chroma(mut self, chroma: Chroma) -> Self {
        if chroma == Chroma::Full {
            self.pixel = Pixel::YUV444P;
            self.conversion = Some(TO_YUV444);
        }
        self
    }

    /// The profile with an average bit rate (kbit/s) in place of constant quality, for the
    /// encoders that take one.
    fn with_bitrate(mut self, kbits: Option<u32>) -> Self {
        let Some(kbits) = kbits else {
            return self;
        };
        if matches!(
            self.format,
            VideoFormat::H264 | VideoFormat::Hevc | VideoFormat::Vp9
        ) {
            self.options.retain(|(key, _)| *key != "crf");
            self.bit_rate = Some(kbits as usize * 1000);
        }
        self
    }

    /// The muxer's options: the index at the front of MP4 and MOV files (faststart),
    /// pictures numbered from 0 as output frames are.
    pub fn muxer_options(&self) -> Dictionary<'_> {
        let mut options = Dictionary::new();
        match self.muxer {
            "mp4" | "mov" => options.set("movflags", "+faststart"),
            "image2" => options.set("start_number", "0"),
            _ => {}
        }
        options
    }

    /// The encoder's options as FFmpeg takes them.
    pub fn dictionary(&self) -> Dictionary<'_> {
        let mut options = Dictionary::new();
        for (key, value) in &self.options {
            options.set(key, value);
        }
        options
    }
}

fn pick_str(
    quality: Quality,
    maximum: &'static str,
    social: &'static str,
    web: &'static str,
) -> &'static str {
    match quality {
        Quality::Maximum => maximum,
        Quality::Social => social,
        Quality::Web => web,
    }
}
