//! A scene's annotations over time: at each frame, the pictures of the annotations
//! showing, placed on the output (following the recording through zooms when they are
//! in its pixels), made one picture with the captions, and the spotlight.

use crate::flatten::Flattener;
use crate::fonts::{FontError, font_system};
use crate::raster::{TextSetter, TextStyle};
use crate::shapes::Shape;
use reel_cursor::{CursorImageData, draw_image};
use reel_plan::{KeyHasher, MediaLayer, OverlayLayer, OverlayPicture, SpotlightLayer};
use reel_scene::{
    ANNOTATION_REFERENCE_HEIGHT, Anchor, Annotation, Font, ImageNote, PixelRect, Rect, Space,
    TextNote,
};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Why an annotation cannot be drawn.
#[derive(Debug, thiserror::Error)]
pub enum AnnotationError {
    /// Its font cannot be used.
    #[error("font: {0}")]
    Font(FontError),
    /// Its picture cannot be read or is not a PNG image Reel draws.
    #[error("{}: {reason}", path.display())]
    Image {
        /// The picture's file.
        path: PathBuf,
        /// What is wrong with it, in a few words.
        reason: String,
    },
}

impl AnnotationError {
    /// The annotation's field the error is about: `font` or `path`.
    pub fn field(&self) -> &'static str {
        match self {
            AnnotationError::Font(_) => "font",
            AnnotationError::Image { .. } => "path",
        }
    }

    /// What is wrong, without the field's name.
    pub fn message(&self) -> String {
        match self {
            AnnotationError::Font(font) => font.to_string(),
            AnnotationError::Image { .. } => self.to_string(),
        }
    }
}

/// What the annotations put over one frame.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Annotated {
    /// The annotations' pictures and the captions', made one, over everything.
    pub overlay: Option<OverlayLayer>,
    /// The spotlight showing, if any.
    pub spotlight: Option<SpotlightLayer>,
}

/// How one frame maps an annotation's space onto the output.
#[derive(Debug, Clone, Copy)]
struct Mapping {
    /// The recording's rounded rectangle `(x, y, width, height, radius)` in output
    /// pixels, which annotations in its pixels are cut to.
    clip: Option<[f32; 5]>,
    /// Output pixels per unit along x and y, and the offset: `out = at * scale + shift`.
    scale: (f32, f32),
    shift: (f32, f32),
    /// Output pixels per length unit.
    length: f32,
}

impl Mapping {
    fn point(&self, p: (f32, f32)) -> (f32, f32) {
        (
            p.0 * self.scale.0 + self.shift.0,
            p.1 * self.scale.1 + self.shift.1,
        )
    }

    fn rect(&self, r: &Rect) -> [f32; 4] {
        let (x, y) = self.point((r.x, r.y));
        [x, y, r.width * self.scale.0, r.height * self.scale.1]
    }

    /// Its digest, for keys of pictures drawn through it.
    fn hash(&self, h: &mut KeyHasher) {
        h.f32(self.scale.0)
            .f32(self.scale.1)
            .f32(self.shift.0)
            .f32(self.shift.1)
            .f32(self.length);
        for v in self.clip.unwrap_or_default() {
            h.f32(v);
        }
    }
}

/// The last picture of an annotation: the digest of what it was drawn from, and it.
type Kept = (u64, Option<(Arc<OverlayPicture>, (i32, i32))>);

struct Drawing {
    /// A text setter for each font the scene's texts use.
    setters: Vec<(Font, TextSetter)>,
    /// Each annotation's last picture, by its index.
    kept: HashMap<usize, Kept>,
}

/// A scene's annotations for one export, with the pictures drawn lately. Shared by the
/// threads that plan frames.
pub struct Annotator {
    notes: Vec<Annotation>,
    output: (u32, u32),
    /// Each image annotation's picture, by its index.
    images: HashMap<usize, CursorImageData>,
    drawing: Mutex<Drawing>,
    /// The frame's pictures made one.
    flattener: Flattener,
}

impl std::fmt::Debug for Annotator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Annotator")
            .field("notes", &self.notes.len())
            .field("output", &self.output)
            .finish_non_exhaustive()
    }
}

impl Annotator {
    /// The annotations `notes` of an `output`-sized export, their fonts loaded and
    /// their pictures read; the index of the first that cannot be, and why.
    pub fn new(notes: &[Annotation], output: (u32, u32)) -> Result<Self, (usize, AnnotationError)> {
        let mut setters: Vec<(Font, TextSetter)> = Vec::new();
        let mut images = HashMap::new();
        for (i, note) in notes.iter().enumerate() {
            match note {
                Annotation::Text(text) if !setters.iter().any(|(f, _)| *f == text.font) => {
                    let fonts =
                        font_system(&text.font).map_err(|e| (i, AnnotationError::Font(e)))?;
                    setters.push((text.font.clone(), TextSetter::new(fonts)));
                }
                Annotation::Image(image) => {
                    images.insert(i, read_image(image).map_err(|e| (i, e))?);
                }
                _ => {}
            }
        }
        Ok(Annotator {
            notes: notes.to_vec(),
            output,
            images,
            drawing: Mutex::new(Drawing {
                setters,
                kept: HashMap::new(),
            }),
            flattener: Flattener::new(output),
        })
    }

    /// The annotations.
    pub fn notes(&self) -> &[Annotation] {
        &self.notes
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Drawing> {
        // A thread that panicked while drawing leaves nothing half-made behind.
        self.drawing.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// What the annotations showing at output time `time` put over a frame whose
    /// recording is `media`, with `above` (the keystrokes' and captions' pictures, back
    /// to front) over them.
    pub fn frame(&self, time: f64, media: &MediaLayer, above: Vec<OverlayLayer>) -> Annotated {
        let mut drawing = self.lock();
        let mut layers = Vec::new();
        let mut spotlight = None;
        for (i, note) in self.notes.iter().enumerate() {
            let when = note.time();
            let opacity = when.opacity(time);
            if opacity <= 0.0 {
                continue;
            }
            let mapping = self.mapping(when.space, media);
            if let Annotation::Spotlight(spot) = note {
                let [x, y, width, height] = mapping.rect(&spot.rect);
                spotlight = Some(SpotlightLayer {
                    rect: PixelRect {
                        x,
                        y,
                        width,
                        height,
                    },
                    radius: spot.radius * mapping.length,
                    feather: spot.feather * mapping.length,
                    dim: spot.dim * opacity,
                });
                continue;
            }
            if let Some((picture, origin)) = self.picture(&mut drawing, i, mapping) {
                let opacity = match note {
                    Annotation::Image(image) => opacity * image.opacity,
                    _ => opacity,
                };
                layers.push(OverlayLayer {
                    picture,
                    origin,
                    opacity,
                });
            }
        }
        drop(drawing);
        layers.extend(above);
        let overlay = self.flattener.flatten(&layers);
        Annotated { overlay, spotlight }
    }

    /// How a frame showing `media` maps `space` onto the output.
    fn mapping(&self, space: Space, media: &MediaLayer) -> Mapping {
        let (w, h) = (self.output.0 as f32, self.output.1 as f32);
        match space {
            Space::Output => Mapping {
                clip: None,
                scale: (w, h),
                shift: (0.0, 0.0),
                length: h / ANNOTATION_REFERENCE_HEIGHT,
            },
            Space::Source => {
                let view = &media.views[media.views.len() / 2];
                let c = &media.placement;
                let scale = (c.width / view.width, c.height / view.height);
                Mapping {
                    clip: Some([c.x, c.y, c.width, c.height, media.corner_radius]),
                    scale,
                    shift: (c.x - view.x * scale.0, c.y - view.y * scale.1),
                    length: scale.0,
                }
            }
        }
    }

    /// Annotation `index`'s picture drawn through `mapping`, kept while the mapping
    /// stays the same.
    fn picture(
        &self,
        drawing: &mut Drawing,
        index: usize,
        mapping: Mapping,
    ) -> Option<(Arc<OverlayPicture>, (i32, i32))> {
        let mut h = KeyHasher::new(index as u32);
        mapping.hash(&mut h);
        let key = h.finish().0;
        if let Some((kept, picture)) = drawing.kept.get(&index)
            && *kept == key
        {
            return picture.clone();
        }
        let drawn = self
            .draw(drawing, index, mapping)
            .and_then(|(picture, origin)| match mapping.clip {
                Some(clip) => cut_to(picture, origin, clip),
                None => Some((picture, origin)),
            })
            .map(|(picture, origin)| (Arc::new(picture), origin));
        drawing.kept.insert(index, (key, drawn.clone()));
        drawn
    }

    /// Draws annotation `index` through `mapping`.
    fn draw(
        &self,
        drawing: &mut Drawing,
        index: usize,
        m: Mapping,
    ) -> Option<(OverlayPicture, (i32, i32))> {
        let shape = match &self.notes[index] {
            Annotation::Text(text) => return self.draw_text(drawing, text, m),
            Annotation::Image(image) => return self.draw_image(index, image, m),
            Annotation::Spotlight(_) => return None,
            Annotation::Arrow(a) => Shape::Arrow {
                from: m.point(a.from),
                to: m.point(a.to),
                width: a.width * m.length,
                head: a.head,
                color: a.color.rgba,
            },
            Annotation::Box(b) => Shape::Box {
                rect: m.rect(&b.rect),
                radius: b.radius * m.length,
                line: b.width * m.length,
                color: b.color.rgba,
                fill: b.fill.map(|c| c.rgba),
            },
            Annotation::Ellipse(e) => Shape::Ellipse {
                rect: m.rect(&e.rect),
                line: e.width * m.length,
                color: e.color.rgba,
                fill: e.fill.map(|c| c.rgba),
            },
        };
        shape.draw(self.output)
    }

    /// A text annotation set at its size through `m`, placed by its anchor.
    fn draw_text(
        &self,
        drawing: &mut Drawing,
        text: &TextNote,
        m: Mapping,
    ) -> Option<(OverlayPicture, (i32, i32))> {
        let size = text.size * m.length;
        if size < 1.0 {
            return None;
        }
        let style = TextStyle {
            size,
            color: text.color.rgba,
            outline: text.outline.map(|o| (o.width * m.length, o.color.rgba)),
            background: text
                .background
                .map(|b| (b.color.rgba, b.radius * m.length, b.padding * size)),
            max_width: text
                .max_width
                .map_or(0.8 * self.output.0 as f32, |w| w * m.length),
        };
        let setter = &mut drawing
            .setters
            .iter_mut()
            .find(|(font, _)| *font == text.font)?
            .1;
        let picture = setter.picture(&text.text, (&style, None), self.output.1 as f32);
        let origin = anchored(
            m.point(text.at),
            text.anchor,
            (picture.width as f32, picture.height as f32),
        );
        Some((picture, (origin.0.round() as i32, origin.1.round() as i32)))
    }

    /// An image annotation resampled to its width through `m`, placed by its anchor.
    fn draw_image(
        &self,
        index: usize,
        note: &ImageNote,
        m: Mapping,
    ) -> Option<(OverlayPicture, (i32, i32))> {
        let image = self.images.get(&index)?;
        let width = note.width.unwrap_or(image.width as f32) * m.length;
        let height = width * image.height as f32 / image.width as f32;
        let at = anchored(m.point(note.at), note.anchor, (width, height));
        let phase = (at.0 - at.0.floor(), at.1 - at.1.floor());
        let bitmap = draw_image(image, height, phase);
        if bitmap.width == 0 || bitmap.height == 0 {
            return None;
        }
        let origin = bitmap.top_left(at);
        Some((
            OverlayPicture::new(bitmap.width, bitmap.height, bitmap.pixels),
            origin,
        ))
    }
}

/// `picture` (its top-left pixel at output pixel `origin`) with what lies outside the
/// rounded rectangle `clip` (`x, y, width, height, radius`) cut away; `None` when
/// nothing is left.
fn cut_to(
    mut picture: OverlayPicture,
    origin: (i32, i32),
    [x, y, width, height, radius]: [f32; 5],
) -> Option<(OverlayPicture, (i32, i32))> {
    let radius = radius.min(width / 2.0).min(height / 2.0).max(0.0);
    let mut left = 0;
    for (i, pixel) in picture.pixels.chunks_exact_mut(4).enumerate() {
        if pixel[3] == 0 {
            continue;
        }
        let column = (i % picture.width as usize) as i32;
        let row = (i / picture.width as usize) as i32;
        let p = (
            (origin.0 + column) as f32 + 0.5,
            (origin.1 + row) as f32 + 0.5,
        );
        let d = crate::shapes::rounded_rect_distance(p, [x, y, width, height], radius);
        let cover = (0.5 - d).clamp(0.0, 1.0);
        pixel[3] = (f32::from(pixel[3]) * cover).round() as u8;
        if pixel[3] == 0 {
            pixel.fill(0);
        } else {
            left += 1;
        }
    }
    (left > 0).then(|| {
        let picture = OverlayPicture::new(picture.width, picture.height, picture.pixels);
        (picture, origin)
    })
}

/// The top-left corner of a `size` box whose `anchor` lies at `at`.
fn anchored(at: (f32, f32), anchor: Anchor, size: (f32, f32)) -> (f32, f32) {
    let (fx, fy) = anchor.fractions();
    (at.0 - fx * size.0, at.1 - fy * size.1)
}

/// Reads an image annotation's PNG.
fn read_image(note: &ImageNote) -> Result<CursorImageData, AnnotationError> {
    let fail = |reason: String| AnnotationError::Image {
        path: note.path.clone(),
        reason,
    };
    let bytes = std::fs::read(&note.path).map_err(|e| fail(e.to_string()))?;
    CursorImageData::from_png(&bytes, (0.0, 0.0)).map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reel_plan::{Orientation, SourceId};
    use reel_scene::Scaling;

    fn notes(text: &str) -> Vec<Annotation> {
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .with_default_extension(ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES)
            .from_str(text)
            .unwrap()
    }

    /// A 1280x720 recording shown in a 640x360 output, inset by 40 pixels, its view
    /// `view`.
    fn media(view: Rect) -> MediaLayer {
        MediaLayer {
            source: SourceId::SCREEN,
            orientation: Orientation::default(),
            crop: Rect {
                x: 0.0,
                y: 0.0,
                width: 1280.0,
                height: 720.0,
            },
            placement: PixelRect {
                x: 40.0,
                y: 22.5,
                width: 560.0,
                height: 315.0,
            },
            corner_radius: 0.0,
            border: None,
            views: vec![view],
            redactions: Vec::new(),
            scaling: Scaling::Bilinear,
        }
    }

    fn whole() -> Rect {
        Rect {
            x: 0.0,
            y: 0.0,
            width: 1280.0,
            height: 720.0,
        }
    }

    #[test]
    fn an_annotation_shows_only_inside_its_window() {
        let annotator = Annotator::new(
            &notes(
                r##"[Box(start: 1, end: 2, rect: (x: 0.25, y: 0.25, width: 0.5, height: 0.5))]"##,
            ),
            (640, 360),
        )
        .unwrap();
        let m = media(whole());
        assert_eq!(annotator.frame(0.9, &m, Vec::new()), Annotated::default());
        let shown = annotator.frame(1.5, &m, Vec::new()).overlay.unwrap();
        assert_eq!(shown.opacity, 1.0);
        // Output fractions: the box's outline (6 pixels of a 1080-line frame, 2 here)
        // is centred on x = 160.
        assert_eq!(shown.origin, (158, 88));
        assert!(annotator.frame(2.0, &m, Vec::new()).overlay.is_none());
        // The same picture is kept from frame to frame.
        let again = annotator.frame(1.6, &m, Vec::new()).overlay.unwrap();
        assert!(Arc::ptr_eq(&shown.picture, &again.picture));
    }

    #[test]
    fn source_annotations_follow_the_zoom() {
        let annotator = Annotator::new(
            &notes(
                r##"[Ellipse(start: 0, end: 5, space: Source, rect: (x: 600, y: 300, width: 80, height: 40), fill: Some("#ffffff"), width: 0)]"##,
            ),
            (640, 360),
        )
        .unwrap();
        let plain = annotator
            .frame(1.0, &media(whole()), Vec::new())
            .overlay
            .unwrap();
        let zoomed_view = Rect {
            x: 320.0,
            y: 180.0,
            width: 640.0,
            height: 360.0,
        };
        let zoomed = annotator
            .frame(1.0, &media(zoomed_view), Vec::new())
            .overlay
            .unwrap();
        // Twice the magnification: about twice the size, centred where the view puts
        // source (640, 320).
        let size = |l: &OverlayLayer| (l.picture.width as f32, l.picture.height as f32);
        assert!((size(&zoomed).0 / size(&plain).0 - 2.0).abs() < 0.15);
        let centre = |l: &OverlayLayer| {
            (
                l.origin.0 as f32 + size(l).0 / 2.0,
                l.origin.1 as f32 + size(l).1 / 2.0,
            )
        };
        let want = (
            40.0 + (640.0 - 320.0) * 560.0 / 640.0,
            22.5 + (320.0 - 180.0) * 315.0 / 360.0,
        );
        let got = centre(&zoomed);
        assert!(
            (got.0 - want.0).abs() < 2.0 && (got.1 - want.1).abs() < 2.0,
            "{got:?} vs {want:?}"
        );
    }

    #[test]
    fn a_spotlight_is_a_layer_of_its_own_and_fades() {
        let annotator = Annotator::new(
            &notes(r##"[Spotlight(start: 1, end: 3, rect: (x: 0.5, y: 0.5, width: 0.25, height: 0.25), fade: 0.5)]"##),
            (640, 360),
        )
        .unwrap();
        let m = media(whole());
        let middle = annotator.frame(2.0, &m, Vec::new());
        assert!(middle.overlay.is_none());
        let spot = middle.spotlight.unwrap();
        assert_eq!((spot.rect.x, spot.rect.y, spot.dim), (320.0, 180.0, 0.6));
        let early = annotator.frame(1.25, &m, Vec::new()).spotlight.unwrap();
        assert!((early.dim - 0.3).abs() < 1e-5);
    }

    #[test]
    fn text_and_captions_are_made_one_picture() {
        let annotator = Annotator::new(
            &notes(r##"[Text(text: "Step 1", start: 0, end: 5, at: (0.5, 0.1)), Arrow(start: 0, end: 5, from: (0.1, 0.5), to: (0.3, 0.5))]"##),
            (640, 360),
        )
        .unwrap();
        let m = media(whole());
        let caption = OverlayLayer {
            picture: Arc::new(OverlayPicture::new(10, 10, [255u8; 400].to_vec())),
            origin: (315, 300),
            opacity: 1.0,
        };
        let frame = annotator
            .frame(1.0, &m, vec![caption.clone()])
            .overlay
            .unwrap();
        // One picture from the text near the top to the caption near the bottom, with
        // the arrow at the left.
        assert!(
            frame.origin.1 < 36 && frame.origin.0 <= 64,
            "{:?}",
            frame.origin
        );
        assert!(frame.origin.1 + frame.picture.height as i32 >= 310);
        assert_eq!(frame.pixel(320, 305), [255; 4], "the caption is on top");
        let again = annotator.frame(1.1, &m, vec![caption]).overlay.unwrap();
        assert!(
            Arc::ptr_eq(&frame.picture, &again.picture),
            "kept while the same"
        );
    }

    #[test]
    fn a_missing_picture_names_its_annotation() {
        let (index, error) = Annotator::new(
            &notes(r##"[Box(start: 0, end: 1, rect: (x: 0, y: 0, width: 1, height: 1)), Image(path: "/nonexistent/a.png", start: 0, end: 1, at: (0, 0))]"##),
            (640, 360),
        )
        .unwrap_err();
        assert_eq!(index, 1);
        assert!(error.to_string().contains("a.png"), "{error}");
    }
}
