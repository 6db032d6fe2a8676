//! The contract between the Rust side and the WGSL side, checked by reflecting the
//! shaders with naga: every binding a shader declares is in its Rust bind group layout
//! with the same kind (and the other way round), every uniform struct has the size of
//! its Rust twin, every override constant the pipelines set exists, and the numbers the
//! shaders switch on or size arrays by are Rust's.

use crate::blur::{BLUR_SHADER, BlurUniforms, blur_entries};
use crate::compositor::{
    CHROMA_SHADER, COMPOSE_SHADER, ComposePipelineKey, ComposeShader, chroma_entries,
    compose_entries,
};
use crate::gpu::with_preludes;
use crate::layers::{
    BACKGROUND_BINDING, BackgroundUniforms, CURSOR_BINDING, CursorUniforms, MEDIA_BINDING,
    MediaUniforms, SHADOW_BINDING, ShadowUniforms,
};
use crate::redact::{REDACT_SHADER, RedactUniforms, redact_entries};
use crate::source::PlaneLayout;
use crate::uniforms::{COMPOSE_BINDING, ComposeUniforms};
use naga::{AddressSpace, Expression, Literal, Module, TypeInner};
use reel_pipeline::ColorMatrix;
use reel_plan::BackgroundKind;
use reel_plan::limits::{MAX_ACTIVE_BLUR_REGIONS, MAX_GRADIENT_STOPS, MAX_VIEWS};
use reel_scene::Scaling;
use std::collections::BTreeMap;

/// What a binding holds, as both sides can say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Binding {
    /// A uniform buffer of this many bytes (`None` on the Rust side, which leaves the
    /// size to the buffer).
    Uniform(Option<u32>),
    Sampler,
    Texture,
}

fn parse(name: &str, source: &str) -> Module {
    naga::front::wgsl::parse_str(&with_preludes(source))
        .unwrap_or_else(|e| panic!("{name} does not parse: {e}"))
}

/// Every binding of group 0 the shader declares.
fn shader_bindings(module: &Module) -> BTreeMap<u32, Binding> {
    let mut bindings = BTreeMap::new();
    for (_, global) in module.global_variables.iter() {
        let Some(binding) = &global.binding else {
            continue;
        };
        assert_eq!(binding.group, 0, "{:?} is outside group 0", global.name);
        let inner = &module.types[global.ty].inner;
        let kind = match (global.space, inner) {
            (AddressSpace::Uniform, TypeInner::Struct { span, .. }) => {
                Binding::Uniform(Some(*span))
            }
            (AddressSpace::Handle, TypeInner::Sampler { .. }) => Binding::Sampler,
            (AddressSpace::Handle, TypeInner::Image { .. }) => Binding::Texture,
            other => panic!("{:?}: unexpected binding {other:?}", global.name),
        };
        bindings.insert(binding.binding, kind);
    }
    bindings
}

/// Every binding of a Rust bind group layout.
fn rust_bindings(entries: &[wgpu::BindGroupLayoutEntry]) -> BTreeMap<u32, Binding> {
    entries
        .iter()
        .map(|entry| {
            let kind = match entry.ty {
                wgpu::BindingType::Buffer {
                    ty: wgpu::BufferBindingType::Uniform,
                    ..
                } => Binding::Uniform(None),
                wgpu::BindingType::Sampler(_) => Binding::Sampler,
                wgpu::BindingType::Texture { .. } => Binding::Texture,
                other => panic!("unexpected layout entry {other:?}"),
            };
            (entry.binding, kind)
        })
        .collect()
}

/// Checks that `source`'s bindings are `entries`, each uniform struct the size of its
/// Rust twin in `uniforms` (binding, bytes).
fn check_bindings(
    name: &str,
    source: &str,
    entries: &[wgpu::BindGroupLayoutEntry],
    uniforms: &[(u32, usize)],
) -> Module {
    let module = parse(name, source);
    let shader = shader_bindings(&module);
    let mut rust = rust_bindings(entries);
    for (binding, kind) in rust.iter_mut() {
        if *kind == Binding::Uniform(None) {
            let size = uniforms.iter().find(|(b, _)| b == binding);
            *kind = Binding::Uniform(size.map(|(_, s)| *s as u32));
        }
    }
    assert_eq!(
        shader, rust,
        "{name}: the shader's bindings and the Rust layout differ"
    );
    module
}

/// The value of the shader's `u32` or `f32` constant `name`.
fn constant(module: &Module, name: &str) -> f64 {
    let (_, c) = module
        .constants
        .iter()
        .find(|(_, c)| c.name.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no constant {name}"));
    match module.global_expressions[c.init] {
        Expression::Literal(Literal::U32(v)) => f64::from(v),
        Expression::Literal(Literal::F32(v)) => f64::from(v),
        ref other => panic!("{name} is {other:?}, not a number"),
    }
}

#[test]
fn compose_bindings_uniforms_and_numbers_match_rust() {
    let uniforms = [
        (MEDIA_BINDING, size_of::<MediaUniforms>()),
        (BACKGROUND_BINDING, size_of::<BackgroundUniforms>()),
        (SHADOW_BINDING, size_of::<ShadowUniforms>()),
        (COMPOSE_BINDING, size_of::<ComposeUniforms>()),
        (CURSOR_BINDING, size_of::<CursorUniforms>()),
    ];
    let module = check_bindings(
        "compose.wgsl",
        COMPOSE_SHADER,
        &compose_entries(),
        &uniforms,
    );
    for (name, value) in [
        ("MAX_VIEWS", MAX_VIEWS),
        ("MAX_ACTIVE_BLUR_REGIONS", MAX_ACTIVE_BLUR_REGIONS),
        ("MAX_GRADIENT_STOPS", MAX_GRADIENT_STOPS),
        ("LAYOUT_PLANAR", PlaneLayout::Planar as usize),
        ("LAYOUT_SEMI_PLANAR", PlaneLayout::SemiPlanar as usize),
        ("LAYOUT_PACKED", PlaneLayout::Packed as usize),
        ("BACKGROUND_SOLID", BackgroundKind::Solid as usize),
        ("BACKGROUND_LINEAR", BackgroundKind::Linear as usize),
        ("BACKGROUND_RADIAL", BackgroundKind::Radial as usize),
        ("BACKGROUND_TEXTURE", BackgroundKind::Texture as usize),
        ("SCALING_BILINEAR", Scaling::Bilinear as usize),
        ("SCALING_BICUBIC", Scaling::Bicubic as usize),
        ("SCALING_LANCZOS", Scaling::Lanczos as usize),
    ] {
        assert_eq!(constant(&module, name), value as f64, "{name}");
    }
    // Every override a pipeline sets is declared, and nothing else is.
    let key = ComposePipelineKey {
        shader: ComposeShader::Content,
        layout: PlaneLayout::Planar,
        background: BackgroundKind::Solid,
        shadow: false,
        motion: false,
        redact: false,
        layered: false,
        quarter: false,
        ycbcr: false,
        turned: false,
        scaling: Scaling::Bilinear,
        passthrough: false,
        deep: false,
    };
    let mut set: Vec<&str> = key.constants().iter().map(|(name, _)| *name).collect();
    let mut declared: Vec<&str> = module
        .overrides
        .iter()
        .filter_map(|(_, o)| o.name.as_deref())
        .collect();
    set.sort_unstable();
    declared.sort_unstable();
    assert_eq!(set, declared);
}

#[test]
fn the_colour_prelude_has_rusts_luma_weights() {
    let module = parse("color.wgsl", "");
    let (kr, kb) = ColorMatrix::Bt709.luma_weights();
    assert_eq!(constant(&module, "KR"), f64::from(kr));
    assert_eq!(constant(&module, "KB"), f64::from(kb));
}

#[test]
fn blur_redact_and_chroma_bindings_match_rust() {
    let blur = [(2, size_of::<BlurUniforms>())];
    check_bindings("blur.wgsl", BLUR_SHADER, &blur_entries(), &blur);
    let redact = [(2, size_of::<RedactUniforms>())];
    check_bindings("redact.wgsl", REDACT_SHADER, &redact_entries(), &redact);
    check_bindings("chroma.wgsl", CHROMA_SHADER, &chroma_entries(), &[]);
}

#[test]
fn a_binding_missing_from_rust_is_caught() {
    let result = std::panic::catch_unwind(|| {
        let blur = [(2, size_of::<BlurUniforms>())];
        check_bindings("blur.wgsl", BLUR_SHADER, &blur_entries()[..2], &blur);
    });
    assert!(
        result.is_err(),
        "a shader binding without a layout entry must fail"
    );
}
