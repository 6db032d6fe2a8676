// The media layer: a recording placed in the frame. Its source planes are sampled at
// upright source positions (turned by the source's orientation), resampled with the
// scene's filter, converted to R'G'B' through the source's own matrix and range, with
// blurred regions and motion-blur views. Compiled into the compose shader.

// How the source's planes are laid out (`PlaneLayout` in Rust): 0 is Y', Cb, Cr planes;
// 1 is Y' and interleaved CbCr (NV12); 2 is one R'G'B' plane.
override SOURCE_LAYOUT: u32 = LAYOUT_PLANAR;
// Whether the frame averages several views (motion blur).
override MOTION: bool = false;
// Whether some rectangles of the recording are blurred.
override REDACT: bool = false;
// How the recording is resampled (`Scaling` in Rust): bilinear, Catmull-Rom bicubic
// or three-lobe Lanczos, for the luma (or all of a packed source).
override SCALING: u32 = SCALING_BILINEAR;
// Whether the source is BT.709 limited-range Y'CbCr, as the output is: where nothing
// blends, its samples are the output's as they are.
override PASSTHROUGH: bool = false;
// Whether the source's pictures are stored turned (a display matrix): positions are
// mapped through `orientation` before sampling.
override TURNED: bool = false;

// The values of `SOURCE_LAYOUT` and `SCALING`: Rust's `PlaneLayout` and `Scaling` (a
// test checks they agree).
const LAYOUT_PLANAR: u32 = 0u;
const LAYOUT_SEMI_PLANAR: u32 = 1u;
const LAYOUT_PACKED: u32 = 2u;
const SCALING_BILINEAR: u32 = 0u;
const SCALING_BICUBIC: u32 = 1u;
const SCALING_LANCZOS: u32 = 2u;

// The limits of `reel_scene::limits` (a test checks they agree).
const MAX_VIEWS: u32 = 16u;
const MAX_ACTIVE_BLUR_REGIONS: u32 = 32u;

// `MediaUniforms` in Rust.
struct MediaUniforms {
    // Where the recording lands: x, y, width, height in output pixels.
    content: vec4<f32>,
    // Corner radius and border width in output pixels; view and redaction counts.
    shape: vec4<f32>,
    // The border's colour in linear light, with opacity.
    border_color: vec4<f32>,
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
    // The crop (x, y, width, height in source pixels): what `fs_convert` converts and
    // where the sharper filters' taps stay; and the converted picture's size.
    convert_source: vec4<f32>,
    convert_target: vec4<f32>,
};

@group(0) @binding(0) var<uniform> media_layer: MediaUniforms;
@group(0) @binding(2) var plane0: texture_2d<f32>;
@group(0) @binding(3) var plane1: texture_2d<f32>;
@group(0) @binding(4) var plane2: texture_2d<f32>;
// The blurred recording, for blurred regions.
@group(0) @binding(6) var redaction_texture: texture_2d<f32>;

// The texture coordinates of upright source pixel position `s` in the stored picture:
// turned by the source's orientation (`TURNED`), then normalised.
fn stored_uv(s: vec2<f32>) -> vec2<f32> {
    if (TURNED) {
        let o = media_layer.orientation;
        let stored = vec2<f32>(dot(o.xy, s), dot(o.zw, s)) + media_layer.orientation_offset.xy;
        return stored * media_layer.source_size.zw;
    }
    return s * media_layer.source_size.zw;
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
    let t = samples - media_layer.offset.xyz;
    return vec3<f32>(dot(media_layer.matrix_r.xyz, t), dot(media_layer.matrix_g.xyz, t), dot(media_layer.matrix_b.xyz, t));
}

// The source's R'G'B' at source pixel position `s`.
fn source_encoded(s: vec2<f32>) -> vec3<f32> {
    return samples_to_encoded(source_samples(s));
}

// The source pixel position that output pixel `p` shows through view `view`.
fn source_position(p: vec2<f32>, view: vec4<f32>) -> vec2<f32> {
    let local = (p - media_layer.content.xy) / media_layer.content.zw;
    // Keep samples half a texel inside the view, so nothing outside it bleeds in.
    let s = view.xy + clamp(local, vec2<f32>(0.0), vec2<f32>(1.0)) * view.zw;
    return clamp(s, view.xy + 0.5, view.xy + view.zw - 0.5);
}

// The recording's R'G'B' through one view, with redactions applied.
fn recording_through(p: vec2<f32>, view: vec4<f32>) -> vec3<f32> {
    let s = source_position(p, view);
    if (REDACT) {
        var hidden = false;
        for (var i = 0u; i < u32(media_layer.shape.w); i++) {
            let r = media_layer.redactions[i];
            hidden = hidden || (all(s >= r.xy) && all(s < r.zw));
        }
        if (hidden) {
            let uv = s * media_layer.redaction_map.xy + media_layer.redaction_map.zw;
            return linear_to_srgb(textureSampleLevel(redaction_texture, linear_sampler, uv, 0.0).rgb);
        }
    }
    return samples_to_encoded(resampled(s));
}

// The source's samples at upright position `s`, resampled with `SCALING`'s filter.
fn resampled(s: vec2<f32>) -> vec3<f32> {
    if (SCALING == SCALING_BILINEAR) {
        return source_samples(s);
    }
    // Taps stay on the crop's pixels: nothing cropped away bleeds in at the edges.
    let crop = media_layer.convert_source;
    let lo = crop.xy + 0.5;
    let hi = crop.xy + crop.zw - 0.5;
    if (SOURCE_LAYOUT == LAYOUT_PACKED) {
        return sharp(plane0, s, lo, hi).rgb;
    }
    return vec3<f32>(sharp(plane0, s, lo, hi).r, chroma_samples(s));
}

// `texture` (the luma or packed plane) at upright position `s` through the sharper
// filter, taps clamped to `lo`..`hi`.
fn sharp(texture: texture_2d<f32>, s: vec2<f32>, lo: vec2<f32>, hi: vec2<f32>) -> vec4<f32> {
    if (SCALING == SCALING_LANCZOS) {
        return lanczos(texture, s, lo, hi);
    }
    return catmull_rom(texture, s, lo, hi);
}

fn tap(texture: texture_2d<f32>, x: f32, y: f32, lo: vec2<f32>, hi: vec2<f32>) -> vec4<f32> {
    let p = clamp(vec2<f32>(x, y), lo, hi);
    return textureSampleLevel(texture, linear_sampler, stored_uv(p), 0.0);
}

// Catmull-Rom bicubic from five bilinear samples: the middle two taps of each axis,
// both of positive weight, are one bilinear sample between them, and the four corner
// samples (whose weights are products of the small outer lobes, at most 1/64 together)
// are left out, the rest renormalised.
fn catmull_rom(texture: texture_2d<f32>, s: vec2<f32>, lo: vec2<f32>, hi: vec2<f32>) -> vec4<f32> {
    let centre = floor(s - 0.5) + 0.5;
    let f = s - centre;
    let w0 = f * (-0.5 + f * (1.0 - 0.5 * f));
    let w1 = 1.0 + f * f * (-2.5 + 1.5 * f);
    let w2 = f * (0.5 + f * (2.0 - 1.5 * f));
    let w3 = f * f * (-0.5 + 0.5 * f);
    let w12 = w1 + w2;
    let p0 = centre - 1.0;
    let p12 = centre + w2 / w12;
    let p3 = centre + 2.0;
    let middle = w12.x * w12.y;
    var sum = tap(texture, p12.x, p12.y, lo, hi) * middle;
    sum += tap(texture, p0.x, p12.y, lo, hi) * (w0.x * w12.y);
    sum += tap(texture, p3.x, p12.y, lo, hi) * (w3.x * w12.y);
    sum += tap(texture, p12.x, p0.y, lo, hi) * (w12.x * w0.y);
    sum += tap(texture, p12.x, p3.y, lo, hi) * (w12.x * w3.y);
    let total = middle + (w0.x + w3.x) * w12.y + w12.x * (w0.y + w3.y);
    return sum / total;
}

fn lanczos_weight(x: f32) -> f32 {
    let a = abs(x);
    if (a < 1e-4) {
        return 1.0;
    }
    if (a >= 3.0) {
        return 0.0;
    }
    let px = 3.14159265 * x;
    return 3.0 * sin(px) * sin(px / 3.0) / (px * px);
}

// Three-lobe Lanczos from the six nearest pixels of each axis, weights normalised.
fn lanczos(texture: texture_2d<f32>, s: vec2<f32>, lo: vec2<f32>, hi: vec2<f32>) -> vec4<f32> {
    let centre = floor(s - 0.5) + 0.5;
    let f = s - centre;
    var wx: array<f32, 6>;
    var wy: array<f32, 6>;
    var total = vec2<f32>(0.0);
    for (var k = 0; k < 6; k++) {
        let d = f32(k - 2);
        wx[k] = lanczos_weight(f.x - d);
        wy[k] = lanczos_weight(f.y - d);
        total += vec2<f32>(wx[k], wy[k]);
    }
    var sum = vec4<f32>(0.0);
    for (var j = 0; j < 6; j++) {
        for (var i = 0; i < 6; i++) {
            let p = centre + vec2<f32>(f32(i - 2), f32(j - 2));
            sum += tap(texture, p.x, p.y, lo, hi) * (wx[i] * wy[j]);
        }
    }
    return sum / (total.x * total.y);
}

// Whether the recording's samples go out as they are where nothing blends: the output's
// own matrix and range, one view, no blurred region.
fn passes_through() -> bool {
    return PASSTHROUGH && !MOTION && !REDACT;
}

// The source's Y', Cb and Cr at output pixel `p`, for a recording that passes through.
fn recording_samples(p: vec2<f32>) -> vec3<f32> {
    return resampled(source_position(p, media_layer.views[0]));
}

// The source's Cb and Cr at output pixel `p`, for a recording that passes through.
fn recording_chroma(p: vec2<f32>) -> vec2<f32> {
    return chroma_samples(source_position(p, media_layer.views[0]));
}

// The recording's R'G'B' at output pixel `p`: one view, or (motion blur) the average of
// several in linear light.
fn recording(p: vec2<f32>) -> vec3<f32> {
    if (MOTION) {
        var sum = vec3<f32>(0.0);
        let count = u32(media_layer.shape.z);
        for (var i = 0u; i < count; i++) {
            sum += srgb_to_linear(recording_through(p, media_layer.views[i]));
        }
        return linear_to_srgb(sum / f32(count));
    }
    return recording_through(p, media_layer.views[0]);
}


// Signed distance from `p` to the rounded rectangle (negative inside), in pixels.
fn rounded_rect_distance(p: vec2<f32>, rect: vec4<f32>, radius: f32) -> f32 {
    let half_size = rect.zw * 0.5;
    let q = abs(p - (rect.xy + half_size)) - half_size + radius;
    return length(max(q, vec2<f32>(0.0))) + min(max(q.x, q.y), 0.0) - radius;
}
