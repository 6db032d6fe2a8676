//! The camera's part of a frame on the GPU: its recording uploaded to textures of its
//! own, its uniforms (a media layer's and a shadow's, as the screen's), and the pass
//! that draws it, masked, bordered and over its shadow, into a texture the compose pass
//! blends over the frame (`fs_camera`, `with_camera` in `compose.wgsl`).

use crate::blur::BLUR_FORMAT;
use crate::compositor::{ComposePipelineKey, ComposeShader, Compositor};
use crate::error::RenderError;
use crate::gpu::{render_pass_into, render_target};
use crate::layers::{MediaUniforms, ShadowUniforms, SourceMapping, UniformBuffer};
use crate::source::{PlaneLayout, SourceTextures};
use reel_pipeline::SourcePictures;
use reel_plan::{FramePlan, ShadowLayer};
use reel_scene::Scaling;

/// The binding of the camera's texture in the compose shader.
pub const CAMERA_TEXTURE_BINDING: u32 = 14;

/// One worker's camera objects, made when a frame first shows the camera.
pub struct CameraPass {
    source: Option<SourceTextures>,
    media: UniformBuffer<MediaUniforms>,
    shadow: UniformBuffer<ShadowUniforms>,
    target: Option<((u32, u32), wgpu::TextureView)>,
}

/// What one frame's camera pass draws with.
pub(crate) struct PreparedCamera {
    /// The output pixel of the camera texture's top-left texel.
    pub origin: (u32, u32),
    /// The camera's opacity.
    pub opacity: f32,
    /// The samples across and down each pixel that are averaged.
    pub taps: u32,
    layout: PlaneLayout,
    turned: bool,
    shadow: bool,
}

impl CameraPass {
    /// Its uniform buffers on `device`; textures come with the first camera picture.
    pub fn new(device: &wgpu::Device) -> Self {
        Self {
            source: None,
            media: UniformBuffer::new(device, "reel camera media uniforms"),
            shadow: UniformBuffer::new(device, "reel camera shadow uniforms"),
            target: None,
        }
    }
}

impl Compositor {
    /// Uploads the camera's picture of `pictures` and writes its uniforms, when `plan`
    /// shows the camera in the frame; sizes its texture to the pixels it covers.
    pub(crate) fn prepare_camera(
        &mut self,
        queue: &wgpu::Queue,
        pictures: &SourcePictures,
        plan: &FramePlan,
    ) -> Result<Option<PreparedCamera>, RenderError> {
        let Some(camera) = plan.camera() else {
            return Ok(None);
        };
        let Some(bounds) = camera.bounds(self.output) else {
            return Ok(None);
        };
        let media = &camera.media;
        let picture = pictures
            .get(media.source)
            .ok_or(RenderError::MissingPicture(media.source.0))?;
        let pass = &mut self.camera;
        if !pass.source.as_ref().is_some_and(|t| t.fits(&picture.frame)) {
            pass.source = Some(SourceTextures::new(
                &self.device,
                &picture.frame,
                &self.placeholder,
                false,
            )?);
        }
        let source = pass.source.as_mut().expect("made above");
        source.upload(queue, &picture.frame, picture.source_index);
        let mapping = SourceMapping {
            color: picture.color,
            stored: picture.size(),
            redaction_map: [0.0; 4],
            converted: (1, 1),
        };
        pass.media
            .write(queue, &MediaUniforms::new(media, mapping)?);
        let shadow = camera.shadow.map(ShadowLayer);
        pass.shadow
            .write(queue, &ShadowUniforms::new(shadow.as_ref()));
        let size = (bounds.width, bounds.height);
        if pass.target.as_ref().is_none_or(|(s, _)| *s != size) {
            let view = render_target(&self.device, "reel camera", size, BLUR_FORMAT)
                .create_view(&Default::default());
            pass.target = Some((size, view));
        }
        Ok(Some(PreparedCamera {
            origin: (bounds.x, bounds.y),
            opacity: camera.opacity,
            taps: camera.taps(),
            layout: source.layout.into(),
            turned: !media.orientation.is_upright(),
            shadow: shadow.is_some(),
        }))
    }

    /// Records the camera pass into the camera's texture; returns the texture's view.
    pub(crate) fn encode_camera(
        &self,
        encoder: &mut wgpu::CommandEncoder,
        camera: &PreparedCamera,
        key: ComposePipelineKey,
    ) -> wgpu::TextureView {
        let pass = &self.camera;
        let pipeline = self.pipeline(ComposePipelineKey {
            shader: ComposeShader::Camera,
            layout: camera.layout,
            shadow: camera.shadow,
            motion: false,
            redact: false,
            layered: false,
            quarter: false,
            turned: camera.turned,
            scaling: Scaling::Bilinear,
            passthrough: false,
            ..key
        });
        let source = pass.source.as_ref().expect("prepared first");
        let bind_group = self.bind_group_of(source, (&pass.media, &pass.shadow), None);
        let (_, view) = pass.target.as_ref().expect("prepared first");
        render_pass_into(encoder, "reel camera pass", view, &pipeline, &bind_group);
        view.clone()
    }
}
