//! The command line, as clap reads it.

use clap::{Parser, Subcommand, ValueEnum};
use reel::render::RendererChoice;
use std::path::PathBuf;

/// Examples shown at the end of `--help`.
const EXAMPLES: &str = "\
Examples (`reel` and `export` are the same command; `export` is also a shell built-in,
so on a shell prompt type `reel`):
  reel scenes/demo.ron                        render the scene to its output.path
  reel scenes/demo.ron -o out.mp4 --overwrite render to out.mp4, replacing it
  reel scenes/demo.ron --check                show what would be exported, render nothing
  reel talk.openscreen -o talk.mp4            export an OpenScreen project as it is
  reel talk.openscreen --print-scene > talk.ron
                                              the scene Reel makes of it, to keep
  reel scenes/demo.ron --frame 2.5 --png f.png
                                              render the frame at 2.5 s to a PNG
  reel scenes/demo.ron --json > events.jsonl  one JSON event per line, for programs
  reel scenes/demo.ron --hardware nvenc       encode on an NVIDIA GPU where there is one
  reel scene.ron --confine /srv/jobs/42       refuse paths outside the folder
  reel talk.ron --plan 8                      how 8 cluster jobs would split the export
  reel talk.ron --segment 3/8                 render the 4th of 8 segments (K from 0)
  reel join talk.ron --segments 8             join the 8 segments into the output

Exit status: 0 on success, 1 on an error (one `error:` line on stderr), 2 when the
command line itself is wrong (with a usage message), 130 when interrupted (Ctrl-C or
SIGTERM). Nothing is left at the output path unless it succeeds.";

/// Render a Reel scene (a RON file) to a video.
#[derive(Parser, Debug)]
#[command(
    version,
    about,
    after_help = EXAMPLES,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub struct Args {
    /// Another task than rendering a scene.
    #[command(subcommand)]
    pub command: Option<Task>,
    /// The scene file to render, or another recorder's project (an OpenScreen or
    /// Recordly `.openscreen` / `.recordly` file).
    #[arg(required = true)]
    pub scene: Option<PathBuf>,
    /// Write the video here instead of the scene's `output.path`.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Replace the output file if it exists (without it, an existing output is an error).
    #[arg(long)]
    pub overwrite: bool,
    /// Render workers (each a render sub-app on its own thread); 1 renders sequentially.
    #[arg(long, short)]
    pub workers: Option<usize>,
    /// Which renderer draws the frames: `auto` takes a real GPU when there is one and the
    /// CPU renderer when the only Vulkan device is a CPU rasteriser (such as lavapipe)
    /// or there is none; `gpu` and `cpu` insist.
    #[arg(long, value_name = "auto|gpu|cpu", default_value_t = RendererChoice::Auto)]
    pub renderer: RendererChoice,
    /// Encode on this hardware encoder (H.264 and HEVC outputs), after a test frame; if
    /// the machine lacks it, the export warns and uses the software encoder.
    #[arg(long, value_enum, value_name = "KIND")]
    pub hardware: Option<Hardware>,
    /// Check the scene and its source and print what would be exported, without rendering.
    #[arg(long, conflicts_with_all = ["frame", "png"])]
    pub check: bool,
    /// Render only the frame at this output time, in seconds (needs `--png`).
    #[arg(long, value_name = "TIME", requires = "png")]
    pub frame: Option<f64>,
    /// Write the frame chosen with `--frame` to this PNG file.
    #[arg(long, value_name = "OUT.png", requires = "frame")]
    pub png: Option<PathBuf>,
    /// Print nothing but errors: no progress bar, no summary.
    #[arg(long, short, conflicts_with = "json")]
    pub quiet: bool,
    /// Print one JSON object per line on stdout: the plan, progress, warnings, and how
    /// the export ended (see docs/cli.md).
    #[arg(long)]
    pub json: bool,
    /// Fail, rather than wait, when no frame moves on for this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
    pub stall_timeout: f64,
    /// Render only segment K of N (K from 0) into its own file beside the output, for a
    /// cluster job; with N alone, K comes from `JOB_COMPLETION_INDEX` (Kubernetes) or
    /// `SLURM_ARRAY_TASK_ID` (Slurm).
    #[arg(long, value_name = "K/N", conflicts_with_all = ["check", "frame", "plan"])]
    pub segment: Option<String>,
    /// Print how the export splits into N segments (frames, times, files) as JSON.
    #[arg(long, value_name = "N", conflicts_with_all = ["check", "frame"])]
    pub plan: Option<u32>,
    /// Print the scene (RON) and render nothing: for another recorder's project, the
    /// scene Reel made of it, to keep and edit.
    #[arg(long, conflicts_with_all = ["check", "frame", "plan", "segment", "json"])]
    pub print_scene: bool,
    /// Confine the export to this folder, for scenes written by others: every path the
    /// scene names, `--output` and `--png` must lead inside it, and the output may have
    /// at most 3840x2160 pixels and 60 fps, and last at most 10 minutes.
    #[arg(long, value_name = "DIR")]
    pub confine: Option<PathBuf>,
}

/// A hardware encoder, as `--hardware` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Hardware {
    /// NVIDIA NVENC.
    Nvenc,
    /// VA-API (Intel, AMD).
    Vaapi,
}

impl From<Hardware> for reel::scene::HardwareEncoder {
    fn from(hardware: Hardware) -> Self {
        match hardware {
            Hardware::Nvenc => Self::Nvenc,
            Hardware::Vaapi => Self::Vaapi,
        }
    }
}

/// Tasks other than rendering.
#[derive(Subcommand, Debug)]
pub enum Task {
    /// Join the segments of a segmented export into the output: their video is copied
    /// without re-encoding, the source's sound is added once.
    Join {
        /// The scene the segments were rendered from.
        scene: PathBuf,
        /// How many segments the export was split into.
        #[arg(long, value_name = "N")]
        segments: u32,
        /// Write the joined video here instead of the scene's `output.path` (give the
        /// segment jobs the same `--output`: their files sit beside it).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Replace the output if it exists.
        #[arg(long)]
        overwrite: bool,
        /// Remove the segment files once the join has succeeded.
        #[arg(long)]
        remove_segments: bool,
    },
}
