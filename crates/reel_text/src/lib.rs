//! Reel's words and marks on the picture: annotations (titles, arrows, boxes,
//! ellipses, image stickers and a spotlight) drawn into pictures, the keys pressed shown
//! as pills ([`Keystroker`]), caption files (SubRip and WebVTT) read into cues, text
//! shaped, wrapped and laid out with cosmic-text in the scene's font (falling back to
//! installed fonts for the scripts it lacks), and rasterised once into pictures that both
//! renderers paste over the frame ([`reel_plan::OverlayLayer`]).
//!
//! ```
//! use reel_text::CaptionTrack;
//!
//! let srt = b"1\n00:00:01,000 --> 00:00:02,000\nHello, <i>world</i>\n";
//! let (track, warnings) = CaptionTrack::parse(srt, "talk.srt".as_ref()).unwrap();
//! assert!(warnings.is_empty());
//! assert_eq!(track.cues[0].text, "Hello, world");
//! assert_eq!(track.showing(1.5), vec![0]);
//! assert!(track.showing(2.0).is_empty());
//! ```

mod annotator;
mod captioner;
mod cue;
mod error;
mod flatten;
mod fonts;
mod keys;
mod keystroker;
mod markup;
mod parse;
mod raster;
mod shapes;
mod strokes;
mod transcript;

pub use annotator::{Annotated, AnnotationError, Annotator};
pub use captioner::Captioner;
pub use cue::{CaptionTrack, Cue, Word};
pub use error::{CaptionError, CaptionErrorKind, CaptionWarning};
pub use flatten::Flattener;
pub use fonts::{FontError, font_system};
pub use keys::{Key, KeyPress, KeyTrack, KeyTrackError, KeyTrackErrorKind, Modifiers, NamedKey};
pub use keystroker::Keystroker;
pub use raster::{TextSetter, TextStyle};
pub use strokes::{MAX_TYPED_CHARACTERS, Stroke, StrokeKind};
