//! A property test of reading scenes: whatever the text, reading it returns a scene or an
//! error and never panics, and every scene that passes the checks an export makes
//! evaluates to finite numbers at any time.
//!
//! The inputs are random bytes, random RON-like token soup, scenes built from random field
//! values (often extreme ones), and mutations of all of these and of the scenes in
//! `scenes/`: flipped bytes, deletions, duplications, splices, numbers replaced with
//! extreme values, long strings, emptied lists. Each goes through the entry points the
//! `export` command uses: [`Scene::from_ron`] (and, for some, [`Scene::load`] from a
//! file), the error's message, and for valid scenes [`Scene::validate_for_source`],
//! [`Scene::output_size`], [`Scene::look_at`] and [`Scene::confine`].
//!
//! The seed and the number of inputs are fixed, so a run is repeatable; set
//! `REEL_FUZZ_ITERATIONS` and `REEL_FUZZ_SEED` to run longer or elsewhere:
//!
//! ```sh
//! REEL_FUZZ_ITERATIONS=1000000 cargo test --release -p reel_scene --test fuzz -- --nocapture
//! ```

use fastrand::Rng;
use reel_scene::{BackgroundLook, Confinement, FrameLook, FrameRate, Scene};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

/// Inputs tried by default: under ten seconds in a test build.
const DEFAULT_ITERATIONS: u64 = 60_000;
/// The seed used by default.
const DEFAULT_SEED: u64 = 0x5EED_5CE7E;
/// One input in this many is also written to a file and read with [`Scene::load`].
const LOAD_EVERY: u64 = 8;

/// Field names, so that token soup and mutations often make well-formed fields.
const FIELDS: &[&str] = &[
    "source",
    "output",
    "path",
    "crop",
    "trim",
    "start",
    "end",
    "size",
    "fps",
    "preset",
    "crf",
    "background",
    "inset",
    "padding",
    "corner_radius",
    "border",
    "width",
    "height",
    "color",
    "shadow",
    "offset",
    "blur",
    "spread",
    "opacity",
    "zooms",
    "scale",
    "center",
    "rect",
    "transition",
    "ease",
    "blur_regions",
    "radius",
    "motion_blur",
    "shutter",
    "samples",
    "x",
    "y",
    "dim",
    "angle",
    "stops",
];

/// Enum variants and other bare words RON knows.
const WORDS: &[&str] = &[
    "Color",
    "LinearGradient",
    "RadialGradient",
    "Image",
    "Blurred",
    "Wallpaper",
    "Linear",
    "EaseIn",
    "EaseOut",
    "EaseInOut",
    "Smooth",
    "Some",
    "None",
    "true",
    "false",
    "inf",
    "NaN",
];

/// Numbers at and past every limit, and text that only looks like a number.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "-0.0",
    "+0",
    "1",
    "-1",
    "2",
    "0.5",
    "1e308",
    "-1e308",
    "1.7976931348623157e308",
    "1e309",
    "1e-308",
    "5e-324",
    "3.4e38",
    "-3.4e38",
    "3.4028235e38",
    "2e38",
    "1e38",
    "1.1754944e-38",
    "1e-45",
    "3.5e38",
    "1e39",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "+inf",
    "infinity",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "18446744073709551616",
    "-2147483648",
    "99999999999999999999999999999999999999999",
    "0x7fffffff",
    "0b101",
    "0o17",
    "1_000",
    "1e",
    "1.",
    ".5",
    "1e9",
    "-1e9",
    "1e20",
    "8192",
    "8194",
    "7680",
    "4320",
    "15",
    "16",
    "240",
    "241",
    "1000",
    "1001",
    "0.45",
    "0.46",
    "0.001",
    "20",
    "51",
    "52",
    "255",
    "256",
    "65536",
    "3600",
    "-3600",
];

/// String literals: paths, colours, names, escapes.
const STRINGS: &[&str] = &[
    r#""in.mp4""#,
    r#""out.mp4""#,
    r#""""#,
    r##""#ffffff""##,
    r##""#ffffff00""##,
    r##""#fff""##,
    r##""#+f+f+f""##,
    r##""#ÿÿÿ""##,
    r#""aurora""#,
    r#""veryfast""#,
    r#""../x.mp4""#,
    r#""/""#,
    r#""a\"b.mp4""#,
    r#""\u{0}.mp4""#,
    r#""\u{d800}""#,
    "r#\"raw.mp4\"#",
    "'c'",
    r#""é.mov""#,
    r#""out.MP4""#,
];

/// Punctuation and blanks.
const PUNCTUATION: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    " ",
    "\n",
    "// c\n",
    "/*",
    "*/",
    "\"",
    "#",
    "-",
    "+",
    ".",
    "#![enable(implicit_some)]",
];

/// The random source, with how wild this input's values are.
struct Gen {
    rng: Rng,
    /// The chance, in thousandths, that a value is extreme rather than plausible.
    wild: u16,
    /// An extreme value the next few values repeat (a rectangle's position and width,
    /// say, so that their sum overflows), and how many more times.
    burst: (String, u8),
    /// Values made so far for this input, and the one that is extreme whatever `wild`.
    values: (u32, Option<u32>),
}

impl std::ops::Deref for Gen {
    type Target = Rng;

    fn deref(&self) -> &Rng {
        &self.rng
    }
}

impl std::ops::DerefMut for Gen {
    fn deref_mut(&mut self) -> &mut Rng {
        &mut self.rng
    }
}

impl Gen {
    /// Whether the next value should be an extreme one.
    fn wild(&mut self) -> bool {
        let wild = self.wild;
        self.rng.u16(..1000) < wild
    }
}

fn pick<'a>(rng: &mut Gen, items: &[&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}

/// A number: plausible (a time, a fraction, a pixel position, a scale), or, as often as
/// the input is wild, one at or past a limit, random bits or a huge run of digits.
fn number(rng: &mut Gen) -> String {
    if rng.wild() {
        return match rng.u8(..4) {
            0 => format!("{:e}", f64::from_bits(rng.u64(..))),
            1 => "9".repeat(rng.usize(1..400)),
            _ => pick(rng, NUMBERS).to_owned(),
        };
    }
    match rng.u8(..4) {
        0 => format!("{}", rng.u32(..2000)),
        1 => format!("{:.3}", rng.f64() * 10.0),
        2 => format!("{:.2}", rng.f64()),
        _ => format!("{:.1}", 1.0 + rng.f64() * 4.0),
    }
}

/// A whole number, for sizes, rate factors and sample counts.
fn integer(rng: &mut Gen) -> String {
    if rng.wild() {
        return match rng.u8(..3) {
            0 => format!("{}", rng.u64(..)),
            _ => pick(rng, NUMBERS).to_owned(),
        };
    }
    match rng.u8(..2) {
        0 => format!("{}", rng.u32(16..4000) & !1),
        _ => format!("{}", rng.u32(..64)),
    }
}

/// A string literal: a usual one, or a very long one.
fn string(rng: &mut Gen) -> String {
    if rng.wild() {
        format!("\"{}.mp4\"", "a".repeat(rng.usize(..20_000)))
    } else {
        pick(rng, STRINGS).to_owned()
    }
}

/// Random bytes, mostly printable.
fn random_bytes(rng: &mut Gen) -> Vec<u8> {
    let len = rng.usize(..512);
    (0..len)
        .map(|_| {
            if rng.bool() {
                rng.u8(0x20..0x7f)
            } else {
                rng.u8(..)
            }
        })
        .collect()
}

/// RON-like text made of random tokens.
fn token_soup(rng: &mut Gen) -> Vec<u8> {
    let mut text = String::new();
    for _ in 0..rng.usize(..200) {
        match rng.u8(..10) {
            0..=2 => {
                text.push_str(pick(rng, FIELDS));
                text.push(':');
            }
            3 => text.push_str(pick(rng, WORDS)),
            4 | 5 => text.push_str(&number(rng)),
            6 => text.push_str(&string(rng)),
            _ => text.push_str(pick(rng, PUNCTUATION)),
        }
        if rng.bool() {
            text.push(' ');
        }
    }
    text.into_bytes()
}

/// Comma-joins the fields of a RON struct: the first `required`, and each of the others
/// with probability 2/3.
fn fields(rng: &mut Gen, required: usize, all: Vec<String>) -> String {
    let kept: Vec<String> = all
        .into_iter()
        .enumerate()
        .filter(|&(i, _)| i < required || rng.u8(..3) != 0)
        .map(|(_, field)| field)
        .collect();
    format!("({})", kept.join(", "))
}

/// A value between `low` and `high`, or, as often as the input is wild, an extreme one.
fn value(rng: &mut Gen, low: f64, high: f64) -> String {
    rng.values.0 += 1;
    if rng.burst.1 > 0 {
        rng.burst.1 -= 1;
        rng.burst.0.clone()
    } else if rng.values.1 == Some(rng.values.0) || rng.wild() {
        let value = number(rng);
        let repeats = rng.u8(..4);
        rng.burst = (value.clone(), repeats);
        value
    } else {
        format!("{:.3}", low + rng.f64() * (high - low))
    }
}

/// A position or size in source pixels.
fn pixels(rng: &mut Gen) -> String {
    value(rng, 0.0, 2000.0)
}

fn rect(rng: &mut Gen) -> String {
    let x = value(rng, 0.0, 1000.0);
    let y = value(rng, 0.0, 600.0);
    let width = value(rng, 1.0, 1000.0);
    let height = value(rng, 1.0, 600.0);
    format!("(x: {x}, y: {y}, width: {width}, height: {height})")
}

fn pair(rng: &mut Gen, low: f64, high: f64) -> String {
    let a = value(rng, low, high);
    let b = value(rng, low, high);
    format!("({a}, {b})")
}

fn colour(rng: &mut Gen) -> String {
    if rng.wild() {
        pick(rng, STRINGS).to_owned()
    } else {
        format!("\"#{:08x}\"", rng.u32(..))
    }
}

fn stops(rng: &mut Gen) -> String {
    let count = if rng.wild() {
        rng.usize(..12)
    } else {
        rng.usize(2..9)
    };
    let mut at = 0.0;
    let stops: Vec<String> = (0..count)
        .map(|_| {
            at += (1.0 - at) * rng.f64();
            let colour = colour(rng);
            let at = value(rng, at, at);
            format!("({colour}, {at})")
        })
        .collect();
    format!("[{}]", stops.join(", "))
}

fn background(rng: &mut Gen) -> String {
    match rng.u8(..6) {
        0 => format!("Color({})", colour(rng)),
        1 => {
            let angle = value(rng, -720.0, 720.0);
            format!("LinearGradient(angle: {angle}, stops: {})", stops(rng))
        }
        2 => {
            let center = pair(rng, -1.0, 2.0);
            let radius = value(rng, 0.001, 3.0);
            format!(
                "RadialGradient(center: {center}, radius: {radius}, stops: {})",
                stops(rng)
            )
        }
        3 => {
            let path = string(rng);
            format!("Image(path: {path}, blur: {})", value(rng, 0.0, 200.0))
        }
        4 => {
            let radius = value(rng, 0.0, 1000.0);
            format!("Blurred(radius: {radius}, dim: {})", value(rng, 0.0, 1.0))
        }
        _ => format!(
            "Wallpaper({})",
            pick(rng, &["\"aurora\"", "\"ocean\"", "\"x\""])
        ),
    }
}

/// A zoom: plausibly from `start` for `length` seconds.
fn zoom(rng: &mut Gen, start: f64, length: f64) -> String {
    let all = vec![
        format!("start: {}", value(rng, start, start)),
        format!("end: {}", value(rng, start + length, start + length)),
        format!("scale: {}", value(rng, 1.0, 20.0)),
        format!("center: ({}, {})", pixels(rng), pixels(rng)),
        format!("rect: {}", rect(rng)),
        format!("transition: {}", value(rng, 0.0, length / 2.0)),
        format!("ease: {}", pick(rng, &WORDS[6..11])),
    ];
    fields(rng, 2, all)
}

/// Zero to three zooms, one after another.
fn zooms(rng: &mut Gen) -> String {
    let mut at = 0.0;
    let zooms: Vec<String> = (0..rng.usize(..4))
        .map(|_| {
            let start = at + rng.f64() * 2.0;
            let length = 0.2 + rng.f64() * 4.0;
            at = start + length;
            zoom(rng, start, length)
        })
        .collect();
    format!("[{}]", zooms.join(", "))
}

fn blur_region(rng: &mut Gen) -> String {
    let start = rng.f64() * 5.0;
    let all = vec![
        format!("rect: {}", rect(rng)),
        format!("start: {}", value(rng, start, start)),
        format!("end: {}", value(rng, start + 0.1, start + 5.0)),
        format!("radius: {}", value(rng, 0.5, 1000.0)),
    ];
    fields(rng, 1, all)
}

fn blur_regions(rng: &mut Gen) -> String {
    let regions: Vec<String> = (0..rng.usize(..4)).map(|_| blur_region(rng)).collect();
    format!("[{}]", regions.join(", "))
}

/// A scene with each field present or not, with plausible values and, as often as the
/// input is wild, extreme ones.
fn random_scene(rng: &mut Gen) -> Vec<u8> {
    let source = {
        let start = value(rng, 0.0, 3.0);
        let end = value(rng, 3.0, 10.0);
        let all = vec![
            "path: \"in.mp4\"".into(),
            format!("crop: {}", rect(rng)),
            format!("trim: (start: {start}, end: {end})"),
        ];
        fields(rng, 1, all)
    };
    let output = {
        let size = if rng.wild() {
            format!("({}, {})", integer(rng), integer(rng))
        } else {
            format!("({}, {})", rng.u32(8..2000) * 2, rng.u32(8..2000) * 2)
        };
        let all = vec![
            "path: \"out.mp4\"".into(),
            format!("size: {size}"),
            format!("fps: {}", value(rng, 1.0, 240.0)),
            format!("preset: {}", pick(rng, &["\"veryfast\"", "\"slow\""])),
            format!("crf: {}", rng.u8(..52)),
        ];
        fields(rng, 1, all)
    };
    let inset = {
        let all = vec![
            format!("padding: {}", value(rng, 0.0, 0.45)),
            format!("corner_radius: {}", value(rng, 0.0, 1000.0)),
            format!(
                "border: (width: {}, color: {})",
                value(rng, 0.0, 1000.0),
                colour(rng)
            ),
        ];
        fields(rng, 0, all)
    };
    let shadow = {
        let all = vec![
            format!("offset: {}", pair(rng, -8192.0, 8192.0)),
            format!("blur: {}", value(rng, 0.0, 1000.0)),
            format!("spread: {}", value(rng, -1000.0, 1000.0)),
            format!("color: {}", colour(rng)),
            format!("opacity: {}", value(rng, 0.0, 1.0)),
        ];
        fields(rng, 0, all)
    };
    let motion_blur = {
        let samples = if rng.wild() {
            integer(rng)
        } else {
            rng.u32(2..17).to_string()
        };
        let all = vec![
            format!("shutter: {}", value(rng, 0.01, 1.0)),
            format!("samples: {samples}"),
        ];
        fields(rng, 0, all)
    };
    let mut all = vec![
        format!("source: {source}"),
        format!("output: {output}"),
        format!("background: {}", background(rng)),
        format!("inset: {inset}"),
        format!("shadow: {shadow}"),
        format!("zooms: {}", zooms(rng)),
        format!("blur_regions: {}", blur_regions(rng)),
        format!("motion_blur: {motion_blur}"),
    ];
    // Keep the two required fields, so that most scenes get as far as the value checks.
    let required: Vec<String> = all.drain(..2).collect();
    let rest = fields(rng, 0, all);
    let rest = &rest[1..rest.len() - 1];
    let mut text = format!("({}", required.join(", "));
    if !rest.is_empty() {
        text.push_str(", ");
        text.push_str(rest);
    }
    text.push(')');
    text.into_bytes()
}

/// The byte ranges of the numbers in `text`.
fn number_spans(text: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let starts = text[i].is_ascii_digit()
            || (text[i] == b'-' && text.get(i + 1).is_some_and(u8::is_ascii_digit));
        let after_word = i > 0 && (text[i - 1].is_ascii_alphanumeric() || text[i - 1] == b'_');
        if starts && !after_word {
            let start = i;
            i += 1;
            while i < text.len() && (text[i].is_ascii_alphanumeric() || b"._-+".contains(&text[i]))
            {
                i += 1;
            }
            spans.push((start, i));
        } else {
            i += 1;
        }
    }
    spans
}

/// The byte ranges of the string literals in `text`, quotes included.
fn string_spans(text: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i < text.len() {
        if text[i] == b'"' {
            let start = i;
            i += 1;
            while i < text.len() && text[i] != b'"' {
                i += if text[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(text.len());
            spans.push((start, i));
        } else {
            i += 1;
        }
    }
    spans
}

/// Changes `text` once, in one of several ways.
fn mutate(rng: &mut Gen, text: &mut Vec<u8>, seeds: &[Vec<u8>]) {
    let len = text.len();
    let at = rng.usize(..=len);
    match rng.u8(..11) {
        0 if len > 0 => {
            let i = rng.usize(..len);
            text[i] ^= 1 << rng.u8(..8);
        }
        1 if len > 0 => {
            let end = (at + rng.usize(1..32)).min(len);
            text.drain(at.min(end)..end);
        }
        2 if len > 0 => {
            let end = (at + rng.usize(1..64)).min(len);
            let copy = text[at.min(end)..end].to_vec();
            let to = rng.usize(..=len);
            text.splice(to..to, copy);
        }
        3 => {
            let token = match rng.u8(..4) {
                0 => format!("{}: ", pick(rng, FIELDS)),
                1 => pick(rng, WORDS).to_owned(),
                2 => number(rng),
                _ => pick(rng, PUNCTUATION).to_owned(),
            };
            text.splice(at..at, token.into_bytes());
        }
        4 => {
            let other = &seeds[rng.usize(..seeds.len())];
            let from = rng.usize(..=other.len());
            text.truncate(at);
            text.extend_from_slice(&other[from..]);
        }
        5 | 6 => {
            let spans = number_spans(text);
            if !spans.is_empty() {
                let (start, end) = spans[rng.usize(..spans.len())];
                let value = match rng.u8(..3) {
                    0 => format!("-{}", String::from_utf8_lossy(&text[start..end])),
                    _ => number(rng),
                };
                text.splice(start..end, value.into_bytes());
            }
        }
        7 => {
            // One extreme value in several places: both a rectangle's position and its
            // width, say, so that their sum overflows.
            let value = pick(rng, NUMBERS);
            let spans = number_spans(text);
            if !spans.is_empty() {
                let mut chosen: Vec<(usize, usize)> = (0..rng.usize(2..5))
                    .map(|_| spans[rng.usize(..spans.len())])
                    .collect();
                chosen.sort_unstable();
                chosen.dedup();
                for (start, end) in chosen.into_iter().rev() {
                    text.splice(start..end, value.bytes());
                }
            }
        }
        8 => {
            let spans = string_spans(text);
            if !spans.is_empty() {
                let (start, end) = spans[rng.usize(..spans.len())];
                text.splice(start..end, string(rng).into_bytes());
            }
        }
        9 => {
            if let Some(open) = text.iter().skip(at).position(|&b| b == b'[') {
                let open = at + open;
                if let Some(close) = text[open..].iter().position(|&b| b == b']') {
                    text.drain(open + 1..open + close);
                }
            }
        }
        _ => {
            // Repeat a stretch many times: long lists, deep nesting, long numbers.
            let end = (at + rng.usize(1..8)).min(len);
            let piece = text[at.min(end)..end].to_vec();
            let times = rng.usize(1..200);
            let copies: Vec<u8> = (0..times).flat_map(|_| piece.iter().copied()).collect();
            text.splice(at..at, copies);
        }
    }
}

/// How wild an input's values are: most inputs have one or a few extreme values among
/// plausible ones, so that they pass the checks they do not aim at. Inputs with none
/// here get one extreme value at a random place.
fn pick_wildness(rng: &mut Gen) -> u16 {
    match rng.u8(..6) {
        0..=2 => 0,
        3 => 10,
        4 => 50,
        _ => 300,
    }
}

/// Source sizes the evaluation is tried with.
const SOURCES: &[(u32, u32)] = &[(1920, 1080), (640, 480), (16, 16), (7680, 4320)];

/// Why a scene's evaluation is wrong.
fn check_look(look: &FrameLook) -> Result<(), &'static str> {
    let finite = |values: &[f32]| values.iter().all(|v| v.is_finite());
    let rect = |r: &reel_scene::PixelRect| finite(&[r.x, r.y, r.width, r.height]);
    let colour = |c: &reel_scene::LinearRgba| finite(&[c.red, c.green, c.blue, c.alpha]);
    let background = match &look.background {
        BackgroundLook::Solid(c) => colour(c),
        BackgroundLook::Linear { from, to, stops } => {
            finite(&[from.0, from.1, to.0, to.1])
                && stops.iter().all(|s| colour(&s.color) && s.at.is_finite())
        }
        BackgroundLook::Radial {
            center,
            radius,
            stops,
        } => {
            finite(&[center.0, center.1, *radius])
                && stops.iter().all(|s| colour(&s.color) && s.at.is_finite())
        }
        BackgroundLook::Image { blur } => blur.is_finite(),
        BackgroundLook::Blurred { radius, dim } => finite(&[*radius, *dim]),
    };
    if !background {
        return Err("the background");
    }
    if !(rect(&look.content) && look.content.width > 0.0 && look.content.height > 0.0) {
        return Err("the content rectangle");
    }
    if !look.corner_radius.is_finite() {
        return Err("the corner radius");
    }
    if let Some(border) = &look.border
        && !(border.width.is_finite() && colour(&border.color))
    {
        return Err("the border");
    }
    if let Some(shadow) = &look.shadow
        && !(rect(&shadow.rect)
            && finite(&[shadow.corner_radius, shadow.sigma])
            && colour(&shadow.color))
    {
        return Err("the shadow");
    }
    let view = |v: &reel_scene::Rect| {
        finite(&[v.x, v.y, v.width, v.height]) && v.width > 0.0 && v.height > 0.0
    };
    if look.views.is_empty() || !look.views.iter().all(view) {
        return Err("the view");
    }
    if !look
        .blurs
        .iter()
        .all(|b| finite(&[b.rect.x, b.rect.y, b.rect.width, b.rect.height, b.radius]))
    {
        return Err("a blurred region");
    }
    Ok(())
}

/// Evaluates a valid scene as an export and a preview would, at telling times.
fn evaluate(scene: &Scene, confinement: &Confinement) -> Result<(), String> {
    let _ = scene.confine(confinement).map_err(|e| e.to_string());
    for &source in SOURCES {
        if scene.validate_for_source(source, None).is_err() {
            continue;
        }
        let output = scene.output_size(source);
        if output.0 == 0 || output.1 == 0 {
            return Err(format!("output_size({source:?}) is {output:?}"));
        }
        let rate = scene.output.frame_rate().unwrap_or(FrameRate::whole(30));
        let fps = rate.as_f64();
        if !(fps.is_finite() && fps > 0.0 && rate.frame_time(1).is_finite()) {
            return Err(format!("the frame rate {rate:?} is not a positive number"));
        }
        let _ = confinement.check_output(output, rate, Some(u64::MAX));
        let trim = scene.source.trim;
        let duration = trim.end.map_or(10.0, |end| end - trim.start);
        let mut times = vec![
            0.0,
            duration / 2.0,
            duration,
            -1.0,
            -1e9,
            1e9,
            1e300,
            f64::MAX,
            f64::MIN,
        ];
        for zoom in &scene.zooms {
            let transition = zoom.transition();
            times.extend([
                zoom.start,
                zoom.start + transition / 2.0,
                zoom.end - transition / 2.0,
                zoom.end,
            ]);
        }
        times.extend(scene.blur_regions.iter().map(|r| r.start));
        for time in times {
            let look = scene.look_at(time, source, output, fps);
            check_look(&look).map_err(|what| {
                format!(
                    "look_at({time}, {source:?}, {output:?}, {fps}): {what} is not finite and positive: {look:?}"
                )
            })?;
        }
    }
    Ok(())
}

/// What the run saw, for the summary line.
#[derive(Debug, Default)]
struct Counts {
    inputs: u64,
    parsed: u64,
    loaded: u64,
    evaluated: u64,
}

/// The files a loaded scene may name, laid out as in the repository.
struct Workspace {
    root: PathBuf,
    scene: PathBuf,
    confinement: Confinement,
}

impl Workspace {
    fn new() -> Self {
        // One folder per process, so that runs side by side do not meet.
        let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("scene_fuzz_{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("scenes")).unwrap();
        std::fs::create_dir_all(root.join("assets/media")).unwrap();
        std::fs::write(root.join("assets/media/demo.mp4"), b"placeholder").unwrap();
        std::fs::write(root.join("assets/media/wallpaper.png"), b"placeholder").unwrap();
        std::fs::write(root.join("scenes/in.mp4"), b"placeholder").unwrap();
        Self {
            root: root.clone(),
            scene: root.join("scenes/fuzz.ron"),
            confinement: Confinement::new(&root).unwrap(),
        }
    }

    /// Reads `text` as the export command would; `Err` says what went wrong.
    fn check(&self, index: u64, text: &[u8], counts: &mut Counts) -> Result<(), String> {
        let lossy = String::from_utf8_lossy(text);
        match Scene::from_ron(&lossy, &self.scene) {
            Ok(scene) => {
                counts.parsed += 1;
                counts.evaluated += 1;
                evaluate(&scene, &self.confinement)?;
            }
            Err(error) => {
                let _ = error.to_string();
            }
        }
        if index.is_multiple_of(LOAD_EVERY) {
            std::fs::write(&self.scene, text).unwrap();
            match Scene::load(&self.scene) {
                Ok(scene) => {
                    counts.loaded += 1;
                    evaluate(&scene, &self.confinement)?;
                }
                Err(error) => {
                    let _ = error.to_string();
                }
            }
        }
        Ok(())
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(value) => value
            .parse()
            .unwrap_or_else(|_| panic!("{name}: expected a whole number, got {value:?}")),
        Err(_) => default,
    }
}

/// The scenes in `scenes/`, as seeds for mutation.
fn repository_scenes() -> Vec<Vec<u8>> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenes");
    let mut seeds: Vec<Vec<u8>> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "ron"))
        .map(|path| std::fs::read(path).unwrap())
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 10, "expected the scenes in {folder:?}");
    seeds
}

/// Shows an input in a failure message, shortened when long.
fn show(text: &[u8]) -> String {
    const LIMIT: usize = 4000;
    let lossy = String::from_utf8_lossy(text);
    if lossy.len() > LIMIT {
        let cut = lossy.floor_char_boundary(LIMIT);
        format!("{:?}… ({} bytes)", &lossy[..cut], text.len())
    } else {
        format!("{lossy:?}")
    }
}

#[test]
fn any_text_reads_as_a_scene_or_an_error_and_valid_scenes_evaluate_to_finite_looks() {
    let iterations = env_number("REEL_FUZZ_ITERATIONS", DEFAULT_ITERATIONS);
    let seed = env_number("REEL_FUZZ_SEED", DEFAULT_SEED);
    let mut rng = Gen {
        rng: Rng::with_seed(seed),
        wild: 0,
        burst: (String::new(), 0),
        values: (0, None),
    };
    let seeds = repository_scenes();
    let workspace = Workspace::new();
    let mut counts = Counts::default();
    let started = std::time::Instant::now();
    for index in 0..iterations {
        rng.wild = pick_wildness(&mut rng);
        rng.burst.1 = 0;
        rng.values = (0, (rng.wild == 0).then(|| rng.u32(..60)));
        let mut text = match rng.u8(..16) {
            0 => random_bytes(&mut rng),
            1 => token_soup(&mut rng),
            2..=6 => random_scene(&mut rng),
            _ => seeds[rng.usize(..seeds.len())].clone(),
        };
        let mutations = match rng.u8(..4) {
            0 => 0,
            1 => 1,
            2 => rng.usize(2..4),
            _ => rng.usize(1..8),
        };
        for _ in 0..mutations {
            mutate(&mut rng, &mut text, &seeds);
        }
        counts.inputs += 1;
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            workspace.check(index, &text, &mut counts)
        }));
        let failure = match outcome {
            Ok(Ok(())) => continue,
            Ok(Err(message)) => message,
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                format!("panicked: {message}")
            }
        };
        panic!(
            "input {index} (REEL_FUZZ_SEED={seed}) {failure}\ninput: {}",
            show(&text)
        );
    }
    let _ = std::fs::remove_dir_all(&workspace.root);
    println!(
        "{} inputs (seed {seed}) in {:.1} s: {} parsed and valid, {} loaded from a file, {} evaluated",
        counts.inputs,
        started.elapsed().as_secs_f64(),
        counts.parsed,
        counts.loaded,
        counts.evaluated + counts.loaded,
    );
}
