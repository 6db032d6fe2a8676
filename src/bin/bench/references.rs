//! `bench --check-references DIR`: renders the frame behind each reference image of the
//! scene regression tests on this machine's GPU and compares it with the reference (made
//! on lavapipe) by the tests' own metric and threshold, so that another GPU's output can
//! be checked where no toolchain is available.

use reel::compare::{MAX_MEAN_DELTA_E, MAX_VISIBLE_SHARE, difference, read_rgb_image};
use reel::render::GpuDevice;
use reel::{Scene, render_frame};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One reference's outcome.
struct Checked {
    reference: String,
    mean: f64,
    visible: f64,
    max: f64,
    passes: bool,
}

/// The scene and time a reference named `<scene>-<seconds>s.png` shows.
fn scene_and_time(path: &Path) -> Option<(String, f64)> {
    let stem = path.file_name()?.to_str()?.strip_suffix("s.png")?;
    let (scene, time) = stem.rsplit_once('-')?;
    Some((scene.to_owned(), time.parse().ok()?))
}

/// Checks every reference in `references` against `scenes`, prints a table, writes
/// JSON to `json`; an error when any differs beyond the threshold.
pub fn check_references(references: &Path, scenes: &Path, json: &Path) -> Result<(), String> {
    let gpu = GpuDevice::create_headless().map_err(|e| e.to_string())?;
    let mut paths: Vec<PathBuf> = std::fs::read_dir(references)
        .map_err(|e| format!("{}: {e}", references.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| scene_and_time(path).is_some())
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(format!(
            "{}: no reference images (<scene>-<seconds>s.png)",
            references.display()
        ));
    }
    let mut checked = Vec::new();
    let mut table = format!(
        "GPU: {}\nreference                              mean ΔE  ΔE>5 %  max ΔE  within threshold\n",
        gpu.adapter
    );
    for path in &paths {
        let (name, time) = scene_and_time(path).expect("filtered above");
        let scene_path = scenes.join(format!("{name}.ron"));
        let scene = Scene::load(&scene_path).map_err(|e| e.to_string())?;
        let image = render_frame(&scene, time, Some(&gpu))
            .map_err(|e| format!("{}: {e}", scene_path.display()))?;
        let reference = read_rgb_image(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let diff = difference(&image, &reference).ok_or_else(|| {
            format!(
                "{}: rendered {}x{}, the reference is {}x{}",
                path.display(),
                image.width,
                image.height,
                reference.width,
                reference.height
            )
        })?;
        let reference = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let _ = writeln!(
            table,
            "{reference:<38} {:>7.3}  {:>6.3}  {:>6.1}  {}",
            diff.mean,
            diff.visible * 100.0,
            diff.max,
            if diff.passes() { "yes" } else { "NO" }
        );
        checked.push(Checked {
            reference,
            mean: diff.mean,
            visible: diff.visible,
            max: diff.max,
            passes: diff.passes(),
        });
    }
    crate::emit(&table);
    let rows: Vec<String> = checked
        .iter()
        .map(|c| {
            format!(
                "    {{\"reference\": \"{}\", \"mean_delta_e\": {:.4}, \"visible_share\": {:.5}, \"max_delta_e\": {:.2}, \"passes\": {}}}",
                c.reference, c.mean, c.visible, c.max, c.passes
            )
        })
        .collect();
    let text = format!(
        "{{\n  \"gpu\": \"{}\",\n  \"max_mean_delta_e\": {MAX_MEAN_DELTA_E},\n  \"max_visible_share\": {MAX_VISIBLE_SHARE},\n  \"references\": [\n{}\n  ]\n}}\n",
        gpu.adapter.replace('"', "'"),
        rows.join(",\n")
    );
    if let Some(parent) = json.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    std::fs::write(json, text).map_err(|e| format!("{}: {e}", json.display()))?;
    crate::emit(&format!("results: {}\n", json.display()));
    let failed = checked.iter().filter(|c| !c.passes).count();
    if failed > 0 {
        return Err(format!(
            "{failed} of {} frames differ from their references beyond the threshold (mean ΔE {MAX_MEAN_DELTA_E}, {}% of pixels above ΔE 5)",
            checked.len(),
            MAX_VISIBLE_SHARE * 100.0
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::scene_and_time;
    use std::path::Path;

    #[test]
    fn reference_names_give_the_scene_and_the_time() {
        assert_eq!(
            scene_and_time(Path::new("refs/background-blurred-1.00s.png")),
            Some(("background-blurred".into(), 1.0))
        );
        assert_eq!(
            scene_and_time(Path::new("refs/plain-0.50s.actual.png")),
            None
        );
        assert_eq!(scene_and_time(Path::new("refs/notes.txt")), None);
    }
}
