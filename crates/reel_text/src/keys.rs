//! Reel's key track: the keys pressed during a recording, as JSON lines.
//!
//! One JSON object a line, in time order:
//!
//! ```text
//! {"t": 1.20, "key": "4", "modifiers": ["cmd", "shift"]}
//! {"t": 2.00, "key": "h"}
//! {"t": 2.10, "key": "1", "modifiers": ["shift"], "text": "!"}
//! {"t": 2.40, "key": "enter"}
//! {"t": 2.55, "key": "enter", "action": "up"}
//! ```
//!
//! - `t`: seconds (of the recording, or of the output when the scene says so).
//! - `key`: the key: one character (`"a"`, `"4"`, `"/"`, `"é"`) or a name, in any case:
//!   `enter` (`return`), `tab`, `escape` (`esc`), `backspace`, `delete` (`del`),
//!   `space`, `up`, `down`, `left`, `right` (or `arrowup` …), `home`, `end`, `pageup`,
//!   `pagedown`, `insert`, `capslock`, `f1` to `f24`, and the modifiers themselves
//!   (`ctrl`, `alt`, `shift`, `cmd`), which are not shown alone.
//! - `modifiers` (optional): the modifiers held: `ctrl` (`control`), `alt` (`option`),
//!   `shift`, `cmd` (`command`, `meta`, `super`, `win`).
//! - `text` (optional): what the key typed, when it differs from its name (a shifted
//!   digit, a keyboard layout's letter).
//! - `action` (optional): `"down"` (the default) or `"up"`; releases are not shown.
//!
//! Blank lines are ignored; other fields are errors, so that a typo is not silently
//! lost.

use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// A key track that cannot be used, with the file and, where known, the line and
/// column. Displayed as `keys.jsonl:LINE:COL: message`.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyTrackError {
    /// The track file.
    pub file: PathBuf,
    /// The 1-based line and column of the offending text, when known.
    pub position: Option<(usize, usize)>,
    /// What is wrong.
    pub kind: KeyTrackErrorKind,
}

impl fmt::Display for KeyTrackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {}", self.kind)
    }
}

impl std::error::Error for KeyTrackError {}

/// What is wrong with a key track.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyTrackErrorKind {
    /// The file could not be read.
    #[error("cannot read the key track: {0}")]
    Read(String),
    /// The file is not UTF-8 text.
    #[error("not a key track: the file is not UTF-8 text")]
    NotText,
    /// A line is not a key event.
    #[error(
        "not a key event: {0} (expected {{\"t\": 1.25, \"key\": \"c\", \"modifiers\": [\"ctrl\"]}})"
    )]
    Json(String),
    /// A key's name is not one Reel knows.
    #[error(
        "unknown key {0:?} (expected one character, or a name such as enter, tab, esc, \
         backspace, delete, space, up, down, left, right, home, end, pageup, pagedown, f1)"
    )]
    UnknownKey(String),
    /// A modifier's name is not one Reel knows.
    #[error("unknown modifier {0:?} (expected ctrl, alt, shift or cmd)")]
    UnknownModifier(String),
    /// A time is negative or not a number.
    #[error("invalid time {0} (expected seconds from 0)")]
    Time(f64),
    /// A key comes before the one above it.
    #[error("the time goes backwards ({time:.3} s after {previous:.3} s): is the track sorted?")]
    Backwards {
        /// This key's time.
        time: f64,
        /// The time of the key on the line above.
        previous: f64,
    },
}

/// A key on the keyboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// A key that types a character, by that character.
    Char(char),
    /// A key with a name.
    Named(NamedKey),
    /// A modifier pressed by itself.
    Modifier,
}

/// The keys with names rather than characters.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedKey {
    Enter,
    Tab,
    Escape,
    Backspace,
    Delete,
    Space,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    Insert,
    CapsLock,
    /// A function key, F1 to F24.
    F(u8),
}

/// The modifiers held with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Modifiers {
    /// Control.
    pub ctrl: bool,
    /// Alt (Option on a Mac).
    pub alt: bool,
    /// Shift.
    pub shift: bool,
    /// Command on a Mac, the Windows or Super key elsewhere.
    pub cmd: bool,
}

impl Modifiers {
    /// Whether a modifier that makes a shortcut (not Shift alone) is held.
    pub fn makes_shortcut(self) -> bool {
        self.ctrl || self.alt || self.cmd
    }
}

/// One key pressed.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyPress {
    /// When, in seconds.
    pub time: f64,
    /// The key.
    pub key: Key,
    /// The modifiers held.
    pub modifiers: Modifiers,
    /// What it typed, when the track says.
    pub text: Option<String>,
    /// The line of the track it is on.
    pub line: usize,
}

/// The key presses of a track, in time order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KeyTrack {
    /// The presses (releases left out).
    pub presses: Vec<KeyPress>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    t: f64,
    key: String,
    #[serde(default)]
    modifiers: Vec<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    action: Option<Action>,
}

#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Action {
    Down,
    Up,
}

impl KeyTrack {
    /// Reads the track at `path`.
    pub fn read(path: &Path) -> Result<KeyTrack, KeyTrackError> {
        let fail = |kind| KeyTrackError {
            file: path.to_path_buf(),
            position: None,
            kind,
        };
        let bytes =
            std::fs::read(path).map_err(|e| fail(KeyTrackErrorKind::Read(e.to_string())))?;
        let text = String::from_utf8(bytes).map_err(|_| fail(KeyTrackErrorKind::NotText))?;
        KeyTrack::parse(&text, path)
    }

    /// Reads a track from its text; `file` names it in errors.
    pub fn parse(text: &str, file: &Path) -> Result<KeyTrack, KeyTrackError> {
        let mut presses: Vec<KeyPress> = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            let at = |column: usize, kind| KeyTrackError {
                file: file.to_path_buf(),
                position: Some((number, column.max(1))),
                kind,
            };
            let line = line.trim_start_matches('\u{feff}');
            if line.trim().is_empty() {
                continue;
            }
            let parsed: Line = serde_json::from_str(line)
                .map_err(|e| at(e.column(), KeyTrackErrorKind::Json(strip_position(&e))))?;
            let column = |name: &str| line.find(name).map_or(1, |i| i + 1);
            if !(parsed.t.is_finite() && parsed.t >= 0.0) {
                return Err(at(column("\"t\""), KeyTrackErrorKind::Time(parsed.t)));
            }
            if let Some(previous) = presses.last().map(|p| p.time)
                && parsed.t < previous
            {
                let kind = KeyTrackErrorKind::Backwards {
                    time: parsed.t,
                    previous,
                };
                return Err(at(column("\"t\""), kind));
            }
            let key = key_named(&parsed.key).ok_or_else(|| {
                at(
                    column("\"key\""),
                    KeyTrackErrorKind::UnknownKey(parsed.key.clone()),
                )
            })?;
            let mut modifiers = Modifiers::default();
            for name in &parsed.modifiers {
                let held = match name.to_lowercase().as_str() {
                    "ctrl" | "control" => &mut modifiers.ctrl,
                    "alt" | "option" | "opt" => &mut modifiers.alt,
                    "shift" => &mut modifiers.shift,
                    "cmd" | "command" | "meta" | "super" | "win" | "windows" => &mut modifiers.cmd,
                    _ => {
                        let kind = KeyTrackErrorKind::UnknownModifier(name.clone());
                        return Err(at(column("\"modifiers\""), kind));
                    }
                };
                *held = true;
            }
            if parsed.action == Some(Action::Up) {
                continue;
            }
            presses.push(KeyPress {
                time: parsed.t,
                key,
                modifiers,
                text: parsed.text.filter(|t| !t.is_empty()),
                line: number,
            });
        }
        Ok(KeyTrack { presses })
    }
}

/// serde's message without the ` at line L column C` it adds (the line is the file's,
/// given apart).
fn strip_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// The key a track names `name`.
fn key_named(name: &str) -> Option<Key> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Some(if c == ' ' {
            Key::Named(NamedKey::Space)
        } else {
            Key::Char(c)
        });
    }
    let lower = name.to_lowercase();
    let named = match lower.as_str() {
        "enter" | "return" => NamedKey::Enter,
        "tab" => NamedKey::Tab,
        "escape" | "esc" => NamedKey::Escape,
        "backspace" => NamedKey::Backspace,
        "delete" | "del" | "forwarddelete" => NamedKey::Delete,
        "space" | "spacebar" => NamedKey::Space,
        "up" | "arrowup" => NamedKey::Up,
        "down" | "arrowdown" => NamedKey::Down,
        "left" | "arrowleft" => NamedKey::Left,
        "right" | "arrowright" => NamedKey::Right,
        "home" => NamedKey::Home,
        "end" => NamedKey::End,
        "pageup" => NamedKey::PageUp,
        "pagedown" => NamedKey::PageDown,
        "insert" => NamedKey::Insert,
        "capslock" => NamedKey::CapsLock,
        "ctrl" | "control" | "alt" | "option" | "shift" | "cmd" | "command" | "meta" | "super"
        | "win" => return Some(Key::Modifier),
        other => {
            let number: u8 = other.strip_prefix('f')?.parse().ok()?;
            if !(1..=24).contains(&number) {
                return None;
            }
            NamedKey::F(number)
        }
    };
    Some(Key::Named(named))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<KeyTrack, KeyTrackError> {
        KeyTrack::parse(text, Path::new("keys.jsonl"))
    }

    #[test]
    fn lines_are_presses_with_their_modifiers() {
        let track = parse(
            "{\"t\": 1.2, \"key\": \"4\", \"modifiers\": [\"cmd\", \"Shift\"]}\n\n\
             {\"t\": 2, \"key\": \"Enter\"}\n\
             {\"t\": 2.1, \"key\": \"enter\", \"action\": \"up\"}\n\
             {\"t\": 2.5, \"key\": \"1\", \"modifiers\": [\"shift\"], \"text\": \"!\"}\n\
             {\"t\": 3, \"key\": \"F12\"}\n",
        )
        .unwrap();
        assert_eq!(track.presses.len(), 4, "the release is left out");
        let first = &track.presses[0];
        assert_eq!(first.key, Key::Char('4'));
        assert!(first.modifiers.cmd && first.modifiers.shift && !first.modifiers.ctrl);
        assert_eq!(track.presses[1].key, Key::Named(NamedKey::Enter));
        assert_eq!(track.presses[1].line, 3);
        assert_eq!(track.presses[2].text.as_deref(), Some("!"));
        assert_eq!(track.presses[3].key, Key::Named(NamedKey::F(12)));
    }

    #[test]
    fn errors_name_the_line_and_column() {
        let cases = [
            (
                "{\"t\": 0, \"key\": \"a\"}\n{\"t\": 1, \"kee\": \"a\"}\n",
                (2, 14),
                "unknown field",
            ),
            (
                "{\"t\": 1, \"key\": \"enterr\"}\n",
                (1, 10),
                "unknown key \"enterr\"",
            ),
            (
                "{\"t\": 1, \"key\": \"a\", \"modifiers\": [\"hyper\"]}\n",
                (1, 22),
                "unknown modifier",
            ),
            ("{\"t\": -1, \"key\": \"a\"}\n", (1, 2), "invalid time -1"),
            (
                "{\"t\": 2, \"key\": \"a\"}\n{\"t\": 1, \"key\": \"b\"}\n",
                (2, 2),
                "backwards",
            ),
            ("not json\n", (1, 2), "not a key event"),
        ];
        for (text, position, words) in cases {
            let error = parse(text).unwrap_err();
            assert_eq!(error.position, Some(position), "{error}");
            let shown = error.to_string();
            assert!(shown.starts_with("keys.jsonl:"), "{shown}");
            assert!(shown.contains(words), "{shown}");
            assert!(!shown.contains(" at line "), "{shown}");
        }
    }

    #[test]
    fn an_empty_track_has_no_presses() {
        assert!(parse("").unwrap().presses.is_empty());
        assert!(parse("\n  \n").unwrap().presses.is_empty());
    }
}
