//! With the `static-ffmpeg` feature, links the static FFmpeg that
//! `scripts/build-static-ffmpeg` makes, and the codec libraries it was built with, into
//! the binaries: `export` then runs on Linux machines without FFmpeg installed. Without
//! the feature it does nothing, and the system's shared FFmpeg is used.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var_os("CARGO_FEATURE_STATIC_FFMPEG").is_none() {
        return;
    }
    // FFmpeg's own crates link its libraries one by one, in an order a static link cannot
    // resolve by itself, and know nothing of the codec libraries behind them: name them
    // all again as one group at the end of the link line.
    let group = [
        "-Wl,-Bstatic",
        "-Wl,--start-group",
        "-lavfilter",
        "-lavformat",
        "-lavcodec",
        "-lswscale",
        "-lswresample",
        "-lavutil",
        "-lx264",
        "-lvpx",
        "-lopus",
        "-lz",
        "-latomic",
        "-Wl,--end-group",
        "-Wl,-Bdynamic",
        "-lm",
        "-lpthread",
        "-ldl",
    ];
    for arg in group {
        println!("cargo:rustc-link-arg={arg}");
    }
}
