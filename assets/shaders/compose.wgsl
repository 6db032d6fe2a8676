// Composes output frames: shades output pixels, writing each pixel's R'G'B' to an
// intermediate target and its BT.709 limited-range luma code to the luma plane.
// `chroma.wgsl` then makes the chroma plane from the intermediate target.
//
// The frame is drawn as scissored regions, each with the cheapest shader that is exact
// for it (a software rasteriser runs both sides of a branch, so regions, not branches,
// keep costly work off the pixels that do not need it):
// - `fs_background`: the background and the shadow, outside the recording's box;
// - `fs_edge`: pixels the recording's rounded rectangle or border touch only partly;
//   background, shadow, recording and border blended by coverage, in linear light;
// - `fs_content`: pixels wholly inside the recording: a resampling, no blending;
// - a solid background without a shadow is the pass's clear colour.
//
// Where the background and the shadow are smooth (blurred, gradients, soft shadows),
// `fs_layer` first draws them into a smaller layer texture, R'G'B' encoded; the
// background pixels then take one bilinear sample of it (`LAYERED`). The shadow's
// opacity at each layer texel (`fs_shadow`) is drawn only when the shadow or the layer
// changes, not every frame.
//
// The recording is sampled (bilinear) from the source planes; its samples become R'G'B'
// through the matrix and range of its colour space. Blending happens in linear light;
// pixels that need none keep the source's encoding exactly.

// How the source's planes are laid out (`PlaneLayout` in Rust): 0 is Y', Cb, Cr planes;
// 1 is Y' and interleaved CbCr (NV12); 2 is one R'G'B' plane.
override SOURCE_LAYOUT: u32 = LAYOUT_PLANAR;
// The background (`BackgroundKind` in Rust): 0 is a solid colour, 1 a linear gradient,
// 2 a radial gradient, 3 the backdrop texture (a blurred recording or an image).
override BACKGROUND: u32 = BACKGROUND_SOLID;
// Whether the recording casts a shadow.
override SHADOW: bool = false;
// Whether the frame averages several views (motion blur).
override MOTION: bool = false;
// Whether some rectangles of the recording are blurred.
override REDACT: bool = false;
// Whether the background and shadow come from the layer texture.
override LAYERED: bool = false;
// Whether `fs_convert` converts at a quarter of the size rather than half.
override QUARTER: bool = false;
// Whether the source's pictures are stored turned (a display matrix): positions are
// mapped through `orientation` before sampling.
override TURNED: bool = false;
// Whether the frame is written as Y'CbCr (the composed target holds Cb, Cr and Y' for
// the chroma pass) rather than R'G'B' (for pictures and stills).
override YCBCR: bool = false;

// The values of `SOURCE_LAYOUT` and `BACKGROUND`: Rust's `PlaneLayout` and
// `BackgroundKind` (a test checks they agree).
const LAYOUT_PLANAR: u32 = 0u;
const LAYOUT_SEMI_PLANAR: u32 = 1u;
const LAYOUT_PACKED: u32 = 2u;
const BACKGROUND_SOLID: u32 = 0u;
const BACKGROUND_LINEAR: u32 = 1u;
const BACKGROUND_RADIAL: u32 = 2u;
const BACKGROUND_TEXTURE: u32 = 3u;

// The limits of `reel_scene::limits` (a test checks they agree).
const MAX_VIEWS: u32 = 16u;
const MAX_ACTIVE_BLUR_REGIONS: u32 = 32u;
const MAX_GRADIENT_STOPS: u32 = 8u;

struct FrameUniforms {
    // Where the recording lands: x, y, width, height in output pixels.
    content: vec4<f32>,
    // Corner radius and border width in output pixels; view and redaction counts.
    shape: vec4<f32>,
    // The border's colour in linear light, with opacity.
    border_color: vec4<f32>,
    // The solid background colour in linear light.
    background_color: vec4<f32>,
    // Linear gradient: start and end points. Radial: centre and radius.
    gradient: vec4<f32>,
    // Stop count; how much to darken the backdrop.
    gradient_info: vec4<f32>,
    stop_colors: array<vec4<f32>, MAX_GRADIENT_STOPS>,
    stop_positions: array<vec4<f32>, 2>,
    // The shadow's rectangle, its corner radius and standard deviation, its colour.
    shadow_rect: vec4<f32>,
    shadow_shape: vec4<f32>,
    shadow_color: vec4<f32>,
    // Output pixels to backdrop texture coordinates: uv = p * xy + zw.
    backdrop: vec4<f32>,
    // Rows of the matrix from (samples - offset) to R'G'B', and the offsets.
    matrix_r: vec4<f32>,
    matrix_g: vec4<f32>,
    matrix_b: vec4<f32>,
    offset: vec4<f32>,
    // The stored source picture's width and height in pixels, and their reciprocals.
    source_size: vec4<f32>,
    // Upright source positions to stored ones: stored = (dot(xy, s), dot(zw, s)) +
    // offset.xy.
    orientation: vec4<f32>,
    orientation_offset: vec4<f32>,
    // Source pixels to blurred-recording texture coordinates: uv = s * xy + zw.
    redaction_map: vec4<f32>,
    // The source rectangles in view (x, y, width, height in source pixels).
    views: array<vec4<f32>, MAX_VIEWS>,
    // The blurred source rectangles (x0, y0, x1, y1 in source pixels).
    redactions: array<vec4<f32>, MAX_ACTIVE_BLUR_REGIONS>,
    // For `fs_convert`: the source rectangle to convert (x, y, width, height in source
    // pixels) and the target's width and height.
    convert_source: vec4<f32>,
    convert_target: vec4<f32>,
    // The layer: output pixels to its texture coordinates (uv = p * xy), and the output
    // pixels between its texels (z).
    layer: vec4<f32>,
};

@group(0) @binding(0) var<uniform> frame: FrameUniforms;
@group(0) @binding(1) var linear_sampler: sampler;
@group(0) @binding(2) var plane0: texture_2d<f32>;
@group(0) @binding(3) var plane1: texture_2d<f32>;
@group(0) @binding(4) var plane2: texture_2d<f32>;
// The background texture (linear light), and the blurred recording for redactions.
@group(0) @binding(5) var backdrop_texture: texture_2d<f32>;
@group(0) @binding(6) var redaction_texture: texture_2d<f32>;
// The background and shadow at a fraction of the output's size, R'G'B' encoded.
@group(0) @binding(7) var layer_texture: texture_2d<f32>;
// The shadow's opacity at each texel of the layer.
@group(0) @binding(8) var shadow_texture: texture_2d<f32>;

// ---- The recording ----

// The texture coordinates of upright source pixel position `s` in the stored picture:
// turned by the source's orientation (`TURNED`), then normalised.
fn stored_uv(s: vec2<f32>) -> vec2<f32> {
    if (TURNED) {
        let o = frame.orientation;
        let stored = vec2<f32>(dot(o.xy, s), dot(o.zw, s)) + frame.orientation_offset.xy;
        return stored * frame.source_size.zw;
    }
    return s * frame.source_size.zw;
}

// The source's samples at source pixel position `s`: Y', Cb, Cr, or R'G'B' for a
// packed source.
fn source_samples(s: vec2<f32>) -> vec3<f32> {
    let uv = stored_uv(s);
    if (SOURCE_LAYOUT == LAYOUT_PACKED) {
        return textureSampleLevel(plane0, linear_sampler, uv, 0.0).rgb;
    } else if (SOURCE_LAYOUT == LAYOUT_SEMI_PLANAR) {
        return vec3<f32>(
            textureSampleLevel(plane0, linear_sampler, uv, 0.0).r,
            textureSampleLevel(plane1, linear_sampler, uv, 0.0).rg,
        );
    }
    return vec3<f32>(
        textureSampleLevel(plane0, linear_sampler, uv, 0.0).r,
        textureSampleLevel(plane1, linear_sampler, uv, 0.0).r,
        textureSampleLevel(plane2, linear_sampler, uv, 0.0).r,
    );
}

// The luma sample of a Y'CbCr source at source pixel position `s`.
fn luma_sample(s: vec2<f32>) -> f32 {
    return textureSampleLevel(plane0, linear_sampler, stored_uv(s), 0.0).r;
}

// The chroma samples of a Y'CbCr source at source pixel position `s`.
fn chroma_samples(s: vec2<f32>) -> vec2<f32> {
    let uv = stored_uv(s);
    if (SOURCE_LAYOUT == LAYOUT_SEMI_PLANAR) {
        return textureSampleLevel(plane1, linear_sampler, uv, 0.0).rg;
    }
    return vec2<f32>(
        textureSampleLevel(plane1, linear_sampler, uv, 0.0).r,
        textureSampleLevel(plane2, linear_sampler, uv, 0.0).r,
    );
}

// R'G'B' from the source's samples. Not clamped: a Y'CbCr colour outside the R'G'B'
// cube (common at the edges of saturated colours in 4:2:0 video) keeps its values, so
// that where nothing blends the source's Y'CbCr reaches the output as it was (converted
// between matrices and ranges, not cut); blending clamps it (`srgb_to_linear`).
fn samples_to_encoded(samples: vec3<f32>) -> vec3<f32> {
    if (SOURCE_LAYOUT == LAYOUT_PACKED) {
        return samples;
    }
    let t = samples - frame.offset.xyz;
    return vec3<f32>(dot(frame.matrix_r.xyz, t), dot(frame.matrix_g.xyz, t), dot(frame.matrix_b.xyz, t));
}

// The source's R'G'B' at source pixel position `s`.
fn source_encoded(s: vec2<f32>) -> vec3<f32> {
    return samples_to_encoded(source_samples(s));
}

// The source pixel position that output pixel `p` shows through view `view`.
fn source_position(p: vec2<f32>, view: vec4<f32>) -> vec2<f32> {
    let local = (p - frame.content.xy) / frame.content.zw;
    // Keep samples half a texel inside the view, so nothing outside it bleeds in.
    let s = view.xy + clamp(local, vec2<f32>(0.0), vec2<f32>(1.0)) * view.zw;
    return clamp(s, view.xy + 0.5, view.xy + view.zw - 0.5);
}

// The recording's R'G'B' through one view, with redactions applied.
fn recording_through(p: vec2<f32>, view: vec4<f32>) -> vec3<f32> {
    let s = source_position(p, view);
    if (REDACT) {
        var hidden = false;
        for (var i = 0u; i < u32(frame.shape.w); i++) {
            let r = frame.redactions[i];
            hidden = hidden || (all(s >= r.xy) && all(s < r.zw));
        }
        if (hidden) {
            let uv = s * frame.redaction_map.xy + frame.redaction_map.zw;
            return linear_to_srgb(textureSampleLevel(redaction_texture, linear_sampler, uv, 0.0).rgb);
        }
    }
    return source_encoded(s);
}

// The recording's R'G'B' at output pixel `p`: one view, or (motion blur) the average of
// several in linear light.
fn recording(p: vec2<f32>) -> vec3<f32> {
    if (MOTION) {
        var sum = vec3<f32>(0.0);
        let count = u32(frame.shape.z);
        for (var i = 0u; i < count; i++) {
            sum += srgb_to_linear(recording_through(p, frame.views[i]));
        }
        return linear_to_srgb(sum / f32(count));
    }
    return recording_through(p, frame.views[0]);
}

// ---- The background and the shadow (linear light) ----

fn stop_position(i: u32) -> f32 {
    return frame.stop_positions[i / 4u][i % 4u];
}

// The gradient's colour at position `t` along it.
fn gradient_at(t: f32) -> vec3<f32> {
    let count = u32(frame.gradient_info.x);
    var color = frame.stop_colors[0].rgb;
    for (var i = 1u; i < count; i++) {
        let a = stop_position(i - 1u);
        let b = stop_position(i);
        let k = clamp((t - a) / max(b - a, 1e-6), 0.0, 1.0);
        color = select(color, mix(frame.stop_colors[i - 1u].rgb, frame.stop_colors[i].rgb, k), t >= a);
    }
    return color;
}

fn background(p: vec2<f32>) -> vec3<f32> {
    if (BACKGROUND == BACKGROUND_LINEAR) {
        let first = frame.gradient.xy;
        let along = frame.gradient.zw - first;
        return gradient_at(dot(p - first, along) / max(dot(along, along), 1e-6));
    } else if (BACKGROUND == BACKGROUND_RADIAL) {
        return gradient_at(length(p - frame.gradient.xy) / max(frame.gradient.z, 1e-6));
    } else if (BACKGROUND == BACKGROUND_TEXTURE) {
        let uv = p * frame.backdrop.xy + frame.backdrop.zw;
        let color = textureSampleLevel(backdrop_texture, linear_sampler, uv, 0.0).rgb;
        return color * (1.0 - frame.gradient_info.y);
    }
    return frame.background_color.rgb;
}

// An approximation of the error function (maximum error 5e-4).
fn erf(x: vec2<f32>) -> vec2<f32> {
    let s = sign(x);
    let a = abs(x);
    var t = 1.0 + (0.278393 + (0.230389 + 0.000972 * a + 0.078108 * a * a) * a) * a;
    t *= t;
    return s - s / (t * t);
}

fn gaussian(x: f32, sigma: f32) -> f32 {
    return exp(-(x * x) / (2.0 * sigma * sigma)) / (2.5066283 * sigma);
}

// The blurred rounded rectangle's coverage along one row: exact across x (the integral of
// a Gaussian is an error function), given the rectangle's width at that row.
fn shadow_row(x: f32, y: f32, sigma: f32, corner: f32, half_size: vec2<f32>) -> f32 {
    let delta = min(half_size.y - corner - abs(y), 0.0);
    let curved = half_size.x - corner + sqrt(max(0.0, corner * corner - delta * delta));
    let integral = 0.5 + 0.5 * erf((x + vec2<f32>(-curved, curved)) * (0.70710678 / sigma));
    return integral.y - integral.x;
}

// The shadow's opacity at `p`: a rounded rectangle blurred by a Gaussian, integrated
// exactly across and with four-point quadrature down its rows. The cost is the same at
// any blur radius.
fn shadow_alpha(p: vec2<f32>) -> f32 {
    let rect = frame.shadow_rect;
    let sigma = max(frame.shadow_shape.y, 0.25);
    let corner = frame.shadow_shape.x;
    let half_size = rect.zw * 0.5;
    let q = p - (rect.xy + half_size);
    let low = q.y - half_size.y;
    let high = q.y + half_size.y;
    let start = clamp(-3.0 * sigma, low, high);
    let end = clamp(3.0 * sigma, low, high);
    let step = (end - start) / 4.0;
    var y = start + step * 0.5;
    var value = 0.0;
    for (var i = 0; i < 4; i++) {
        value += shadow_row(q.x, q.y - y, sigma, corner, half_size) * gaussian(y, sigma) * step;
        y += step;
    }
    return clamp(value, 0.0, 1.0) * frame.shadow_color.a;
}

fn background_with_shadow(p: vec2<f32>) -> vec3<f32> {
    var color = background(p);
    if (SHADOW) {
        color = mix(color, frame.shadow_color.rgb, shadow_alpha(p));
    }
    return color;
}

// The background with the shadow, R'G'B' encoded: from the layer, or drawn here.
fn backdrop_encoded(p: vec2<f32>) -> vec3<f32> {
    if (LAYERED) {
        return textureSampleLevel(layer_texture, linear_sampler, p * frame.layer.xy, 0.0).rgb;
    }
    return linear_to_srgb(background_with_shadow(p));
}

// ---- The recording's rounded rectangle ----

// Signed distance from `p` to the rounded rectangle (negative inside), in pixels.
fn rounded_rect_distance(p: vec2<f32>, rect: vec4<f32>, radius: f32) -> f32 {
    let half_size = rect.zw * 0.5;
    let q = abs(p - (rect.xy + half_size)) - half_size + radius;
    return length(max(q, vec2<f32>(0.0))) + min(max(q.x, q.y), 0.0) - radius;
}

// ---- Outputs ----

struct ComposeOutput {
    // R'G'B', or (`YCBCR`) the Cb and Cr codes the chroma pass reads, then Y'.
    @location(0) composed: vec4<f32>,
    // The Y' code.
    @location(1) luma: vec4<f32>,
};

// The pixel's outputs from its R'G'B' (unclamped). The unorm targets round code / 255
// to the nearest code, and clamp.
fn output(rgb: vec3<f32>) -> ComposeOutput {
    let ycbcr = bt709_limited(rgb);
    let luma = vec4<f32>(ycbcr.x, 0.0, 0.0, 1.0);
    if (YCBCR) {
        return ComposeOutput(vec4<f32>(ycbcr.yz, ycbcr.x, 1.0), luma);
    }
    return ComposeOutput(vec4<f32>(rgb, 1.0), luma);
}

@fragment
fn fs_background(@builtin(position) position: vec4<f32>) -> ComposeOutput {
    return output(backdrop_encoded(position.xy));
}

// The layer: each texel is the background with the shadow at the output position of its
// centre.
@fragment
fn fs_layer(@builtin(position) position: vec4<f32>) -> @location(0) vec4<f32> {
    var color = background(position.xy * frame.layer.z);
    if (SHADOW) {
        let alpha = textureLoad(shadow_texture, vec2<i32>(position.xy), 0).r;
        color = mix(color, frame.shadow_color.rgb, alpha);
    }
    return vec4<f32>(linear_to_srgb(color), 1.0);
}

// The shadow's opacity at the output position of each layer texel's centre.
@fragment
fn fs_shadow(@builtin(position) position: vec4<f32>) -> @location(0) vec4<f32> {
    return vec4<f32>(shadow_alpha(position.xy * frame.layer.z), 0.0, 0.0, 1.0);
}

@fragment
fn fs_content(@builtin(position) position: vec4<f32>) -> ComposeOutput {
    return output(recording(position.xy));
}

// A 4:2:0 chroma sample of the recording's inside, drawn into the half-size chroma plane
// straight from the source at the centre of the 2x2 pixels it stands for: one
// resampling, so a recording shown at its own size keeps its chroma samples as they were
// (converted between matrices and ranges, not blurred by upsampling and averaging).
@fragment
fn fs_chroma_content(@builtin(position) position: vec4<f32>) -> @location(0) vec4<f32> {
    return vec4<f32>(bt709_limited(recording(position.xy * 2.0)).yz, 0.0, 1.0);
}

@fragment
fn fs_edge(@builtin(position) position: vec4<f32>) -> ComposeOutput {
    let p = position.xy;
    let distance = rounded_rect_distance(p, frame.content, frame.shape.x);
    // Coverage of the pixel by the shape, from the distance at its centre: a one-pixel
    // anti-aliasing ramp that is neither jagged nor dark at any radius.
    let inside = clamp(0.5 - distance, 0.0, 1.0);
    var color: vec3<f32>;
    if (LAYERED) {
        color = srgb_to_linear(backdrop_encoded(p));
    } else {
        color = background_with_shadow(p);
    }
    if (inside > 0.0) {
        var picture = srgb_to_linear(recording(p));
        let border = frame.shape.y;
        if (border > 0.0) {
            let in_border = clamp(distance + border + 0.5, 0.0, 1.0);
            picture = mix(picture, frame.border_color.rgb, in_border * frame.border_color.a);
        }
        color = mix(color, picture, inside);
    }
    return output(linear_to_srgb(color));
}

// Converts a rectangle of the source into a linear-light texture at half or a quarter of
// its size (`QUARTER`). At half size each target texel is one bilinear sample
// at the corner of the 2x2 source texels it covers. At a quarter, for blurs wide enough
// to halve again, it averages the 4x4 texels it covers with four such samples of the luma
// (or packed) plane and one of the half-size chroma planes, then converts once.
@fragment
fn fs_convert(@builtin(position) position: vec4<f32>) -> @location(0) vec4<f32> {
    let uv = position.xy / frame.convert_target.xy;
    let s = frame.convert_source.xy + uv * frame.convert_source.zw;
    if (!QUARTER) {
        return vec4<f32>(srgb_to_linear(source_encoded(s)), 1.0);
    }
    // A quarter of a target texel, in source pixels: the centres of its four 2x2 blocks.
    let q = frame.convert_source.zw / frame.convert_target.xy * 0.25;
    let a = s + vec2<f32>(-q.x, -q.y);
    let b = s + vec2<f32>(q.x, -q.y);
    let c = s + vec2<f32>(-q.x, q.y);
    let d = s + vec2<f32>(q.x, q.y);
    var samples: vec3<f32>;
    if (SOURCE_LAYOUT == LAYOUT_PACKED) {
        samples = (source_samples(a) + source_samples(b) + source_samples(c) + source_samples(d)) * 0.25;
    } else {
        let luma = (luma_sample(a) + luma_sample(b) + luma_sample(c) + luma_sample(d)) * 0.25;
        samples = vec3<f32>(luma, chroma_samples(s));
    }
    return vec4<f32>(srgb_to_linear(samples_to_encoded(samples)), 1.0);
}
