//! The keystroke overlay over time: at each frame, the pills showing, each drawn once
//! per text and laid out in a row.

use crate::fonts::{FontError, font_system};
use crate::keys::KeyPress;
use crate::raster::{TextSetter, TextStyle};
use crate::strokes::{Stroke, strokes};
use reel_plan::{OverlayLayer, OverlayPicture};
use reel_scene::Keystrokes;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Pills kept drawn at once, at most; more are drawn again when shown again.
const KEPT_PICTURES: usize = 64;

/// Seconds a frame's time may fall short of a key's and still show it: a key placed on
/// the output's clock through a trim lands a rounding error after the frame at its
/// moment.
const TIME_SLACK: f64 = 1e-6;

/// The gap between two pills, as a share of the text's size.
const GAP: f32 = 0.3;

struct Drawing {
    setter: TextSetter,
    /// Each text's pill, drawn lately.
    kept: HashMap<String, Arc<OverlayPicture>>,
}

/// The keystroke overlay of one export: the pills its key presses make, and those drawn
/// lately. Shared by the threads that plan frames.
pub struct Keystroker {
    settings: Keystrokes,
    output: (u32, u32),
    presses: usize,
    strokes: Vec<Stroke>,
    drawing: Mutex<Drawing>,
}

impl std::fmt::Debug for Keystroker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keystroker")
            .field("presses", &self.presses)
            .field("pills", &self.strokes.len())
            .field("output", &self.output)
            .finish_non_exhaustive()
    }
}

impl Keystroker {
    /// The overlay of `presses` (on the output's clock, in time order) for an
    /// `output`-sized export, in `settings`' look, its font loaded.
    pub fn new(
        presses: &[KeyPress],
        settings: &Keystrokes,
        output: (u32, u32),
    ) -> Result<Self, FontError> {
        let setter = TextSetter::new(font_system(&settings.font)?);
        Ok(Keystroker {
            strokes: strokes(presses, settings.labels, settings.typing, settings.linger),
            presses: presses.len(),
            settings: settings.clone(),
            output,
            drawing: Mutex::new(Drawing {
                setter,
                kept: HashMap::new(),
            }),
        })
    }

    /// The scene's settings.
    pub fn settings(&self) -> &Keystrokes {
        &self.settings
    }

    /// The key presses shown (of the scene's recording, on the output's clock).
    pub fn presses(&self) -> usize {
        self.presses
    }

    /// The pills they make.
    pub fn strokes(&self) -> &[Stroke] {
        &self.strokes
    }

    /// The family the pills are set in.
    pub fn family(&self) -> String {
        self.lock().setter.family().to_string()
    }

    /// The output seconds from the first pill's start to the last one's end; `None`
    /// when there are none.
    pub fn span(&self) -> Option<(f64, f64)> {
        let first = self.strokes.first()?;
        let end = self
            .strokes
            .iter()
            .map(|s| s.last)
            .fold(f64::NEG_INFINITY, f64::max);
        Some((first.start, end + self.settings.linger))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Drawing> {
        // A thread that panicked while drawing leaves nothing half-made behind.
        self.drawing.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The pills showing at output time `time`, left to right, each at its opacity.
    pub fn layers(&self, time: f64) -> Vec<OverlayLayer> {
        let time = time + TIME_SLACK;
        let linger = self.settings.linger;
        // Pills start in time order: those started by `time`, and still showing.
        let started = self.strokes.partition_point(|s| s.start <= time);
        let mut showing: Vec<(&Stroke, f32)> = self.strokes[..started]
            .iter()
            .rev()
            .filter_map(|s| {
                let opacity = self.settings.opacity((s.start, s.last + linger), time);
                (opacity > 0.0).then_some((s, opacity))
            })
            .take(self.settings.max as usize)
            .collect();
        if showing.is_empty() {
            return Vec::new();
        }
        showing.reverse();
        let mut drawing = self.lock();
        let pictures: Vec<(Arc<OverlayPicture>, f32)> = showing
            .iter()
            .map(|(stroke, opacity)| (self.pill(&mut drawing, &stroke.text_at(time)), *opacity))
            .collect();
        self.row(pictures)
    }

    /// `pictures` laid out in a row placed by the settings' `at` and `anchor`.
    fn row(&self, pictures: Vec<(Arc<OverlayPicture>, f32)>) -> Vec<OverlayLayer> {
        let (w, h) = (self.output.0 as f32, self.output.1 as f32);
        let gap = (GAP * self.settings.size * h).round() as i32;
        let width: i32 = pictures.iter().map(|(p, _)| p.width as i32).sum::<i32>()
            + gap * (pictures.len() as i32 - 1);
        let height = pictures.iter().map(|(p, _)| p.height).max().unwrap_or(0) as i32;
        let (fx, fy) = self.settings.anchor.fractions();
        let left = (self.settings.at.0 * w - fx * width as f32).round() as i32;
        let top = (self.settings.at.1 * h - fy * height as f32).round() as i32;
        let mut x = left;
        pictures
            .into_iter()
            .map(|(picture, opacity)| {
                let origin = (x, top + (height - picture.height as i32) / 2);
                x += picture.width as i32 + gap;
                OverlayLayer {
                    picture,
                    origin,
                    opacity,
                }
            })
            .collect()
    }

    /// The pill of `text`, drawn once while kept.
    fn pill(&self, drawing: &mut Drawing, text: &str) -> Arc<OverlayPicture> {
        if let Some(picture) = drawing.kept.get(text) {
            return picture.clone();
        }
        let s = &self.settings;
        let size = s.size * self.output.1 as f32;
        let style = TextStyle {
            size,
            color: s.color.rgba,
            outline: None,
            background: s
                .background
                .map(|b| (b.color.rgba, b.radius, b.padding * size)),
            max_width: 0.9 * self.output.0 as f32,
        };
        let picture = Arc::new(
            drawing
                .setter
                .picture(text, (&style, None), self.output.1 as f32),
        );
        if drawing.kept.len() >= KEPT_PICTURES {
            drawing.kept.clear();
        }
        drawing.kept.insert(text.to_string(), picture.clone());
        picture
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::KeyTrack;
    use std::path::Path;

    fn keystroker(lines: &str, settings: &str) -> Keystroker {
        let presses = KeyTrack::parse(lines, Path::new("k.jsonl"))
            .unwrap()
            .presses;
        let settings: Keystrokes =
            ron::from_str(&format!("(path: \"k.jsonl\", {settings})")).unwrap();
        Keystroker::new(&presses, &settings, (640, 360)).unwrap()
    }

    #[test]
    fn a_pill_shows_from_its_key_for_its_linger() {
        let keys = keystroker(
            "{\"t\": 1.0, \"key\": \"c\", \"modifiers\": [\"ctrl\"]}\n",
            "linger: 1.0",
        );
        assert!(keys.layers(0.99).is_empty());
        let shown = keys.layers(1.5);
        assert_eq!(shown.len(), 1);
        assert_eq!(shown[0].opacity, 1.0);
        // Centred across the frame, its bottom at 93 % of the height.
        let pill = &shown[0];
        let centre = pill.origin.0 + pill.picture.width as i32 / 2;
        assert!((centre - 320).abs() <= 1, "{:?}", pill.origin);
        assert_eq!(pill.origin.1 + pill.picture.height as i32, 335);
        assert!(keys.layers(2.0).is_empty());
        // Drawn once while it shows.
        assert!(Arc::ptr_eq(&shown[0].picture, &keys.layers(1.6)[0].picture));
        assert_eq!(keys.span(), Some((1.0, 2.0)));
    }

    #[test]
    fn pills_make_a_row_of_at_most_max_newest_at_the_right() {
        let keys = keystroker(
            "{\"t\": 1.0, \"key\": \"a\", \"modifiers\": [\"ctrl\"]}\n\
             {\"t\": 1.1, \"key\": \"b\", \"modifiers\": [\"ctrl\"]}\n\
             {\"t\": 1.2, \"key\": \"c\", \"modifiers\": [\"ctrl\"]}\n",
            "max: 2, fade: 0",
        );
        assert_eq!(keys.layers(1.05).len(), 1);
        let row = keys.layers(1.3);
        assert_eq!(row.len(), 2, "the oldest has gone");
        assert!(row[0].origin.0 + (row[0].picture.width as i32) < row[1].origin.0);
        let ctrl_c = keys.layers(1.3)[1].picture.clone();
        assert!(Arc::ptr_eq(&ctrl_c, &row[1].picture));
    }

    #[test]
    fn a_pill_fades_out() {
        let keys = keystroker(
            "{\"t\": 1.0, \"key\": \"enter\"}\n",
            "linger: 1.0, fade: 0.2",
        );
        let fading = keys.layers(1.9)[0].opacity;
        assert!((fading - 0.5).abs() < 1e-3, "{fading}");
    }
}
