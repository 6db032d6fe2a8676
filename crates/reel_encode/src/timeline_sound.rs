//! The sound of an edited timeline: one [`SoundPiece`] per clip, faded where clips meet.

use crate::audio::AudioRequest;
use crate::edit::{SoundPiece, SoundSpeed};
use crate::music::MusicBed;
use reel_scene::{Audio, AudioSpeed, PlacedClip, Scene, SoundFrom, Timeline, TransitionKind};
use std::path::PathBuf;

/// Output seconds over which the sound fades in and out at a plain cut, so that no
/// click is heard where the waveform jumps.
pub const CUT_FADE: f64 = 0.005;

/// The sound request of `scene` as it plays on `timeline` (`None` when it has no
/// sound: the recording's is dropped and there is no music): its source's sound from the
/// trim's start, or for an edited timeline the pieces of every clip, with the scene's
/// music under it.
pub fn audio_request(scene: &Scene, timeline: &Timeline) -> Option<AudioRequest> {
    let music = scene.music.as_ref().map(|music| MusicBed {
        path: music.path.clone(),
        volume: music.volume,
        fade_in: music.fade_in,
        fade_out: music.fade_out,
        looped: music.looped,
        duck: music.duck,
        length: timeline.duration(),
    });
    let (audio, pieces) = match scene.audio {
        Some(audio) => (audio, recording_pieces(scene, timeline, &audio)),
        // The recording's sound is dropped: the music plays alone.
        None => (Audio::default(), Some(Vec::new())),
    };
    if scene.audio.is_none() && music.is_none() {
        return None;
    }
    Some(AudioRequest {
        source: scene.source.path.clone(),
        trim_start: scene.source.trim.start,
        bitrate: audio.bitrate as usize * 1000,
        always_encode: audio.encode,
        pieces,
        music,
    })
}

/// The pieces of the recordings' sound `audio` keeps: the screen's alone as
/// [`sound_pieces`] makes them, or with (or in place of) the camera's, played in step
/// with the screen on every clip of the scene's own recording.
fn recording_pieces(scene: &Scene, timeline: &Timeline, audio: &Audio) -> Option<Vec<SoundPiece>> {
    let camera = match (audio.from, &scene.camera) {
        (SoundFrom::Screen, _) | (_, None) => return sound_pieces(timeline, audio),
        (_, Some(camera)) => camera,
    };
    let mut pieces = Vec::new();
    if audio.from == SoundFrom::Both {
        let screen = |clip: &PlacedClip| Some((clip.source.clone(), 0.0));
        pieces.extend(clip_pieces(timeline, audio, &screen));
    }
    let path = camera.path.clone();
    let of_camera = |clip: &PlacedClip| clip.is_scene_source.then(|| (path.clone(), camera.offset));
    pieces.extend(clip_pieces(timeline, audio, &of_camera));
    Some(pieces)
}

/// The pieces of an edited timeline's sound, one per clip; `None` for a timeline that
/// only trims its source (its sound is then cut like the video, or copied).
pub fn sound_pieces(timeline: &Timeline, audio: &Audio) -> Option<Vec<SoundPiece>> {
    if !timeline.edited {
        return None;
    }
    let own = |clip: &PlacedClip| Some((clip.source.clone(), 0.0));
    Some(clip_pieces(timeline, audio, &own))
}

/// What a clip's sound is played from: a recording and the seconds it runs ahead of
/// the clip's (0 for the clip's own, the camera's offset for the camera); `None` for
/// silence.
type SoundOf<'a> = &'a dyn Fn(&PlacedClip) -> Option<(PathBuf, f64)>;

/// One piece per clip of `timeline` that `sound_of` gives a recording, faded where the
/// clips meet. A clip without an end (an unedited timeline's) plays to the sound's end;
/// a piece that would start before its recording does starts with it, later.
fn clip_pieces(timeline: &Timeline, audio: &Audio, sound_of: SoundOf<'_>) -> Vec<SoundPiece> {
    let speed_sound = match audio.speed {
        AudioSpeed::KeepPitch => SoundSpeed::KeepPitch,
        AudioSpeed::Mute => SoundSpeed::Mute,
        AudioSpeed::Resample => SoundSpeed::Resample,
    };
    let clips = &timeline.clips;
    clips
        .iter()
        .enumerate()
        .filter_map(|(k, clip)| {
            let (source, ahead) = sound_of(clip)?;
            let end = clip.end.map_or(f64::INFINITY, |end| end + ahead);
            let mut start = clip.start + ahead;
            let mut output_start = clip.output_start;
            if start < 0.0 {
                output_start -= start / clip.speed;
                start = 0.0;
            }
            if end <= start {
                return None;
            }
            let (silent_head, fade_in) = edge(clip.transition);
            let after = clips.get(k + 1).and_then(|next| next.transition);
            let (silent_tail, fade_out) = edge(after);
            Some(SoundPiece {
                source,
                start,
                end,
                speed: clip.speed,
                output_start,
                fade_in,
                fade_out,
                silent_head,
                silent_tail,
                speed_sound,
            })
        })
        .collect()
}

/// The silence and the fade at one end of a clip whose neighbour meets it by
/// `transition`: a cross-fade fades over the whole overlap; a fade through black over
/// the half on the clip's side, silent over the other half; a cut fades briefly.
fn edge(transition: Option<reel_scene::Transition>) -> (f64, f64) {
    match transition {
        None => (0.0, CUT_FADE),
        Some(t) if t.kind == TransitionKind::CrossFade => (0.0, t.duration),
        Some(t) => (t.duration / 2.0, t.duration / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_follow_the_clips_and_fade_where_they_meet() {
        let scene = Scene::from_ron(
            r#"(source: (path: "a.mp4"), output: (path: "o.mp4", fps: 30), timeline: [
                (start: 0, end: 2),
                (start: 4, end: 8, speed: 2, transition: (kind: CrossFade, duration: 0.5)),
                (source: "b.mp4", start: 1, end: 3, transition: (kind: FadeThroughBlack, duration: 1)),
            ], audio: (speed: Resample))"#,
            "s.ron".as_ref(),
        )
        .unwrap();
        let timeline = Timeline::of(&scene, None);
        let request = audio_request(&scene, &timeline).unwrap();
        let pieces = request.pieces.unwrap();
        assert_eq!(pieces.len(), 3);
        assert_eq!((pieces[0].fade_in, pieces[0].fade_out), (CUT_FADE, 0.5));
        assert_eq!(pieces[1].output_start, 1.5);
        assert_eq!((pieces[1].fade_in, pieces[1].fade_out), (0.5, 0.5));
        assert_eq!((pieces[1].silent_tail, pieces[2].silent_head), (0.5, 0.5));
        assert_eq!(pieces[2].output_start, 2.5);
        assert!(pieces[2].source.ends_with("b.mp4"));
        assert_eq!(pieces[1].speed_sound, SoundSpeed::Resample);
        let plain = Scene::from_ron(
            r#"(source: (path: "a.mp4", trim: (start: 1)), output: (path: "o.mp4"))"#,
            "s.ron".as_ref(),
        )
        .unwrap();
        let request = audio_request(&plain, &Timeline::of(&plain, None)).unwrap();
        assert_eq!((request.pieces, request.trim_start), (None, 1.0));
    }

    #[test]
    fn music_plays_for_the_timeline_even_without_the_recording_sound() {
        let scene = |audio: &str| {
            Scene::from_ron(
                &format!(
                    r#"(source: (path: "a.mp4"), output: (path: "o.mp4", fps: 30),
                    timeline: [(start: 0, end: 2), (start: 4, end: 8, speed: 2)],
                    music: (path: "bed.mp3", volume: 0.3, fade_out: 1, duck: true){audio})"#
                ),
                "s.ron".as_ref(),
            )
            .unwrap()
        };
        let kept = scene("");
        let request = audio_request(&kept, &Timeline::of(&kept, None)).unwrap();
        let music = request.music.unwrap();
        assert!(music.path.ends_with("bed.mp3"));
        assert_eq!(
            (music.volume, music.fade_out, music.length),
            (0.3, 1.0, Some(4.0))
        );
        assert!(music.duck && music.looped);
        assert_eq!(request.pieces.map(|p| p.len()), Some(2));
        // Without the recording's sound the music is all there is.
        let dropped = scene(", audio: None");
        let request = audio_request(&dropped, &Timeline::of(&dropped, None)).unwrap();
        assert_eq!(request.pieces, Some(Vec::new()));
        assert!(request.music.is_some());
        let silent = Scene::from_ron(
            r#"(source: (path: "a.mp4"), output: (path: "o.mp4"), audio: None)"#,
            "s.ron".as_ref(),
        )
        .unwrap();
        assert_eq!(audio_request(&silent, &Timeline::of(&silent, None)), None);
    }
}
