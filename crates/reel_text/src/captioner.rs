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

#[derive(Debug)]
struct Setting {
    setter: TextSetter,
    /// Each kept cue's picture, with the frame count when it was last used.
    pictures: HashMap<usize, (Arc<OverlayPicture>, u64)>,
    uses: u64,
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

    /// The picture of cue `index`, set now or kept from before.
    fn cue_picture(&self, setting: &mut Setting, index: usize) -> Arc<OverlayPicture> {
        setting.uses += 1;
        let uses = setting.uses;
        if let Some((picture, used)) = setting.pictures.get_mut(&index) {
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
        let text = &self.track.cues[index].text;
        let picture = Arc::new(
            setting
                .setter
                .picture(text, &self.style(), self.max_height()),
        );
        setting.pictures.insert(index, (picture.clone(), uses));
        picture
    }

    /// The captions over the frame at `time` (on the captions' clock), if a cue shows
    /// then.
    pub fn layer_at(&self, time: f64) -> Option<OverlayLayer> {
        let showing: Vec<(usize, f32)> = self
            .track
            .showing(time)
            .into_iter()
            .map(|i| {
                let cue = &self.track.cues[i];
                (i, self.captions.opacity((cue.start, cue.end), time))
            })
            .filter(|(_, opacity)| *opacity > 0.0)
            .collect();
        let mut setting = self.lock();
        let (picture, opacity) = match showing.as_slice() {
            [] => return None,
            [(index, opacity)] => (self.cue_picture(&mut setting, *index), *opacity),
            several => {
                let pictures: Vec<(Arc<OverlayPicture>, f32)> = several
                    .iter()
                    .map(|&(i, o)| (self.cue_picture(&mut setting, i), o))
                    .collect();
                let gap = (STACK_GAP * self.style().size).round() as u32;
                (Arc::new(stack(&pictures, gap)), 1.0)
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
