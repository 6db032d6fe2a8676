//! Text set and rasterised into pictures: shaped, wrapped and laid out by cosmic-text,
//! glyphs rasterised by swash (each glyph once per size and sub-pixel offset, kept in
//! its cache), and composed with a box and an outline in linear light.

use cosmic_text::{
    Align, Attrs, Buffer, Color, Family, FontSystem, Metrics, Shaping, SwashCache, Wrap,
};
use reel_plan::OverlayPicture;

/// How a block of text is drawn, in output pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    /// The em size.
    pub size: f32,
    /// The text's colour, straight sRGB with alpha.
    pub color: [u8; 4],
    /// The line around each letter: its width and colour.
    pub outline: Option<(f32, [u8; 4])>,
    /// The box behind the text: its colour, corner radius and padding.
    pub background: Option<([u8; 4], f32, f32)>,
    /// The widest the picture may be.
    pub max_width: f32,
}

/// Bytes of a text drawn in a colour of their own, straight sRGB with alpha.
pub type Highlight<'a> = Option<(&'a std::ops::Range<usize>, [u8; 4])>;

/// Text laid out: the shaped buffer and the extent of its glyphs.
struct Laid {
    buffer: Buffer,
    /// The left edge of the widest line, in buffer pixels.
    left: f32,
    /// The text's width and height.
    size: (f32, f32),
}

/// Sets text and rasterises it: the fonts, the family, and the glyph cache.
pub struct TextSetter {
    fonts: FontSystem,
    family: String,
    glyphs: SwashCache,
}

impl std::fmt::Debug for TextSetter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextSetter")
            .field("family", &self.family)
            .finish_non_exhaustive()
    }
}

/// The smallest em a cue is set at to make it fit the frame.
const MIN_SIZE: f32 = 4.0;

/// Line height as a share of the em.
const LINE_HEIGHT: f32 = 1.25;

impl TextSetter {
    /// A setter over `fonts` that sets text in `family`.
    pub fn new((fonts, family): (FontSystem, String)) -> Self {
        TextSetter {
            fonts,
            family,
            glyphs: SwashCache::new(),
        }
    }

    /// The family text is set in.
    pub fn family(&self) -> &str {
        &self.family
    }

    /// Lays out `text` centred, wrapped to `width` pixels, at `size` pixels, the bytes
    /// of `highlight` in its colour.
    fn lay_out(&mut self, text: &str, (size, width): (f32, f32), highlight: Highlight<'_>) -> Laid {
        let metrics = Metrics::new(size, size * LINE_HEIGHT);
        let mut buffer = Buffer::new(&mut self.fonts, metrics);
        buffer.set_wrap(Wrap::WordOrGlyph);
        buffer.set_size(Some(width.max(size)), None);
        let attrs = Attrs::new().family(Family::Name(&self.family));
        match highlight {
            Some((range, [r, g, b, a])) if range.end <= text.len() => {
                let lit = attrs.clone().color(Color::rgba(r, g, b, a));
                let spans = [
                    (&text[..range.start], attrs.clone()),
                    (&text[range.clone()], lit),
                    (&text[range.end..], attrs.clone()),
                ];
                buffer.set_rich_text(spans, &attrs, Shaping::Advanced, Some(Align::Center));
            }
            _ => buffer.set_text(text, &attrs, Shaping::Advanced, Some(Align::Center)),
        }
        buffer.shape_until_scroll(&mut self.fonts, false);
        let (mut left, mut right, mut lines) = (f32::INFINITY, f32::NEG_INFINITY, 0usize);
        for run in buffer.layout_runs() {
            lines += 1;
            for glyph in run.glyphs {
                left = left.min(glyph.x);
                right = right.max(glyph.x + glyph.w);
            }
        }
        if left > right {
            (left, right) = (0.0, 0.0);
        }
        Laid {
            buffer,
            left,
            size: (right - left, lines as f32 * size * LINE_HEIGHT),
        }
    }

    /// `text` drawn in `style`: centred lines, wrapped to fit `style.max_width`, set
    /// smaller until the picture is at most `max_height` tall; the bytes `highlight`
    /// names (a word being spoken) in its colour.
    pub fn picture(
        &mut self,
        text: &str,
        (style, highlight): (&TextStyle, Highlight<'_>),
        max_height: f32,
    ) -> OverlayPicture {
        let mut size = style.size;
        loop {
            let frame = frame_of(style, size);
            let width = style.max_width - 2.0 * frame;
            let laid = self.lay_out(text, (size, width), highlight);
            let height = laid.size.1 + 2.0 * frame;
            if height <= max_height || size <= MIN_SIZE {
                if height > max_height {
                    tracing::warn!(
                        "a caption is too long to fit the frame even at {MIN_SIZE} pixels: its last lines are cut off"
                    );
                }
                return self.draw(laid, style, size);
            }
            size = (size * (max_height / height).min(0.95)).max(MIN_SIZE);
        }
    }

    /// Rasterises laid-out text with its outline and box.
    fn draw(&mut self, mut laid: Laid, style: &TextStyle, size: f32) -> OverlayPicture {
        let frame = frame_of(style, size);
        let width = (laid.size.0 + 2.0 * frame).ceil().max(1.0) as usize;
        let height = (laid.size.1 + 2.0 * frame).ceil().max(1.0) as usize;
        // The text in linear light, premultiplied by its coverage.
        let mut text = vec![[0.0f32; 4]; width * height];
        let shift = (frame - laid.left, frame);
        let [r, g, b, a] = style.color;
        laid.buffer.draw(
            &mut self.fonts,
            &mut self.glyphs,
            Color::rgba(r, g, b, a),
            |x, y, w, h, color| {
                let light = linear(color.as_rgba());
                for row in 0..h as i32 {
                    for column in 0..w as i32 {
                        let px = (x + column) as f32 + shift.0;
                        let py = (y + row) as f32 + shift.1;
                        if px < 0.0 || py < 0.0 || px >= width as f32 || py >= height as f32 {
                            continue;
                        }
                        let cell = &mut text[py as usize * width + px as usize];
                        *cell = over(*cell, light);
                    }
                }
            },
        );
        let mut picture = vec![[0.0f32; 4]; width * height];
        if let Some((color, radius, _)) = style.background {
            let fill = linear(color);
            let (w, h) = (width as f32, height as f32);
            for (i, cell) in picture.iter_mut().enumerate() {
                let p = ((i % width) as f32 + 0.5, (i / width) as f32 + 0.5);
                let cover = rounded_cover(p, (w, h), radius.min(w / 2.0).min(h / 2.0));
                *cell = fill.map(|c| c * cover);
            }
        }
        if let Some((outline, color)) = style.outline {
            let ring = dilate(&text, (width, height), outline);
            let fill = linear(color);
            for (cell, cover) in picture.iter_mut().zip(ring) {
                *cell = over(*cell, fill.map(|c| c * cover));
            }
        }
        for (cell, glyph) in picture.iter_mut().zip(&text) {
            *cell = over(*cell, *glyph);
        }
        let pixels = picture.iter().flat_map(|cell| straight(*cell)).collect();
        OverlayPicture::new(width as u32, height as u32, pixels)
    }
}

/// The room between the picture's edges and its text: the box's padding, or enough
/// for the outline and the glyphs' overhang.
fn frame_of(style: &TextStyle, size: f32) -> f32 {
    let outline = style.outline.map_or(0.0, |(w, _)| w);
    match style.background {
        Some((_, _, padding)) => padding.max(outline + 1.0),
        None => (outline + 0.15 * size).ceil(),
    }
}

/// `top` over `under`, both in linear light premultiplied by their alpha.
pub(crate) fn over(under: [f32; 4], top: [f32; 4]) -> [f32; 4] {
    let keep = 1.0 - top[3];
    std::array::from_fn(|c| top[c] + under[c] * keep)
}

/// A straight sRGB colour with alpha in linear light, premultiplied.
pub(crate) fn linear(rgba: [u8; 4]) -> [f32; 4] {
    let c = reel_scene::Color { rgba }.to_linear();
    [
        c.red * c.alpha,
        c.green * c.alpha,
        c.blue * c.alpha,
        c.alpha,
    ]
}

/// A premultiplied linear colour as straight sRGB bytes.
pub(crate) fn straight([r, g, b, a]: [f32; 4]) -> [u8; 4] {
    if a <= 0.0 {
        return [0; 4];
    }
    let encode = |c: f32| {
        let v = (c / a).clamp(0.0, 1.0);
        let e = if v <= 0.003_130_8 {
            v * 12.92
        } else {
            1.055 * v.powf(1.0 / 2.4) - 0.055
        };
        (e * 255.0).round() as u8
    };
    [
        encode(r),
        encode(g),
        encode(b),
        (a.min(1.0) * 255.0).round() as u8,
    ]
}

/// How much of the pixel centred at `p` a `size` rectangle at the origin with corners
/// of `radius` covers: a one-pixel ramp across its edge.
fn rounded_cover(p: (f32, f32), size: (f32, f32), radius: f32) -> f32 {
    let half = (size.0 / 2.0, size.1 / 2.0);
    let q = (
        (p.0 - half.0).abs() - (half.0 - radius),
        (p.1 - half.1).abs() - (half.1 - radius),
    );
    let outside = q.0.max(0.0).hypot(q.1.max(0.0));
    let distance = outside + q.0.max(q.1).min(0.0) - radius;
    (0.5 - distance).clamp(0.0, 1.0)
}

/// The coverage of the text grown by `width` pixels in every direction: at each pixel,
/// the most any glyph pixel within `width` covers it, ramped over the last pixel.
fn dilate(text: &[[f32; 4]], (width, height): (usize, usize), grow: f32) -> Vec<f32> {
    let reach = grow.ceil() as i32 + 1;
    let mut offsets = Vec::new();
    for dy in -reach..=reach {
        for dx in -reach..=reach {
            let weight = (grow + 0.5 - (dx as f32).hypot(dy as f32)).clamp(0.0, 1.0);
            if weight > 0.0 {
                offsets.push((dx, dy, weight));
            }
        }
    }
    let mut out = vec![0.0f32; width * height];
    for (i, cell) in out.iter_mut().enumerate() {
        let (x, y) = ((i % width) as i32, (i / width) as i32);
        let mut most = 0.0f32;
        for &(dx, dy, weight) in &offsets {
            let (sx, sy) = (x + dx, y + dy);
            if sx < 0 || sy < 0 || sx >= width as i32 || sy >= height as i32 {
                continue;
            }
            most = most.max(text[sy as usize * width + sx as usize][3] * weight);
            if most >= 1.0 {
                break;
            }
        }
        *cell = most;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::font_system;
    use reel_scene::Font;

    fn setter() -> TextSetter {
        TextSetter::new(font_system(&Font::default()).expect("Inter is installed"))
    }

    fn style(max_width: f32) -> TextStyle {
        TextStyle {
            size: 40.0,
            color: [255, 255, 255, 255],
            outline: None,
            background: Some(([0, 0, 0, 153], 12.0, 16.0)),
            max_width,
        }
    }

    fn alpha(picture: &OverlayPicture, x: u32, y: u32) -> u8 {
        picture.pixels[4 * (y * picture.width + x) as usize + 3]
    }

    #[test]
    fn a_caption_is_text_in_a_box() {
        let picture = setter().picture("Hello, world", (&style(1600.0), None), 1000.0);
        // One line: the box is about a line tall, and as wide as the words.
        assert!((60..=90).contains(&picture.height), "{}", picture.height);
        assert!((200..=400).contains(&picture.width), "{}", picture.width);
        // The box's corner is cut; its edge middle is the box's 60 %.
        assert_eq!(alpha(&picture, 0, 0), 0);
        assert_eq!(alpha(&picture, picture.width / 2, 1), 153);
        // Somewhere inside, a letter covers the box wholly, in white.
        let white = picture
            .pixels
            .chunks(4)
            .filter(|p| p[3] == 255 && p[0] == 255)
            .count();
        assert!(white > 100, "{white} white pixels");
    }

    #[test]
    fn long_text_wraps_and_a_tall_cue_is_set_smaller() {
        let mut setter = setter();
        let text = "a sentence long enough to need several lines at this width";
        let narrow = setter.picture(text, (&style(400.0), None), 1000.0);
        assert!(narrow.width <= 400, "{}", narrow.width);
        assert!(narrow.height > 150, "{}", narrow.height);
        let squeezed = setter.picture(text, (&style(400.0), None), 120.0);
        assert!(squeezed.height <= 120, "{}", squeezed.height);
    }

    #[test]
    fn other_scripts_and_emoji_do_not_panic() {
        let mut setter = setter();
        for text in [
            "مرحبا بالعالم",
            "你好，世界",
            "👋 🎉",
            "mixed עברית and English",
        ] {
            let picture = setter.picture(text, (&style(800.0), None), 500.0);
            assert!(picture.width > 0 && picture.height > 0, "{text}");
        }
    }

    #[test]
    fn a_highlighted_word_changes_colour_only() {
        let mut setter = setter();
        let plain = setter.picture("one two", (&style(1600.0), None), 1000.0);
        let yellow = [255, 216, 74, 255];
        let lit = setter.picture("one two", (&style(1600.0), Some((&(4..7), yellow))), 1000.0);
        assert_eq!((plain.width, plain.height), (lit.width, lit.height));
        let yellowish = |p: &OverlayPicture| {
            p.pixels
                .chunks(4)
                .filter(|c| c[3] == 255 && c[0] > 200 && c[2] < 120)
                .count()
        };
        assert_eq!(yellowish(&plain), 0);
        assert!(yellowish(&lit) > 50, "{}", yellowish(&lit));
        // The first word stays white: the left half has no yellow.
        let left_yellow = lit
            .pixels
            .chunks(4)
            .enumerate()
            .filter(|(i, c)| {
                (*i as u32 % lit.width) < lit.width / 3 && c[0] > 200 && c[2] < 120 && c[3] == 255
            })
            .count();
        assert_eq!(left_yellow, 0);
    }

    #[test]
    fn an_outline_surrounds_the_letters() {
        let mut outlined = style(1600.0);
        outlined.background = None;
        outlined.outline = Some((3.0, [0, 0, 0, 255]));
        let picture = setter().picture("I", (&outlined, None), 1000.0);
        // Black, opaque outline pixels exist beside the white letter.
        let black = picture
            .pixels
            .chunks(4)
            .filter(|p| p[3] == 255 && p[0] == 0)
            .count();
        assert!(black > 20, "{black} outline pixels");
    }
}
