//! Scene regression tests: every scene in `scenes/` is rendered at chosen times by both
//! renderers an export can use — the GPU one on the machine's driver (lavapipe where
//! there is no GPU) and the CPU one — and each image is compared with the reference images in `tests/references/` with a
//! perceptual metric: mean ΔE*ab at most 0.5 and at most 0.2% of pixels above ΔE 5 (see
//! `reel::compare`). `REEL_UPDATE_REFERENCES=1 cargo test --test scenes` rewrites the
//! references; a missing reference fails.

mod common;

use common::compare::{assert_matches_reference, assert_renderer_matches_reference};
use reel::render::GpuDevice;
use reel::{Scene, StillRenderer, render_frame, render_frame_with};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// One device for every test in this file.
fn gpu() -> &'static GpuDevice {
    static GPU: OnceLock<GpuDevice> = OnceLock::new();
    GPU.get_or_init(|| GpuDevice::create_headless().expect("a GPU adapter (lavapipe will do)"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Renders `scene` at each of `times` and compares each frame with its reference.
fn check(scene: &str, times: &[f64]) {
    let path = root().join("scenes").join(format!("{scene}.ron"));
    let scene_data = Scene::load(&path).unwrap_or_else(|e| panic!("{e}"));
    for &time in times {
        let image = render_frame(&scene_data, time, Some(gpu()))
            .unwrap_or_else(|e| panic!("{scene} at {time} s: {e}"));
        let reference = root()
            .join("tests/references")
            .join(format!("{scene}-{time:.2}s.png"));
        assert_matches_reference(&image, &reference);
        let image = render_frame_with(&scene_data, time, StillRenderer::Cpu)
            .unwrap_or_else(|e| panic!("{scene} at {time} s on the CPU: {e}"));
        assert_renderer_matches_reference(&image, &reference, "cpu");
    }
}

#[test]
fn plain() {
    check("plain", &[0.5]);
}

#[test]
fn background_linear() {
    check("background-linear", &[1.0]);
}

#[test]
fn background_radial() {
    check("background-radial", &[1.0]);
}

#[test]
fn background_image() {
    check("background-image", &[1.0]);
}

#[test]
fn background_blurred() {
    check("background-blurred", &[1.0]);
}

#[test]
fn wallpaper() {
    check("wallpaper", &[1.0]);
}

#[test]
fn corners_border() {
    check("corners-border", &[1.0]);
}

#[test]
fn camera() {
    check("camera", &[1.0, 3.8]);
}

#[test]
fn camera_rounded() {
    check("camera-rounded", &[0.2, 0.7, 2.0]);
}

#[test]
fn camera_layouts() {
    check("camera-layouts", &[0.5, 1.0, 1.6, 2.5, 3.6]);
}

#[test]
fn shadow() {
    check("shadow", &[1.0]);
}

#[test]
fn crop() {
    check("crop", &[1.0]);
}

#[test]
fn zoom_sequence() {
    // Before, moving in, held, moving across to the second target, held, moving out.
    check("zoom-sequence", &[0.2, 0.8, 1.5, 2.2, 3.0, 3.6]);
}

#[test]
fn blur_region() {
    check("blur-region", &[0.5, 2.0]);
}

#[test]
fn upscale() {
    check("upscale", &[1.0]);
}

#[test]
fn blur_regions_moving() {
    check("blur-regions-moving", &[1.0, 2.0]);
}

#[test]
fn motion_blur() {
    check("motion-blur", &[1.2, 2.0]);
}

#[test]
fn trim() {
    check("trim", &[0.0, 1.9]);
}

#[test]
fn screen_studio() {
    check("screen-studio", &[0.5, 1.5]);
}

#[test]
fn cursor() {
    check("cursor", &[0.9, 2.0]);
}

#[test]
fn cursor_clicks() {
    check("cursor-clicks", &[0.9, 1.1, 1.7]);
}

#[test]
fn cursor_vertical() {
    check("cursor-vertical", &[0.5, 3.0]);
}

#[test]
fn captions() {
    check("captions", &[0.3, 1.0, 1.8]);
}

#[test]
fn captions_outline() {
    check("captions-outline", &[1.0, 2.7]);
}

#[test]
fn captions_words() {
    check("captions-words", &[0.9, 1.9]);
}

#[test]
fn every_scene_file_is_valid() {
    for entry in std::fs::read_dir(root().join("scenes")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension() == Some("ron".as_ref()) {
            Scene::load(Path::new(&path)).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

#[test]
fn annotations() {
    check("annotations", &[0.3, 1.5, 3.2]);
}

#[test]
fn spotlight() {
    check("spotlight", &[0.5, 1.5, 2.8]);
}

#[test]
fn keystrokes() {
    check("keystrokes", &[1.5, 2.0, 3.2]);
}

#[test]
fn keystrokes_pc() {
    check("keystrokes-pc", &[0.5, 2.0]);
}
