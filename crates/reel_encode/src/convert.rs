//! Turns the renderer's frames (NV12, NV24 or RGBA) into the pixel format an encoder
//! takes, with an FFmpeg filter graph (a chroma reshuffle for most formats; a GIF's
//! palette frames are made by `GifFrames`, which uses one to make its palettes).

use crate::hardware::HardwareDevice;
use ffmpeg_next::{Rational, ffi, filter, format::Pixel, frame};

/// A filter graph from the renderer's frames of one size to an encoder's frames.
pub struct Converter {
    graph: filter::Graph,
}

impl Converter {
    /// A graph that applies `spec` to `size` frames in `input` timed in `time_base`,
    /// and hands out frames in `pixel`. Its `hwupload` filters upload to `device`.
    pub fn new(
        spec: &str,
        (size, input): ((u32, u32), Pixel),
        time_base: Rational,
        pixel: Pixel,
        device: Option<&HardwareDevice>,
    ) -> Result<Self, ffmpeg_next::Error> {
        let mut graph = filter::Graph::new();
        let arguments = format!(
            "video_size={}x{}:pix_fmt={}:time_base={}/{}:pixel_aspect=1/1",
            size.0,
            size.1,
            ffmpeg_next::ffi::AVPixelFormat::from(input) as i32,
            time_base.numerator(),
            time_base.denominator()
        );
        let buffer = filter::find("buffer").ok_or(ffmpeg_next::Error::FilterNotFound)?;
        let buffersink = filter::find("buffersink").ok_or(ffmpeg_next::Error::FilterNotFound)?;
        graph.add(&buffer, "in", &arguments)?;
        let mut sink = graph.add(&buffersink, "out", "")?;
        sink.set_pixel_format(pixel);
        graph.output("in", 0)?.input("out", 0)?.parse(spec)?;
        if let Some(device) = device {
            // SAFETY: the graph is parsed but not configured; each of its filter contexts
            // is valid, and an upload filter takes a reference of its own to the device.
            unsafe {
                let raw = graph.as_mut_ptr();
                for i in 0..(*raw).nb_filters as usize {
                    let context = *(*raw).filters.add(i);
                    let name = std::ffi::CStr::from_ptr((*(*context).filter).name);
                    if name == c"hwupload" {
                        (*context).hw_device_ctx = ffi::av_buffer_ref(device.as_ptr());
                    }
                }
            }
        }
        graph.validate()?;
        Ok(Self { graph })
    }

    /// Feeds a frame in.
    pub fn push(&mut self, picture: &frame::Video) -> Result<(), ffmpeg_next::Error> {
        let mut input = self.graph.get("in").ok_or(ffmpeg_next::Error::Bug)?;
        input.source().add(picture)
    }

    /// Says no more frames come.
    pub fn flush(&mut self) -> Result<(), ffmpeg_next::Error> {
        let mut input = self.graph.get("in").ok_or(ffmpeg_next::Error::Bug)?;
        input.source().flush()
    }

    /// The pool of hardware frames the graph hands out, when it uploads to a device.
    pub fn hardware_frames(&mut self) -> Option<*mut ffi::AVBufferRef> {
        let mut sink = self.graph.get("out")?;
        // SAFETY: the sink is a configured buffersink of this graph.
        let frames = unsafe { ffi::av_buffersink_get_hw_frames_ctx(sink.as_mut_ptr()) };
        (!frames.is_null()).then_some(frames)
    }

    /// The next converted frame, if one is ready.
    pub fn pull(&mut self) -> Option<frame::Video> {
        let mut converted = frame::Video::empty();
        let mut sink = self.graph.get("out")?;
        sink.sink().frame(&mut converted).ok()?;
        Some(converted)
    }
}
