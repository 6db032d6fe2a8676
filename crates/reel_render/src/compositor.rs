//! One render worker's GPU objects and the commands that draw a frame: the backdrop
//! (gradient, image or blurred recording), the shadow, the recording with its rounded
//! corners and border, zooms, redactions and motion blur; then the luma and chroma planes
//! and their copy into a readback buffer.

use crate::blur::{BLUR_FORMAT, Blurrer, halvings};
use crate::error::RenderError;
use crate::gpu::{
    cleared, copy_to_buffer, fullscreen_pipeline, linear_sampler, render_pass, render_pass_into,
    render_target, sampler_entry, shader_module, texture_entry, uniform_entry,
};
use crate::layer::{layer_scale, layer_size};
use crate::readback::Nv12Layout;
use crate::regions::Regions;
use crate::source::SourceTextures;
use crate::uniforms::{FrameUniforms, ShadowKey, UvMap, cover_map, cover_scale};
use bevy_ecs::resource::Resource;
use ffmpeg_next::frame::Video;
use reel_pipeline::{SourceLayout, SourcePicture};
use reel_scene::{BackgroundLook, FrameLook, Rect};
use std::collections::HashMap;
use std::sync::Arc;

/// The compose shader, embedded in the binary.
const COMPOSE_SHADER: &str = include_str!("../../../assets/shaders/compose.wgsl");
/// The chroma shader, embedded in the binary.
const CHROMA_SHADER: &str = include_str!("../../../assets/shaders/chroma.wgsl");

/// The intermediate target's format: R'G'B', 8 bits a channel like the output. Only the
/// chroma pass and stills read it; blending is done before it is written. An 8-bit
/// target costs a CPU rasteriser less to write and to sample than a float one (the 1080p
/// full look: 4–8% fewer CPU seconds on lavapipe).
pub const COMPOSED_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba8Unorm;

/// The layer texture's format: R'G'B' with more precision than the output has.
const LAYER_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba16Float;

/// The shadow opacity texture's format.
const SHADOW_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::R16Float;

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
    /// Background and shadow into the smaller layer texture.
    Layer,
    /// The shadow's opacity at each layer texel.
    Shadow,
}

/// What distinguishes the compose pipelines: the shader and its override constants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ComposePipelineKey {
    /// The fragment shader.
    pub shader: ComposeShader,
    /// `SOURCE_LAYOUT`.
    pub layout: u32,
    /// `BACKGROUND`.
    pub background: u32,
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
}

impl ComposePipelineKey {
    fn constants(&self) -> [(&'static str, f64); 7] {
        [
            ("QUARTER", f64::from(u8::from(self.quarter))),
            ("LAYERED", f64::from(u8::from(self.layered))),
            ("SOURCE_LAYOUT", f64::from(self.layout)),
            ("BACKGROUND", f64::from(self.background)),
            ("SHADOW", f64::from(u8::from(self.shadow))),
            ("MOTION", f64::from(u8::from(self.motion))),
            ("REDACT", f64::from(u8::from(self.redact))),
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

/// The scene's background picture on the GPU, blurred once if the scene asks.
struct BackdropImage {
    view: wgpu::TextureView,
    size: (u32, u32),
    blurred: Option<Blurrer>,
}

/// Everything one render worker draws with. Not shared between workers.
#[derive(Resource)]
pub struct Compositor {
    device: wgpu::Device,
    module: wgpu::ShaderModule,
    layout: wgpu::BindGroupLayout,
    pipelines: HashMap<ComposePipelineKey, wgpu::RenderPipeline>,
    chroma: wgpu::RenderPipeline,
    chroma_bind_group: wgpu::BindGroup,
    sampler: wgpu::Sampler,
    placeholder: wgpu::TextureView,
    uniforms: wgpu::Buffer,
    composed: wgpu::Texture,
    composed_view: wgpu::TextureView,
    luma: wgpu::Texture,
    chroma_plane: wgpu::Texture,
    source: Option<SourceTextures>,
    /// Whether planar sources are uploaded with their chroma planes interleaved.
    interleave_chroma: bool,
    image: Option<BackdropImage>,
    image_source: Option<Arc<Video>>,
    converted: Option<((u32, u32), wgpu::TextureView)>,
    layer: Option<((u32, u32), wgpu::TextureView)>,
    /// The shadow's opacity at each layer texel, and what it was drawn for.
    shadow: Option<(ShadowKey, (u32, u32), wgpu::TextureView)>,
    backdrop_blur: Blurrer,
    redaction_blur: Blurrer,
    /// Where the planes lie in a readback buffer.
    pub layout_nv12: Nv12Layout,
    output: (u32, u32),
    crop: Rect,
}

impl Compositor {
    /// Creates the pipelines and targets for `output`-sized frames showing `crop` of the
    /// source. `image` is the scene's background picture (RGBA), when it has one.
    pub fn new(
        device: &wgpu::Device,
        output: (u32, u32),
        crop: Rect,
        image: Option<Arc<Video>>,
    ) -> Self {
        let module = shader_module(device, "reel compose shader", COMPOSE_SHADER);
        let chroma_module = shader_module(device, "reel chroma shader", CHROMA_SHADER);
        let layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("reel compose bind group layout"),
            entries: &[
                uniform_entry(0),
                sampler_entry(1),
                texture_entry(2),
                texture_entry(3),
                texture_entry(4),
                texture_entry(5),
                texture_entry(6),
                texture_entry(7),
                texture_entry(8),
            ],
        });
        let chroma_layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("reel chroma bind group layout"),
            entries: &[texture_entry(0), sampler_entry(1)],
        });
        let chroma = fullscreen_pipeline(
            device,
            "reel chroma pipeline",
            &chroma_layout,
            &chroma_module,
            "fs_chroma",
            &[],
            &[Some(wgpu::TextureFormat::Rg8Unorm.into())],
        );
        let sampler = linear_sampler(device);
        let placeholder = render_target(device, "reel placeholder", (1, 1), BLUR_FORMAT)
            .create_view(&Default::default());
        let uniforms = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("reel frame uniforms"),
            size: size_of::<FrameUniforms>() as u64,
            usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        let composed = render_target(device, "reel composed frame", output, COMPOSED_FORMAT);
        let composed_view = composed.create_view(&Default::default());
        let luma = render_target(
            device,
            "reel luma plane",
            output,
            wgpu::TextureFormat::R8Unorm,
        );
        let chroma_plane = render_target(
            device,
            "reel chroma plane",
            (output.0 / 2, output.1 / 2),
            wgpu::TextureFormat::Rg8Unorm,
        );
        let chroma_bind_group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("reel chroma bind group"),
            layout: &chroma_layout,
            entries: &[
                wgpu::BindGroupEntry {
                    binding: 0,
                    resource: wgpu::BindingResource::TextureView(&composed_view),
                },
                wgpu::BindGroupEntry {
                    binding: 1,
                    resource: wgpu::BindingResource::Sampler(&sampler),
                },
            ],
        });
        Self {
            device: device.clone(),
            module,
            layout,
            pipelines: HashMap::new(),
            chroma,
            chroma_bind_group,
            backdrop_blur: Blurrer::new(device, &sampler, "reel backdrop blur"),
            redaction_blur: Blurrer::new(device, &sampler, "reel redaction blur"),
            sampler,
            placeholder,
            uniforms,
            composed,
            composed_view,
            luma,
            chroma_plane,
            source: None,
            interleave_chroma: false,
            image: None,
            image_source: image,
            converted: None,
            layer: None,
            shadow: None,
            layout_nv12: Nv12Layout::new(output.0, output.1),
            output,
            crop,
        }
    }

    /// Uploads planar sources with their chroma planes interleaved into one texture: fewer
    /// samples for a CPU rasteriser (see [`SourceTextures`]), the same pixels.
    pub fn with_interleaved_chroma(mut self, interleave: bool) -> Self {
        self.interleave_chroma = interleave;
        self.source = None;
        self
    }

    /// The compose pipeline for `key`, created the first time it is needed.
    fn pipeline(&mut self, key: ComposePipelineKey) -> wgpu::RenderPipeline {
        let (device, module, layout) = (&self.device, &self.module, &self.layout);
        self.pipelines
            .entry(key)
            .or_insert_with(|| {
                let (entry, targets): (&str, &[Option<wgpu::ColorTargetState>]) = match key.shader {
                    ComposeShader::Background => ("fs_background", &[]),
                    ComposeShader::Edge => ("fs_edge", &[]),
                    ComposeShader::Content => ("fs_content", &[]),
                    ComposeShader::Convert => ("fs_convert", &[Some(BLUR_FORMAT.into())]),
                    ComposeShader::Layer => ("fs_layer", &[Some(LAYER_FORMAT.into())]),
                    ComposeShader::Shadow => ("fs_shadow", &[Some(SHADOW_FORMAT.into())]),
                };
                let frame_targets = [
                    Some(COMPOSED_FORMAT.into()),
                    Some(wgpu::TextureFormat::R8Unorm.into()),
                ];
                let targets = if targets.is_empty() {
                    &frame_targets[..]
                } else {
                    targets
                };
                fullscreen_pipeline(
                    device,
                    "reel compose pipeline",
                    layout,
                    module,
                    entry,
                    &key.constants(),
                    targets,
                )
            })
            .clone()
    }

    /// A bind group for passes that read only the uniforms and the source (the
    /// conversion for blurs, the shadow's opacity): placeholders for every other texture.
    fn source_only_bind_group(&self) -> wgpu::BindGroup {
        let placeholder = &self.placeholder;
        self.bind_group(placeholder, placeholder, placeholder, placeholder)
    }

    fn bind_group(
        &self,
        backdrop: &wgpu::TextureView,
        redaction: &wgpu::TextureView,
        layer: &wgpu::TextureView,
        shadow: &wgpu::TextureView,
    ) -> wgpu::BindGroup {
        let source = self
            .source
            .as_ref()
            .expect("source textures are prepared first");
        fn view(view: &wgpu::TextureView) -> wgpu::BindingResource<'_> {
            wgpu::BindingResource::TextureView(view)
        }
        let entries = [
            wgpu::BindGroupEntry {
                binding: 0,
                resource: self.uniforms.as_entire_binding(),
            },
            wgpu::BindGroupEntry {
                binding: 1,
                resource: wgpu::BindingResource::Sampler(&self.sampler),
            },
            wgpu::BindGroupEntry {
                binding: 2,
                resource: view(&source.views[0]),
            },
            wgpu::BindGroupEntry {
                binding: 3,
                resource: view(&source.views[1]),
            },
            wgpu::BindGroupEntry {
                binding: 4,
                resource: view(&source.views[2]),
            },
            wgpu::BindGroupEntry {
                binding: 5,
                resource: view(backdrop),
            },
            wgpu::BindGroupEntry {
                binding: 6,
                resource: view(redaction),
            },
            wgpu::BindGroupEntry {
                binding: 7,
                resource: view(layer),
            },
            wgpu::BindGroupEntry {
                binding: 8,
                resource: view(shadow),
            },
        ];
        self.device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("reel compose bind group"),
            layout: &self.layout,
            entries: &entries,
        })
    }

    /// Makes sure the source textures fit `picture`.
    fn prepare_source(&mut self, picture: &SourcePicture) -> Result<(), RenderError> {
        if self.source.as_ref().is_some_and(|t| t.fits(&picture.frame)) {
            return Ok(());
        }
        self.source = Some(SourceTextures::new(
            &self.device,
            &picture.frame,
            &self.placeholder,
            self.interleave_chroma,
        )?);
        Ok(())
    }

    /// Uploads the background picture the first time it is needed (blurring it once).
    fn prepare_image(
        &mut self,
        queue: &wgpu::Queue,
        encoder: &mut wgpu::CommandEncoder,
        blur: f32,
    ) {
        if self.image.is_some() {
            return;
        }
        let Some(frame) = self.image_source.clone() else {
            return;
        };
        let size = (frame.width(), frame.height());
        let texture = self.device.create_texture(&wgpu::TextureDescriptor {
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
            let sigma = blur / cover_scale((size.0 as f32, size.1 as f32), self.output);
            let mut blurrer = Blurrer::new(&self.device, &self.sampler, "reel image blur");
            blurrer.encode(queue, encoder, &view, size, sigma);
            blurrer
        });
        self.image = Some(BackdropImage {
            view,
            size,
            blurred,
        });
    }

    /// Records the commands that draw one frame into `readback`: uploads (unless already
    /// there), blurs, composes, makes the chroma plane, copies both planes. With
    /// `rgb_readback`, the composed R'G'B' frame is copied there too (see
    /// [`Compositor::rgb_row_bytes`]).
    ///
    /// Returns the commands and the bytes of source pixels uploaded. The uploads and
    /// uniforms are queued writes, so the commands must be submitted before the next
    /// frame is encoded.
    pub fn encode_frame(
        &mut self,
        queue: &wgpu::Queue,
        picture: &SourcePicture,
        look: &FrameLook,
        readback: &wgpu::Buffer,
        rgb_readback: Option<&wgpu::Buffer>,
    ) -> Result<(wgpu::CommandBuffer, u64), RenderError> {
        let mut encoder = self
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor {
                label: Some("reel frame commands"),
            });
        self.prepare_source(picture)?;
        let source = self.source.as_mut().expect("prepared above");
        let uploaded = source.upload(queue, &picture.frame, picture.source_index);
        let layout = match source.layout {
            SourceLayout::Planar => 0,
            SourceLayout::SemiPlanar => 1,
            SourceLayout::Packed { .. } => 2,
        };
        let source_size = picture.size();
        let crop = self.crop;
        let crop_size = (crop.width, crop.height);

        // The background's texture and how output pixels map into it.
        let mut backdrop_map: UvMap = [0.0; 4];
        let background = match &look.background {
            BackgroundLook::Solid(_) => 0,
            BackgroundLook::Linear { .. } => 1,
            BackgroundLook::Radial { .. } => 2,
            BackgroundLook::Image { blur } => {
                self.prepare_image(queue, &mut encoder, *blur);
                let size = self.image.as_ref().map_or((1, 1), |i| i.size);
                backdrop_map = cover_map((size.0 as f32, size.1 as f32), self.output);
                3
            }
            BackgroundLook::Blurred { .. } => {
                backdrop_map = cover_map(crop_size, self.output);
                3
            }
        };
        let redaction_map = [
            1.0 / crop.width,
            1.0 / crop.height,
            -crop.x / crop.width,
            -crop.y / crop.height,
        ];
        // Blurs of the recording start from its crop in linear light, at half size; at a
        // quarter when the only blur is the backdrop's and it is wide enough to halve again.
        let blurred_background = match look.background {
            BackgroundLook::Blurred { radius, .. } => {
                Some(radius / cover_scale(crop_size, self.output))
            }
            _ => None,
        };
        let redaction_radius = look.blurs.iter().map(|b| b.radius).reduce(f32::max);
        let quarter = redaction_radius.is_none()
            && blurred_background.is_some_and(|sigma| halvings(sigma / 2.0) > 0);
        let factor = if quarter { 4.0 } else { 2.0 };
        let converted_size = (
            ((crop.width / factor).round() as u32).max(1),
            ((crop.height / factor).round() as u32).max(1),
        );
        let mut uniforms = FrameUniforms::new(
            look,
            picture.color,
            source_size,
            backdrop_map,
            redaction_map,
            (crop, converted_size),
        );
        let scale = layer_scale(look);
        if scale > 1 {
            let size = layer_size(self.output, scale);
            uniforms.set_layer(size, scale);
            if self.layer.as_ref().is_none_or(|(s, _)| *s != size) {
                let view = render_target(&self.device, "reel backdrop layer", size, LAYER_FORMAT)
                    .create_view(&Default::default());
                self.layer = Some((size, view));
            }
        }
        queue.write_buffer(&self.uniforms, 0, bytemuck::bytes_of(&uniforms));

        let key = ComposePipelineKey {
            shader: ComposeShader::Content,
            layout,
            background,
            shadow: look.shadow.is_some(),
            motion: look.views.len() > 1,
            redact: !look.blurs.is_empty(),
            layered: scale > 1,
            quarter,
        };
        if blurred_background.is_some() || redaction_radius.is_some() {
            if self
                .converted
                .as_ref()
                .is_none_or(|(size, _)| *size != converted_size)
            {
                let view = render_target(
                    &self.device,
                    "reel converted recording",
                    converted_size,
                    BLUR_FORMAT,
                )
                .create_view(&Default::default());
                self.converted = Some((converted_size, view));
            }
            let convert = self.pipeline(ComposePipelineKey {
                shader: ComposeShader::Convert,
                ..key
            });
            let bind_group = self.source_only_bind_group();
            let (_, converted) = self.converted.as_ref().expect("made above");
            render_pass_into(
                &mut encoder,
                "reel convert pass",
                converted,
                &convert,
                &bind_group,
            );
            // Radii are in source pixels here; the converted picture is smaller.
            if let Some(sigma) = blurred_background {
                self.backdrop_blur.encode(
                    queue,
                    &mut encoder,
                    converted,
                    converted_size,
                    sigma / factor,
                );
            }
            if let Some(radius) = redaction_radius {
                self.redaction_blur.encode(
                    queue,
                    &mut encoder,
                    converted,
                    converted_size,
                    radius / factor,
                );
            }
        }
        let backdrop = match &look.background {
            BackgroundLook::Blurred { .. } => self.backdrop_blur.output(),
            BackgroundLook::Image { .. } => self.image.as_ref().map(|i| {
                i.blurred
                    .as_ref()
                    .and_then(Blurrer::output)
                    .unwrap_or(&i.view)
            }),
            _ => None,
        }
        .unwrap_or(&self.placeholder)
        .clone();
        let redaction = self
            .redaction_blur
            .output()
            .filter(|_| key.redact)
            .unwrap_or(&self.placeholder)
            .clone();
        let layer = match self.layer.clone() {
            Some((size, view)) if key.layered => {
                let shadow = if key.shadow {
                    self.draw_shadow(&mut encoder, &uniforms, size, key)
                } else {
                    self.placeholder.clone()
                };
                let pipeline = self.pipeline(ComposePipelineKey {
                    shader: ComposeShader::Layer,
                    layered: false,
                    ..key
                });
                let bind_group = self.bind_group(&backdrop, &redaction, &self.placeholder, &shadow);
                render_pass_into(
                    &mut encoder,
                    "reel layer pass",
                    &view,
                    &pipeline,
                    &bind_group,
                );
                view
            }
            _ => self.placeholder.clone(),
        };
        let bind_group = self.bind_group(&backdrop, &redaction, &layer, &self.placeholder);

        let solid = match look.background {
            BackgroundLook::Solid(color) => {
                Some([color.red, color.green, color.blue].map(linear_to_srgb))
            }
            _ => None,
        };
        let regions = Regions::new(look, self.output, solid.is_some());
        let mut draws = Vec::new();
        for (shader, spans) in [
            (ComposeShader::Background, &regions.background),
            (ComposeShader::Edge, &regions.rim),
            (ComposeShader::Content, &regions.inside),
        ] {
            if !spans.is_empty() {
                let pipeline = self.pipeline(ComposePipelineKey { shader, ..key });
                draws.push((pipeline, spans.clone()));
            }
        }
        let luma_view = self.luma.create_view(&Default::default());
        let chroma_view = self.chroma_plane.create_view(&Default::default());
        {
            let clear = solid.unwrap_or([0.0; 3]);
            let luma = (16.0 + 219.0 * crate::color::bt709_luma(clear)) / 255.0;
            let attachments = [
                cleared(&self.composed_view, clear),
                cleared(&luma_view, [luma, 0.0, 0.0]),
            ];
            let mut pass =
                encoder.begin_render_pass(&render_pass("reel compose pass", &attachments));
            pass.set_bind_group(0, &bind_group, &[]);
            for (pipeline, spans) in &draws {
                pass.set_pipeline(pipeline);
                for span in spans {
                    pass.set_scissor_rect(span.x, span.y, span.width, span.height);
                    pass.draw(0..3, 0..1);
                }
            }
        }
        {
            let attachments = [cleared(&chroma_view, [0.0; 3])];
            let mut pass =
                encoder.begin_render_pass(&render_pass("reel chroma pass", &attachments));
            pass.set_pipeline(&self.chroma);
            pass.set_bind_group(0, &self.chroma_bind_group, &[]);
            pass.draw(0..3, 0..1);
        }
        let planes = self.layout_nv12;
        copy_to_buffer(&mut encoder, &self.luma, readback, 0, planes.luma_row);
        copy_to_buffer(
            &mut encoder,
            &self.chroma_plane,
            readback,
            planes.chroma_offset,
            planes.chroma_row,
        );
        if let Some(rgb) = rgb_readback {
            copy_to_buffer(&mut encoder, &self.composed, rgb, 0, self.rgb_row_bytes());
        }
        Ok((encoder.finish(), uploaded))
    }

    /// The shadow's opacity at each texel of a `size` layer, drawn into its texture when
    /// the shadow or the layer changed since the last frame.
    fn draw_shadow(
        &mut self,
        encoder: &mut wgpu::CommandEncoder,
        uniforms: &FrameUniforms,
        size: (u32, u32),
        key: ComposePipelineKey,
    ) -> wgpu::TextureView {
        let shadow_key = uniforms.shadow_key();
        if let Some((drawn, drawn_size, view)) = &self.shadow
            && *drawn == shadow_key
            && *drawn_size == size
        {
            return view.clone();
        }
        let view = match self.shadow.take() {
            Some((_, drawn_size, view)) if drawn_size == size => view,
            _ => render_target(&self.device, "reel shadow opacity", size, SHADOW_FORMAT)
                .create_view(&Default::default()),
        };
        let pipeline = self.pipeline(ComposePipelineKey {
            shader: ComposeShader::Shadow,
            layered: false,
            ..key
        });
        let bind_group = self.source_only_bind_group();
        render_pass_into(encoder, "reel shadow pass", &view, &pipeline, &bind_group);
        self.shadow = Some((shadow_key, size, view.clone()));
        view
    }

    /// Bytes per row of the composed frame in an RGB readback buffer (`Rgba8Unorm`
    /// texels, rows padded for texture copies).
    pub fn rgb_row_bytes(&self) -> u32 {
        (self.output.0 * 4).next_multiple_of(wgpu::COPY_BYTES_PER_ROW_ALIGNMENT)
    }

    /// A buffer the composed R'G'B' frame can be read back through.
    pub fn create_rgb_readback_buffer(&self) -> wgpu::Buffer {
        self.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("reel rgb readback buffer"),
            size: u64::from(self.rgb_row_bytes() * self.output.1),
            usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        })
    }

    /// A buffer that one frame's planes can be read back through.
    pub fn create_readback_buffer(&self) -> wgpu::Buffer {
        self.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("reel readback buffer"),
            size: u64::from(self.layout_nv12.size),
            usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        })
    }
}
