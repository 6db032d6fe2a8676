//! Test sources whose frames show their index as a row of black and white blocks, and a
//! reader for exported videos.

use ffmpeg_next::format::Pixel;
use ffmpeg_next::frame::Video;
use ffmpeg_next::util::color;
use ffmpeg_next::{Dictionary, Packet, Rational, codec, decoder, encoder, format, media};
use std::path::Path;

/// Bits of the frame index drawn in each frame.
pub const INDEX_BITS: u32 = 12;

/// How to make a test source.
#[derive(Debug, Clone)]
pub struct SourceSpec {
    pub width: u32,
    pub height: u32,
    /// Frames per second as (numerator, denominator).
    pub fps: (i32, i32),
    pub frames: u32,
    /// FFmpeg encoder name: libx264, mpeg4, libvpx, libvpx-vp9.
    pub encoder: &'static str,
    pub pixel: Pixel,
    /// Explicit presentation times in time-base ticks (1/1000 s), for variable rates.
    pub pts_ms: Option<Vec<i64>>,
    /// Colour tags written into the stream; `None` leaves it untagged.
    pub color: Option<(color::Space, color::Range)>,
    /// Draw every frame as this flat Y'CbCr colour instead of the index pattern.
    pub flat: Option<[u8; 3]>,
    /// Draw every frame as vertical bars of these Y'CbCr colours, left to right.
    pub bars: Option<Vec<[u8; 3]>>,
}

impl SourceSpec {
    pub fn h264(width: u32, height: u32, fps: i32, frames: u32) -> Self {
        Self {
            width,
            height,
            fps: (fps, 1),
            frames,
            encoder: "libx264",
            pixel: Pixel::YUV420P,
            pts_ms: None,
            color: None,
            flat: None,
            bars: None,
        }
    }
}

/// The luma a block has for a 0 bit and a 1 bit.
const DARK: u8 = 30;
const LIGHT: u8 = 220;

/// Stores 8-bit sample `value` at sample position `at` of `plane`, widening it for
/// 10-bit formats.
fn put(frame: &mut Video, plane: usize, at: usize, value: u8) {
    if frame.format() == Pixel::YUV420P10LE {
        let wide = (u16::from(value) << 2).to_le_bytes();
        frame.data_mut(plane)[at * 2..at * 2 + 2].copy_from_slice(&wide);
    } else {
        frame.data_mut(plane)[at] = value;
    }
}

/// Draws frame `index`: a gradient background with index-dependent chroma, and the index
/// as a row of blocks across the middle third of the picture.
fn draw(frame: &mut Video, index: u32) {
    let (width, height) = (frame.width() as usize, frame.height() as usize);
    let sample_bytes = if frame.format() == Pixel::YUV420P10LE {
        2
    } else {
        1
    };
    let stride = frame.stride(0) / sample_bytes;
    let block = width / INDEX_BITS as usize;
    for y in 0..height {
        for x in 0..width {
            let in_band = y >= height / 3 && y < height * 2 / 3;
            let bit = x / block.max(1);
            let value = if in_band && bit < INDEX_BITS as usize {
                if (index >> bit) & 1 == 1 { LIGHT } else { DARK }
            } else {
                (60 + (x * 100 / width) + (y * 40 / height)) as u8
            };
            put(frame, 0, y * stride + x, value);
        }
    }
    for plane in 1..frame.planes() {
        let (w, h, s) = (
            frame.plane_width(plane) as usize,
            frame.plane_height(plane) as usize,
            frame.stride(plane) / sample_bytes,
        );
        let value = if plane == 1 {
            (96 + index * 7 % 64) as u8
        } else {
            (160 - index * 5 % 64) as u8
        };
        for y in 0..h {
            for x in 0..w {
                put(frame, plane, y * s + x, value);
            }
        }
    }
}

/// Fills every sample of each plane with that plane's value.
fn fill(frame: &mut Video, samples: [u8; 3]) {
    for (plane, value) in samples.into_iter().enumerate() {
        let (w, h, s) = (
            frame.plane_width(plane) as usize,
            frame.plane_height(plane) as usize,
            frame.stride(plane),
        );
        for y in 0..h {
            frame.data_mut(plane)[y * s..y * s + w].fill(value);
        }
    }
}

/// Fills the frame with vertical bars of equal width (8-bit formats).
#[expect(
    clippy::needless_range_loop,
    reason = "`plane` indexes both the frame's planes and each bar's samples"
)]
fn draw_bars(frame: &mut Video, bars: &[[u8; 3]]) {
    for plane in 0..3 {
        let (w, h, s) = (
            frame.plane_width(plane) as usize,
            frame.plane_height(plane) as usize,
            frame.stride(plane),
        );
        for y in 0..h {
            for x in 0..w {
                frame.data_mut(plane)[y * s + x] = bars[x * bars.len() / w][plane];
            }
        }
    }
}

/// Writes a source described by `spec` to `path` (container from the extension).
pub fn make_source(path: &Path, spec: &SourceSpec) {
    ffmpeg_next::init().unwrap();
    ffmpeg_next::util::log::set_level(ffmpeg_next::util::log::Level::Error);
    let mut output = format::output(path).unwrap();
    let codec = encoder::find_by_name(spec.encoder).expect("encoder available");
    let global_header = output
        .format()
        .flags()
        .contains(format::Flags::GLOBAL_HEADER);
    let mut context = codec::context::Context::new_with_codec(codec)
        .encoder()
        .video()
        .unwrap();
    let time_base = if spec.pts_ms.is_some() {
        Rational(1, 1000)
    } else {
        Rational(spec.fps.1, spec.fps.0)
    };
    context.set_width(spec.width);
    context.set_height(spec.height);
    context.set_format(spec.pixel);
    context.set_time_base(time_base);
    context.set_frame_rate(Some(Rational(spec.fps.0, spec.fps.1)));
    context.set_gop(12);
    if let Some((space, range)) = spec.color {
        context.set_colorspace(space);
        context.set_color_range(range);
    }
    if global_header {
        context.set_flags(codec::Flags::GLOBAL_HEADER);
    }
    let mut options = Dictionary::new();
    match spec.encoder {
        "libx264" => {
            options.set("preset", "ultrafast");
            // Flat test pictures are kept exactly; the index pattern survives anyway.
            options.set(
                "crf",
                if spec.flat.is_some() || spec.bars.is_some() {
                    "0"
                } else {
                    "12"
                },
            );
        }
        "libvpx" | "libvpx-vp9" => {
            options.set("crf", "10");
            options.set("b", "2M");
            options.set("deadline", "realtime");
        }
        _ => context.set_bit_rate(4_000_000),
    }
    let mut encoder = context.open_with(options).unwrap();
    let stream_index = {
        let mut stream = output.add_stream(codec).unwrap();
        stream.set_parameters(&encoder);
        stream.set_time_base(time_base);
        stream.index()
    };
    output.write_header().unwrap();
    let stream_time_base = output.stream(stream_index).unwrap().time_base();
    let write_packets = |encoder: &mut encoder::Video, output: &mut format::context::Output| {
        let mut packet = Packet::empty();
        while encoder.receive_packet(&mut packet).is_ok() {
            packet.set_stream(stream_index);
            if spec.pts_ms.is_none() {
                packet.set_duration(1);
            }
            packet.rescale_ts(time_base, stream_time_base);
            packet.write_interleaved(output).unwrap();
        }
    };
    for index in 0..spec.frames {
        let mut frame = Video::new(spec.pixel, spec.width, spec.height);
        match (spec.flat, &spec.bars) {
            (Some(samples), _) => fill(&mut frame, samples),
            (None, Some(bars)) => draw_bars(&mut frame, bars),
            (None, None) => draw(&mut frame, index),
        }
        if let Some((space, range)) = spec.color {
            frame.set_color_space(space);
            frame.set_color_range(range);
        }
        let pts = spec
            .pts_ms
            .as_ref()
            .map_or(index as i64, |pts| pts[index as usize]);
        frame.set_pts(Some(pts));
        encoder.send_frame(&frame).unwrap();
        write_packets(&mut encoder, &mut output);
    }
    encoder.send_eof().unwrap();
    write_packets(&mut encoder, &mut output);
    output.write_trailer().unwrap();
}

/// A decoded video: its stream facts and every frame.
pub struct DecodedVideo {
    pub width: u32,
    pub height: u32,
    pub frame_rate: Rational,
    pub codec: String,
    pub frames: Vec<Video>,
}

impl DecodedVideo {
    /// The index each frame shows, read from its blocks; `None` where unreadable.
    /// `content` is the rectangle (x, y, w, h) the source occupies in the frame.
    pub fn indices(&self, content: (f32, f32, f32, f32)) -> Vec<Option<u32>> {
        self.frames.iter().map(|f| read_index(f, content)).collect()
    }

    /// How many pixels of frame `n` inside `columns` × `rows` differ from its pixel
    /// (2, 2) (a flat screen's colour) by more than 12 in a sample.
    pub fn changed(
        &self,
        n: usize,
        columns: std::ops::Range<usize>,
        rows: std::ops::Range<usize>,
    ) -> usize {
        let flat = self.sample(n, 2, 2);
        rows.flat_map(|y| columns.clone().map(move |x| (x, y)))
            .filter(|&(x, y)| {
                let s = self.sample(n, x, y);
                (0..3).any(|c| s[c].abs_diff(flat[c]) > 12)
            })
            .count()
    }

    /// The Y', Cb and Cr samples at pixel (x, y) of frame `n` (4:2:0 frames).
    pub fn sample(&self, n: usize, x: usize, y: usize) -> [u8; 3] {
        let frame = &self.frames[n];
        [
            frame.data(0)[y * frame.stride(0) + x],
            frame.data(1)[y / 2 * frame.stride(1) + x / 2],
            frame.data(2)[y / 2 * frame.stride(2) + x / 2],
        ]
    }

    /// Luma, Cb and Cr samples of frame `n`, without row padding.
    pub fn planes(&self, n: usize) -> Vec<Vec<u8>> {
        let frame = &self.frames[n];
        (0..3)
            .map(|plane| {
                let (w, h, s) = (
                    frame.plane_width(plane) as usize,
                    frame.plane_height(plane) as usize,
                    frame.stride(plane),
                );
                (0..h)
                    .flat_map(|y| frame.data(plane)[y * s..y * s + w].to_vec())
                    .collect()
            })
            .collect()
    }
}

/// Reads the index drawn by [`draw`] from a decoded frame.
pub fn read_index(frame: &Video, content: (f32, f32, f32, f32)) -> Option<u32> {
    let (cx, cy, cw, ch) = content;
    let y = (cy + ch / 2.0) as usize;
    let stride = frame.stride(0);
    let mut index = 0;
    for bit in 0..INDEX_BITS {
        let x = (cx + cw * (bit as f32 + 0.5) / INDEX_BITS as f32) as usize;
        let value = frame.data(0)[y * stride + x];
        match value {
            v if v > 170 => index |= 1 << bit,
            v if v < 80 => {}
            _ => return None,
        }
    }
    Some(index)
}

/// Decodes every frame of the best video stream in `path`.
pub fn decode_video(path: &Path) -> DecodedVideo {
    ffmpeg_next::init().unwrap();
    let mut input = format::input(path).unwrap();
    let stream = input.streams().best(media::Type::Video).unwrap();
    let stream_index = stream.index();
    let frame_rate = stream.avg_frame_rate();
    let context = codec::context::Context::from_parameters(stream.parameters()).unwrap();
    let mut decoder: decoder::Video = context.decoder().video().unwrap();
    let codec = format!("{:?}", decoder.id()).to_lowercase();
    let mut frames = Vec::new();
    let receive = |decoder: &mut decoder::Video, frames: &mut Vec<Video>| loop {
        let mut frame = Video::empty();
        if decoder.receive_frame(&mut frame).is_err() {
            break;
        }
        frames.push(frame);
    };
    for (stream, packet) in input.packets() {
        if stream.index() == stream_index {
            decoder.send_packet(&packet).unwrap();
            receive(&mut decoder, &mut frames);
        }
    }
    decoder.send_eof().unwrap();
    receive(&mut decoder, &mut frames);
    DecodedVideo {
        width: decoder.width(),
        height: decoder.height(),
        frame_rate,
        codec,
        frames,
    }
}

/// The Y', Cb and Cr samples of every decoded frame of `path`, without row padding.
pub fn video_planes(path: &Path) -> Vec<Vec<Vec<u8>>> {
    let video = decode_video(path);
    (0..video.frames.len()).map(|n| video.planes(n)).collect()
}

/// Makes `path` with the ffmpeg command line: the lavfi `video` source in H.264 (4:2:0,
/// ultrafast) and, when given, the lavfi sound source `sound.0` encoded with `sound.1`.
pub fn lavfi_source(path: &Path, video: &str, sound: Option<(&str, &str)>) {
    run_lavfi(lavfi_command(video, sound), path);
}

/// As [`lavfi_source`] without sound, tagged BT.709 (as Reel's output is), so that where
/// nothing blends its samples pass through as they are.
pub fn lavfi_bt709_source(path: &Path, video: &str) {
    let mut command = lavfi_command(video, None);
    command.args(["-colorspace", "bt709", "-color_primaries", "bt709"]);
    command.args(["-color_trc", "bt709"]);
    run_lavfi(command, path);
}

fn lavfi_command(video: &str, sound: Option<(&str, &str)>) -> std::process::Command {
    let mut command = std::process::Command::new("ffmpeg");
    command.args(["-loglevel", "error", "-y", "-f", "lavfi", "-i", video]);
    if let Some((source, _)) = sound {
        command.args(["-f", "lavfi", "-i", source]);
    }
    command.args([
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
    ]);
    if let Some((_, codec)) = sound {
        command.args(["-c:a", codec, "-shortest"]);
    }
    command
}

fn run_lavfi(mut command: std::process::Command, path: &Path) {
    let status = command.arg(path).status().expect("run ffmpeg");
    assert!(status.success(), "ffmpeg could not make {}", path.display());
}

/// The mono samples of `path`'s sound at 48 kHz, decoded on the file's own clock (a
/// stream that starts late is padded with silence).
pub fn decode_sound(path: &Path) -> Vec<f32> {
    let output = std::process::Command::new("ffmpeg")
        .args(["-loglevel", "error", "-i"])
        .arg(path)
        .args(["-map", "0:a", "-af", "aresample=async=1:first_pts=0"])
        .args(["-f", "f32le", "-ac", "1", "-ar", "48000", "-"])
        .output()
        .expect("run ffmpeg");
    assert!(
        output.status.success(),
        "cannot decode the sound of {}",
        path.display()
    );
    output
        .stdout
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

/// The amplitude of the `hertz` component of 48 kHz `samples` (best over a whole
/// number of its periods).
pub fn amplitude(samples: &[f32], hertz: f64) -> f64 {
    let (mut re, mut im) = (0.0, 0.0);
    for (n, &sample) in samples.iter().enumerate() {
        let phase = std::f64::consts::TAU * hertz * n as f64 / 48_000.0;
        re += f64::from(sample) * phase.cos();
        im -= f64::from(sample) * phase.sin();
    }
    2.0 * (re * re + im * im).sqrt() / samples.len() as f64
}

/// What ffprobe says of `path`'s streams: `stream=ENTRIES`, one line a stream, values
/// comma-separated in ffprobe's order; `extra` goes before the file (`-count_frames`…).
pub fn probe_streams(path: &Path, entries: &str, extra: &[&str]) -> Vec<String> {
    let output = std::process::Command::new("ffprobe")
        .args(["-v", "error"])
        .args(extra)
        .args([
            "-show_entries",
            &format!("stream={entries}"),
            "-of",
            "csv=p=0",
        ])
        .arg(path)
        .output()
        .expect("run ffprobe");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| line.trim_end_matches(',').to_owned())
        .collect()
}
