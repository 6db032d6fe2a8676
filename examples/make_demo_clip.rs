//! Makes `assets/media/demo.mp4`, the short "screen recording" the demo scene renders,
//! and `assets/media/wallpaper.png`, the picture the image-background scene uses.
//!
//! The clip is a desktop with an editor window in which lines of code appear while the
//! pointer moves, converted to BT.709 Y'CbCr 4:2:0 (NV12) and encoded with Reel's own
//! encoder. The wallpaper is soft overlapping glows, written with Reel's PNG writer.
//! Run with `cargo run --release --example make_demo_clip`.

use ffmpeg_next::format::Pixel;
use ffmpeg_next::frame::Video;
use reel::RgbImage;
use reel::encode::{EncoderSettings, VideoWriter, write_png};
use reel::render::rgb_to_bt709_limited;
use reel::scene::FrameRate;
use std::path::PathBuf;

const WIDTH: u32 = 1440;
const HEIGHT: u32 = 900;
const FPS: u32 = 30;
const SECONDS: u32 = 4;

type Rgb = [u8; 3];

struct Canvas {
    pixels: Vec<Rgb>,
}

impl Canvas {
    fn fill(&mut self, x: i32, y: i32, w: i32, h: i32, color: Rgb) {
        for row in y.max(0)..(y + h).min(HEIGHT as i32) {
            for col in x.max(0)..(x + w).min(WIDTH as i32) {
                self.pixels[(row as u32 * WIDTH + col as u32) as usize] = color;
            }
        }
    }

    fn disc(&mut self, cx: i32, cy: i32, r: i32, color: Rgb) {
        for row in -r..=r {
            for col in -r..=r {
                if row * row + col * col <= r * r {
                    self.fill(cx + col, cy + row, 1, 1, color);
                }
            }
        }
    }

    fn pointer(&mut self, x: i32, y: i32) {
        // A black arrow, then its white inside one pixel in from the edge.
        for row in 0..24 {
            self.fill(x - 1, y + row - 1, row * 2 / 3 + 3, 1, [0, 0, 0]);
        }
        for row in 0..21 {
            self.fill(x, y + row, row * 2 / 3 + 1, 1, [250, 250, 250]);
        }
    }
}

fn draw(frame: u32) -> Canvas {
    let mut canvas = Canvas {
        pixels: vec![[0; 3]; (WIDTH * HEIGHT) as usize],
    };
    // Desktop: a vertical gradient.
    for row in 0..HEIGHT as i32 {
        let t = row as f32 / HEIGHT as f32;
        let color = [
            (40.0 + 30.0 * t) as u8,
            (60.0 + 20.0 * t) as u8,
            (110.0 - 30.0 * t) as u8,
        ];
        canvas.fill(0, row, WIDTH as i32, 1, color);
    }
    // Menu bar.
    canvas.fill(0, 0, WIDTH as i32, 28, [236, 236, 240]);
    for (i, w) in [60, 44, 52, 70].iter().enumerate() {
        canvas.fill(24 + i as i32 * 90, 9, *w, 10, [90, 90, 96]);
    }
    // Editor window with a title bar and a sidebar.
    let (wx, wy, ww, wh) = (120, 80, 1200, 760);
    canvas.fill(wx, wy, ww, wh, [30, 32, 40]);
    canvas.fill(wx, wy, ww, 36, [52, 54, 64]);
    for (i, color) in [[237, 106, 94], [245, 191, 79], [98, 197, 84]]
        .iter()
        .enumerate()
    {
        canvas.disc(wx + 22 + i as i32 * 22, wy + 18, 7, *color);
    }
    canvas.fill(wx, wy + 36, 220, wh - 36, [38, 40, 50]);
    for i in 0..14 {
        canvas.fill(
            wx + 24,
            wy + 64 + i * 34,
            120 + (i * 37 % 60),
            10,
            [120, 124, 140],
        );
    }
    // Lines of code that appear as if typed.
    let palette = [
        [198, 120, 221],
        [97, 175, 239],
        [152, 195, 121],
        [229, 192, 123],
        [171, 178, 191],
    ];
    let typed = frame * 40;
    let mut drawn = 0;
    for line in 0..20u32 {
        let indent = [0, 1, 1, 2, 2, 1, 0][line as usize % 7] * 32;
        let mut x = wx + 260 + indent;
        let y = wy + 64 + line as i32 * 32;
        for token in 0..(3 + (line * 7) % 5) {
            let width = 30 + ((line * 13 + token * 29) % 90) as i32;
            let visible = (typed as i32 - drawn).clamp(0, width);
            canvas.fill(x, y, visible, 14, palette[((line + token) % 5) as usize]);
            drawn += width;
            x += width + 12;
        }
    }
    // The pointer glides across the window.
    let t = frame as f32 / (FPS * SECONDS) as f32;
    let px = 300.0 + 800.0 * t;
    let py = 200.0 + 380.0 * (t * std::f32::consts::PI).sin();
    canvas.pointer(px as i32, py as i32);
    canvas
}

fn to_nv12(canvas: &Canvas) -> Video {
    let mut frame = Video::new(Pixel::NV12, WIDTH, HEIGHT);
    let codes: Vec<[u8; 3]> = canvas
        .pixels
        .iter()
        .map(|p| rgb_to_bt709_limited(p.map(|c| f32::from(c) / 255.0)))
        .collect();
    let width = WIDTH as usize;
    let luma_stride = frame.stride(0);
    for (row, codes) in codes.chunks(width).enumerate() {
        for (col, code) in codes.iter().enumerate() {
            frame.data_mut(0)[row * luma_stride + col] = code[0];
        }
    }
    // Cb and Cr interleaved, each the average of the 2x2 block it covers.
    let chroma_stride = frame.stride(1);
    for row in 0..HEIGHT as usize / 2 {
        for col in 0..width / 2 {
            let block = [(0, 0), (0, 1), (1, 0), (1, 1)]
                .map(|(dy, dx)| codes[(row * 2 + dy) * width + col * 2 + dx]);
            for (offset, component) in [(0, 1), (1, 2)] {
                let sum: u32 = block.iter().map(|code| u32::from(code[component])).sum();
                frame.data_mut(1)[row * chroma_stride + col * 2 + offset] = ((sum + 2) / 4) as u8;
            }
        }
    }
    frame
}

/// Soft glows of colour over a dark ground, as a wallpaper.
fn wallpaper(width: u32, height: u32) -> RgbImage {
    let glows = [
        ((0.2, 0.3), 0.45, [0.95, 0.45, 0.25]),
        ((0.75, 0.25), 0.4, [0.35, 0.45, 0.95]),
        ((0.55, 0.85), 0.5, [0.85, 0.3, 0.75]),
    ];
    let mut data = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height {
        for x in 0..width {
            let (u, v) = (x as f32 / width as f32, y as f32 / height as f32 * 0.5625);
            let mut light = [0.02, 0.02, 0.04];
            for ((cx, cy), radius, color) in glows {
                let d = ((u - cx).powi(2) + (v - cy * 0.5625).powi(2)).sqrt() / radius;
                let strength = (-d * d * 2.5).exp();
                for c in 0..3 {
                    light[c] += color[c] * strength * 0.6;
                }
            }
            data.extend(light.map(|c: f32| (c.min(1.0).powf(1.0 / 2.2) * 255.0).round() as u8));
        }
    }
    RgbImage {
        width,
        height,
        data,
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = PathBuf::from("assets/media/demo.mp4");
    let wallpaper_path = PathBuf::from("assets/media/wallpaper.png");
    write_png(&wallpaper_path, &wallpaper(960, 540))?;
    println!("wrote {}", wallpaper_path.display());
    let settings = EncoderSettings {
        preset: Some("slow".into()),
        crf: Some(26),
        ..EncoderSettings::default()
    };
    let mut writer = VideoWriter::create(
        &path,
        (WIDTH, HEIGHT),
        FrameRate::whole(FPS),
        &settings,
        None,
    )?;
    for frame in 0..FPS * SECONDS {
        writer.write(&mut to_nv12(&draw(frame)))?;
    }
    let bytes = writer.finish()?;
    println!("wrote {} ({} bytes)", path.display(), bytes);
    Ok(())
}
