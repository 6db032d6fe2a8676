//! `bench --check-references`: the check that runs the scene regression tests' comparison
//! on another machine's GPU passes for a matching reference and fails, naming it, for a
//! reference that differs.

mod common;

use common::{scratch_dir, stderr_lines};
use reel::compare::read_rgb_image;
use std::path::Path;
use std::process::{Command, Output};

fn check(references: &Path, json: &Path) -> Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    Command::new(env!("CARGO_BIN_EXE_bench"))
        .arg("--check-references")
        .arg(references)
        .arg("--scenes")
        .arg(root.join("scenes"))
        .arg("--json")
        .arg(json)
        .output()
        .expect("run bench")
}

#[test]
fn checking_references_passes_when_they_match_and_fails_when_one_differs() {
    let dir = scratch_dir("bench_check_references");
    let references = dir.join("references");
    std::fs::create_dir_all(&references).unwrap();
    let original = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/references/plain-0.50s.png");
    let copy = references.join("plain-0.50s.png");
    std::fs::copy(&original, &copy).unwrap();

    let json = dir.join("matching.json");
    let output = check(&references, &json);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("plain-0.50s.png"), "{stdout}");
    let results = std::fs::read_to_string(&json).unwrap();
    assert!(results.contains("\"passes\": true"), "{results}");

    // The same reference, brighter: every pixel moves well beyond the threshold.
    let mut brighter = read_rgb_image(&original).unwrap();
    for value in &mut brighter.data {
        *value = value.saturating_add(40);
    }
    reel::encode::write_png(&copy, &brighter).unwrap();
    let json = dir.join("differing.json");
    let output = check(&references, &json);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = stderr_lines(&output);
    assert!(
        !output.status.success(),
        "a changed reference passed: {stdout}"
    );
    assert!(stdout.contains("NO"), "{stdout}");
    assert!(
        stderr.len() == 1 && stderr[0].starts_with("error: 1 of 1 frames differ"),
        "{stderr:#?}"
    );
    let results = std::fs::read_to_string(&json).unwrap();
    assert!(results.contains("\"passes\": false"), "{results}");
}
