//! The fonts text is set in: the installed fonts, and the one a scene names.

use cosmic_text::{FontSystem, fontdb};
use reel_scene::{DEFAULT_FONT_FAMILY, Font};
use std::path::PathBuf;

/// Why the font a scene names cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FontError {
    /// No installed font has the family.
    #[error("no installed font family {family:?}{hint}")]
    NoFamily {
        /// The family asked for.
        family: String,
        /// What to do about it.
        hint: &'static str,
    },
    /// The font file holds no font.
    #[error("{}: not a font file (expected TrueType or OpenType)", path.display())]
    NotAFont {
        /// The file.
        path: PathBuf,
    },
}

/// The installed fonts with the scene's own font file, if any, and the family that
/// `font` names within them.
pub fn font_system(font: &Font) -> Result<(FontSystem, String), FontError> {
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    let family = match font {
        Font::Family(family) => {
            let found = db.faces().find_map(|face| {
                face.families
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case(family))
                    .map(|(name, _)| name.clone())
            });
            found.ok_or_else(|| FontError::NoFamily {
                family: family.clone(),
                hint: if family == DEFAULT_FONT_FAMILY {
                    " (scripts/bootstrap installs it: Debian's fonts-inter)"
                } else {
                    " (`fc-list : family` lists the installed ones)"
                },
            })?
        }
        Font::File(path) => {
            let before = db.len();
            let loaded = std::fs::read(path)
                .ok()
                .filter(|bytes| is_font(bytes))
                .map(|bytes| db.load_font_data(bytes));
            let face = (loaded.is_some() && db.len() > before)
                .then(|| db.faces().last())
                .flatten()
                .and_then(|face| face.families.first().map(|(name, _)| name.clone()));
            face.ok_or_else(|| FontError::NotAFont { path: path.clone() })?
        }
    };
    let locale = "en-US".to_string();
    Ok((FontSystem::new_with_locale_and_db(locale, db), family))
}

/// Whether `bytes` start as a TrueType, OpenType or font collection file does.
fn is_font(bytes: &[u8]) -> bool {
    const TAGS: [&[u8; 4]; 4] = [b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf"];
    TAGS.iter().any(|tag| bytes.starts_with(*tag))
}
