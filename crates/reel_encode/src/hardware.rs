//! Hardware encoders (NVENC, VA-API): their profiles, the VA-API device, and the test
//! frame that decides whether an export uses one or goes on with the software encoder.

use crate::error::EncodeError;
use crate::format::FormatProfile;
use crate::settings::EncoderSettings;
use crate::writer::open_video_encoder;
use ffmpeg_next::ffi;
use ffmpeg_next::{Packet, format::Pixel, frame};
use reel_scene::{FrameRate, HardwareEncoder, Quality};

/// The render node VA-API encodes through.
const VAAPI_NODE: &std::ffi::CStr = c"/dev/dri/renderD128";

/// A VA-API device: FFmpeg's reference to it, released when dropped.
pub struct HardwareDevice {
    device: *mut ffi::AVBufferRef,
}

// SAFETY: the reference is owned by this value alone, and FFmpeg's device contexts may be
// used from any thread.
unsafe impl Send for HardwareDevice {}

impl HardwareDevice {
    /// Opens the VA-API device of the first render node.
    pub fn open_vaapi() -> Result<Self, ffmpeg_next::Error> {
        let mut device = std::ptr::null_mut();
        // SAFETY: `device` receives a new reference or stays null; the node name is a
        // valid C string and no options are passed.
        let status = unsafe {
            ffi::av_hwdevice_ctx_create(
                &mut device,
                ffi::AVHWDeviceType::AV_HWDEVICE_TYPE_VAAPI,
                VAAPI_NODE.as_ptr(),
                std::ptr::null_mut(),
                0,
            )
        };
        if status < 0 || device.is_null() {
            return Err(ffmpeg_next::Error::from(status.min(-1)));
        }
        Ok(Self { device })
    }

    /// FFmpeg's reference to the device (still owned by `self`).
    pub fn as_ptr(&self) -> *mut ffi::AVBufferRef {
        self.device
    }
}

impl Drop for HardwareDevice {
    fn drop(&mut self) {
        // SAFETY: `device` is the reference `open_vaapi` received, released once here.
        unsafe { ffi::av_buffer_unref(&mut self.device) };
    }
}

/// The encoder an export uses: the profile, and the device a VA-API encoder needs.
pub struct EncoderChoice {
    /// How the video is encoded.
    pub profile: FormatProfile,
    /// The VA-API device, for a VA-API profile.
    pub device: Option<HardwareDevice>,
}

/// The hardware profile of `software`'s format for `hardware`, with the settings'
/// quality, rate factor (as the encoder's constant quality) or bit rate. `None` when that
/// hardware does not encode the format, or not as the renderer writes it (hardware
/// encoders take 4:2:0 only).
pub fn hardware_profile(
    software: &FormatProfile,
    hardware: HardwareEncoder,
    settings: &EncoderSettings,
) -> Option<FormatProfile> {
    if software.input != reel_scene::FramePixels::Nv12 {
        tracing::warn!(
            "the {} hardware encoder takes 4:2:0 only; using {} for this output",
            hardware.name(),
            software.encoder
        );
        return None;
    }
    let encoder = hardware.encoder_for(software.format)?;
    // NVENC's `cq` and VA-API's `qp` sit close to x264's rate factor at the same numbers.
    let quality = settings
        .crf
        .unwrap_or(match settings.quality {
            Quality::Maximum => 18,
            Quality::Social => 23,
            Quality::Web => 28,
        })
        .to_string();
    let constant = settings.bitrate.is_none();
    let (pixel, conversion, options) = match hardware {
        HardwareEncoder::Nvenc => {
            let mut options = vec![("preset", "p4".to_owned()), ("rc", "vbr".to_owned())];
            if constant {
                options.push(("cq", quality));
            }
            (Pixel::NV12, None, options)
        }
        HardwareEncoder::Vaapi => {
            let options = if constant {
                vec![("rc_mode", "CQP".to_owned()), ("qp", quality)]
            } else {
                vec![("rc_mode", "VBR".to_owned())]
            };
            (Pixel::VAAPI, Some("format=nv12,hwupload"), options)
        }
    };
    Some(FormatProfile {
        encoder,
        pixel,
        conversion,
        options,
        ..software.clone()
    })
}

/// Chooses the encoder for an export: `software` unless the settings ask for a hardware
/// encoder and it encodes a test frame of `size` at `rate`; when it does not, a warning
/// says why and the software encoder is used.
pub fn choose_encoder(
    software: FormatProfile,
    settings: &EncoderSettings,
    size: (u32, u32),
    rate: FrameRate,
) -> EncoderChoice {
    let asked = settings.hardware.and_then(|hardware| {
        hardware_profile(&software, hardware, settings).map(|profile| (hardware, profile))
    });
    if let Some((hardware, profile)) = asked {
        match try_hardware(&profile, hardware, settings, size, rate) {
            Ok(device) => return EncoderChoice { profile, device },
            Err(error) => tracing::warn!(
                "the {} hardware encoder could not encode a test frame ({error}); using {} instead",
                hardware.name(),
                software.encoder
            ),
        }
    }
    EncoderChoice {
        profile: software,
        device: None,
    }
}

/// Opens `profile`'s encoder on its own and encodes one black frame through it.
fn try_hardware(
    profile: &FormatProfile,
    hardware: HardwareEncoder,
    settings: &EncoderSettings,
    size: (u32, u32),
    rate: FrameRate,
) -> Result<Option<HardwareDevice>, EncodeError> {
    let device =
        match hardware {
            HardwareEncoder::Vaapi => Some(HardwareDevice::open_vaapi().map_err(|source| {
                EncodeError::HardwareDevice {
                    node: VAAPI_NODE.to_string_lossy().into_owned(),
                    source,
                }
            })?),
            HardwareEncoder::Nvenc => None,
        };
    let (mut encoder, mut converter) =
        open_video_encoder(profile, size, rate, settings, false, device.as_ref())?;
    let mut black = frame::Video::new(Pixel::NV12, size.0, size.1);
    let (luma, chroma) = (black.stride(0) * size.1 as usize, black.stride(1));
    black.data_mut(0)[..luma].fill(16);
    let chroma_bytes = chroma * (size.1 as usize / 2);
    black.data_mut(1)[..chroma_bytes].fill(128);
    black.set_pts(Some(0));
    match &mut converter {
        None => encoder.send_frame(&black).map_err(EncodeError::Write)?,
        Some(converter) => {
            converter.push(&black).map_err(EncodeError::Write)?;
            converter.flush().map_err(EncodeError::Write)?;
            while let Some(converted) = converter.pull() {
                encoder.send_frame(&converted).map_err(EncodeError::Write)?;
            }
        }
    }
    encoder.send_eof().map_err(EncodeError::Write)?;
    let mut packet = Packet::empty();
    let mut packets = 0;
    while encoder.receive_packet(&mut packet).is_ok() {
        packets += 1;
    }
    if packets == 0 {
        return Err(EncodeError::NothingEncoded(profile.encoder.into()));
    }
    Ok(device)
}
