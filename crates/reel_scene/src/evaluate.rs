//! The look of one output frame, evaluated from the scene at an output time.

use crate::format::DEFAULT_GIF_WIDTH;
use crate::limits::MOTION_SAMPLES;
use crate::model::{Background, Fit, Rect, Scene};
use crate::wallpapers::wallpaper;
use crate::zoom::{Follow, Framing, rect_framed};
use crate::{Color, LinearRgba};

/// An axis-aligned rectangle in output pixels (origin top-left, may be fractional).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PixelRect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

/// A gradient stop in linear light.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct GradientStop {
    /// The colour, in linear light.
    pub color: LinearRgba,
    /// Its position, 0 to 1.
    pub at: f32,
}

/// The background of a frame, in output pixels and linear light.
#[derive(Debug, Clone, PartialEq)]
pub enum BackgroundLook {
    /// One colour.
    Solid(LinearRgba),
    /// A gradient along the line from `from` to `to` (output pixels).
    Linear {
        /// Where the first stop sits.
        from: (f32, f32),
        /// Where the last stop sits.
        to: (f32, f32),
        /// The stops, in order.
        stops: Vec<GradientStop>,
    },
    /// A gradient in circles around `center`, reaching the last stop at `radius`.
    Radial {
        /// The centre, in output pixels.
        center: (f32, f32),
        /// The radius of the last stop, in output pixels.
        radius: f32,
        /// The stops, from the centre outwards.
        stops: Vec<GradientStop>,
    },
    /// The scene's image, scaled to cover the frame and blurred by `blur` output pixels.
    Image {
        /// Gaussian blur radius in output pixels.
        blur: f32,
    },
    /// The recording itself, scaled to cover the frame, blurred and dimmed.
    Blurred {
        /// Gaussian blur radius in output pixels.
        radius: f32,
        /// Darkening, 0 to 1.
        dim: f32,
    },
}

/// A line around the recording.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BorderLook {
    /// Width in output pixels.
    pub width: f32,
    /// Colour in linear light, with opacity.
    pub color: LinearRgba,
}

/// The recording's shadow: a blurred rounded rectangle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShadowLook {
    /// The shadow's rectangle before blurring, in output pixels.
    pub rect: PixelRect,
    /// Its corner radius.
    pub corner_radius: f32,
    /// The standard deviation of its Gaussian blur, in output pixels.
    pub sigma: f32,
    /// Its colour in linear light; alpha is its opacity.
    pub color: LinearRgba,
}

/// A rectangle of the recording blurred in this frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BlurLook {
    /// The rectangle, in source pixels.
    pub rect: Rect,
    /// Gaussian blur radius in source pixels.
    pub radius: f32,
}

/// Everything the compositor needs to draw one output frame: the scene evaluated at a time.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameLook {
    /// What fills the frame behind the recording.
    pub background: BackgroundLook,
    /// Where the recording lands in the output, in output pixels.
    pub content: PixelRect,
    /// The radius of the recording's corners, in output pixels.
    pub corner_radius: f32,
    /// The line around the recording.
    pub border: Option<BorderLook>,
    /// The recording's shadow.
    pub shadow: Option<ShadowLook>,
    /// The rectangle of source pixels shown in `content`. During a zoom with motion blur,
    /// several: the frame averages them.
    pub views: Vec<Rect>,
    /// Rectangles of the recording blurred in this frame.
    pub blurs: Vec<BlurLook>,
}

impl Default for FrameLook {
    fn default() -> Self {
        Self {
            background: BackgroundLook::Solid(Color::BLACK.to_linear()),
            content: PixelRect::default(),
            corner_radius: 0.0,
            border: None,
            shadow: None,
            views: Vec::new(),
            blurs: Vec::new(),
        }
    }
}

/// The largest rectangle with the source's aspect ratio that fits in the output, centred.
pub fn fit_rect(source: (u32, u32), output: (u32, u32)) -> PixelRect {
    fit_in(
        (source.0 as f32, source.1 as f32),
        &PixelRect {
            x: 0.0,
            y: 0.0,
            width: output.0 as f32,
            height: output.1 as f32,
        },
    )
}

/// The largest rectangle of aspect `size` that fits in `area`, centred in it.
pub(crate) fn fit_in(size: (f32, f32), area: &PixelRect) -> PixelRect {
    let scale = (area.width / size.0).min(area.height / size.1);
    let (width, height) = (size.0 * scale, size.1 * scale);
    PixelRect {
        x: area.x + (area.width - width) / 2.0,
        y: area.y + (area.height - height) / 2.0,
        width,
        height,
    }
}

/// Converts `Stop`s to linear light, keeping their order.
fn linear_stops(stops: &[(Color, f32)]) -> Vec<GradientStop> {
    stops
        .iter()
        .map(|&(color, at)| GradientStop {
            color: color.to_linear(),
            at,
        })
        .collect()
}

impl Background {
    /// The background as drawn in an `output`-sized frame; wallpapers are resolved.
    pub fn look(&self, output: (u32, u32)) -> BackgroundLook {
        let (w, h) = (output.0 as f32, output.1 as f32);
        match self {
            Background::Color(color) => BackgroundLook::Solid(color.to_linear()),
            Background::LinearGradient { angle, stops } => {
                // As in CSS: the gradient line passes through the centre at `angle`, long
                // enough that the corners get the first and last stops.
                let radians = angle.to_radians();
                let direction = (radians.sin(), -radians.cos());
                let half = (w * direction.0.abs() + h * direction.1.abs()) / 2.0;
                let centre = (w / 2.0, h / 2.0);
                BackgroundLook::Linear {
                    from: (centre.0 - direction.0 * half, centre.1 - direction.1 * half),
                    to: (centre.0 + direction.0 * half, centre.1 + direction.1 * half),
                    stops: linear_stops(stops),
                }
            }
            Background::RadialGradient {
                center,
                radius,
                stops,
            } => BackgroundLook::Radial {
                center: (center.0 * w, center.1 * h),
                radius: radius * (w * w + h * h).sqrt(),
                stops: linear_stops(stops),
            },
            Background::Image { blur, .. } => BackgroundLook::Image { blur: *blur },
            Background::Blurred { radius, dim } => BackgroundLook::Blurred {
                radius: *radius,
                dim: *dim,
            },
            Background::Wallpaper(name) => wallpaper(name)
                .map_or(BackgroundLook::Solid(Color::BLACK.to_linear()), |b| {
                    b.look(output)
                }),
        }
    }
}

impl Scene {
    /// The part of the source picture the scene shows: its crop, or all of it.
    pub fn crop_rect(&self, source: (u32, u32)) -> Rect {
        self.source.crop.unwrap_or(Rect {
            x: 0.0,
            y: 0.0,
            width: source.0 as f32,
            height: source.1 as f32,
        })
    }

    /// The output size: the scene's, or else the cropped source's rounded down to even
    /// numbers.
    pub fn output_size(&self, source: (u32, u32)) -> (u32, u32) {
        let crop = self.crop_rect(source);
        let (mut w, mut h) = (crop.width.round() as u32, crop.height.round() as u32);
        if self.output.video_format() == crate::VideoFormat::Gif && w > DEFAULT_GIF_WIDTH {
            // A GIF of a full screen would be huge: scale it down, aspect kept.
            h = (u64::from(h) * u64::from(DEFAULT_GIF_WIDTH) / u64::from(w)) as u32;
            w = DEFAULT_GIF_WIDTH;
        }
        self.output
            .size
            .unwrap_or(((w & !1).max(2), (h & !1).max(2)))
    }

    /// Where the recording lands in an `output`-sized frame: fitted, aspect kept, inside
    /// the padding.
    pub fn content_rect(&self, source: (u32, u32), output: (u32, u32)) -> PixelRect {
        let crop = self.crop_rect(source);
        let pad = self.inset.padding * output.0.min(output.1) as f32;
        let area = PixelRect {
            x: pad,
            y: pad,
            width: output.0 as f32 - 2.0 * pad,
            height: output.1 as f32 - 2.0 * pad,
        };
        match self.inset.fit {
            Fit::Contain => fit_in((crop.width, crop.height), &area),
            Fit::Cover => area,
        }
    }

    /// Evaluates the scene at output time `time` (seconds) for a source of `source` pixels
    /// rendered into an output of `output` pixels at `fps` frames per second (which sets
    /// the motion blur's exposure).
    pub fn look_at(
        &self,
        time: f64,
        source: (u32, u32),
        output: (u32, u32),
        fps: f64,
    ) -> FrameLook {
        self.look_following(time, (source, output, fps), &|_| None)
    }

    /// As [`Scene::look_at`], with `follow` saying what zooms that follow the cursor
    /// look at (`(source, output, fps)` as there).
    pub fn look_following(
        &self,
        time: f64,
        (source, output, fps): ((u32, u32), (u32, u32), f64),
        follow: Follow<'_>,
    ) -> FrameLook {
        let mut content = self.content_rect(source, output);
        let crop = self.crop_rect(source);
        if let Some(camera) = &self.camera {
            let pad = self.inset.padding * output.0.min(output.1) as f32;
            content = camera.screen_place(time, (content, &crop, pad), output);
        }
        let radius = self
            .inset
            .corner_radius
            .min(content.width / 2.0)
            .min(content.height / 2.0)
            .max(0.0);
        let framing = match self.inset.fit {
            Fit::Contain => Framing::whole(&crop),
            Fit::Cover => Framing {
                aspect: content.width / content.height.max(1e-6),
                pan: true,
            },
        };
        let views = self.views_at(time, &crop, fps, (follow, framing));
        let shadow = self.shadow.map(|shadow| shadow.look(&content, radius));
        let blurs = self
            .blur_regions
            .iter()
            .filter(|region| region.active_at(time))
            .map(|region| BlurLook {
                rect: region.rect_at(time),
                radius: region.radius,
            })
            .collect();
        FrameLook {
            background: self.background.look(output),
            content,
            corner_radius: radius,
            border: self.inset.border.map(|border| BorderLook {
                width: border.width,
                color: border.color.to_linear(),
            }),
            shadow,
            views,
            blurs,
        }
    }

    /// The source rectangles in view at `time`: one, or several spread over the shutter
    /// interval while a zoom moves and motion blur is on.
    fn views_at(
        &self,
        time: f64,
        crop: &Rect,
        fps: f64,
        framed: (Follow<'_>, Framing),
    ) -> Vec<Rect> {
        let view = |t: f64| rect_framed(&self.zooms, crop, t, framed);
        let centre = view(time);
        let Some(blur) = self.motion_blur else {
            return vec![centre];
        };
        let exposure = f64::from(blur.shutter) / fps.max(1.0);
        let samples = blur
            .samples
            .clamp(*MOTION_SAMPLES.start(), *MOTION_SAMPLES.end());
        let times: Vec<f64> = (0..samples)
            .map(|k| time + exposure * (f64::from(k) / f64::from(samples - 1) - 0.5))
            .collect();
        let rects: Vec<Rect> = times.iter().map(|&t| view(t)).collect();
        if rects.iter().all(|r| r == &centre) {
            vec![centre]
        } else {
            rects
        }
    }
}

impl crate::model::Shadow {
    /// The shadow of a rounded rectangle `content` with corners of `radius`.
    pub fn look(&self, content: &PixelRect, radius: f32) -> ShadowLook {
        let spread = self.spread;
        let mut color = self.color.to_linear();
        color.alpha *= self.opacity;
        ShadowLook {
            rect: PixelRect {
                x: content.x + self.offset.0 - spread,
                y: content.y + self.offset.1 - spread,
                width: content.width + 2.0 * spread,
                height: content.height + 2.0 * spread,
            },
            corner_radius: (radius + spread).max(0.0),
            sigma: self.blur.max(0.0) / 2.0,
            color,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scene(extra: &str) -> Scene {
        Scene::from_ron(
            &format!(r#"(source: (path: "a.mp4"), output: (path: "b.mp4"){extra})"#),
            "s.ron".as_ref(),
        )
        .unwrap()
    }

    #[test]
    fn fit_keeps_aspect_and_centres() {
        // A 4:3 source in a 16:9 output is pillar-boxed.
        let rect = fit_rect((640, 480), (1920, 1080));
        assert_eq!(
            rect,
            PixelRect {
                x: 240.0,
                y: 0.0,
                width: 1440.0,
                height: 1080.0
            }
        );
        // A 16:9 source in a 16:9 output fills it.
        let rect = fit_rect((1280, 720), (1920, 1080));
        assert_eq!(
            rect,
            PixelRect {
                x: 0.0,
                y: 0.0,
                width: 1920.0,
                height: 1080.0
            }
        );
    }

    #[test]
    fn default_output_size_is_the_cropped_source_rounded_to_even() {
        assert_eq!(scene("").output_size((321, 181)), (320, 180));
        assert_eq!(scene("").output_size((1920, 1080)), (1920, 1080));
        let cropped = Scene::from_ron(
            r#"(source: (path: "a.mp4", crop: (x: 0, y: 28, width: 1440, height: 871)), output: (path: "b.mp4"))"#,
            "s.ron".as_ref(),
        )
        .unwrap();
        assert_eq!(cropped.output_size((1440, 900)), (1440, 870));
    }

    #[test]
    fn padding_shrinks_the_recording_and_keeps_it_centred() {
        let look = scene(", inset: (padding: 0.1)").look_at(0.0, (1920, 1080), (1920, 1080), 30.0);
        // 10% of 1080 on every side; the 16:9 recording fits the 1704x864 area by height.
        assert_eq!(
            look.content,
            PixelRect {
                x: 192.0,
                y: 108.0,
                width: 1536.0,
                height: 864.0
            }
        );
    }

    #[test]
    fn defaults_mean_no_effect() {
        let look = scene("").look_at(1.0, (1280, 720), (1280, 720), 30.0);
        assert_eq!(
            look.background,
            BackgroundLook::Solid(Color::BLACK.to_linear())
        );
        assert_eq!(
            look.content,
            PixelRect {
                x: 0.0,
                y: 0.0,
                width: 1280.0,
                height: 720.0
            }
        );
        assert_eq!(look.corner_radius, 0.0);
        assert_eq!((look.border, look.shadow), (None, None));
        assert_eq!(
            look.views,
            [Rect {
                x: 0.0,
                y: 0.0,
                width: 1280.0,
                height: 720.0
            }]
        );
        assert!(look.blurs.is_empty());
    }

    #[test]
    fn linear_gradient_line_follows_css() {
        let stops = r##"[("#000000", 0), ("#ffffff", 1)]"##;
        let down = scene(&format!(
            ", background: LinearGradient(angle: 180, stops: {stops})"
        ));
        let BackgroundLook::Linear { from, to, .. } = down.background.look((200, 100)) else {
            panic!("not linear");
        };
        assert!(
            (from.0 - 100.0).abs() < 1e-3 && from.1.abs() < 1e-3,
            "{from:?}"
        );
        assert!(
            (to.0 - 100.0).abs() < 1e-3 && (to.1 - 100.0).abs() < 1e-3,
            "{to:?}"
        );
        let right = scene(&format!(
            ", background: LinearGradient(angle: 90, stops: {stops})"
        ));
        let BackgroundLook::Linear { from, to, .. } = right.background.look((200, 100)) else {
            panic!("not linear");
        };
        assert!(
            from.0.abs() < 1e-3 && (to.0 - 200.0).abs() < 1e-3,
            "{from:?} {to:?}"
        );
    }

    #[test]
    fn blur_regions_apply_only_in_their_time_range() {
        let scene = scene(
            ", blur_regions: [(rect: (x: 10, y: 10, width: 100, height: 20), start: 1.0, end: 2.0)]",
        );
        let at = |t| scene.look_at(t, (1280, 720), (1280, 720), 30.0).blurs.len();
        assert_eq!((at(0.5), at(1.0), at(1.99), at(2.0)), (0, 1, 1, 0));
    }

    #[test]
    fn moving_blur_regions_follow_their_keyframes() {
        let scene = scene(
            ", blur_regions: [(rect: (x: 0, y: 0, width: 100, height: 20), start: 1.0, end: 5.0, radius: 9, keyframes: [(time: 2.0, rect: (x: 100, y: 40, width: 100, height: 20)), (time: 4.0, rect: (x: 100, y: 240, width: 50, height: 20))])]",
        );
        let rect = |t| {
            let look = scene.look_at(t, (1280, 720), (1280, 720), 30.0);
            assert_eq!(look.blurs[0].radius, 9.0);
            let r = look.blurs[0].rect;
            (r.x, r.y, r.width)
        };
        assert_eq!(rect(1.0), (0.0, 0.0, 100.0));
        assert_eq!(rect(1.5), (50.0, 20.0, 100.0));
        assert_eq!(rect(2.0), (100.0, 40.0, 100.0));
        assert_eq!(rect(3.0), (100.0, 140.0, 75.0));
        assert_eq!(rect(4.5), (100.0, 240.0, 50.0));
    }

    #[test]
    fn motion_blur_spreads_views_only_while_the_view_moves() {
        let scene =
            scene(", zooms: [(start: 1.0, end: 3.0, scale: 2.0)], motion_blur: (samples: 4)");
        let views = |t| scene.look_at(t, (1280, 720), (1280, 720), 30.0).views.len();
        assert_eq!(views(0.5), 1);
        assert_eq!(views(1.2), 4);
        assert_eq!(views(2.0), 1);
    }
}
