//! Errors met while opening or decoding a source.

/// Why a source cannot be decoded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// A segmented export needs the source's length, and the container does not state it.
    #[error("the source does not state its duration, so the export cannot be split into segments")]
    UnknownLength,
    /// FFmpeg cannot open the file as media.
    #[error("not a video file FFmpeg can read ({0})")]
    Open(ffmpeg_next::Error),
    /// The file has no video stream.
    #[error("the file has no video stream")]
    NoVideoStream,
    /// No decoder exists for the stream's codec.
    #[error("no decoder for its video codec `{0}`")]
    UnsupportedCodec(String),
    /// The decoder could not be set up.
    #[error("cannot open the {codec} decoder ({source})")]
    OpenDecoder {
        /// The codec's name.
        codec: String,
        /// FFmpeg's reason.
        source: ffmpeg_next::Error,
    },
    /// The stream states an unusable picture size.
    #[error("invalid picture size {width}x{height}")]
    InvalidSize {
        /// Width as stated.
        width: u32,
        /// Height as stated.
        height: u32,
    },
    /// Pictures could not be converted to a format the renderer takes.
    #[error("cannot convert {format} pictures ({source})")]
    Convert {
        /// The source pixel format's name.
        format: String,
        /// FFmpeg's reason.
        source: ffmpeg_next::Error,
    },
    /// Reading or decoding failed in a way that stops the export.
    #[error("decoding failed ({0})")]
    Decode(ffmpeg_next::Error),
    /// Not a single picture could be decoded.
    #[error("no picture could be decoded from the video stream")]
    NoFrames,
    /// The file is empty.
    #[error("the file is empty (0 bytes)")]
    EmptyFile,
    /// An MP4 or MOV file ends before its index (the `moov` box), as a recording that was
    /// not finished or a copy that was cut off does; without the index nothing can be read.
    #[error(
        "the file is cut short before its index (the MP4 `moov` box), so nothing in it can \
         be read (an unfinished recording or an incomplete copy)"
    )]
    MissingIndex,
    /// The video stream is so damaged that not one picture decodes.
    #[error(
        "the video stream is damaged: no picture could be decoded \
         ({damaged} damaged packet(s) or picture(s))"
    )]
    Undecodable {
        /// Packets and pictures found damaged.
        damaged: u64,
    },
    /// A fault injected by a test (see [`reel_pipeline::FaultPlan`]).
    #[error("injected fault: decode error at output frame {frame}")]
    Injected {
        /// The output frame the decoder was about to send.
        frame: u64,
    },
}
