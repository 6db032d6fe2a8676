//! Captions over time: the cue or cues showing at a frame's time, each set once into a
//! picture and kept while it shows.

use crate::cue::CaptionTrack;
use crate::fonts::{FontError, font_system};
use crate::raster::{TextSetter, TextStyle};
use reel_plan::{OverlayLayer, OverlayPicture};
use reel_scene::{CaptionPosition, Captions};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The most cue pictures kept at once; older ones are set again if shown again.
const KEPT_PICTURES: usize = 16;

/// The vertical room between stacked cues, as a share of the text's size.
const STACK_GAP: f32 = 0.3;

/// A scene's captions for one export: its cues, how they look, and the pictures of the
/// cues shown lately. Shared by the threads that plan frames.
#[derive(Debug)]
pub struct Captioner {
    track: CaptionTrack,
    captions: Captions,
    output: (u32, u32),
    setter: Mutex<Setting>,
}

/// A cue's picture: the cue's index and the word it highlights, if any.
type PictureKey = (usize, Option<usize>);

/// Cues stacked: each cue's picture and the bits of its opacity.
type Stack = Vec<(PictureKey, u32)>;

struct Setting {
    setter: TextSetter,
    /// Each kept picture of a cue (and of the word it highlights), with the count of
    /// uses when it was last used.
    pictures: HashMap<PictureKey, (Arc<OverlayPicture>, u64)>,
    uses: u64,
    /// The last stack of overlapping cues: which cues (and words) at which opacities,
    /// and its picture, kept while they stay the same.
    stacked: Option<(Stack, Arc<OverlayPicture>)>,
}

impl std::fmt::Debug for Setting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The pictures' pixels are megabytes: say how many are kept, not what they hold.
        f.debug_struct("Setting")
            .field("setter", &self.setter)
            .field("pictures", &self.pictures.len())
            .field("uses", &self.uses)
            .finish()
    }
}

impl Captioner {
    /// Captions for an `output`-sized export: `track`'s cues drawn as `captions` asks.
    pub fn new(
        track: CaptionTrack,
        captions: &Captions,
        output: (u32, u32),
    ) -> Result<Self, FontError> {
        let setter = TextSetter::new(font_system(&captions.font)?);
        Ok(Captioner {
            track,
            captions: captions.clone(),
            output,
            setter: Mutex::new(Setting {
                setter,
                pictures: HashMap::new(),
                uses: 0,
                stacked: None,
            }),
        })
    }

    /// The captions' look and clock, as the scene gives them.
    pub fn captions(&self) -> &Captions {
        &self.captions
    }

    /// The cues read.
    pub fn track(&self) -> &CaptionTrack {
        &self.track
    }

    /// The family the text is set in.
    pub fn family(&self) -> String {
        self.lock().setter.family().to_owned()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Setting> {
        // A thread that panicked while setting text leaves nothing half-made behind.
        self.setter.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The style of the text in output pixels.
    fn style(&self) -> TextStyle {
        let c = &self.captions;
        let size = c.size * self.output.1 as f32;
        TextStyle {
            size,
            color: c.color.rgba,
            outline: c.outline.map(|o| (o.width, o.color.rgba)),
            background: c
                .background
                .map(|b| (b.color.rgba, b.radius, b.padding * size)),
            max_width: c.max_width * self.output.0 as f32,
        }
    }

    /// The tallest a cue's picture may be: the frame less its margins.
    fn max_height(&self) -> f32 {
        (self.output.1 as f32 - 2.0 * self.captions.margin).max(self.output.1 as f32 * 0.2)
    }

    /// The picture of cue `index` with its word `word` highlighted, set now or kept
    /// from before.
    fn cue_picture(
        &self,
        setting: &mut Setting,
        (index, word): (usize, Option<usize>),
    ) -> Arc<OverlayPicture> {
        setting.uses += 1;
        let uses = setting.uses;
        let key = (index, word);
        if let Some((picture, used)) = setting.pictures.get_mut(&key) {
            *used = uses;
            return picture.clone();
        }
        if setting.pictures.len() >= KEPT_PICTURES
            && let Some(&oldest) = setting
                .pictures
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(k, _)| k)
        {
            setting.pictures.remove(&oldest);
        }
        let cue = &self.track.cues[index];
        let highlight = word
            .and_then(|w| cue.words.get(w))
            .zip(self.captions.highlight)
            .map(|(w, color)| (&w.range, color.rgba));
        let style = self.style();
        let picture = setting
            .setter
            .picture(&cue.text, (&style, highlight), self.max_height());
        let picture = Arc::new(picture);
        setting.pictures.insert(key, (picture.clone(), uses));
        picture
    }

    /// The captions over the frame at `time` (on the captions' clock), if a cue shows
    /// then.
    pub fn layer_at(&self, time: f64) -> Option<OverlayLayer> {
        let showing: Vec<((usize, Option<usize>), f32)> = self
            .track
            .showing(time)
            .into_iter()
            .map(|i| {
                let cue = &self.track.cues[i];
                let word = self.captions.highlight.and_then(|_| cue.word_at(time));
                ((i, word), self.captions.opacity((cue.start, cue.end), time))
            })
            .filter(|(_, opacity)| *opacity > 0.0)
            .collect();
        let mut setting = self.lock();
        let (picture, opacity) = match showing.as_slice() {
            [] => return None,
            [(index, opacity)] => (self.cue_picture(&mut setting, *index), *opacity),
            several => {
                let key: Stack = several.iter().map(|&(i, o)| (i, o.to_bits())).collect();
                match &setting.stacked {
                    Some((kept, picture)) if *kept == key => (picture.clone(), 1.0),
                    _ => {
                        let pictures: Vec<(Arc<OverlayPicture>, f32)> = several
                            .iter()
                            .map(|&(i, o)| (self.cue_picture(&mut setting, i), o))
                            .collect();
                        let gap = (STACK_GAP * self.style().size).round() as u32;
                        let picture = Arc::new(stack(&pictures, gap));
                        setting.stacked = Some((key, picture.clone()));
                        (picture, 1.0)
                    }
                }
            }
        };
        drop(setting);
        Some(OverlayLayer {
            origin: self.place((picture.width, picture.height)),
            picture,
            opacity,
        })
    }

    /// Where a `size` picture's top-left pixel goes: centred across the frame, at the
    /// captions' position.
    fn place(&self, size: (u32, u32)) -> (i32, i32) {
        let (w, h) = (self.output.0 as i32, self.output.1 as i32);
        let (pw, ph) = (size.0 as i32, size.1 as i32);
        let margin = self.captions.margin.round() as i32;
        let y = match self.captions.position {
            CaptionPosition::Bottom => h - margin - ph,
            CaptionPosition::Top => margin,
            CaptionPosition::Middle => (h - ph) / 2,
        };
        ((w - pw) / 2, y)
    }
}

/// Pictures stacked top to bottom, each centred and made as opaque as its share says,
/// `gap` pixels apart.
fn stack(pictures: &[(Arc<OverlayPicture>, f32)], gap: u32) -> OverlayPicture {
    let width = pictures.iter().map(|(p, _)| p.width).max().unwrap_or(1);
    let height = pictures.iter().map(|(p, _)| p.height).sum::<u32>()
        + gap * (pictures.len() as u32).saturating_sub(1);
    let mut pixels = vec![0u8; 4 * (width * height) as usize];
    let mut top = 0;
    for (picture, opacity) in pictures {
        let left = (width - picture.width) / 2;
        for row in 0..picture.height {
            for column in 0..picture.width {
                let from = 4 * (row * picture.width + column) as usize;
                let to = 4 * ((top + row) * width + left + column) as usize;
                let [r, g, b, a] = [0, 1, 2, 3].map(|c| picture.pixels[from + c]);
                let a = (f32::from(a) * opacity).round() as u8;
                pixels[to..to + 4].copy_from_slice(&[r, g, b, a]);
            }
        }
        top += picture.height + gap;
    }
    OverlayPicture::new(width, height, pixels)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn captioner(text: &[u8], name: &str) -> Captioner {
        let (track, _) = CaptionTrack::parse(text, name.as_ref()).unwrap();
        Captioner::new(track, &Captions::new(name), (640, 360)).unwrap()
    }

    #[test]
    fn the_highlight_follows_the_spoken_word_and_the_box_stays_put() {
        let json = br#"{"segments": [{"start": 0.0, "end": 2.0, "text": "one two",
            "words": [{"word": "one", "start": 0.0, "end": 1.0},
                      {"word": "two", "start": 1.0, "end": 2.0}]}]}"#;
        let captioner = captioner(json, "t.json");
        let first = captioner.layer_at(0.5).unwrap();
        let second = captioner.layer_at(1.5).unwrap();
        assert_ne!(first.picture.digest, second.picture.digest);
        assert_eq!(first.origin, second.origin);
        assert_eq!(
            (first.picture.width, first.picture.height),
            (second.picture.width, second.picture.height)
        );
        // The same word's picture is set once and kept.
        let again = captioner.layer_at(0.6).unwrap();
        assert!(Arc::ptr_eq(&first.picture, &again.picture));
        assert!(captioner.layer_at(2.0).is_none());
    }

    #[test]
    fn overlapping_cues_stack_into_one_taller_picture() {
        let srt = b"1\n00:00:00,000 --> 00:00:02,000\nfirst\n\n2\n00:00:01,000 --> 00:00:03,000\nsecond\n";
        let captioner = captioner(srt, "a.srt");
        let one = captioner.layer_at(0.5).unwrap();
        let both = captioner.layer_at(1.5).unwrap();
        // While neither fades, the stack is made once.
        let again = captioner.layer_at(1.6).unwrap();
        assert!(Arc::ptr_eq(&both.picture, &again.picture));
        assert!(both.picture.height > one.picture.height * 2);
        // Both sit `margin` above the bottom edge.
        let bottom = |l: &OverlayLayer| l.origin.1 + l.picture.height as i32;
        assert_eq!(bottom(&one), 360 - 48);
        assert_eq!(bottom(&both), 360 - 48);
    }
}
