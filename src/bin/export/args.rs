//! The command line, as clap reads it.

use clap::Parser;
use std::path::PathBuf;

/// Examples shown at the end of `--help`.
const EXAMPLES: &str = "\
Examples:
  export scenes/demo.ron                        render the scene to its output.path
  export scenes/demo.ron -o out.mp4 --overwrite render to out.mp4, replacing it
  export scenes/demo.ron --check                show what would be exported, render nothing
  export scenes/demo.ron --frame 2.5 --png f.png
                                                render the frame at 2.5 s to a PNG
  export scenes/demo.ron --json > events.jsonl  one JSON event per line, for programs
  export scene.ron --confine /srv/jobs/42       refuse paths outside the folder

Exit status: 0 on success, 1 on any error (one `error:` line on stderr), 130 when
interrupted (Ctrl-C or SIGTERM). Nothing is left at the output path unless it succeeds.";

/// Render a Reel scene (a RON file) to a video.
#[derive(Parser, Debug)]
#[command(version, about, after_help = EXAMPLES)]
pub struct Args {
    /// The scene file to render.
    pub scene: PathBuf,
    /// Write the video here instead of the scene's `output.path`.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Replace the output file if it exists (without it, an existing output is an error).
    #[arg(long)]
    pub overwrite: bool,
    /// Render workers (each a render sub-app on its own thread); 1 renders sequentially.
    #[arg(long, short)]
    pub workers: Option<usize>,
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
    /// Confine the export to this folder, for scenes written by others: every path the
    /// scene names, `--output` and `--png` must lead inside it, and the output may have
    /// at most 3840x2160 pixels and 60 fps, and last at most 10 minutes.
    #[arg(long, value_name = "DIR")]
    pub confine: Option<PathBuf>,
}
