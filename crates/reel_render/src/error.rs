//! Errors met while setting up the GPU or rendering a frame.

/// Why a frame could not be rendered.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// No GPU adapter exists on this machine.
    #[error(
        "no GPU adapter found (a machine without a GPU can use lavapipe, Mesa's software Vulkan driver: install the `mesa-vulkan-drivers` package)"
    )]
    NoAdapter,
    /// The adapter refused to create a device.
    #[error("cannot open the GPU device ({0})")]
    Device(String),
    /// The output is larger than the GPU's textures may be.
    #[error(
        "the output {width}x{height} exceeds this GPU's largest texture ({limit} pixels a side)"
    )]
    TooLarge {
        /// Output width.
        width: u32,
        /// Output height.
        height: u32,
        /// The GPU's limit.
        limit: u32,
    },
    /// The source picture is in a pixel format the renderer does not take.
    #[error("unsupported source pixel format {0}")]
    UnsupportedFormat(String),
    /// A frame plan asks for more of something than the renderer holds (a plan made in
    /// code past what scene validation allows): refused rather than drawn without it.
    #[error("the frame asks for {count} {what}, more than the {limit} the renderer holds")]
    PastLimit {
        /// What there are too many of.
        what: &'static str,
        /// How many the frame asks for.
        count: usize,
        /// How many the renderer holds.
        limit: usize,
    },
    /// A frame plan draws a recording the frame brought no picture of.
    #[error("the frame has no picture of source {0} to draw")]
    MissingPicture(u32),
    /// The GPU reported an error while rendering.
    #[error("the GPU failed while rendering frame {frame} ({message})")]
    Gpu {
        /// The frame being rendered.
        frame: u64,
        /// The GPU's message.
        message: String,
    },
    /// A render worker panicked.
    #[error("render worker {worker} panicked: {message}")]
    WorkerPanicked {
        /// The worker.
        worker: usize,
        /// The panic's message.
        message: String,
    },
    /// A frame of a transition came back without the other clip's frame to mix it with.
    #[error("frame {0} of a transition came back without its second clip's picture")]
    UnfinishedMix(u64),
    /// A render worker thread stopped unexpectedly.
    #[error("render worker {0} stopped unexpectedly")]
    WorkerLost(usize),
    /// The CPU renderer could not draw a frame.
    #[error(transparent)]
    Cpu(reel_cpu::CpuError),
    /// A fault injected by a test made the frame fail.
    #[error("injected fault while rendering frame {0}")]
    Injected(u64),
    /// The GPU device was lost and could not be brought back.
    #[error("the GPU device was lost ({0})")]
    DeviceLost(String),
    /// A frame failed on every attempt, each on a fresh render worker.
    #[error(
        "frame {frame} failed {attempts} times, each on a fresh render worker; last cause: {cause}"
    )]
    FrameFailed {
        /// The output frame.
        frame: u64,
        /// How many times it was tried.
        attempts: u32,
        /// Why the last attempt failed.
        cause: Box<RenderError>,
    },
}

/// `text` on one line: wgpu's and panics' multi-line messages, joined with `: `.
pub(crate) fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(": ")
}
