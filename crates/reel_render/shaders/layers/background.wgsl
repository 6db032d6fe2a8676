// The background layer: a solid colour, a gradient, or a texture (the scene's image or
// the blurred recording), in linear light. Compiled into the compose shader.

// The background (`BackgroundKind` in Rust): 0 is a solid colour, 1 a linear gradient,
// 2 a radial gradient, 3 the backdrop texture (a blurred recording or an image).
override BACKGROUND: u32 = BACKGROUND_SOLID;

// The values of `BACKGROUND`: Rust's `BackgroundKind` (a test checks they agree).
const BACKGROUND_SOLID: u32 = 0u;
const BACKGROUND_LINEAR: u32 = 1u;
const BACKGROUND_RADIAL: u32 = 2u;
const BACKGROUND_TEXTURE: u32 = 3u;

// The limit of `reel_scene::limits` (a test checks it agrees).
const MAX_GRADIENT_STOPS: u32 = 8u;

// `BackgroundUniforms` in Rust.
struct BackgroundUniforms {
    // The solid colour in linear light.
    color: vec4<f32>,
    // Linear gradient: start and end points. Radial: centre and radius.
    gradient: vec4<f32>,
    // Stop count; how much to darken the backdrop texture.
    gradient_info: vec4<f32>,
    stop_colors: array<vec4<f32>, MAX_GRADIENT_STOPS>,
    stop_positions: array<vec4<f32>, 2>,
    // Output pixels to backdrop texture coordinates: uv = p * xy + zw.
    backdrop: vec4<f32>,
};

@group(0) @binding(9) var<uniform> background_layer: BackgroundUniforms;
// The background texture (linear light).
@group(0) @binding(5) var backdrop_texture: texture_2d<f32>;

fn stop_position(i: u32) -> f32 {
    return background_layer.stop_positions[i / 4u][i % 4u];
}

// The gradient's colour at position `t` along it.
fn gradient_at(t: f32) -> vec3<f32> {
    let count = u32(background_layer.gradient_info.x);
    var color = background_layer.stop_colors[0].rgb;
    for (var i = 1u; i < count; i++) {
        let a = stop_position(i - 1u);
        let b = stop_position(i);
        let k = clamp((t - a) / max(b - a, 1e-6), 0.0, 1.0);
        color = select(color, mix(background_layer.stop_colors[i - 1u].rgb, background_layer.stop_colors[i].rgb, k), t >= a);
    }
    return color;
}

fn background(p: vec2<f32>) -> vec3<f32> {
    if (BACKGROUND == BACKGROUND_LINEAR) {
        let first = background_layer.gradient.xy;
        let along = background_layer.gradient.zw - first;
        return gradient_at(dot(p - first, along) / max(dot(along, along), 1e-6));
    } else if (BACKGROUND == BACKGROUND_RADIAL) {
        return gradient_at(length(p - background_layer.gradient.xy) / max(background_layer.gradient.z, 1e-6));
    } else if (BACKGROUND == BACKGROUND_TEXTURE) {
        let uv = p * background_layer.backdrop.xy + background_layer.backdrop.zw;
        let color = textureSampleLevel(backdrop_texture, linear_sampler, uv, 0.0).rgb;
        return color * (1.0 - background_layer.gradient_info.y);
    }
    return background_layer.color.rgb;
}
