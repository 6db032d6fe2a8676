//! The shapes a cursor takes.

/// The shape of the cursor, as far as the track says.
///
/// Recorders name shapes differently; [`CursorKind::from_name`] maps the names of
/// OpenScreen, of the CSS `cursor` property and of Reel's own track files onto these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum CursorKind {
    /// The ordinary arrow.
    #[default]
    Arrow,
    /// The pointing hand over links and buttons.
    Pointer,
    /// The I-beam over text.
    Text,
    /// A crosshair, for picking a point or a region.
    Crosshair,
    /// A left–right double arrow.
    ResizeHorizontal,
    /// An up–down double arrow.
    ResizeVertical,
    /// A double arrow from top-left to bottom-right.
    ResizeDiagonalDown,
    /// A double arrow from bottom-left to top-right.
    ResizeDiagonalUp,
    /// A four-way arrow, for moving things.
    Move,
    /// An open hand, over something that can be dragged.
    Grab,
    /// A closed hand, while dragging.
    Grabbing,
    /// A crossed circle: the action is not allowed.
    NotAllowed,
    /// A busy indicator.
    Wait,
    /// An arrow with a question mark.
    Help,
    /// No cursor is shown (the recorded app hid it).
    Hidden,
    /// A shape Reel has no name for, or one the track does not name (a recorder that
    /// only gives an image): drawn from the recorder's image when there is one, else as
    /// an arrow.
    Other,
}

impl CursorKind {
    /// The kind a recorder's name stands for, or `None` for a name Reel does not know.
    ///
    /// Case, `-` and `_` are ignored, so `resize-ew`, `RESIZE_EW` and `resizeEw` are one
    /// name.
    pub fn from_name(name: &str) -> Option<CursorKind> {
        let key: String = name
            .chars()
            .filter(|c| *c != '-' && *c != '_' && !c.is_whitespace())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let kind = match key.as_str() {
            "arrow" | "default" | "auto" | "uparrow" => CursorKind::Arrow,
            "pointer" | "hand" | "pointinghand" | "link" => CursorKind::Pointer,
            "text" | "ibeam" | "verticaltext" | "ibeamvertical" => CursorKind::Text,
            "crosshair" | "cross" | "precision" | "cell" => CursorKind::Crosshair,
            "resizeew" | "ewresize" | "resizeleftright" | "colresize" | "eresize" | "wresize"
            | "resizeleft" | "resizeright" | "resizehorizontal" => CursorKind::ResizeHorizontal,
            "resizens" | "nsresize" | "resizeupdown" | "rowresize" | "nresize" | "sresize"
            | "resizeup" | "resizedown" | "resizevertical" => CursorKind::ResizeVertical,
            "resizenwse" | "nwseresize" | "nwresize" | "seresize" | "resizediagonaldown" => {
                CursorKind::ResizeDiagonalDown
            }
            "resizenesw" | "neswresize" | "neresize" | "swresize" | "resizediagonalup" => {
                CursorKind::ResizeDiagonalUp
            }
            "move" | "allscroll" | "sizeall" => CursorKind::Move,
            "grab" | "openhand" => CursorKind::Grab,
            "grabbing" | "closedhand" => CursorKind::Grabbing,
            "notallowed" | "nodrop" | "operationnotallowed" | "no" => CursorKind::NotAllowed,
            "wait" | "progress" | "appstarting" | "busy" => CursorKind::Wait,
            "help" | "contextualmenu" => CursorKind::Help,
            "hidden" | "none" => CursorKind::Hidden,
            "other" => CursorKind::Other,
            _ => return None,
        };
        Some(kind)
    }

    /// The name Reel's own track files write for this kind.
    pub fn name(self) -> &'static str {
        match self {
            CursorKind::Arrow => "arrow",
            CursorKind::Pointer => "pointer",
            CursorKind::Text => "text",
            CursorKind::Crosshair => "crosshair",
            CursorKind::ResizeHorizontal => "resize-ew",
            CursorKind::ResizeVertical => "resize-ns",
            CursorKind::ResizeDiagonalDown => "resize-nwse",
            CursorKind::ResizeDiagonalUp => "resize-nesw",
            CursorKind::Move => "move",
            CursorKind::Grab => "grab",
            CursorKind::Grabbing => "grabbing",
            CursorKind::NotAllowed => "not-allowed",
            CursorKind::Wait => "wait",
            CursorKind::Help => "help",
            CursorKind::Hidden => "hidden",
            CursorKind::Other => "other",
        }
    }
}

/// Every kind, for tests that go through them all.
#[cfg(test)]
pub(crate) const ALL_KINDS: [CursorKind; 16] = [
    CursorKind::Arrow,
    CursorKind::Pointer,
    CursorKind::Text,
    CursorKind::Crosshair,
    CursorKind::ResizeHorizontal,
    CursorKind::ResizeVertical,
    CursorKind::ResizeDiagonalDown,
    CursorKind::ResizeDiagonalUp,
    CursorKind::Move,
    CursorKind::Grab,
    CursorKind::Grabbing,
    CursorKind::NotAllowed,
    CursorKind::Wait,
    CursorKind::Help,
    CursorKind::Hidden,
    CursorKind::Other,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorder_names_map_onto_kinds() {
        assert_eq!(CursorKind::from_name("arrow"), Some(CursorKind::Arrow));
        assert_eq!(CursorKind::from_name("IBeam"), Some(CursorKind::Text));
        assert_eq!(CursorKind::from_name("open-hand"), Some(CursorKind::Grab));
        assert_eq!(
            CursorKind::from_name("closed-hand"),
            Some(CursorKind::Grabbing)
        );
        assert_eq!(
            CursorKind::from_name("resize_EW"),
            Some(CursorKind::ResizeHorizontal)
        );
        assert_eq!(
            CursorKind::from_name("resize-nesw"),
            Some(CursorKind::ResizeDiagonalUp)
        );
        assert_eq!(
            CursorKind::from_name("app-starting"),
            Some(CursorKind::Wait)
        );
        assert_eq!(CursorKind::from_name("sparkles"), None);
    }

    #[test]
    fn every_name_reads_back_as_its_kind() {
        for kind in ALL_KINDS {
            assert_eq!(CursorKind::from_name(kind.name()), Some(kind));
        }
    }
}
