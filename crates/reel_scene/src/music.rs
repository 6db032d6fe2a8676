//! Music under the edit: a sound file played for the whole output, looped or cut to its
//! length, faded at both ends and, when asked, ducked while the recording speaks.

use crate::validate::Invalid;
use serde::Deserialize;
use std::path::PathBuf;

/// The loudest music gain a scene may ask for (four times the file's level).
pub const MAX_MUSIC_VOLUME: f32 = 4.0;

/// The longest fade in or out of the music, in seconds.
pub const MAX_MUSIC_FADE: f64 = 600.0;

/// A music bed mixed under the recording's sound:
/// `music: (path: "bed.mp3", volume: 0.3, fade_in: 1.0, fade_out: 2.0, duck: true)`.
///
/// The music starts with the output's first frame and lasts as long as the output: a
/// shorter file plays again from its start (unless `loop: false`, when silence
/// follows), a longer one is cut where the output ends. Its level is `volume` times the
/// file's, rising from silence over the first `fade_in` seconds and falling to silence
/// over the last `fade_out` seconds of the output. With `duck: true` the music is
/// turned down while the recording's sound is louder than a quiet voice, and back up
/// when it falls silent.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Music {
    /// The sound file to play: any file FFmpeg reads with an audio stream (MP3, AAC,
    /// Opus, WAV, FLAC, or a video's sound).
    pub path: PathBuf,
    /// The music's gain, from 0 (silent) to [`MAX_MUSIC_VOLUME`]; 1 keeps the file's
    /// level. Default: 1.
    #[serde(default = "full_volume")]
    pub volume: f32,
    /// Output seconds over which the music rises from silence at the start. Default: 0.
    #[serde(default)]
    pub fade_in: f64,
    /// Output seconds over which the music falls to silence at the end. Default: 0.
    #[serde(default)]
    pub fade_out: f64,
    /// Whether a file shorter than the output plays again from its start. Default: true.
    #[serde(default = "yes", rename = "loop")]
    pub looped: bool,
    /// Whether the music is turned down while the recording's sound is heard (FFmpeg's
    /// sidechain compressor, keyed by the recording's sound). Default: false.
    #[serde(default)]
    pub duck: bool,
}

fn full_volume() -> f32 {
    1.0
}

fn yes() -> bool {
    true
}

impl Music {
    /// Checks the music's numbers, naming the field `music` in an error.
    pub(crate) fn validate(&self) -> Result<(), Invalid> {
        let field = || "music".to_string();
        if !(self.volume.is_finite() && (0.0..=MAX_MUSIC_VOLUME).contains(&self.volume)) {
            return Err((
                field(),
                format!(
                    "invalid volume {} (expected 0 to {MAX_MUSIC_VOLUME})",
                    self.volume
                ),
            ));
        }
        for (name, value) in [("fade_in", self.fade_in), ("fade_out", self.fade_out)] {
            if !(value.is_finite() && (0.0..=MAX_MUSIC_FADE).contains(&value)) {
                return Err((
                    field(),
                    format!("invalid {name} {value} (expected 0 to {MAX_MUSIC_FADE} seconds)"),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::Scene;

    fn scene(music: &str) -> crate::Result<Scene> {
        Scene::from_ron(
            &format!(r#"(source: (path: "a.mp4"), output: (path: "o.mp4"), music: {music})"#),
            "s.ron".as_ref(),
        )
    }

    #[test]
    fn music_defaults_to_full_volume_looped_without_fades_or_ducking() {
        let music = scene(r#"(path: "bed.mp3")"#).unwrap().music.unwrap();
        assert_eq!(music.path, std::path::Path::new("bed.mp3"));
        assert_eq!(
            (music.volume, music.fade_in, music.fade_out),
            (1.0, 0.0, 0.0)
        );
        assert!(music.looped && !music.duck);
        let music = scene(
            r#"(path: "bed.mp3", volume: 0.3, fade_in: 1, fade_out: 2, loop: false, duck: true)"#,
        )
        .unwrap()
        .music
        .unwrap();
        assert_eq!(
            (music.volume, music.fade_in, music.fade_out),
            (0.3, 1.0, 2.0)
        );
        assert!(!music.looped && music.duck);
        assert_eq!(scene("None").unwrap().music, None);
    }

    #[test]
    fn out_of_range_music_is_refused_with_its_position() {
        for (music, wanted) in [
            (
                r#"(path: "b.mp3", volume: 5)"#,
                "invalid volume 5 (expected 0 to 4)",
            ),
            (r#"(path: "b.mp3", volume: -1)"#, "invalid volume -1"),
            (r#"(path: "b.mp3", fade_in: -1)"#, "invalid fade_in -1"),
            (r#"(path: "b.mp3", fade_out: 1e9)"#, "invalid fade_out"),
        ] {
            let error = scene(music).unwrap_err().to_string();
            assert!(error.contains(wanted), "{music}: {error}");
            assert!(error.contains("s.ron:1:"), "{error}");
            assert!(error.contains("music"), "{error}");
        }
        let error = scene(r#"(path: "b.mp3", volum: 1)"#)
            .unwrap_err()
            .to_string();
        assert!(error.contains("volum"), "{error}");
    }
}
