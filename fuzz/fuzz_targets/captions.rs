//! Any bytes read as a caption file, under each of the names that choose its reader
//! (SubRip, WebVTT, a JSON transcript): cues or an error naming the file, never a
//! panic, and every cue kept ends after it starts.

#![no_main]

use libfuzzer_sys::fuzz_target;
use reel_text::CaptionTrack;
use std::path::Path;

fuzz_target!(|bytes: &[u8]| {
    for name in ["talk.srt", "talk.vtt", "talk.json"] {
        match CaptionTrack::parse(bytes, Path::new(name)) {
            Ok((track, _warnings)) => {
                for cue in &track.cues {
                    assert!(cue.end > cue.start, "{name}: a cue ends before it starts");
                    assert!(cue.start.is_finite() && cue.end.is_finite(), "{name}");
                }
            }
            Err(error) => assert!(error.to_string().starts_with(name), "{error}"),
        }
    }
});
