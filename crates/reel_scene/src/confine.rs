//! Confining an export to one folder, with hard limits on what it may ask for: for
//! services that render scenes written by others.

use crate::error::SceneErrorKind;
use crate::fps::FrameRate;
use crate::load::io_reason;
use crate::model::{Background, Scene};
use std::path::{Path, PathBuf};

/// The most output pixels per frame a confined export may write by default: 3840x2160
/// (4K UHD), in either orientation.
pub const CONFINED_MAX_PIXELS: u64 = 3840 * 2160;
/// The highest output frame rate of a confined export by default, in frames per second.
pub const CONFINED_MAX_FPS: f64 = 60.0;
/// The longest output of a confined export by default, in seconds: ten minutes.
pub const CONFINED_MAX_DURATION: f64 = 600.0;
/// The most output frames of a confined export by default: ten minutes at 60 fps.
pub const CONFINED_MAX_FRAMES: u64 = 36_000;

/// Where a confined export may read and write, and how much it may ask for.
///
/// Every path a scene names (the source, a background image, the output) must lead inside
/// `root` once `..` and symbolic links are followed: inputs are resolved whole, the output
/// through its folder (and through itself when it already exists as a link). On top of
/// the checks every scene passes, the output may have at most `max_pixels` pixels per
/// frame, `max_fps` frames per second, and last at most `max_duration` seconds and
/// `max_frames` frames.
///
/// The paths are checked when the export begins; whoever fills `root` must not change
/// links in it while exports run.
///
/// ```no_run
/// use reel_scene::{Confinement, Scene};
///
/// let confinement = Confinement::new("/srv/jobs/42".as_ref())?;
/// let scene = Scene::load("/srv/jobs/42/scene.ron".as_ref())?;
/// scene.confine(&confinement)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Confinement {
    /// The folder every path must lead into, as a canonical path.
    pub root: PathBuf,
    /// The most pixels per output frame (width times height).
    pub max_pixels: u64,
    /// The highest output frame rate, in frames per second.
    pub max_fps: f64,
    /// The longest output, in seconds.
    pub max_duration: f64,
    /// The most output frames.
    pub max_frames: u64,
}

impl Confinement {
    /// Confinement to the folder `root` with the default limits ([`CONFINED_MAX_PIXELS`],
    /// [`CONFINED_MAX_FPS`], [`CONFINED_MAX_DURATION`], [`CONFINED_MAX_FRAMES`]). Fails when
    /// `root` is not an existing folder.
    pub fn new(root: &Path) -> std::io::Result<Self> {
        let root = root.canonicalize()?;
        if !root.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                "not a folder",
            ));
        }
        Ok(Self {
            root,
            max_pixels: CONFINED_MAX_PIXELS,
            max_fps: CONFINED_MAX_FPS,
            max_duration: CONFINED_MAX_DURATION,
            max_frames: CONFINED_MAX_FRAMES,
        })
    }

    /// The most frames an output at `rate` may have: `max_frames`, or fewer when
    /// `max_duration` at that rate is shorter.
    pub fn frame_limit(&self, rate: FrameRate) -> u64 {
        let by_duration = (self.max_duration * rate.as_f64()).floor();
        if by_duration.is_finite() && by_duration >= 0.0 {
            self.max_frames.min(by_duration as u64)
        } else {
            self.max_frames
        }
    }

    /// Checks an output as planned from the source: `size` pixels at `rate`, `frames`
    /// frames long when known.
    pub fn check_output(
        &self,
        size: (u32, u32),
        rate: FrameRate,
        frames: Option<u64>,
    ) -> Result<(), SceneErrorKind> {
        self.check_size("output.size", size)?;
        self.check_rate("output.fps", rate)?;
        if let Some(frames) = frames {
            self.check_frames("source.trim", frames, rate)?;
        }
        Ok(())
    }

    /// Checks that an existing file the export reads leads inside `root`. `field` names
    /// it in the error, such as `source.path`.
    pub fn check_input(&self, field: &str, path: &Path) -> Result<(), SceneErrorKind> {
        let resolved = path
            .canonicalize()
            .map_err(|error| SceneErrorKind::MissingFile {
                field: field.into(),
                path: path.to_owned(),
                message: io_reason(&error),
            })?;
        self.inside(field, path, resolved)
    }

    /// Checks that a file the export writes leads inside `root`: its folder must exist
    /// and lead inside, and so must the file itself when it exists as a symbolic link.
    /// `field` names it in the error, such as `output.path`.
    pub fn check_output_path(&self, field: &str, path: &Path) -> Result<(), SceneErrorKind> {
        let folder = match path.parent() {
            Some(folder) if !folder.as_os_str().is_empty() => folder,
            _ => Path::new("."),
        };
        let Some(name) = path.file_name() else {
            return Err(SceneErrorKind::Invalid {
                field: field.into(),
                message: format!("{} names no file", path.display()),
            });
        };
        let folder = folder
            .canonicalize()
            .map_err(|error| SceneErrorKind::MissingFile {
                field: field.into(),
                path: folder.to_owned(),
                message: match error.kind() {
                    std::io::ErrorKind::NotFound => "the output folder does not exist".into(),
                    _ => format!("the output folder cannot be used ({})", io_reason(&error)),
                },
            })?;
        let mut resolved = folder.join(name);
        if std::fs::symlink_metadata(&resolved).is_ok_and(|meta| meta.is_symlink()) {
            resolved = match resolved.canonicalize() {
                Ok(target) => target,
                // A link that leads nowhere is refused: where it leads was not checked.
                Err(_) => {
                    let target = std::fs::read_link(&resolved).unwrap_or(resolved);
                    return Err(Self::outside(field, path, target));
                }
            };
        }
        self.inside(field, path, resolved)
    }

    fn check_size(&self, field: &str, (width, height): (u32, u32)) -> Result<(), SceneErrorKind> {
        let pixels = u64::from(width) * u64::from(height);
        if pixels > self.max_pixels {
            return Err(SceneErrorKind::Invalid {
                field: field.into(),
                message: format!(
                    "{width}x{height} is {pixels} pixels (expected at most {} in a confined export)",
                    self.max_pixels
                ),
            });
        }
        Ok(())
    }

    fn check_rate(&self, field: &str, rate: FrameRate) -> Result<(), SceneErrorKind> {
        if rate.as_f64() > self.max_fps {
            return Err(SceneErrorKind::Invalid {
                field: field.into(),
                message: format!(
                    "{rate} frames per second (expected at most {} in a confined export)",
                    self.max_fps
                ),
            });
        }
        Ok(())
    }

    fn check_duration(&self, field: &str, seconds: f64) -> Result<(), SceneErrorKind> {
        if seconds > self.max_duration {
            return Err(SceneErrorKind::Invalid {
                field: field.into(),
                message: format!(
                    "the export lasts {seconds:.3} s (expected at most {} s in a confined export)",
                    self.max_duration
                ),
            });
        }
        Ok(())
    }

    fn check_frames(
        &self,
        field: &str,
        frames: u64,
        rate: FrameRate,
    ) -> Result<(), SceneErrorKind> {
        let limit = self.frame_limit(rate);
        if frames > limit {
            return Err(SceneErrorKind::Invalid {
                field: field.into(),
                message: format!(
                    "the export has {frames} frames at {rate} fps (expected at most {limit} in a confined export: {} frames and {} s)",
                    self.max_frames, self.max_duration
                ),
            });
        }
        Ok(())
    }

    /// `resolved` (where `path` leads) must be inside `root`.
    fn inside(&self, field: &str, path: &Path, resolved: PathBuf) -> Result<(), SceneErrorKind> {
        // A root given by hand may not be canonical yet; one that cannot be resolved
        // contains nothing.
        let root = self.root.canonicalize();
        if root.as_ref().is_ok_and(|root| resolved.starts_with(root)) {
            Ok(())
        } else {
            Err(Self::outside(field, path, resolved))
        }
    }

    fn outside(field: &str, path: &Path, resolved: PathBuf) -> SceneErrorKind {
        SceneErrorKind::Outside {
            field: field.into(),
            path: path.to_owned(),
            resolved: resolved.into_boxed_path(),
        }
    }
}

impl Scene {
    /// Checks that the scene keeps to `confinement`: every path it names leads inside the
    /// confined folder, and what it states of the output (size, frame rate, trimmed
    /// length) is within the limits. What depends on the source (its size and length when
    /// the scene does not state them) is checked once it is probed, with
    /// [`Confinement::check_output`].
    ///
    /// The error names the scene file and the field, with its line and column when the
    /// file still holds it.
    pub fn confine(&self, confinement: &Confinement) -> crate::Result<()> {
        self.confine_fields(confinement)
            .map_err(|kind| self.error(kind))
    }

    fn confine_fields(&self, confinement: &Confinement) -> Result<(), SceneErrorKind> {
        confinement.check_input("source.path", &self.source.path)?;
        if let Background::Image { path, .. } = &self.background {
            confinement.check_input("background", path)?;
        }
        for (k, clip) in self.timeline.iter().enumerate() {
            if let Some(path) = &clip.source {
                confinement.check_input(&format!("timeline[{k}].source"), path)?;
            }
        }
        if let Some(music) = &self.music {
            confinement.check_input("music.path", &music.path)?;
        }
        if let Some(captions) = &self.captions {
            confinement.check_input("captions.path", &captions.path)?;
            if let crate::Font::File(path) = &captions.font {
                confinement.check_input("captions.font", path)?;
            }
        }
        if let Some(keys) = &self.keystrokes {
            confinement.check_input("keystrokes.path", &keys.path)?;
            if let crate::Font::File(path) = &keys.font {
                confinement.check_input("keystrokes.font", path)?;
            }
        }
        for (i, note) in self.annotations.iter().enumerate() {
            match note {
                crate::Annotation::Image(image) => {
                    confinement.check_input(&format!("annotations[{i}].path"), &image.path)?;
                }
                crate::Annotation::Text(crate::TextNote {
                    font: crate::Font::File(path),
                    ..
                }) => confinement.check_input(&format!("annotations[{i}].font"), path)?,
                _ => {}
            }
        }
        if let Some(camera) = &self.camera {
            confinement.check_input("camera.path", &camera.path)?;
        }
        if let Some(cursor) = &self.cursor {
            confinement.check_input("cursor.track", &cursor.track)?;
            if let Some(image) = &cursor.image {
                confinement.check_input("cursor.image", &image.path)?;
            }
        }
        confinement.check_output_path("output.path", &self.output.path)?;
        if let Some(size) = self.output.size {
            confinement.check_size("output.size", size)?;
        }
        let rate = self.output.frame_rate();
        if let Some(rate) = rate {
            confinement.check_rate("output.fps", rate)?;
        }
        let field = if self.timeline.is_empty() {
            "source.trim"
        } else {
            "timeline"
        };
        if let Some(seconds) = crate::Timeline::of(self, None).duration() {
            confinement.check_duration(field, seconds)?;
            if let Some(rate) = rate {
                let frames = (seconds * rate.as_f64()).ceil();
                let frames = if frames.is_finite() && frames >= 0.0 {
                    frames as u64
                } else {
                    u64::MAX
                };
                confinement.check_frames(field, frames, rate)?;
            }
        }
        Ok(())
    }
}
