//! Errors met while encoding and writing the output.

/// Why the output could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// The output file could not be created.
    #[error("cannot create the output file ({0})")]
    Create(ffmpeg_next::Error),
    /// FFmpeg has no encoder of that name.
    #[error("the encoder `{0}` is not available in this FFmpeg build")]
    NoEncoder(String),
    /// The encoder refused its settings.
    #[error("cannot open the {encoder} encoder ({source})")]
    OpenEncoder {
        /// The encoder's name.
        encoder: String,
        /// FFmpeg's reason.
        source: ffmpeg_next::Error,
    },
    /// The VA-API device could not be opened.
    #[error("cannot open the VA-API device {node} ({source})")]
    HardwareDevice {
        /// The render node.
        node: String,
        /// FFmpeg's reason.
        source: ffmpeg_next::Error,
    },
    /// An encoder took a test frame and gave nothing back.
    #[error("the {0} encoder gave no output for a test frame")]
    NothingEncoded(String),
    /// Encoding or writing a frame failed (a full disk, say).
    #[error("cannot write the output ({0})")]
    Write(ffmpeg_next::Error),
    /// Frames arrived out of order: a bug upstream, refused rather than written.
    #[error("frame {got} arrived where frame {expected} was due")]
    OutOfOrder {
        /// The index that was due.
        expected: u64,
        /// The index that arrived.
        got: u64,
    },
    /// A frame did not have the output's size or format.
    #[error(
        "frame {index} is {width}x{height} {format}, expected {expected_width}x{expected_height} {expected_format}"
    )]
    WrongFrame {
        /// The frame's index.
        index: u64,
        /// Its width.
        width: u32,
        /// Its height.
        height: u32,
        /// Its pixel format.
        format: String,
        /// The output's width.
        expected_width: u32,
        /// The output's height.
        expected_height: u32,
        /// The pixel format the output's encoder is fed.
        expected_format: String,
    },
    /// The source's sound could not be read.
    #[error("cannot read the sound of {} ({source})", path.display())]
    AudioSource {
        /// The source file.
        path: std::path::PathBuf,
        /// FFmpeg's reason.
        source: ffmpeg_next::Error,
    },
    /// A piece of edited sound asks for something impossible.
    #[error("sound piece {index}: {reason}")]
    BadSoundPiece {
        /// The piece's place in the request's list.
        index: usize,
        /// What is wrong, and what was expected.
        reason: String,
    },
    /// The music file has no audio stream.
    #[error("{}: music.path: the file has no sound to play as music", path.display())]
    SilentMusic {
        /// The music file.
        path: std::path::PathBuf,
    },
    /// FFmpeg's sidechain compressor, which ducks the music, could not be set up or fed.
    #[error("cannot duck the music under the recording's sound ({reason})")]
    Ducking {
        /// FFmpeg's reason.
        reason: ffmpeg_next::Error,
    },
    /// Something at the output path is in the way of the finished output: a folder
    /// where a file goes, or a file where a folder of pictures goes.
    #[error(
        "{found} is in the way at the output path, where the export writes {writes} (choose another path or remove it)"
    )]
    OutputBlocked {
        /// What is there.
        found: &'static str,
        /// What the export would put there.
        writes: &'static str,
    },
    /// The finished file could not be moved into place.
    #[error("cannot move the finished file into place ({0})")]
    Finalize(std::io::Error),
    /// The encoder thread panicked: a bug in Reel or a library it calls. The unfinished
    /// file is removed as for any other failure.
    #[error("internal error while encoding ({0}); please report it")]
    Panicked(String),
    /// A fault injected by a test (see [`reel_pipeline::FaultPlan`]).
    #[error("injected fault: encode error while writing frame {frame}")]
    Injected {
        /// The frame that was to be written.
        frame: u64,
    },
}
