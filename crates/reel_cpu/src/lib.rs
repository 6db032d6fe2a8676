//! Reel's CPU renderer: the same [`FramePlan`](reel_plan::FramePlan) the GPU renderer
//! draws, drawn on the CPU straight into the encoder's pixel format (NV12, NV24,
//! 4:2:2 10-bit or R'G'B'A), for machines whose only Vulkan device is a CPU rasteriser
//! (lavapipe, llvmpipe, `SwiftShader`, WARP) or that have none.
//!
//! A frame is drawn in three parts, each with the cheapest code that is exact for it:
//! - **around the recording**, the backdrop (background and shadow) is copied from a
//!   frame drawn once while its layers' keys stay the same, or, for a blurred recording
//!   behind it, drawn at a fraction of the size and resampled;
//! - **inside the recording**, where nothing blends, its planes are resampled straight
//!   into the output's (`fast_image_resize`, with sub-pixel source rectangles for
//!   smooth zooms) — converted through R'G'B' only when the source's matrix or range
//!   differs, or motion blur or blurred regions need linear light;
//! - **on its rim**, where its rounded corners and border cover pixels partly, each
//!   pixel is blended in linear light as the GPU renderer's edge shader does;
//! - **under the cursor and the camera**, each pixel is what the rim's code draws there
//!   with the cursor's picture and the camera (masked, bordered, shadowed) over it.
//!
//! Blurs are Gaussian (`libblur`) after halving, as on the GPU; the work is spread over
//! row bands with `rayon`.
//!
//! ```
//! use reel_cpu::CpuCompositor;
//! use reel_scene::FramePixels;
//!
//! let compositor = CpuCompositor::new((1920, 1080), FramePixels::Nv12, None);
//! assert_eq!(compositor.pixels(), FramePixels::Nv12);
//! ```

mod backdrop;
mod blur;
mod camera;
mod canvas;
mod color;
mod compositor;
mod cursor;
mod error;
mod media;
mod over;
mod overlay;
mod paint;
mod planes;
mod redact;
mod resample;
mod rim;
mod shadow;
mod source;
mod spotlight;

pub use color::{linear_to_srgb, srgb_to_linear};
pub use compositor::CpuCompositor;
pub use error::CpuError;
