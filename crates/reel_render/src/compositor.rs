//! One render worker's GPU objects: the composite pipelines (one per source layout), the
//! Y'CbCr packing pipelines, the frame target, and the buffers frames are read back in.

use crate::color::SampleToRgb;
use crate::readback::YuvLayout;
use crate::source::{SourceLayout, SourceTextures};
use bevy_ecs::resource::Resource;
use reel_pipeline::ColorInfo;
use reel_scene::FrameLook;
use std::collections::HashMap;

/// The composite shader, embedded in the binary.
const COMPOSITE_SHADER: &str = include_str!("../../../assets/shaders/composite.wgsl");
/// The Y'CbCr packing shader, embedded in the binary.
const PACK_SHADER: &str = include_str!("../../../assets/shaders/pack_yuv.wgsl");

/// The format frames are composited in: linear light with headroom for blending.
pub const TARGET_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba16Float;

/// The uniform block `composite.wgsl` reads (`FrameUniforms`).
#[repr(C)]
#[derive(Debug, Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
pub struct FrameUniforms {
    content: [f32; 4],
    background: [f32; 4],
    matrix_r: [f32; 4],
    matrix_g: [f32; 4],
    matrix_b: [f32; 4],
    offset: [f32; 4],
}

impl FrameUniforms {
    /// The uniforms for drawing `look` with a source whose samples are described by `color`.
    pub fn new(look: &FrameLook, color: ColorInfo) -> Self {
        let convert = SampleToRgb::new(color);
        let row = |r: [f32; 3]| [r[0], r[1], r[2], 0.0];
        let rect = look.content;
        let bg = look.background;
        Self {
            content: [rect.x, rect.y, rect.width, rect.height],
            background: [bg.red, bg.green, bg.blue, bg.alpha],
            matrix_r: row(convert.rows[0]),
            matrix_g: row(convert.rows[1]),
            matrix_b: row(convert.rows[2]),
            offset: row(convert.offset),
        }
    }
}

/// Everything one render worker draws with. Not shared between workers.
#[derive(Resource)]
pub struct Compositor {
    device: wgpu::Device,
    composite_module: wgpu::ShaderModule,
    composite_layout: wgpu::BindGroupLayout,
    composite_pipeline_layout: wgpu::PipelineLayout,
    pipelines: HashMap<&'static str, wgpu::RenderPipeline>,
    sampler: wgpu::Sampler,
    placeholder: wgpu::TextureView,
    uniforms: wgpu::Buffer,
    source: Option<(SourceTextures, wgpu::BindGroup)>,
    target_view: wgpu::TextureView,
    pack_luma: wgpu::ComputePipeline,
    pack_chroma: wgpu::ComputePipeline,
    pack_bind_group: wgpu::BindGroup,
    packed: wgpu::Buffer,
    /// The packed frame layout.
    pub layout: YuvLayout,
}

impl Compositor {
    /// Creates the pipelines and the frame target for `output` pixels.
    pub fn new(device: &wgpu::Device, queue: &wgpu::Queue, output: (u32, u32)) -> Self {
        let layout = YuvLayout::new(output.0, output.1);
        let composite_module = device.create_shader_module(wgpu::ShaderModuleDescriptor {
            label: Some("reel composite shader"),
            source: wgpu::ShaderSource::Wgsl(COMPOSITE_SHADER.into()),
        });
        let texture_entry = |binding| wgpu::BindGroupLayoutEntry {
            binding,
            visibility: wgpu::ShaderStages::FRAGMENT,
            ty: wgpu::BindingType::Texture {
                sample_type: wgpu::TextureSampleType::Float { filterable: true },
                view_dimension: wgpu::TextureViewDimension::D2,
                multisampled: false,
            },
            count: None,
        };
        let composite_layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("reel composite bind group layout"),
            entries: &[
                uniform_entry(0, wgpu::ShaderStages::FRAGMENT),
                wgpu::BindGroupLayoutEntry {
                    binding: 1,
                    visibility: wgpu::ShaderStages::FRAGMENT,
                    ty: wgpu::BindingType::Sampler(wgpu::SamplerBindingType::Filtering),
                    count: None,
                },
                texture_entry(2),
                texture_entry(3),
                texture_entry(4),
            ],
        });
        let composite_pipeline_layout =
            device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
                label: Some("reel composite pipeline layout"),
                bind_group_layouts: &[Some(&composite_layout)],
                immediate_size: 0,
            });
        let sampler = device.create_sampler(&wgpu::SamplerDescriptor {
            label: Some("reel source sampler"),
            address_mode_u: wgpu::AddressMode::ClampToEdge,
            address_mode_v: wgpu::AddressMode::ClampToEdge,
            mag_filter: wgpu::FilterMode::Linear,
            min_filter: wgpu::FilterMode::Linear,
            ..Default::default()
        });
        let placeholder = device
            .create_texture(&wgpu::TextureDescriptor {
                label: Some("reel placeholder plane"),
                size: wgpu::Extent3d {
                    width: 1,
                    height: 1,
                    depth_or_array_layers: 1,
                },
                mip_level_count: 1,
                sample_count: 1,
                dimension: wgpu::TextureDimension::D2,
                format: wgpu::TextureFormat::R8Unorm,
                usage: wgpu::TextureUsages::TEXTURE_BINDING,
                view_formats: &[],
            })
            .create_view(&Default::default());
        let uniforms = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("reel frame uniforms"),
            size: size_of::<FrameUniforms>() as u64,
            usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        let target = device.create_texture(&wgpu::TextureDescriptor {
            label: Some("reel frame target"),
            size: wgpu::Extent3d {
                width: output.0,
                height: output.1,
                depth_or_array_layers: 1,
            },
            mip_level_count: 1,
            sample_count: 1,
            dimension: wgpu::TextureDimension::D2,
            format: TARGET_FORMAT,
            usage: wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::TEXTURE_BINDING,
            view_formats: &[],
        });
        let target_view = target.create_view(&Default::default());

        let pack_module = device.create_shader_module(wgpu::ShaderModuleDescriptor {
            label: Some("reel pack shader"),
            source: wgpu::ShaderSource::Wgsl(PACK_SHADER.into()),
        });
        let pack_layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("reel pack bind group layout"),
            entries: &[
                wgpu::BindGroupLayoutEntry {
                    binding: 0,
                    visibility: wgpu::ShaderStages::COMPUTE,
                    ty: wgpu::BindingType::Texture {
                        sample_type: wgpu::TextureSampleType::Float { filterable: false },
                        view_dimension: wgpu::TextureViewDimension::D2,
                        multisampled: false,
                    },
                    count: None,
                },
                wgpu::BindGroupLayoutEntry {
                    binding: 1,
                    visibility: wgpu::ShaderStages::COMPUTE,
                    ty: wgpu::BindingType::Buffer {
                        ty: wgpu::BufferBindingType::Storage { read_only: false },
                        has_dynamic_offset: false,
                        min_binding_size: None,
                    },
                    count: None,
                },
                uniform_entry(2, wgpu::ShaderStages::COMPUTE),
            ],
        });
        let pack_pipeline_layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
            label: Some("reel pack pipeline layout"),
            bind_group_layouts: &[Some(&pack_layout)],
            immediate_size: 0,
        });
        let pack_pipeline = |entry: &str, label: &str| {
            device.create_compute_pipeline(&wgpu::ComputePipelineDescriptor {
                label: Some(label),
                layout: Some(&pack_pipeline_layout),
                module: &pack_module,
                entry_point: Some(entry),
                compilation_options: Default::default(),
                cache: None,
            })
        };
        let pack_luma = pack_pipeline("pack_luma", "reel pack luma pipeline");
        let pack_chroma = pack_pipeline("pack_chroma", "reel pack chroma pipeline");
        let packed = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("reel packed frame"),
            size: u64::from(layout.size),
            usage: wgpu::BufferUsages::STORAGE | wgpu::BufferUsages::COPY_SRC,
            mapped_at_creation: false,
        });
        let pack_uniform = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("reel pack layout"),
            size: 32,
            usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        queue.write_buffer(
            &pack_uniform,
            0,
            bytemuck::cast_slice(&layout.shader_uniform()),
        );
        let pack_bind_group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("reel pack bind group"),
            layout: &pack_layout,
            entries: &[
                wgpu::BindGroupEntry {
                    binding: 0,
                    resource: wgpu::BindingResource::TextureView(&target_view),
                },
                wgpu::BindGroupEntry {
                    binding: 1,
                    resource: packed.as_entire_binding(),
                },
                wgpu::BindGroupEntry {
                    binding: 2,
                    resource: pack_uniform.as_entire_binding(),
                },
            ],
        });
        Self {
            device: device.clone(),
            composite_module,
            composite_layout,
            composite_pipeline_layout,
            pipelines: HashMap::new(),
            sampler,
            placeholder,
            uniforms,
            source: None,
            target_view,
            pack_luma,
            pack_chroma,
            pack_bind_group,
            packed,
            layout,
        }
    }

    fn pipeline(&mut self, layout: SourceLayout) -> wgpu::RenderPipeline {
        let entry = layout.fragment_entry();
        self.pipelines
            .entry(entry)
            .or_insert_with(|| {
                self.device
                    .create_render_pipeline(&wgpu::RenderPipelineDescriptor {
                        label: Some("reel composite pipeline"),
                        layout: Some(&self.composite_pipeline_layout),
                        vertex: wgpu::VertexState {
                            module: &self.composite_module,
                            entry_point: Some("vs_fullscreen"),
                            buffers: &[],
                            compilation_options: Default::default(),
                        },
                        fragment: Some(wgpu::FragmentState {
                            module: &self.composite_module,
                            entry_point: Some(entry),
                            targets: &[Some(TARGET_FORMAT.into())],
                            compilation_options: Default::default(),
                        }),
                        primitive: wgpu::PrimitiveState::default(),
                        depth_stencil: None,
                        multisample: wgpu::MultisampleState::default(),
                        multiview_mask: None,
                        cache: None,
                    })
            })
            .clone()
    }

    /// Records the commands that draw one frame and pack it into `readback`: uploads the
    /// source picture (unless already there), composites, converts to Y'CbCr, copies.
    pub fn encode_frame(
        &mut self,
        queue: &wgpu::Queue,
        picture: &reel_pipeline::SourcePicture,
        look: &FrameLook,
        readback: &wgpu::Buffer,
    ) -> Result<wgpu::CommandBuffer, crate::RenderError> {
        let frame = &picture.frame;
        if !self.source.as_ref().is_some_and(|(t, _)| t.fits(frame)) {
            let textures = SourceTextures::new(&self.device, frame, &self.placeholder)?;
            let bind_group = self.device.create_bind_group(&wgpu::BindGroupDescriptor {
                label: Some("reel composite bind group"),
                layout: &self.composite_layout,
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
                        resource: wgpu::BindingResource::TextureView(&textures.views[0]),
                    },
                    wgpu::BindGroupEntry {
                        binding: 3,
                        resource: wgpu::BindingResource::TextureView(&textures.views[1]),
                    },
                    wgpu::BindGroupEntry {
                        binding: 4,
                        resource: wgpu::BindingResource::TextureView(&textures.views[2]),
                    },
                ],
            });
            self.source = Some((textures, bind_group));
        }
        let pipeline = self.pipeline(SourceLayout::of(frame.format()).expect("checked by fits"));
        let (textures, bind_group) = self.source.as_mut().expect("created above");
        textures.upload(queue, frame, picture.source_index);
        queue.write_buffer(
            &self.uniforms,
            0,
            bytemuck::bytes_of(&FrameUniforms::new(look, picture.color)),
        );

        let mut encoder = self
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor {
                label: Some("reel frame commands"),
            });
        {
            let mut pass = encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
                label: Some("reel composite pass"),
                color_attachments: &[Some(wgpu::RenderPassColorAttachment {
                    view: &self.target_view,
                    depth_slice: None,
                    resolve_target: None,
                    ops: wgpu::Operations {
                        load: wgpu::LoadOp::Clear(wgpu::Color::BLACK),
                        store: wgpu::StoreOp::Store,
                    },
                })],
                depth_stencil_attachment: None,
                timestamp_writes: None,
                occlusion_query_set: None,
                multiview_mask: None,
            });
            pass.set_pipeline(&pipeline);
            pass.set_bind_group(0, &*bind_group, &[]);
            pass.draw(0..3, 0..1);
        }
        {
            let mut pass = encoder.begin_compute_pass(&wgpu::ComputePassDescriptor {
                label: Some("reel pack pass"),
                timestamp_writes: None,
            });
            pass.set_bind_group(0, &self.pack_bind_group, &[]);
            let layout = self.layout;
            pass.set_pipeline(&self.pack_luma);
            pass.dispatch_workgroups(
                (layout.luma_stride / 4).div_ceil(8),
                layout.height.div_ceil(8),
                1,
            );
            pass.set_pipeline(&self.pack_chroma);
            pass.dispatch_workgroups(
                (layout.chroma_stride / 4).div_ceil(8),
                (layout.height / 2).div_ceil(8),
                1,
            );
        }
        encoder.copy_buffer_to_buffer(&self.packed, 0, readback, 0, u64::from(self.layout.size));
        Ok(encoder.finish())
    }

    /// A buffer that one packed frame can be read back through.
    pub fn create_readback_buffer(&self) -> wgpu::Buffer {
        self.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("reel readback buffer"),
            size: u64::from(self.layout.size),
            usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        })
    }
}

fn uniform_entry(binding: u32, visibility: wgpu::ShaderStages) -> wgpu::BindGroupLayoutEntry {
    wgpu::BindGroupLayoutEntry {
        binding,
        visibility,
        ty: wgpu::BindingType::Buffer {
            ty: wgpu::BufferBindingType::Uniform,
            has_dynamic_offset: false,
            min_binding_size: None,
        },
        count: None,
    }
}
