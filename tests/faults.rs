//! Bad inputs and failures during an export, end to end through the `export` command on
//! real FFmpeg and real files.
//!
//! A failure prints exactly one `error:` line that names the file and the problem, exits
//! non-zero and leaves neither the output nor its hidden temporary file. A damaged source
//! is not a failure while something of it decodes: the export holds what decodes and one
//! warning says what was skipped and how far decoding got.

mod common;

use common::media::{SourceSpec, decode_video, make_source};
use common::{assert_fails_with, folder_names, scratch_dir, stderr_lines, write_scene};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The whole picture of a 320x180 output of a 320x180 source.
const FULL_FRAME_320: (f32, f32, f32, f32) = (0.0, 0.0, 320.0, 180.0);

/// What a damaged source's warning starts with.
const DAMAGE_WARNING: &str = "the source is damaged or cut short; exported what decodes";

fn export_command(scene: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_export"));
    command
        .arg(scene)
        .env_remove("REEL_FAULTS")
        .env_remove("RUST_LOG");
    command
}

fn run(mut command: Command) -> Output {
    command.output().expect("run export")
}

fn run_export(scene: &Path) -> Output {
    run(export_command(scene))
}

/// Asserts a successful run with exactly one line on stderr, a warning containing each of
/// `expected`; returns the warning.
fn assert_warns(output: &Output, expected: &[&str]) -> String {
    let lines = stderr_lines(output);
    assert!(output.status.success(), "expected success: {lines:#?}");
    assert_eq!(lines.len(), 1, "expected one warning, got: {lines:#?}");
    assert!(lines[0].starts_with("warning: "), "{lines:#?}");
    for part in expected {
        assert!(
            lines[0].contains(part),
            "expected {part:?} in: {}",
            lines[0]
        );
    }
    lines[0].clone()
}

/// Writes a scene that exports `source` to `output` at 320x180 and returns its path.
fn export_scene(dir: &Path, source: &str, output: &str, extra: &str) -> PathBuf {
    write_scene(
        dir,
        "scene.ron",
        &format!(
            "(source: (path: \"{source}\"), output: (path: \"{output}\", size: (320, 180){extra}))"
        ),
    )
}

/// Runs the ffmpeg command line, which the tests use to make files the library helpers
/// do not: audio-only files and remuxed copies.
fn ffmpeg(args: &[&str]) {
    let output = Command::new("ffmpeg")
        .args(["-v", "error", "-y"])
        .args(args)
        .output()
        .expect("run the ffmpeg command line");
    assert!(
        output.status.success(),
        "ffmpeg {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Cuts `path` to the first `numerator / denominator` of its bytes.
fn cut(path: &Path, numerator: u64, denominator: u64) {
    let length = std::fs::metadata(path).unwrap().len();
    let file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    file.set_len(length * numerator / denominator).unwrap();
}

/// Overwrites `count` bytes of `path` from `numerator / denominator` of its length with
/// pseudo-random bytes (always the same ones).
fn corrupt(path: &Path, numerator: usize, denominator: usize, count: usize) {
    let mut data = std::fs::read(path).unwrap();
    let start = data.len() * numerator / denominator;
    let mut state = 0x2545_f491_u32;
    for byte in &mut data[start..start + count] {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        *byte = state as u8;
    }
    std::fs::write(path, data).unwrap();
}

/// A 10 s, 300-frame, 320x180 source whose frames show their index.
fn ten_seconds() -> SourceSpec {
    SourceSpec::h264(320, 180, 30, 300)
}

/// The index each frame of the exported `path` shows.
fn exported_indices(path: &Path) -> Vec<Option<u32>> {
    decode_video(path).indices(FULL_FRAME_320)
}

#[test]
fn an_empty_source_file_is_refused() {
    let dir = scratch_dir("faults_empty_source");
    std::fs::write(dir.join("empty.mp4"), b"").unwrap();
    let scene = export_scene(&dir, "empty.mp4", "out.mp4", "");
    assert_fails_with(&run_export(&scene), &["empty.mp4: the file is empty"]);
    assert_eq!(folder_names(&dir), ["empty.mp4", "scene.ron"]);
}

#[test]
fn a_source_without_video_is_refused() {
    let dir = scratch_dir("faults_audio_only");
    let audio = dir.join("voice.m4a");
    ffmpeg(&[
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440:duration=2",
        "-c:a",
        "aac",
        audio.to_str().unwrap(),
    ]);
    let scene = export_scene(&dir, "voice.m4a", "out.mp4", "");
    assert_fails_with(
        &run_export(&scene),
        &["voice.m4a: the file has no video stream"],
    );
    assert_eq!(folder_names(&dir), ["scene.ron", "voice.m4a"]);
}

#[test]
fn an_mp4_cut_before_its_index_is_refused() {
    let dir = scratch_dir("faults_mp4_no_index");
    // Written as a recorder writes: pictures first, the index (`moov`) at the end.
    make_source(&dir.join("cut.mp4"), &ten_seconds());
    cut(&dir.join("cut.mp4"), 1, 2);
    let scene = export_scene(&dir, "cut.mp4", "out.mp4", "");
    assert_fails_with(
        &run_export(&scene),
        &["cut.mp4: the file is cut short before its index"],
    );
    assert_eq!(folder_names(&dir), ["cut.mp4", "scene.ron"]);
}

#[test]
fn a_source_cut_in_half_exports_what_decodes_and_says_how_far_it_got() {
    let dir = scratch_dir("faults_cut_in_half");
    let whole = dir.join("whole.mp4");
    make_source(&whole, &ten_seconds());
    // With the index first (faststart), an MP4 cut short still opens; Matroska can be
    // read up to where it ends.
    let faststart = dir.join("faststart.mp4");
    let (whole_arg, faststart_arg) = (whole.to_str().unwrap(), faststart.to_str().unwrap());
    ffmpeg(&[
        "-i",
        whole_arg,
        "-c",
        "copy",
        "-movflags",
        "+faststart",
        faststart_arg,
    ]);
    make_source(&dir.join("cut.mkv"), &ten_seconds());
    for source in ["faststart.mp4", "cut.mkv"] {
        cut(&dir.join(source), 1, 2);
        let scene = export_scene(&dir, source, "out.mp4", "");
        let output = run_export(&scene);
        assert_warns(
            &output,
            &[
                source,
                DAMAGE_WARNING,
                "decoding stopped at ",
                " s of 10.00 s",
            ],
        );
        // The first half of the frames, each showing its own index, and nothing else.
        let shown = exported_indices(&dir.join("out.mp4"));
        assert!(
            (100..200).contains(&shown.len()),
            "{source}: {} frames exported",
            shown.len()
        );
        let last = shown.len() - 1;
        for (i, index) in shown[..last].iter().enumerate() {
            assert_eq!(*index, Some(i as u32), "{source}: frame {i}");
        }
        assert!(
            matches!(shown[last], Some(n) if n as usize == last || n as usize == last - 1),
            "{source}: the last frame shows {:?}",
            shown[last]
        );
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            stdout.contains(&format!("out.mp4: {} frames", shown.len())),
            "{stdout}"
        );
        std::fs::remove_file(dir.join("out.mp4")).unwrap();
    }
    assert_eq!(
        folder_names(&dir),
        ["cut.mkv", "faststart.mp4", "scene.ron", "whole.mp4"]
    );
}

#[test]
fn damaged_bytes_mid_stream_are_skipped_with_a_warning() {
    let dir = scratch_dir("faults_damaged_middle");
    for source in ["damaged.mp4", "damaged.ts"] {
        make_source(&dir.join(source), &ten_seconds());
        corrupt(&dir.join(source), 2, 5, 4000);
        let scene = export_scene(&dir, source, "out.mp4", "");
        let warning = assert_warns(&run_export(&scene), &[source, DAMAGE_WARNING]);
        assert!(
            warning.contains("decoded to the end (10.00 s)") || warning.contains("of 10.00 s"),
            "{warning}"
        );
        assert!(
            warning.contains("skipped") || warning.contains("dropped"),
            "{warning}"
        );
        // Timing is kept: all 10 s, with every frame before the damage and every frame
        // from the next key frame after it showing its own index.
        let shown = exported_indices(&dir.join("out.mp4"));
        assert_eq!(shown.len(), 300, "{source}");
        for i in (0..60).chain(240..300) {
            assert_eq!(shown[i], Some(i as u32), "{source}: frame {i}");
        }
        std::fs::remove_file(dir.join("out.mp4")).unwrap();
    }
    assert_eq!(
        folder_names(&dir),
        ["damaged.mp4", "damaged.ts", "scene.ron"]
    );
}

#[test]
fn a_source_of_which_nothing_decodes_is_refused() {
    let dir = scratch_dir("faults_nothing_decodes");
    let whole = dir.join("whole.mp4");
    make_source(&whole, &ten_seconds());
    let garbage = dir.join("garbage.mp4");
    let (whole_arg, garbage_arg) = (whole.to_str().unwrap(), garbage.to_str().unwrap());
    ffmpeg(&[
        "-i",
        whole_arg,
        "-c",
        "copy",
        "-movflags",
        "+faststart",
        garbage_arg,
    ]);
    // Keep the index, which comes first, and overwrite every picture.
    let mut data = std::fs::read(&garbage).unwrap();
    let pictures = data.windows(4).position(|w| w == b"mdat").unwrap() + 4;
    let mut state = 0x9e37_79b9_u32;
    for byte in &mut data[pictures..] {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        *byte = state as u8;
    }
    std::fs::write(&garbage, data).unwrap();
    let scene = export_scene(&dir, "garbage.mp4", "out.mp4", "");
    assert_fails_with(
        &run_export(&scene),
        &["garbage.mp4: the video stream is damaged: no picture could be decoded"],
    );
    assert_eq!(
        folder_names(&dir),
        ["garbage.mp4", "scene.ron", "whole.mp4"]
    );
}

#[test]
fn an_output_that_cannot_be_created_is_refused() {
    let dir = scratch_dir("faults_output_not_creatable");
    make_source(&dir.join("in.mp4"), &SourceSpec::h264(320, 180, 30, 10));
    std::fs::write(dir.join("notes.txt"), "not a folder\n").unwrap();
    // A parent that is a regular file (ENOTDIR), which stops root as well.
    let scene = export_scene(&dir, "in.mp4", "notes.txt/out.mp4", "");
    assert_fails_with(
        &run_export(&scene),
        &["output.path: the output folder does not exist", "notes.txt"],
    );
    // A folder in which no one may create files, root included (sysfs refuses them).
    if Path::new("/sys").is_dir() {
        let scene = export_scene(&dir, "in.mp4", "/sys/reel-fault-test.mp4", "");
        assert_fails_with(
            &run_export(&scene),
            &["/sys/reel-fault-test.mp4: cannot create the output file"],
        );
        assert!(!Path::new("/sys/reel-fault-test.mp4").exists());
    }
    assert_eq!(folder_names(&dir), ["in.mp4", "notes.txt", "scene.ron"]);
}

#[test]
fn a_full_disk_during_the_export_fails_cleanly() {
    let dir = scratch_dir("faults_file_size_limit");
    make_source(&dir.join("in.mp4"), &SourceSpec::h264(320, 180, 30, 60));
    // Lossless output is large: far past the limit (and FFmpeg's 32 KiB write buffer).
    let scene = export_scene(&dir, "in.mp4", "out.mp4", ", crf: 0");
    let mut command = export_command(&scene);
    // SAFETY: setrlimit is async-signal-safe and touches nothing of the parent's state.
    unsafe {
        command.pre_exec(|| {
            // A 64 KiB file size limit: writes past it fail with EFBIG, as on a full disk.
            // The kernel also sends SIGXFSZ, which `export` must ignore to report it.
            let limit = libc::rlimit {
                rlim_cur: 64 * 1024,
                rlim_max: 64 * 1024,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let output = run(command);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{:#?}",
        stderr_lines(&output)
    );
    assert_fails_with(
        &output,
        &["out.mp4: cannot write the output (File too large)"],
    );
    assert_eq!(folder_names(&dir), ["in.mp4", "scene.ron"]);
}

#[test]
fn injected_decoder_and_encoder_faults_end_the_export_cleanly() {
    let cases = [
        (
            "decode-error:frame=20",
            "in.mp4: injected fault: decode error at output frame 20",
        ),
        (
            "encode-error:frame=10",
            "out.mp4: injected fault: encode error while writing frame 10",
        ),
        // A bug in the encoder thread ends the export at once, with no stall and no
        // panic text.
        (
            "encode-panic:frame=10",
            "internal error while encoding (injected fault: encoder panic while writing frame 10); please report it",
        ),
    ];
    for (n, (fault, expected)) in cases.into_iter().enumerate() {
        let dir = scratch_dir(&format!("faults_injected_{n}"));
        make_source(&dir.join("in.mp4"), &SourceSpec::h264(320, 180, 30, 60));
        let scene = export_scene(&dir, "in.mp4", "out.mp4", "");
        let mut command = export_command(&scene);
        command.env("REEL_FAULTS", fault);
        assert_fails_with(&run(command), &[expected]);
        assert_eq!(folder_names(&dir), ["in.mp4", "scene.ron"]);
    }
}
