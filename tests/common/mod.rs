//! Helpers shared by the integration tests: sources made with FFmpeg whose every frame
//! shows its own index, and a decoder that reads exported files back.

#![allow(dead_code, missing_docs)]

pub mod compare;
pub mod media;

use std::path::{Path, PathBuf};
use std::process::Output;

/// Runs the `reel` command with `args`, waiting for it.
pub fn reel(args: &[&std::ffi::OsStr]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_reel"))
        .args(args)
        .output()
        .unwrap()
}

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

/// Each stdout line parsed as one JSON object (`export --json`).
pub fn json_lines(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

/// The lines a run wrote on stderr, without the Vulkan loader's notice on machines
/// without a display.
pub fn stderr_lines(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter(|l| !l.contains("XDG_RUNTIME_DIR"))
        .map(str::to_owned)
        .collect()
}

/// Asserts a failed run: non-zero exit and exactly one stderr line, starting `error: `
/// and containing each of `expected`.
/// Asserts that exporting `scene` and checking it (`--check`) each fail with one error
/// line holding each of `expected`, and that nothing is written at `output`.
pub fn assert_export_and_check_fail(scene: &Path, expected: &[&str], output: &Path) {
    for args in [
        &[scene.as_os_str()][..],
        &[scene.as_os_str(), "--check".as_ref()],
    ] {
        assert_fails_with(&reel(args), expected);
    }
    assert!(!output.exists(), "{} was written", output.display());
}

pub fn assert_fails_with(output: &Output, expected: &[&str]) {
    let lines = stderr_lines(output);
    assert!(
        !output.status.success(),
        "expected failure, got success: {lines:#?}"
    );
    assert_eq!(
        lines.len(),
        1,
        "expected one line on stderr, got: {lines:#?}"
    );
    assert!(lines[0].starts_with("error: "), "{lines:#?}");
    for part in expected {
        assert!(
            lines[0].contains(part),
            "expected {part:?} in: {}",
            lines[0]
        );
    }
}
