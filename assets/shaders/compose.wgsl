// Composes output frames: shades output pixels, writing each pixel's R'G'B' to an
// intermediate target and its BT.709 limited-range luma code to the luma plane.
// `chroma.wgsl` then makes the chroma plane from the intermediate target.
//
// The pass is drawn as scissored regions, each with the cheapest shader that is exact
// for it: the background is the pass's clear colour; `fs_content` covers pixels that lie
// wholly inside the picture (a resampling, no blending); `fs_edge` covers the one-pixel
// rim where the picture only partly covers a pixel and blends it over the background in
// linear light. (A software rasteriser runs both sides of a branch, so regions, not
// branches, keep the transfer functions off the pixels that do not need them.)
//
// The source picture is sampled (bilinear); its samples become R'G'B' through the matrix
// and range of its colour space. How its planes are laid out is fixed per pipeline:
// 0 is Y', Cb, Cr planes; 1 is Y' and interleaved CbCr (NV12); 2 is one R'G'B' plane.
override SOURCE_LAYOUT: u32 = 0u;

struct FrameUniforms {
    // Where the source lands: x, y, width, height in output pixels.
    content: vec4<f32>,
    // The background in linear light.
    background_linear: vec4<f32>,
    // Rows of the matrix from (samples - offset) to R'G'B'.
    matrix_r: vec4<f32>,
    matrix_g: vec4<f32>,
    matrix_b: vec4<f32>,
    // Sample offsets (black level and chroma zero) subtracted before the matrix.
    offset: vec4<f32>,
};

@group(0) @binding(0) var<uniform> frame: FrameUniforms;
@group(0) @binding(1) var source_sampler: sampler;
@group(0) @binding(2) var plane0: texture_2d<f32>;
@group(0) @binding(3) var plane1: texture_2d<f32>;
@group(0) @binding(4) var plane2: texture_2d<f32>;

const KR: f32 = 0.2126;
const KB: f32 = 0.0722;
const KG: f32 = 0.7152;

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

fn linear_to_srgb(linear: vec3<f32>) -> vec3<f32> {
    let c = clamp(linear, vec3<f32>(0.0), vec3<f32>(1.0));
    let low = c * 12.92;
    let high = 1.055 * pow(c, vec3<f32>(1.0 / 2.4)) - 0.055;
    return select(high, low, c <= vec3<f32>(0.0031308));
}

// The source's R'G'B' at `uv` (0-1 across the picture).
fn source_encoded(uv: vec2<f32>) -> vec3<f32> {
    var samples: vec3<f32>;
    if (SOURCE_LAYOUT == 2u) {
        return textureSampleLevel(plane0, source_sampler, uv, 0.0).rgb;
    } else if (SOURCE_LAYOUT == 1u) {
        samples = vec3<f32>(
            textureSampleLevel(plane0, source_sampler, uv, 0.0).r,
            textureSampleLevel(plane1, source_sampler, uv, 0.0).rg,
        );
    } else {
        samples = vec3<f32>(
            textureSampleLevel(plane0, source_sampler, uv, 0.0).r,
            textureSampleLevel(plane1, source_sampler, uv, 0.0).r,
            textureSampleLevel(plane2, source_sampler, uv, 0.0).r,
        );
    }
    let s = samples - frame.offset.xyz;
    let rgb = vec3<f32>(dot(frame.matrix_r.xyz, s), dot(frame.matrix_g.xyz, s), dot(frame.matrix_b.xyz, s));
    return clamp(rgb, vec3<f32>(0.0), vec3<f32>(1.0));
}

// The R'G'B' of the picture at output pixel centre `p`.
fn content(p: vec2<f32>) -> vec3<f32> {
    let uv = clamp((p - frame.content.xy) / frame.content.zw, vec2<f32>(0.0), vec2<f32>(1.0));
    return source_encoded(uv);
}

struct ComposeOutput {
    @location(0) rgb: vec4<f32>,
    @location(1) luma: vec4<f32>,
};

fn output(rgb: vec3<f32>) -> ComposeOutput {
    let y = KR * rgb.r + KG * rgb.g + KB * rgb.b;
    // The unorm target rounds code / 255 to the nearest code.
    return ComposeOutput(vec4<f32>(rgb, 1.0), vec4<f32>((16.0 + 219.0 * y) / 255.0, 0.0, 0.0, 1.0));
}

@fragment
fn fs_content(@builtin(position) position: vec4<f32>) -> ComposeOutput {
    return output(content(position.xy));
}

@fragment
fn fs_edge(@builtin(position) position: vec4<f32>) -> ComposeOutput {
    let p = position.xy;
    let lo = frame.content.xy;
    let hi = frame.content.xy + frame.content.zw;
    // How much of the pixel the picture covers (a box filter: anti-aliased edges).
    let covered = clamp(min(p + 0.5, hi) - max(p - 0.5, lo), vec2<f32>(0.0), vec2<f32>(1.0));
    let coverage = covered.x * covered.y;
    let blended = mix(frame.background_linear.rgb, srgb_to_linear(content(p)), coverage);
    return output(linear_to_srgb(blended));
}
