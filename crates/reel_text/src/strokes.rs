//! Key presses grouped into what the keystroke overlay shows: pills of shortcuts
//! (counted when repeated) and of words typed, each with its span of time.

use crate::keys::{Key, KeyPress, Modifiers, NamedKey};
use reel_scene::{KeyLabels, Typing};

/// The most characters a typing pill shows: the latest, after an ellipsis.
pub const MAX_TYPED_CHARACTERS: usize = 32;

/// One pill of the keystroke overlay.
#[derive(Debug, Clone, PartialEq)]
pub struct Stroke {
    /// The output time of its first key.
    pub start: f64,
    /// The output time of its last key.
    pub last: f64,
    /// What it shows.
    pub kind: StrokeKind,
}

/// What a pill shows.
#[derive(Debug, Clone, PartialEq)]
pub enum StrokeKind {
    /// A shortcut's label and the output times it was pressed at.
    Shortcut {
        /// Such as `Ctrl Shift 4` or `⇧ ⌘ 4`.
        label: String,
        /// When it was pressed (more than once: counted).
        presses: Vec<f64>,
    },
    /// Characters typed one after another, each with its output time.
    Typing(Vec<(f64, String)>),
}

impl Stroke {
    /// The pill's text at output time `time`: a shortcut with its count so far, or the
    /// characters typed by then (the last [`MAX_TYPED_CHARACTERS`] of them).
    pub fn text_at(&self, time: f64) -> String {
        match &self.kind {
            StrokeKind::Shortcut { label, presses } => {
                let count = presses.iter().filter(|t| **t <= time).count().max(1);
                if count > 1 {
                    format!("{label} ×{count}")
                } else {
                    label.clone()
                }
            }
            StrokeKind::Typing(typed) => {
                let text: String = typed
                    .iter()
                    .filter(|(t, _)| *t <= time)
                    .map(|(_, s)| s.as_str())
                    .collect();
                let count = text.chars().count();
                if count > MAX_TYPED_CHARACTERS {
                    let skip = count - (MAX_TYPED_CHARACTERS - 1);
                    format!("…{}", text.chars().skip(skip).collect::<String>())
                } else {
                    text
                }
            }
        }
    }
}

/// The pills `presses` (in output time order) make: a press joins the pill before it
/// when it comes within `linger` seconds of that pill's last key and is of its kind
/// (typing after typing; the same shortcut again).
pub fn strokes(
    presses: &[KeyPress],
    labels: KeyLabels,
    typing: Typing,
    linger: f64,
) -> Vec<Stroke> {
    let mut strokes: Vec<Stroke> = Vec::new();
    for press in presses {
        let time = press.time;
        let open = |s: &Stroke| time < s.last + linger;
        if let Some(typed) = typed_text(press) {
            if typing == Typing::Hidden {
                continue;
            }
            if let Some(Stroke {
                last,
                kind: StrokeKind::Typing(chars),
                ..
            }) = strokes.last_mut().filter(|s| open(s))
            {
                *last = time;
                chars.push((time, typed));
                continue;
            }
            strokes.push(Stroke {
                start: time,
                last: time,
                kind: StrokeKind::Typing(vec![(time, typed)]),
            });
            continue;
        }
        let Some(label) = shortcut_label(press, labels) else {
            continue;
        };
        if let Some(Stroke {
            last,
            kind:
                StrokeKind::Shortcut {
                    label: shown,
                    presses,
                },
            ..
        }) = strokes.last_mut().filter(|s| open(s))
            && *shown == label
        {
            *last = time;
            presses.push(time);
            continue;
        }
        strokes.push(Stroke {
            start: time,
            last: time,
            kind: StrokeKind::Shortcut {
                label,
                presses: vec![time],
            },
        });
    }
    strokes
}

/// What a press types into a word, when it is plain typing: a character or a space,
/// with no modifier but Shift.
fn typed_text(press: &KeyPress) -> Option<String> {
    if press.modifiers.makes_shortcut() {
        return None;
    }
    match press.key {
        Key::Char(c) => Some(press.text.clone().unwrap_or_else(|| {
            if press.modifiers.shift {
                c.to_uppercase().collect()
            } else {
                c.to_string()
            }
        })),
        Key::Named(NamedKey::Space) if !press.modifiers.shift => Some(" ".into()),
        _ => None,
    }
}

/// The label of a press shown as a shortcut: its modifiers and key, or `None` for a
/// modifier pressed alone.
fn shortcut_label(press: &KeyPress, labels: KeyLabels) -> Option<String> {
    let key = match &press.key {
        Key::Modifier => return None,
        Key::Char(c) => c.to_uppercase().collect(),
        Key::Named(named) => named_label(*named, labels),
    };
    let mut parts = modifier_labels(press.modifiers, labels);
    parts.push(key);
    Some(parts.join(" "))
}

/// The labels of `held`, in the order the platform writes them.
fn modifier_labels(held: Modifiers, labels: KeyLabels) -> Vec<String> {
    let names = match labels {
        KeyLabels::Pc => ["Ctrl", "Alt", "Shift", "Win"],
        // Apple's order: Control, Option, Shift, Command.
        KeyLabels::Mac => ["⌃", "⌥", "⇧", "⌘"],
    };
    [held.ctrl, held.alt, held.shift, held.cmd]
        .into_iter()
        .zip(names)
        .filter(|(on, _)| *on)
        .map(|(_, name)| name.to_string())
        .collect()
}

/// How a named key is labelled.
fn named_label(key: NamedKey, labels: KeyLabels) -> String {
    let mac = labels == KeyLabels::Mac;
    let pick = |pc: &str, apple: &str| if mac { apple } else { pc }.to_string();
    match key {
        NamedKey::Enter => pick("Enter", "⏎"),
        NamedKey::Tab => pick("Tab", "⇥"),
        NamedKey::Escape => pick("Esc", "⎋"),
        NamedKey::Backspace => pick("Backspace", "⌫"),
        NamedKey::Delete => pick("Del", "⌦"),
        NamedKey::Space => pick("Space", "Space"),
        NamedKey::Up => "↑".into(),
        NamedKey::Down => "↓".into(),
        NamedKey::Left => "←".into(),
        NamedKey::Right => "→".into(),
        NamedKey::Home => pick("Home", "↖"),
        NamedKey::End => pick("End", "↘"),
        NamedKey::PageUp => pick("PgUp", "⇞"),
        NamedKey::PageDown => pick("PgDn", "⇟"),
        NamedKey::Insert => pick("Ins", "Ins"),
        NamedKey::CapsLock => pick("Caps Lock", "⇪"),
        NamedKey::F(n) => format!("F{n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::KeyTrack;
    use std::path::Path;

    fn presses(lines: &str) -> Vec<KeyPress> {
        KeyTrack::parse(lines, Path::new("k.jsonl"))
            .unwrap()
            .presses
    }

    #[test]
    fn shortcuts_are_labelled_as_the_platform_writes_them() {
        let keys = presses(
            "{\"t\": 0, \"key\": \"4\", \"modifiers\": [\"cmd\", \"shift\"]}\n\
             {\"t\": 5, \"key\": \"c\", \"modifiers\": [\"ctrl\"]}\n\
             {\"t\": 10, \"key\": \"tab\", \"modifiers\": [\"alt\"]}\n",
        );
        let label = |labels| -> Vec<String> {
            strokes(&keys, labels, Typing::Words, 1.0)
                .iter()
                .map(|s| s.text_at(100.0))
                .collect()
        };
        assert_eq!(label(KeyLabels::Pc), ["Shift Win 4", "Ctrl C", "Alt Tab"]);
        assert_eq!(label(KeyLabels::Mac), ["⇧ ⌘ 4", "⌃ C", "⌥ ⇥"]);
    }

    #[test]
    fn typing_runs_together_and_grows() {
        let keys = presses(
            "{\"t\": 1.0, \"key\": \"h\", \"modifiers\": [\"shift\"]}\n\
             {\"t\": 1.1, \"key\": \"i\"}\n\
             {\"t\": 1.2, \"key\": \"space\"}\n\
             {\"t\": 1.3, \"key\": \"1\", \"modifiers\": [\"shift\"], \"text\": \"!\"}\n\
             {\"t\": 1.4, \"key\": \"enter\"}\n\
             {\"t\": 1.5, \"key\": \"x\"}\n\
             {\"t\": 9.0, \"key\": \"y\"}\n",
        );
        let made = strokes(&keys, KeyLabels::Pc, Typing::Words, 1.0);
        assert_eq!(made.len(), 4, "{made:?}");
        assert_eq!(made[0].text_at(1.15), "Hi");
        assert_eq!(made[0].text_at(1.35), "Hi !");
        assert_eq!((made[0].start, made[0].last), (1.0, 1.3));
        assert_eq!(made[1].text_at(1.4), "Enter");
        assert_eq!(made[2].text_at(2.0), "x", "a shortcut ends the word");
        assert_eq!(made[3].start, 9.0, "a pause ends the word");
        let hidden = strokes(&keys, KeyLabels::Pc, Typing::Hidden, 1.0);
        assert_eq!(hidden.len(), 1);
        assert_eq!(hidden[0].text_at(2.0), "Enter");
    }

    #[test]
    fn a_repeated_shortcut_counts_up() {
        let keys = presses(
            "{\"t\": 1.0, \"key\": \"z\", \"modifiers\": [\"ctrl\"]}\n\
             {\"t\": 1.5, \"key\": \"z\", \"modifiers\": [\"ctrl\"]}\n\
             {\"t\": 2.0, \"key\": \"z\", \"modifiers\": [\"ctrl\"]}\n\
             {\"t\": 2.1, \"key\": \"ctrl\"}\n\
             {\"t\": 5.0, \"key\": \"z\", \"modifiers\": [\"ctrl\"]}\n",
        );
        let made = strokes(&keys, KeyLabels::Pc, Typing::Words, 1.0);
        assert_eq!(made.len(), 2, "{made:?}");
        assert_eq!(made[0].text_at(1.2), "Ctrl Z");
        assert_eq!(made[0].text_at(1.7), "Ctrl Z ×2");
        assert_eq!(made[0].text_at(2.5), "Ctrl Z ×3");
        assert_eq!(made[1].text_at(5.0), "Ctrl Z");
    }

    #[test]
    fn a_long_word_shows_its_end() {
        let lines: String = (0..40)
            .map(|i| {
                format!(
                    "{{\"t\": {}, \"key\": \"{}\"}}\n",
                    i as f64 * 0.1,
                    (b'a' + i % 26) as char
                )
            })
            .collect();
        let made = strokes(&presses(&lines), KeyLabels::Pc, Typing::Words, 1.0);
        let text = made[0].text_at(10.0);
        assert_eq!(text.chars().count(), MAX_TYPED_CHARACTERS);
        assert!(text.starts_with('…') && text.ends_with('n'), "{text}");
    }
}
