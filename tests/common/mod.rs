//! Helpers shared by the integration tests: sources made with FFmpeg whose every frame
//! shows its own index, and a decoder that reads exported files back.

#![allow(dead_code, missing_docs)]

pub mod compare;
pub mod media;

use std::path::{Path, PathBuf};

/// A fresh, empty folder for one test's files under the target directory.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch folder");
    dir
}

/// Writes `text` as a scene file in `dir` and returns its path.
pub fn write_scene(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write scene");
    path
}

/// The names of the entries in `dir`, sorted.
pub fn folder_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .expect("read folder")
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}
