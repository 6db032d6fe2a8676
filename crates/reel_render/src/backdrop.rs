//! What the compose pass draws behind the recording, prepared once and kept while it
//! stays the same: the scene's background picture (uploaded and blurred once), the
//! backdrop (background and shadow drawn at a fraction of the output's size, see
//! [`FramePlan::backdrop_scale`]) and the shadow's opacity at each backdrop texel, drawn
//! again only when the shadow layer's key changes.

use crate::blur::Blurrer;
use crate::gpu::render_target;
use crate::pipelines::Pipelines;
use crate::uniforms::cover_scale;
use ffmpeg_next::frame::Video;
use reel_plan::{FramePlan, LayerKey, backdrop_size};

/// The backdrop texture's format: R'G'B' with more precision than the output has.
pub const BACKDROP_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba16Float;

/// The shadow opacity texture's format.
pub const SHADOW_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::R16Float;

/// The scene's background picture on the GPU, blurred once if the scene asks.
pub struct BackdropImage {
    view: wgpu::TextureView,
    /// Its width and height in pixels.
    pub size: (u32, u32),
    blurred: Option<Blurrer>,
}

impl BackdropImage {
    /// Uploads `frame` (RGBA) and records its blur by `blur` output pixels, for an
    /// `output`-sized frame it covers.
    pub fn upload(
        device: &wgpu::Device,
        (queue, encoder): (&wgpu::Queue, &mut wgpu::CommandEncoder),
        pipelines: &Pipelines,
        frame: &Video,
        (blur, output): (f32, (u32, u32)),
    ) -> Self {
        let size = (frame.width(), frame.height());
        let texture = device.create_texture(&wgpu::TextureDescriptor {
            label: Some("reel background image"),
            size: wgpu::Extent3d {
                width: size.0,
                height: size.1,
                depth_or_array_layers: 1,
            },
            mip_level_count: 1,
            sample_count: 1,
            dimension: wgpu::TextureDimension::D2,
            // Sampling decodes sRGB to linear light.
            format: wgpu::TextureFormat::Rgba8UnormSrgb,
            usage: wgpu::TextureUsages::TEXTURE_BINDING | wgpu::TextureUsages::COPY_DST,
            view_formats: &[],
        });
        queue.write_texture(
            texture.as_image_copy(),
            frame.data(0),
            wgpu::TexelCopyBufferLayout {
                offset: 0,
                bytes_per_row: Some(frame.stride(0) as u32),
                rows_per_image: Some(size.1),
            },
            texture.size(),
        );
        let view = texture.create_view(&Default::default());
        let blurred = (blur > 0.0).then(|| {
            let sigma = blur / cover_scale((size.0 as f32, size.1 as f32), output);
            let mut blurrer = Blurrer::new(device, pipelines, "reel image blur");
            blurrer.encode(queue, encoder, &view, size, sigma);
            blurrer
        });
        Self {
            view,
            size,
            blurred,
        }
    }

    /// The picture as the background shows it: blurred, if it is.
    pub fn view(&self) -> &wgpu::TextureView {
        self.blurred
            .as_ref()
            .and_then(Blurrer::output)
            .unwrap_or(&self.view)
    }
}

/// One worker's backdrop textures.
#[derive(Default)]
pub struct Backdrop {
    /// The background picture, once uploaded.
    pub image: Option<BackdropImage>,
    /// The smaller backdrop: its size in texels and its texture.
    texture: Option<((u32, u32), wgpu::TextureView)>,
    /// The shadow's opacity at each backdrop texel, and what it was drawn for.
    shadow: Option<(ShadowDrawn, wgpu::TextureView)>,
}

/// What a shadow opacity texture was drawn for: the shadow layer's key, and the
/// backdrop's size and scale.
type ShadowDrawn = (LayerKey, (u32, u32), u32);

impl Backdrop {
    /// The backdrop texture for `plan`'s frame at `scale`, made when its size changes.
    pub fn texture(
        &mut self,
        device: &wgpu::Device,
        plan: &FramePlan,
        scale: u32,
    ) -> ((u32, u32), wgpu::TextureView) {
        let size = backdrop_size(plan.output, scale);
        if self.texture.as_ref().is_none_or(|(s, _)| *s != size) {
            let view = render_target(device, "reel backdrop", size, BACKDROP_FORMAT)
                .create_view(&Default::default());
            self.texture = Some((size, view));
        }
        self.texture.clone().expect("made above")
    }

    /// The shadow opacity texture for `plan` on a `size` backdrop at `scale`, and whether
    /// it must be drawn (`false` while the shadow is what it was last drawn for).
    pub fn shadow(
        &mut self,
        device: &wgpu::Device,
        plan: &FramePlan,
        (size, scale): ((u32, u32), u32),
    ) -> Option<(wgpu::TextureView, bool)> {
        let key = (plan.shadow()?.key(), size, scale);
        if let Some((drawn, view)) = &self.shadow
            && *drawn == key
        {
            return Some((view.clone(), false));
        }
        let view = match self.shadow.take() {
            Some(((_, drawn_size, _), view)) if drawn_size == size => view,
            _ => render_target(device, "reel shadow opacity", size, SHADOW_FORMAT)
                .create_view(&Default::default()),
        };
        self.shadow = Some((key, view.clone()));
        Some((view, true))
    }
}
