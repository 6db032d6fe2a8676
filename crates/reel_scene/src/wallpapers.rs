//! Reel's built-in wallpapers: named backgrounds kept in `crates/reel_scene/wallpapers.ron` and
//! embedded in the binary.

use crate::model::Background;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The wallpapers file, embedded.
const WALLPAPERS: &str = include_str!("../wallpapers.ron");

/// The built-in wallpapers' names, in alphabetical order.
pub const NAMES: &[&str] = &["aurora", "graphite", "midnight", "mint", "ocean", "sunset"];

fn table() -> &'static BTreeMap<String, Background> {
    static TABLE: OnceLock<BTreeMap<String, Background>> = OnceLock::new();
    TABLE.get_or_init(|| {
        ron::from_str(WALLPAPERS).expect("wallpapers.ron is valid (checked by a test)")
    })
}

/// The background a built-in wallpaper stands for, if `name` is one.
pub fn wallpaper(name: &str) -> Option<&'static Background> {
    table().get(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_wallpaper_exists_and_is_a_gradient() {
        let names: Vec<&str> = table().keys().map(String::as_str).collect();
        assert_eq!(names, NAMES);
        for name in NAMES {
            let background = wallpaper(name).unwrap();
            assert!(
                matches!(
                    background,
                    Background::LinearGradient { .. } | Background::RadialGradient { .. }
                ),
                "{name}"
            );
            let scene = crate::Scene {
                background: background.clone(),
                ..crate::Scene::from_ron(
                    r#"(source: (path: "a.mp4"), output: (path: "b.mp4"))"#,
                    "s.ron".as_ref(),
                )
                .unwrap()
            };
            assert_eq!(scene.validate(), Ok(()), "{name}");
        }
    }
}
