// Composites one output frame in linear light: the background, then the source picture
// scaled into its rectangle with anti-aliased edges. The source's samples are turned into
// R'G'B' with the matrix and range of its colour space, then decoded to linear light.

struct FrameUniforms {
    // Where the source lands: x, y, width, height in output pixels.
    content: vec4<f32>,
    // The background in linear light.
    background: vec4<f32>,
    // Rows of the matrix from (samples - offset) to R'G'B'.
    matrix_r: vec4<f32>,
    matrix_g: vec4<f32>,
    matrix_b: vec4<f32>,
    // Sample offsets (black level and chroma zero) subtracted before the matrix.
    offset: vec4<f32>,
};

@group(0) @binding(0) var<uniform> frame: FrameUniforms;
@group(0) @binding(1) var source_sampler: sampler;
// Planar Y'CbCr: luma, Cb, Cr. NV12: luma, interleaved CbCr. RGB: the picture alone.
@group(0) @binding(2) var plane0: texture_2d<f32>;
@group(0) @binding(3) var plane1: texture_2d<f32>;
@group(0) @binding(4) var plane2: texture_2d<f32>;

@vertex
fn vs_fullscreen(@builtin(vertex_index) index: u32) -> @builtin(position) vec4<f32> {
    // One triangle that covers the whole target.
    let uv = vec2<f32>(f32((index << 1u) & 2u), f32(index & 2u));
    return vec4<f32>(uv * vec2<f32>(2.0, -2.0) + vec2<f32>(-1.0, 1.0), 0.0, 1.0);
}

fn srgb_to_linear(encoded: vec3<f32>) -> vec3<f32> {
    let low = encoded / 12.92;
    let high = pow((encoded + 0.055) / 1.055, vec3<f32>(2.4));
    return select(high, low, encoded <= vec3<f32>(0.04045));
}

fn samples_to_linear(samples: vec3<f32>) -> vec3<f32> {
    let s = samples - frame.offset.xyz;
    let encoded = vec3<f32>(dot(frame.matrix_r.xyz, s), dot(frame.matrix_g.xyz, s), dot(frame.matrix_b.xyz, s));
    return srgb_to_linear(clamp(encoded, vec3<f32>(0.0), vec3<f32>(1.0)));
}

// How much of the output pixel centred at `p` the content rectangle covers (box filter).
fn content_coverage(p: vec2<f32>) -> f32 {
    let lo = frame.content.xy;
    let hi = frame.content.xy + frame.content.zw;
    let covered = clamp(min(p + 0.5, hi) - max(p - 0.5, lo), vec2<f32>(0.0), vec2<f32>(1.0));
    return covered.x * covered.y;
}

fn source_uv(p: vec2<f32>) -> vec2<f32> {
    return clamp((p - frame.content.xy) / frame.content.zw, vec2<f32>(0.0), vec2<f32>(1.0));
}

fn composite(p: vec2<f32>, source: vec3<f32>) -> vec4<f32> {
    let coverage = content_coverage(p);
    return vec4<f32>(mix(frame.background.rgb, source, coverage), 1.0);
}

@fragment
fn fs_planar(@builtin(position) position: vec4<f32>) -> @location(0) vec4<f32> {
    let uv = source_uv(position.xy);
    let samples = vec3<f32>(
        textureSampleLevel(plane0, source_sampler, uv, 0.0).r,
        textureSampleLevel(plane1, source_sampler, uv, 0.0).r,
        textureSampleLevel(plane2, source_sampler, uv, 0.0).r,
    );
    return composite(position.xy, samples_to_linear(samples));
}

@fragment
fn fs_semi_planar(@builtin(position) position: vec4<f32>) -> @location(0) vec4<f32> {
    let uv = source_uv(position.xy);
    let chroma = textureSampleLevel(plane1, source_sampler, uv, 0.0).rg;
    let samples = vec3<f32>(textureSampleLevel(plane0, source_sampler, uv, 0.0).r, chroma);
    return composite(position.xy, samples_to_linear(samples));
}

@fragment
fn fs_rgb(@builtin(position) position: vec4<f32>) -> @location(0) vec4<f32> {
    let uv = source_uv(position.xy);
    let samples = textureSampleLevel(plane0, source_sampler, uv, 0.0).rgb;
    return composite(position.xy, samples_to_linear(samples));
}
