//! Any text read as a key track: presses in time order or an error naming the file and
//! the line, never a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use reel_text::KeyTrack;
use std::path::Path;

fuzz_target!(|text: &str| {
    match KeyTrack::parse(text, Path::new("keys.jsonl")) {
        Ok(track) => {
            for pair in track.presses.windows(2) {
                assert!(pair[0].time <= pair[1].time, "presses out of order");
            }
        }
        Err(error) => {
            let shown = error.to_string();
            assert!(shown.starts_with("keys.jsonl:"), "{shown}");
            assert!(error.position.is_some(), "{shown}");
        }
    }
});
