//! One render worker's GPU objects and the commands that draw a frame plan: the
//! backdrop (gradient, image or blurred recording), the shadow, the recording with its
//! rounded corners and border, zooms, blurred regions and motion blur; then the luma and
//! chroma planes and their copy into a readback buffer.

use crate::backdrop::{BACKDROP_FORMAT, Backdrop, BackdropImage, SHADOW_FORMAT};
use crate::blur::{BLUR_FORMAT, Blurrer, halvings};
use crate::camera::{CAMERA_TEXTURE_BINDING, CameraPass};
use crate::device::GpuDevice;
use crate::error::RenderError;
use crate::gpu::{
    cleared, copy_to_buffer, render_pass, render_pass_into, render_target, sampler_entry,
    texture_entry, uniform_entry,
};
use crate::layers::{
    BACKGROUND_BINDING, BackgroundUniforms, CURSOR_BINDING, CURSOR_TEXTURE_BINDING, CursorUniforms,
    MEDIA_BINDING, MediaUniforms, PictureTexture, SHADOW_BINDING, ShadowUniforms, SourceMapping,
    UniformBuffer,
};
use crate::pipelines::Pipelines;
use crate::readback::ReadbackLayout;
use crate::redact::Redactions;
use crate::source::{PlaneLayout, SourceTextures};
use crate::uniforms::{
    COMPOSE_BINDING, ComposeUniforms, OVERLAY_TEXTURE_BINDING, UvMap, cover_map, cover_scale,
};
use bevy_ecs::resource::Resource;
use ffmpeg_next::frame::Video;
use reel_pipeline::{ColorInfo, SourceLayout, SourcePicture, SourcePictures};
use reel_plan::{BackgroundKind, FramePlan, Regions, Scissor};
use reel_scene::{BackgroundLook, FramePixels, Rect, Scaling};
use std::sync::Arc;

/// The compose shader, embedded in the binary: each layer's WGSL file, then the passes.
pub(crate) const COMPOSE_SHADER: &str = concat!(
    include_str!("../shaders/layers/background.wgsl"),
    "\n",
    include_str!("../shaders/layers/shadow.wgsl"),
    "\n",
    include_str!("../shaders/layers/media.wgsl"),
    "\n",
    include_str!("../shaders/layers/cursor.wgsl"),
    "\n",
    include_str!("../shaders/compose.wgsl"),
);
/// The chroma shader, embedded in the binary.
pub(crate) const CHROMA_SHADER: &str = include_str!("../shaders/chroma.wgsl");

/// The intermediate target's format: R'G'B', 8 bits a channel like the output. Only the
/// chroma pass and stills read it; blending is done before it is written. An 8-bit
/// target costs a CPU rasteriser less to write and to sample than a float one (the 1080p
/// full look: 4–8% fewer CPU seconds on lavapipe).
pub const COMPOSED_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba8Unorm;

/// The composed and luma targets' formats: 8-bit codes, or (`deep`) half floats for
/// 10-bit ones.
pub(crate) fn frame_formats(deep: bool) -> (wgpu::TextureFormat, wgpu::TextureFormat) {
    use wgpu::TextureFormat::{R8Unorm, R16Float, Rgba16Float};
    if deep {
        (Rgba16Float, R16Float)
    } else {
        (COMPOSED_FORMAT, R8Unorm)
    }
}

/// Which fragment shader of `compose.wgsl` a pipeline runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ComposeShader {
    /// Background and shadow.
    Background,
    /// The partly covered rim.
    Edge,
    /// The wholly covered inside.
    Content,
    /// Source to linear light at half size, for blurs.
    Convert,
    /// Background and shadow into the smaller backdrop texture.
    Layer,
    /// The shadow's opacity at each backdrop texel.
    Shadow,
    /// 4:2:0 chroma of the recording's inside, straight from the source.
    ChromaContent,
    /// The cursor and the camera over what the frame shows under them.
    Overlay,
    /// The camera and its shadow into the camera's texture.
    Camera,
}

impl ComposeShader {
    /// The entry point and, for passes that do not draw the frame, the target's format.
    pub(crate) fn entry(self) -> (&'static str, Option<wgpu::TextureFormat>) {
        match self {
            ComposeShader::Background => ("fs_background", None),
            ComposeShader::Edge => ("fs_edge", None),
            ComposeShader::Overlay => ("fs_overlay", None),
            ComposeShader::Camera => ("fs_camera", Some(BLUR_FORMAT)),
            ComposeShader::Content => ("fs_content", None),
            ComposeShader::Convert => ("fs_convert", Some(BLUR_FORMAT)),
            ComposeShader::Layer => ("fs_layer", Some(BACKDROP_FORMAT)),
            ComposeShader::Shadow => ("fs_shadow", Some(SHADOW_FORMAT)),
            ComposeShader::ChromaContent => {
                ("fs_chroma_content", Some(wgpu::TextureFormat::Rg8Unorm))
            }
        }
    }
}

/// What distinguishes the compose pipelines: the shader and its override constants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ComposePipelineKey {
    /// The fragment shader.
    pub shader: ComposeShader,
    /// `SOURCE_LAYOUT`.
    pub layout: PlaneLayout,
    /// `BACKGROUND`.
    pub background: BackgroundKind,
    /// `SHADOW`.
    pub shadow: bool,
    /// `MOTION`.
    pub motion: bool,
    /// `REDACT`.
    pub redact: bool,
    /// `LAYERED`.
    pub layered: bool,
    /// `QUARTER`.
    pub quarter: bool,
    /// `YCBCR`.
    pub ycbcr: bool,
    /// `TURNED`.
    pub turned: bool,
    /// `SCALING`.
    pub scaling: Scaling,
    /// `PASSTHROUGH`.
    pub passthrough: bool,
    /// `DEEP`.
    pub deep: bool,
}

impl ComposePipelineKey {
    pub(crate) fn constants(&self) -> [(&'static str, f64); 12] {
        let flag = |on: bool| f64::from(u8::from(on));
        [
            ("DEEP", flag(self.deep)),
            ("PASSTHROUGH", flag(self.passthrough)),
            ("SCALING", f64::from(self.scaling as u32)),
            ("TURNED", flag(self.turned)),
            ("YCBCR", flag(self.ycbcr)),
            ("QUARTER", flag(self.quarter)),
            ("LAYERED", flag(self.layered)),
            ("SOURCE_LAYOUT", f64::from(self.layout as u32)),
            ("BACKGROUND", f64::from(self.background as u32)),
            ("SHADOW", flag(self.shadow)),
            ("MOTION", flag(self.motion)),
            ("REDACT", flag(self.redact)),
        ]
    }
}

/// The sRGB encoding of a linear-light value.
pub fn linear_to_srgb(value: f32) -> f32 {
    let v = value.clamp(0.0, 1.0);
    if v <= 0.003_130_8 {
        v * 12.92
    } else {
        1.055 * v.powf(1.0 / 2.4) - 0.055
    }
}

/// The recording converted to linear light at a fraction of its size, for the blurs
/// that start from it: the blurred background and the blurred regions.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Conversion {
    /// Source pixels per converted texel: 2, or 4 when the only blur is a wide backdrop.
    factor: f32,
    /// The converted picture's size in texels.
    size: (u32, u32),
    /// The blurred background's standard deviation in source pixels, if it has one.
    backdrop_sigma: Option<f32>,
}

impl Conversion {
    /// The conversion `plan` needs of a recording shown through `crop` in an `output`
    /// frame, if any blur starts from it.
    fn of(plan: &FramePlan, crop: Rect, output: (u32, u32)) -> Option<Self> {
        let backdrop_sigma = match plan.background().look {
            BackgroundLook::Blurred { radius, .. } => {
                Some(radius / cover_scale((crop.width, crop.height), output))
            }
            _ => None,
        };
        let redacts = !plan.screen().redactions.is_empty();
        if backdrop_sigma.is_none() && !redacts {
            return None;
        }
        // Blurs start from the crop at half size; at a quarter when the only blur is the
        // backdrop's and it is wide enough to halve again.
        let quarter = !redacts && backdrop_sigma.is_some_and(|sigma| halvings(sigma / 2.0) > 0);
        let factor = if quarter { 4.0 } else { 2.0 };
        let size = (
            ((crop.width / factor).round() as u32).max(1),
            ((crop.height / factor).round() as u32).max(1),
        );
        Some(Self {
            factor,
            size,
            backdrop_sigma,
        })
    }

    fn quarter(conversion: Option<Self>) -> bool {
        conversion.is_some_and(|c| c.factor == 4.0)
    }
}

/// The bindings of the compose shader: the media layer's uniforms, the sampler, the
/// source's three planes, the background texture, the blurred regions, the backdrop,
/// the shadow's opacity, the background's and the shadow's uniforms, the passes' own.
pub(crate) fn compose_entries() -> [wgpu::BindGroupLayoutEntry; 16] {
    [
        uniform_entry(MEDIA_BINDING),
        sampler_entry(1),
        texture_entry(2),
        texture_entry(3),
        texture_entry(4),
        texture_entry(5),
        texture_entry(6),
        texture_entry(7),
        texture_entry(8),
        uniform_entry(BACKGROUND_BINDING),
        uniform_entry(SHADOW_BINDING),
        uniform_entry(COMPOSE_BINDING),
        uniform_entry(CURSOR_BINDING),
        texture_entry(CURSOR_TEXTURE_BINDING),
        texture_entry(CAMERA_TEXTURE_BINDING),
        texture_entry(OVERLAY_TEXTURE_BINDING),
    ]
}

/// One worker's uniform buffers: one per layer kind, and the compose passes' own.
pub(crate) struct FrameUniformBuffers {
    pub(crate) media: UniformBuffer<MediaUniforms>,
    background: UniformBuffer<BackgroundUniforms>,
    pub(crate) shadow: UniformBuffer<ShadowUniforms>,
    compose: UniformBuffer<ComposeUniforms>,
    cursor: UniformBuffer<CursorUniforms>,
}

impl FrameUniformBuffers {
    fn new(device: &wgpu::Device) -> Self {
        Self {
            media: UniformBuffer::new(device, "reel media uniforms"),
            background: UniformBuffer::new(device, "reel background uniforms"),
            shadow: UniformBuffer::new(device, "reel shadow uniforms"),
            compose: UniformBuffer::new(device, "reel compose uniforms"),
            cursor: UniformBuffer::new(device, "reel cursor uniforms"),
        }
    }
}

/// The bindings of `chroma.wgsl`: the composed frame and its sampler.
pub(crate) fn chroma_entries() -> [wgpu::BindGroupLayoutEntry; 2] {
    [texture_entry(0), sampler_entry(1)]
}

/// The chroma plane of Y'CbCr output and the pass that makes it.
struct ChromaTarget {
    texture: wgpu::Texture,
    view: wgpu::TextureView,
    pipeline: wgpu::RenderPipeline,
    bind_group: wgpu::BindGroup,
}

impl ChromaTarget {
    /// A `size` chroma plane made from `composed`, at half size (`fs_chroma`) or full.
    fn new(
        device: &wgpu::Device,
        pipelines: &Pipelines,
        composed: &wgpu::TextureView,
        (size, pixels): ((u32, u32), FramePixels),
    ) -> Self {
        let (format, pipeline) = match pixels {
            FramePixels::Yuv422p10 => (
                wgpu::TextureFormat::Rg16Float,
                &pipelines.chroma_deep.pipelines[0],
            ),
            FramePixels::Nv24 => (
                wgpu::TextureFormat::Rg8Unorm,
                &pipelines.chroma.pipelines[1],
            ),
            _ => (
                wgpu::TextureFormat::Rg8Unorm,
                &pipelines.chroma.pipelines[0],
            ),
        };
        let texture = render_target(device, "reel chroma", size, format);
        let bind_group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("reel chroma bind group"),
            layout: &pipelines.chroma.layout,
            entries: &[
                wgpu::BindGroupEntry {
                    binding: 0,
                    resource: wgpu::BindingResource::TextureView(composed),
                },
                wgpu::BindGroupEntry {
                    binding: 1,
                    resource: wgpu::BindingResource::Sampler(&pipelines.sampler),
                },
            ],
        });
        Self {
            view: texture.create_view(&Default::default()),
            texture,
            pipeline: pipeline.clone(),
            bind_group,
        }
    }

    /// Records the chroma pass: from the composed frame, except where `content` draws
    /// the recording's inside straight from the source.
    fn encode(&self, encoder: &mut wgpu::CommandEncoder, content: Option<&ChromaContent>) {
        let attachments = [cleared(&self.view, [0.0; 3])];
        let mut pass = encoder.begin_render_pass(&render_pass("reel chroma pass", &attachments));
        pass.set_pipeline(&self.pipeline);
        pass.set_bind_group(0, &self.bind_group, &[]);
        let Some(content) = content else {
            pass.draw(0..3, 0..1);
            return;
        };
        for span in &content.rest {
            pass.set_scissor_rect(span.x, span.y, span.width, span.height);
            pass.draw(0..3, 0..1);
        }
        pass.set_pipeline(&content.pipeline);
        pass.set_bind_group(0, &content.bind_group, &[]);
        for span in &content.inside {
            pass.set_scissor_rect(span.x, span.y, span.width, span.height);
            pass.draw(0..3, 0..1);
        }
    }
}

/// The chroma texels of a 4:2:0 frame drawn straight from the source, and the rest.
struct ChromaContent {
    pipeline: wgpu::RenderPipeline,
    bind_group: wgpu::BindGroup,
    inside: Vec<Scissor>,
    rest: Vec<Scissor>,
}

/// The planes a frame is drawn into and read back from.
struct FrameTargets {
    composed: wgpu::Texture,
    composed_view: wgpu::TextureView,
    luma: wgpu::Texture,
    luma_view: wgpu::TextureView,
    chroma: Option<ChromaTarget>,
    /// Where the planes lie in a readback buffer.
    layout: ReadbackLayout,
}

impl FrameTargets {
    fn new(device: &wgpu::Device, layout: ReadbackLayout, pipelines: &Pipelines) -> Self {
        let output = (layout.width, layout.height);
        let (composed_format, luma_format) = frame_formats(layout.is_deep());
        let composed = render_target(device, "reel composed frame", output, composed_format);
        let composed_view = composed.create_view(&Default::default());
        let luma = render_target(device, "reel luma", output, luma_format);
        let pixels = layout.pixels;
        let chroma = layout
            .chroma_size()
            .map(|size| ChromaTarget::new(device, pipelines, &composed_view, (size, pixels)));
        Self {
            luma_view: luma.create_view(&Default::default()),
            composed,
            composed_view,
            luma,
            chroma,
            layout,
        }
    }

    /// Records the chroma pass, if the output has chroma, and the copies of the planes
    /// into `readback`.
    fn encode_readback(
        &self,
        encoder: &mut wgpu::CommandEncoder,
        readback: &wgpu::Buffer,
        content: Option<&ChromaContent>,
    ) {
        let layout = &self.layout;
        let Some(chroma) = &self.chroma else {
            copy_to_buffer(encoder, &self.composed, readback, 0, layout.first.row);
            return;
        };
        chroma.encode(encoder, content);
        copy_to_buffer(encoder, &self.luma, readback, 0, layout.first.row);
        if let Some(plane) = layout.chroma {
            copy_to_buffer(encoder, &chroma.texture, readback, plane.offset, plane.row);
        }
    }
}

/// The textures the compose pass samples besides the source.
pub(crate) struct Inputs {
    backdrop: wgpu::TextureView,
    redaction: wgpu::TextureView,
    layer: wgpu::TextureView,
    shadow: wgpu::TextureView,
    cursor: wgpu::TextureView,
    camera: wgpu::TextureView,
    overlay: wgpu::TextureView,
}

/// One render worker's textures and buffers, drawn into with the device's shared
/// [`Pipelines`]. Not shared between workers.
#[derive(Resource)]
pub struct Compositor {
    pub(crate) device: wgpu::Device,
    pub(crate) pipelines: Pipelines,
    pub(crate) placeholder: wgpu::TextureView,
    pub(crate) uniforms: FrameUniformBuffers,
    targets: FrameTargets,
    source: Option<SourceTextures>,
    /// Whether planar sources are uploaded with their chroma planes interleaved.
    interleave_chroma: bool,
    image_source: Option<Arc<Video>>,
    backdrop: Backdrop,
    converted: Option<((u32, u32), wgpu::TextureView)>,
    backdrop_blur: Blurrer,
    redactions: Redactions,
    cursor: PictureTexture,
    overlay: PictureTexture,
    /// The camera's recording and texture, made when a frame first shows the camera.
    pub(crate) camera: CameraPass,
    pub(crate) output: (u32, u32),
}

impl Compositor {
    /// Creates the targets for `output`-sized frames of `pixels` on `gpu`, drawn with
    /// its shared pipelines. `image` is the scene's background picture (RGBA), when it
    /// has one.
    pub fn new(
        gpu: &GpuDevice,
        (output, pixels): ((u32, u32), FramePixels),
        image: Option<Arc<Video>>,
    ) -> Self {
        let device = gpu.device.wgpu_device();
        let pipelines = gpu.pipelines();
        let placeholder = render_target(device, "reel placeholder", (1, 1), BLUR_FORMAT)
            .create_view(&Default::default());
        let uniforms = FrameUniformBuffers::new(device);
        Self {
            device: device.clone(),
            targets: FrameTargets::new(
                device,
                ReadbackLayout::new(output.0, output.1, pixels),
                &pipelines,
            ),
            backdrop_blur: Blurrer::new(device, &pipelines, "reel backdrop blur"),
            redactions: Redactions::new(device, &pipelines),
            pipelines,
            placeholder,
            uniforms,
            source: None,
            interleave_chroma: false,
            image_source: image,
            backdrop: Backdrop::default(),
            converted: None,
            cursor: PictureTexture::new("reel cursor picture"),
            overlay: PictureTexture::new("reel overlay picture"),
            camera: CameraPass::new(device),
            output,
        }
    }

    /// Uploads planar sources with their chroma planes interleaved into one texture: fewer
    /// samples for a CPU rasteriser (see [`SourceTextures`]), the same pixels.
    pub fn with_interleaved_chroma(mut self, interleave: bool) -> Self {
        self.interleave_chroma = interleave;
        self.source = None;
        self
    }

    /// The compose pipeline for `key`, from the device's shared pipelines.
    pub(crate) fn pipeline(&self, key: ComposePipelineKey) -> wgpu::RenderPipeline {
        self.pipelines.compose(key)
    }

    /// A bind group of the uniforms, the source and `inputs` (placeholders where `None`:
    /// passes that read only the uniforms and the source).
    fn bind_group(&self, inputs: Option<&Inputs>) -> wgpu::BindGroup {
        let source = self
            .source
            .as_ref()
            .expect("source textures are prepared first");
        let u = &self.uniforms;
        self.bind_group_of(source, (&u.media, &u.shadow), inputs)
    }

    /// A bind group of the frame's uniforms and `inputs` with `source`'s planes and the
    /// `(media, shadow)` layers' uniforms: the screen's, or the camera's.
    pub(crate) fn bind_group_of(
        &self,
        source: &SourceTextures,
        (media, shadow_layer): (
            &UniformBuffer<MediaUniforms>,
            &UniformBuffer<ShadowUniforms>,
        ),
        inputs: Option<&Inputs>,
    ) -> wgpu::BindGroup {
        let placeholder = &self.placeholder;
        let [backdrop, redaction, layer, shadow, cursor, camera, overlay] = match inputs {
            Some(i) => [
                &i.backdrop,
                &i.redaction,
                &i.layer,
                &i.shadow,
                &i.cursor,
                &i.camera,
                &i.overlay,
            ],
            None => [placeholder; 7],
        };
        let views = [
            &source.views[0],
            &source.views[1],
            &source.views[2],
            backdrop,
            redaction,
            layer,
            shadow,
        ];
        let u = &self.uniforms;
        let entry = |binding, resource| wgpu::BindGroupEntry { binding, resource };
        let mut entries = vec![
            entry(MEDIA_BINDING, media.binding()),
            entry(1, wgpu::BindingResource::Sampler(&self.pipelines.sampler)),
            entry(BACKGROUND_BINDING, u.background.binding()),
            entry(SHADOW_BINDING, shadow_layer.binding()),
            entry(COMPOSE_BINDING, u.compose.binding()),
            entry(CURSOR_BINDING, u.cursor.binding()),
            entry(
                CURSOR_TEXTURE_BINDING,
                wgpu::BindingResource::TextureView(cursor),
            ),
            entry(
                CAMERA_TEXTURE_BINDING,
                wgpu::BindingResource::TextureView(camera),
            ),
            entry(
                OVERLAY_TEXTURE_BINDING,
                wgpu::BindingResource::TextureView(overlay),
            ),
        ];
        entries.extend(
            views
                .iter()
                .zip(2..)
                .map(|(view, binding)| wgpu::BindGroupEntry {
                    binding,
                    resource: wgpu::BindingResource::TextureView(view),
                }),
        );
        self.device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("reel compose bind group"),
            layout: &self.pipelines.compose_layout,
            entries: &entries,
        })
    }

    /// Makes sure the source textures fit `picture` and queues its upload; returns the
    /// bytes uploaded.
    fn upload_source(
        &mut self,
        queue: &wgpu::Queue,
        picture: &SourcePicture,
    ) -> Result<u64, RenderError> {
        if !self.source.as_ref().is_some_and(|t| t.fits(&picture.frame)) {
            self.source = Some(SourceTextures::new(
                &self.device,
                &picture.frame,
                &self.placeholder,
                self.interleave_chroma,
            )?);
        }
        let source = self.source.as_mut().expect("prepared above");
        Ok(source.upload(queue, &picture.frame, picture.source_index))
    }

    /// How output pixels map into the background texture, uploading the scene's image
    /// (and blurring it, once) the first time it is needed.
    fn backdrop_map(
        &mut self,
        queue: &wgpu::Queue,
        encoder: &mut wgpu::CommandEncoder,
        plan: &FramePlan,
    ) -> UvMap {
        let crop = plan.screen().crop;
        match plan.background().look {
            BackgroundLook::Image { blur } => {
                if self.backdrop.image.is_none()
                    && let Some(frame) = self.image_source.clone()
                {
                    let blur = (blur, self.output);
                    let image = BackdropImage::upload(
                        &self.device,
                        (queue, encoder),
                        &self.pipelines,
                        &frame,
                        blur,
                    );
                    self.backdrop.image = Some(image);
                }
                let size = self.backdrop.image.as_ref().map_or((1, 1), |i| i.size);
                cover_map((size.0 as f32, size.1 as f32), self.output)
            }
            BackgroundLook::Blurred { .. } => cover_map((crop.width, crop.height), self.output),
            _ => [0.0; 4],
        }
    }

    /// Records the conversion of the recording to linear light and the blurs that start
    /// from it.
    fn encode_blurs(
        &mut self,
        queue: &wgpu::Queue,
        encoder: &mut wgpu::CommandEncoder,
        plan: &FramePlan,
        (conversion, key): (Conversion, ComposePipelineKey),
    ) {
        let size = conversion.size;
        if self.converted.as_ref().is_none_or(|(s, _)| *s != size) {
            let view = render_target(&self.device, "reel converted recording", size, BLUR_FORMAT)
                .create_view(&Default::default());
            self.converted = Some((size, view));
        }
        let convert = self.pipeline(ComposePipelineKey {
            shader: ComposeShader::Convert,
            ..key
        });
        let bind_group = self.bind_group(None);
        let (_, converted) = self.converted.clone().expect("made above");
        render_pass_into(
            encoder,
            "reel convert pass",
            &converted,
            &convert,
            &bind_group,
        );
        // Radii are in source pixels here; the converted picture is smaller.
        let factor = conversion.factor;
        if let Some(sigma) = conversion.backdrop_sigma {
            let blur = &mut self.backdrop_blur;
            blur.encode(queue, encoder, &converted, size, sigma / factor);
        }
        let media = plan.screen();
        let picture = (size, media.crop, factor);
        let regions = &media.redactions;
        self.redactions
            .encode(queue, encoder, &converted, picture, regions);
    }

    /// Draws the shadow's opacity (when it changed) and the smaller backdrop, if the plan
    /// has one; returns the backdrop texture the compose pass samples.
    fn encode_layer(
        &mut self,
        encoder: &mut wgpu::CommandEncoder,
        plan: &FramePlan,
        (scale, key): (u32, ComposePipelineKey),
        inputs: &mut Inputs,
    ) {
        if !key.layered {
            return;
        }
        let (size, view) = self.backdrop.texture(&self.device, plan, scale);
        if let Some((shadow, draw)) = self.backdrop.shadow(&self.device, plan, (size, scale)) {
            if draw {
                let pipeline = self.pipeline(ComposePipelineKey {
                    shader: ComposeShader::Shadow,
                    layered: false,
                    ..key
                });
                let bind_group = self.bind_group(None);
                render_pass_into(encoder, "reel shadow pass", &shadow, &pipeline, &bind_group);
            }
            inputs.shadow = shadow;
        }
        let pipeline = self.pipeline(ComposePipelineKey {
            shader: ComposeShader::Layer,
            layered: false,
            ..key
        });
        let bind_group = self.bind_group(Some(inputs));
        render_pass_into(encoder, "reel layer pass", &view, &pipeline, &bind_group);
        inputs.layer = view;
        inputs.shadow = self.placeholder.clone();
    }

    /// The textures the compose pass samples for `plan`'s background and regions.
    fn inputs(&self, plan: &FramePlan, key: ComposePipelineKey) -> Inputs {
        let placeholder = &self.placeholder;
        let backdrop = match &plan.background().look {
            BackgroundLook::Blurred { .. } => self.backdrop_blur.output(),
            BackgroundLook::Image { .. } => self.backdrop.image.as_ref().map(BackdropImage::view),
            _ => None,
        };
        let redaction = self.redactions.output().filter(|_| key.redact);
        Inputs {
            backdrop: backdrop.unwrap_or(placeholder).clone(),
            redaction: redaction.unwrap_or(placeholder).clone(),
            layer: placeholder.clone(),
            shadow: placeholder.clone(),
            cursor: placeholder.clone(),
            camera: placeholder.clone(),
            overlay: placeholder.clone(),
        }
    }

    /// What the chroma pass of a 4:2:0 frame draws straight from the source.
    fn chroma_content(
        &self,
        (key, bind_group): (ComposePipelineKey, &wgpu::BindGroup),
        regions: &Regions,
    ) -> Option<ChromaContent> {
        if self.targets.layout.pixels != FramePixels::Nv12 {
            return None;
        }
        let (inside, rest) = regions.chroma_split(self.output);
        Some(ChromaContent {
            // Chroma is resampled bilinearly whatever the luma's filter.
            pipeline: self.pipeline(ComposePipelineKey {
                shader: ComposeShader::ChromaContent,
                scaling: Scaling::Bilinear,
                ..key
            }),
            bind_group: bind_group.clone(),
            inside,
            rest,
        })
    }

    /// Records the compose pass: each region of the frame with its own shader.
    fn encode_compose(
        &self,
        encoder: &mut wgpu::CommandEncoder,
        (plan, regions): (&FramePlan, Regions),
        (key, bind_group): (ComposePipelineKey, &wgpu::BindGroup),
    ) {
        let solid = match plan.background().look {
            BackgroundLook::Solid(color) => {
                Some([color.red, color.green, color.blue].map(linear_to_srgb))
            }
            _ => None,
        };
        let mut draws: Vec<(wgpu::RenderPipeline, Vec<Scissor>)> = Vec::new();
        for (shader, spans) in [
            (ComposeShader::Background, regions.background),
            (ComposeShader::Edge, regions.rim),
            (ComposeShader::Content, regions.inside),
            (
                ComposeShader::Overlay,
                regions
                    .cursor
                    .into_iter()
                    .chain(regions.camera)
                    .chain(regions.overlay)
                    .collect(),
            ),
        ] {
            if !spans.is_empty() {
                draws.push((self.pipeline(ComposePipelineKey { shader, ..key }), spans));
            }
        }
        let clear = solid.unwrap_or([0.0; 3]);
        let scale = if key.deep { 1020.0 / 1023.0 } else { 1.0 };
        let [y, cb, cr] =
            reel_pipeline::rgb_to_bt709_limited(clear).map(|c| f32::from(c) / 255.0 * scale);
        let composed = if key.ycbcr { [cb, cr, y] } else { clear };
        let targets = &self.targets;
        let attachments = [
            cleared(&targets.composed_view, composed),
            cleared(&targets.luma_view, [y, 0.0, 0.0]),
        ];
        let mut pass = encoder.begin_render_pass(&render_pass("reel compose pass", &attachments));
        pass.set_bind_group(0, bind_group, &[]);
        for (pipeline, spans) in &draws {
            pass.set_pipeline(pipeline);
            for span in spans {
                pass.set_scissor_rect(span.x, span.y, span.width, span.height);
                pass.draw(0..3, 0..1);
            }
        }
    }

    /// Queues the writes of every layer's uniforms for `plan`'s frame, and the compose
    /// passes' own.
    fn write_uniforms(
        &self,
        queue: &wgpu::Queue,
        (plan, picture): (&FramePlan, &SourcePicture),
        (backdrop_map, conversion, scale): (UvMap, Option<Conversion>, u32),
        camera: Option<((u32, u32), f32, u32)>,
    ) -> Result<(), RenderError> {
        let media = plan.screen();
        let crop = media.crop;
        let source = SourceMapping {
            color: picture.color,
            stored: picture.size(),
            redaction_map: [
                1.0 / crop.width,
                1.0 / crop.height,
                -crop.x / crop.width,
                -crop.y / crop.height,
            ],
            converted: conversion.map_or((1, 1), |c| c.size),
        };
        let u = &self.uniforms;
        u.media.write(queue, &MediaUniforms::new(media, source)?);
        let background = BackgroundUniforms::new(plan.background(), backdrop_map)?;
        u.background.write(queue, &background);
        u.shadow.write(queue, &ShadowUniforms::new(plan.shadow()));
        u.cursor.write(queue, &CursorUniforms::new(plan.cursor()));
        let size = reel_plan::backdrop_size(self.output, scale);
        let overlay = plan.overlay().map(|o| (o.origin, o.opacity));
        let compose = ComposeUniforms::new(size, scale)
            .with_camera(camera)
            .with_overlay(overlay)
            .with_spotlight(plan.spotlight());
        u.compose.write(queue, &compose);
        Ok(())
    }

    /// Records the commands that draw one frame into `readback` (laid out as
    /// [`Compositor::layout`] says): uploads (unless already there), blurs, composes,
    /// makes the chroma plane if the output has one, copies the planes.
    ///
    /// Returns the commands and the bytes of source pixels uploaded. The uploads and
    /// uniforms are queued writes, so the commands must be submitted before the next
    /// frame is encoded.
    pub fn encode_frame(
        &mut self,
        queue: &wgpu::Queue,
        pictures: &SourcePictures,
        plan: &FramePlan,
        readback: &wgpu::Buffer,
    ) -> Result<(wgpu::CommandBuffer, u64), RenderError> {
        let mut encoder = self
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor {
                label: Some("reel frame commands"),
            });
        let source = plan.screen().source;
        let picture = pictures
            .get(source)
            .ok_or(RenderError::MissingPicture(source.0))?;
        let uploaded = self.upload_source(queue, picture)?;
        let layout = self.source.as_ref().expect("uploaded above").layout;
        let media = plan.screen();
        let backdrop_map = self.backdrop_map(queue, &mut encoder, plan);
        let conversion = Conversion::of(plan, media.crop, self.output);
        let scale = plan.backdrop_scale();
        let camera = self.prepare_camera(queue, pictures, plan)?;
        let placed = camera.as_ref().map(|c| (c.origin, c.opacity, c.taps));
        self.write_uniforms(
            queue,
            (plan, picture),
            (backdrop_map, conversion, scale),
            placed,
        )?;
        let key = ComposePipelineKey {
            shader: ComposeShader::Content,
            layout: layout.into(),
            background: plan.background().kind(),
            shadow: plan.shadow().is_some(),
            motion: media.is_motion_blurred(),
            redact: !media.redactions.is_empty(),
            layered: scale > 1,
            quarter: Conversion::quarter(conversion),
            ycbcr: self.targets.layout.pixels != FramePixels::Rgba,
            turned: !media.orientation.is_upright(),
            scaling: media.scaling,
            passthrough: !matches!(layout, SourceLayout::Packed { .. })
                && picture.color == ColorInfo::BT709,
            deep: self.targets.layout.is_deep(),
        };
        if let Some(conversion) = conversion {
            self.encode_blurs(queue, &mut encoder, plan, (conversion, key));
        }
        let mut inputs = self.inputs(plan, key);
        self.encode_layer(&mut encoder, plan, (scale, key), &mut inputs);
        if let Some(cursor) = plan.cursor() {
            let p = &cursor.picture;
            let data = (p.width, p.height, &p.pixels[..], None);
            inputs.cursor = self.cursor.upload(&self.device, queue, data);
        }
        if let Some(overlay) = plan.overlay() {
            let p = &overlay.picture;
            let data = (p.width, p.height, &p.pixels[..], Some(p.digest));
            inputs.overlay = self.overlay.upload(&self.device, queue, data);
        }
        if let Some(camera) = camera {
            inputs.camera = self.encode_camera(&mut encoder, &camera, key);
        }
        let bind_group = self.bind_group(Some(&inputs));
        let regions = Regions::new(plan);
        let chroma = self.chroma_content((key, &bind_group), &regions);
        self.encode_compose(&mut encoder, (plan, regions), (key, &bind_group));
        self.targets
            .encode_readback(&mut encoder, readback, chroma.as_ref());
        Ok((encoder.finish(), uploaded))
    }

    /// Where the planes of a frame lie in a readback buffer.
    pub fn layout(&self) -> ReadbackLayout {
        self.targets.layout
    }

    /// A buffer that one frame's planes can be read back through.
    pub fn create_readback_buffer(&self) -> wgpu::Buffer {
        self.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("reel readback buffer"),
            size: u64::from(self.targets.layout.size),
            usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        })
    }
}
