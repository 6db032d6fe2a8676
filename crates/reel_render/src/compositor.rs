//! One render worker's GPU objects: the compose and chroma pipelines, the source
//! textures, the frame's targets, and the copies into a readback buffer.

use crate::color::SampleToRgb;
use crate::error::RenderError;
use crate::readback::Nv12Layout;
use crate::regions::{Regions, Scissor};
use crate::source::{SourceLayout, SourceTextures};
use bevy_ecs::resource::Resource;
use reel_pipeline::{ColorInfo, SourcePicture};
use reel_scene::{FrameLook, LinearRgba};
use std::collections::HashMap;

/// The compose shader, embedded in the binary.
const COMPOSE_SHADER: &str = include_str!("../../../assets/shaders/compose.wgsl");
/// The chroma shader, embedded in the binary.
const CHROMA_SHADER: &str = include_str!("../../../assets/shaders/chroma.wgsl");

/// The intermediate target's format: R'G'B' with more precision than the output has.
const COMPOSED_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba16Float;

/// The uniform block `compose.wgsl` reads (`FrameUniforms`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, bytemuck::Pod, bytemuck::Zeroable)]
pub struct FrameUniforms {
    content: [f32; 4],
    background_linear: [f32; 4],
    matrix_r: [f32; 4],
    matrix_g: [f32; 4],
    matrix_b: [f32; 4],
    offset: [f32; 4],
}

impl FrameUniforms {
    /// The uniforms for drawing `look` from a source whose samples are described by
    /// `color`.
    pub fn new(look: &FrameLook, color: ColorInfo) -> Self {
        let convert = SampleToRgb::new(color);
        let row = |r: [f32; 3]| [r[0], r[1], r[2], 0.0];
        let rect = look.content;
        let LinearRgba {
            red, green, blue, ..
        } = look.background;
        Self {
            content: [rect.x, rect.y, rect.width, rect.height],
            background_linear: row([red, green, blue]),
            matrix_r: row(convert.rows[0]),
            matrix_g: row(convert.rows[1]),
            matrix_b: row(convert.rows[2]),
            offset: row(convert.offset),
        }
    }
}

/// What distinguishes the compose pipelines: the source's plane layout (a shader
/// constant) and the region shader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ComposePipelineKey {
    /// The source's plane layout, as `compose.wgsl`'s `SOURCE_LAYOUT` numbers it.
    pub layout: u32,
    /// Whether the pipeline draws the rim (blending) rather than the inside.
    pub rim: bool,
}

impl ComposePipelineKey {
    fn layout_constant(layout: SourceLayout) -> u32 {
        match layout {
            SourceLayout::Planar => 0,
            SourceLayout::SemiPlanar => 1,
            SourceLayout::Packed(_) => 2,
        }
    }
}

/// The sRGB encoding of a linear-light value (the inverse of [`reel_scene::Color::to_linear`]).
fn linear_to_srgb(value: f32) -> f32 {
    let v = value.clamp(0.0, 1.0);
    if v <= 0.003_130_8 {
        v * 12.92
    } else {
        1.055 * v.powf(1.0 / 2.4) - 0.055
    }
}

/// A 2D texture a pass renders into and a later step reads or copies from.
fn target(
    device: &wgpu::Device,
    label: &str,
    size: (u32, u32),
    format: wgpu::TextureFormat,
) -> wgpu::Texture {
    device.create_texture(&wgpu::TextureDescriptor {
        label: Some(label),
        size: wgpu::Extent3d {
            width: size.0,
            height: size.1,
            depth_or_array_layers: 1,
        },
        mip_level_count: 1,
        sample_count: 1,
        dimension: wgpu::TextureDimension::D2,
        format,
        usage: wgpu::TextureUsages::RENDER_ATTACHMENT
            | wgpu::TextureUsages::TEXTURE_BINDING
            | wgpu::TextureUsages::COPY_SRC,
        view_formats: &[],
    })
}

/// A fullscreen render pipeline drawing `entry` of `module` into `targets`.
fn fullscreen_pipeline(
    device: &wgpu::Device,
    label: &str,
    layout: &wgpu::BindGroupLayout,
    module: &wgpu::ShaderModule,
    entry: &str,
    constants: &[(&str, f64)],
    targets: &[Option<wgpu::ColorTargetState>],
) -> wgpu::RenderPipeline {
    let pipeline_layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
        label: Some(label),
        bind_group_layouts: &[Some(layout)],
        immediate_size: 0,
    });
    device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
        label: Some(label),
        layout: Some(&pipeline_layout),
        vertex: wgpu::VertexState {
            module,
            entry_point: Some("vs_fullscreen"),
            buffers: &[],
            compilation_options: Default::default(),
        },
        fragment: Some(wgpu::FragmentState {
            module,
            entry_point: Some(entry),
            targets,
            compilation_options: wgpu::PipelineCompilationOptions {
                constants,
                ..Default::default()
            },
        }),
        primitive: wgpu::PrimitiveState::default(),
        depth_stencil: None,
        multisample: wgpu::MultisampleState::default(),
        multiview_mask: None,
        cache: None,
    })
}

fn texture_entry(binding: u32) -> wgpu::BindGroupLayoutEntry {
    wgpu::BindGroupLayoutEntry {
        binding,
        visibility: wgpu::ShaderStages::FRAGMENT,
        ty: wgpu::BindingType::Texture {
            sample_type: wgpu::TextureSampleType::Float { filterable: true },
            view_dimension: wgpu::TextureViewDimension::D2,
            multisampled: false,
        },
        count: None,
    }
}

fn sampler_entry(binding: u32) -> wgpu::BindGroupLayoutEntry {
    wgpu::BindGroupLayoutEntry {
        binding,
        visibility: wgpu::ShaderStages::FRAGMENT,
        ty: wgpu::BindingType::Sampler(wgpu::SamplerBindingType::Filtering),
        count: None,
    }
}

/// Everything one render worker draws with. Not shared between workers.
#[derive(Resource)]
pub struct Compositor {
    device: wgpu::Device,
    compose_module: wgpu::ShaderModule,
    compose_layout: wgpu::BindGroupLayout,
    compose: HashMap<ComposePipelineKey, wgpu::RenderPipeline>,
    chroma: wgpu::RenderPipeline,
    chroma_bind_group: wgpu::BindGroup,
    sampler: wgpu::Sampler,
    placeholder: wgpu::TextureView,
    uniforms: wgpu::Buffer,
    composed: wgpu::TextureView,
    luma: wgpu::Texture,
    chroma_plane: wgpu::Texture,
    source: Option<(SourceTextures, wgpu::BindGroup)>,
    /// Where the planes lie in a readback buffer.
    pub layout: Nv12Layout,
}

impl Compositor {
    /// Creates the pipelines and targets for `output`-sized frames.
    pub fn new(device: &wgpu::Device, output: (u32, u32)) -> Self {
        let layout = Nv12Layout::new(output.0, output.1);
        let compose_module = device.create_shader_module(wgpu::ShaderModuleDescriptor {
            label: Some("reel compose shader"),
            source: wgpu::ShaderSource::Wgsl(COMPOSE_SHADER.into()),
        });
        let chroma_module = device.create_shader_module(wgpu::ShaderModuleDescriptor {
            label: Some("reel chroma shader"),
            source: wgpu::ShaderSource::Wgsl(CHROMA_SHADER.into()),
        });
        let compose_layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("reel compose bind group layout"),
            entries: &[
                wgpu::BindGroupLayoutEntry {
                    binding: 0,
                    visibility: wgpu::ShaderStages::FRAGMENT,
                    ty: wgpu::BindingType::Buffer {
                        ty: wgpu::BufferBindingType::Uniform,
                        has_dynamic_offset: false,
                        min_binding_size: None,
                    },
                    count: None,
                },
                sampler_entry(1),
                texture_entry(2),
                texture_entry(3),
                texture_entry(4),
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
        let sampler = device.create_sampler(&wgpu::SamplerDescriptor {
            label: Some("reel bilinear sampler"),
            address_mode_u: wgpu::AddressMode::ClampToEdge,
            address_mode_v: wgpu::AddressMode::ClampToEdge,
            mag_filter: wgpu::FilterMode::Linear,
            min_filter: wgpu::FilterMode::Linear,
            ..Default::default()
        });
        let placeholder = target(
            device,
            "reel placeholder plane",
            (1, 1),
            wgpu::TextureFormat::R8Unorm,
        )
        .create_view(&Default::default());
        let uniforms = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("reel frame uniforms"),
            size: size_of::<FrameUniforms>() as u64,
            usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        let composed = target(device, "reel composed frame", output, COMPOSED_FORMAT)
            .create_view(&Default::default());
        let luma = target(
            device,
            "reel luma plane",
            output,
            wgpu::TextureFormat::R8Unorm,
        );
        let chroma_plane = target(
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
                    resource: wgpu::BindingResource::TextureView(&composed),
                },
                wgpu::BindGroupEntry {
                    binding: 1,
                    resource: wgpu::BindingResource::Sampler(&sampler),
                },
            ],
        });
        Self {
            device: device.clone(),
            compose_module,
            compose_layout,
            compose: HashMap::new(),
            chroma,
            chroma_bind_group,
            sampler,
            placeholder,
            uniforms,
            composed,
            luma,
            chroma_plane,
            source: None,
            layout,
        }
    }

    /// The compose pipeline for `key`, created the first time it is needed.
    fn compose_pipeline(&mut self, key: ComposePipelineKey) -> wgpu::RenderPipeline {
        let (device, module, layout) = (&self.device, &self.compose_module, &self.compose_layout);
        self.compose
            .entry(key)
            .or_insert_with(|| {
                fullscreen_pipeline(
                    device,
                    "reel compose pipeline",
                    layout,
                    module,
                    if key.rim { "fs_edge" } else { "fs_content" },
                    &[("SOURCE_LAYOUT", f64::from(key.layout))],
                    &[
                        Some(COMPOSED_FORMAT.into()),
                        Some(wgpu::TextureFormat::R8Unorm.into()),
                    ],
                )
            })
            .clone()
    }

    /// Makes sure the source textures fit `picture`, recreating them (and the bind group
    /// that names them) when the source's format or size changes.
    fn prepare_source(&mut self, picture: &SourcePicture) -> Result<(), RenderError> {
        let frame = &picture.frame;
        if self.source.as_ref().is_some_and(|(t, _)| t.fits(frame)) {
            return Ok(());
        }
        let textures = SourceTextures::new(&self.device, frame, &self.placeholder)?;
        let view = |index: usize| wgpu::BindingResource::TextureView(&textures.views[index]);
        let bind_group = self.device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("reel compose bind group"),
            layout: &self.compose_layout,
            entries: &[
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
                    resource: view(0),
                },
                wgpu::BindGroupEntry {
                    binding: 3,
                    resource: view(1),
                },
                wgpu::BindGroupEntry {
                    binding: 4,
                    resource: view(2),
                },
            ],
        });
        self.source = Some((textures, bind_group));
        Ok(())
    }

    /// Records the commands that draw one frame into `readback`: uploads the source
    /// picture (unless already there), composes it, makes its chroma plane, and copies
    /// both planes into the buffer.
    ///
    /// The uploads and uniforms are queued writes, so the returned commands must be
    /// submitted before the next frame is encoded.
    pub fn encode_frame(
        &mut self,
        queue: &wgpu::Queue,
        picture: &SourcePicture,
        look: &FrameLook,
        readback: &wgpu::Buffer,
    ) -> Result<wgpu::CommandBuffer, RenderError> {
        self.prepare_source(picture)?;
        let (textures, _) = self.source.as_mut().expect("prepared above");
        textures.upload(queue, &picture.frame, picture.source_index);
        let layout = ComposePipelineKey::layout_constant(textures.key.0);
        let uniforms = FrameUniforms::new(look, picture.color);
        queue.write_buffer(&self.uniforms, 0, bytemuck::bytes_of(&uniforms));
        let regions = Regions::new(&look.content, (self.layout.width, self.layout.height));
        let mut draws: Vec<(wgpu::RenderPipeline, Scissor)> = Vec::with_capacity(5);
        if let Some(inside) = regions.inside {
            draws.push((
                self.compose_pipeline(ComposePipelineKey { layout, rim: false }),
                inside,
            ));
        }
        if !regions.rim.is_empty() {
            let rim = self.compose_pipeline(ComposePipelineKey { layout, rim: true });
            draws.extend(regions.rim.iter().map(|&strip| (rim.clone(), strip)));
        }
        let (_, bind_group) = self.source.as_ref().expect("prepared above");
        let background = look.background;
        let encoded = [background.red, background.green, background.blue].map(linear_to_srgb);
        let luma = 16.0 + 219.0 * crate::color::bt709_luma(encoded);

        let mut encoder = self
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor {
                label: Some("reel frame commands"),
            });
        let luma_view = self.luma.create_view(&Default::default());
        let chroma_view = self.chroma_plane.create_view(&Default::default());
        {
            // The background is the clear colour; the picture is drawn region by region.
            let attachments = [
                cleared(&self.composed, encoded),
                cleared(&luma_view, [luma / 255.0, 0.0, 0.0]),
            ];
            let mut pass =
                encoder.begin_render_pass(&render_pass("reel compose pass", &attachments));
            pass.set_bind_group(0, bind_group, &[]);
            for (pipeline, scissor) in &draws {
                pass.set_pipeline(pipeline);
                pass.set_scissor_rect(scissor.x, scissor.y, scissor.width, scissor.height);
                pass.draw(0..3, 0..1);
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
        let planes = self.layout;
        copy_plane(&mut encoder, &self.luma, readback, 0, planes.luma_row);
        copy_plane(
            &mut encoder,
            &self.chroma_plane,
            readback,
            planes.chroma_offset,
            planes.chroma_row,
        );
        Ok(encoder.finish())
    }

    /// A buffer that one frame's planes can be read back through.
    pub fn create_readback_buffer(&self) -> wgpu::Buffer {
        self.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("reel readback buffer"),
            size: u64::from(self.layout.size),
            usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        })
    }
}

/// Copies all of `texture` into `buffer` at `offset`, `row` bytes per row.
fn copy_plane(
    encoder: &mut wgpu::CommandEncoder,
    texture: &wgpu::Texture,
    buffer: &wgpu::Buffer,
    offset: u32,
    row: u32,
) {
    encoder.copy_texture_to_buffer(
        wgpu::TexelCopyTextureInfo {
            texture,
            mip_level: 0,
            origin: wgpu::Origin3d::ZERO,
            aspect: wgpu::TextureAspect::All,
        },
        wgpu::TexelCopyBufferInfo {
            buffer,
            layout: wgpu::TexelCopyBufferLayout {
                offset: u64::from(offset),
                bytes_per_row: Some(row),
                rows_per_image: None,
            },
        },
        texture.size(),
    );
}

/// A colour attachment cleared to `rgb` (opaque) before the pass draws.
fn cleared(view: &wgpu::TextureView, rgb: [f32; 3]) -> Option<wgpu::RenderPassColorAttachment<'_>> {
    let [r, g, b] = rgb.map(f64::from);
    Some(wgpu::RenderPassColorAttachment {
        view,
        depth_slice: None,
        resolve_target: None,
        ops: wgpu::Operations {
            load: wgpu::LoadOp::Clear(wgpu::Color { r, g, b, a: 1.0 }),
            store: wgpu::StoreOp::Store,
        },
    })
}

/// A render pass into `attachments`.
fn render_pass<'a>(
    label: &'a str,
    attachments: &'a [Option<wgpu::RenderPassColorAttachment<'a>>],
) -> wgpu::RenderPassDescriptor<'a> {
    wgpu::RenderPassDescriptor {
        label: Some(label),
        color_attachments: attachments,
        depth_stencil_attachment: None,
        timestamp_writes: None,
        occlusion_query_set: None,
        multiview_mask: None,
    }
}
