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
// - `fs_overlay`: the cursor's, the camera's and the overlay's (annotations and
//   captions) pixels, drawn last: what `fs_edge` draws, with the cursor, the spotlight,
//   the camera and the overlay over it. The camera (masked, bordered, with its shadow)
//   is drawn first by `fs_camera` into a texture of its own, from its own recording:
//   the same media functions with the camera's uniforms and planes bound.
// - a spotlight scales every output's displayed values (R'G'B', or Y'CbCr codes about
//   black and neutral chroma) by `spot_factor`, under the camera and the overlay.
//
// The layers' functions and uniforms come from `layers/background.wgsl`,
// `layers/shadow.wgsl`, `layers/media.wgsl` and `layers/cursor.wgsl`, compiled into this module before it;
// each layer's uniforms are a struct of their own at a binding of their own. Blending
// happens in linear light; pixels that need none keep the source's encoding exactly.

// Whether the background and shadow come from the layer texture.
override LAYERED: bool = false;
// Whether `fs_convert` converts at a quarter of the size rather than half.
override QUARTER: bool = false;
// Whether the frame is written as Y'CbCr (the composed target holds Cb, Cr and Y' for
// the chroma pass) rather than R'G'B' (for pictures and stills).
override YCBCR: bool = false;
// Whether the Y'CbCr targets hold 10-bit codes (as floats, code / 1023) rather than
// 8-bit ones (code / 255): the same limited range, four times the steps.
override DEEP: bool = false;

// 8-bit codes / 255 as 10-bit codes / 1023, when the targets are `DEEP`.
fn deepened(codes: vec3<f32>) -> vec3<f32> {
    if (DEEP) {
        return codes * (1020.0 / 1023.0);
    }
    return codes;
}

// `ComposeUniforms` in Rust: what the passes themselves need beyond the layers.
struct ComposeUniforms {
    // The backdrop layer: output pixels to its texture coordinates (uv = p * xy), and
    // the output pixels between its texels (z).
    layer: vec4<f32>,
    // The camera's texture: the output pixel of its top-left texel (xy), the camera's
    // opacity (z) and whether the frame shows it (w).
    camera: vec4<f32>,
    // Samples across and down each pixel of the camera (x): 1, or more where it is
    // shown smaller than half its size, so that each pixel averages the camera pixels
    // it covers.
    camera_taps: vec4<f32>,
    // The overlay's picture: the output pixel of its top-left texel (xy), its opacity
    // (z) and whether the frame shows it (w).
    overlay: vec4<f32>,
    // The spotlight's lit rectangle (x, y, width, height) in output pixels.
    spotlight: vec4<f32>,
    // Its corner radius (x), the width of its soft edge (y, at least 1), how much it
    // darkens (z) and whether the frame shows one (w).
    spotlight_shape: vec4<f32>,
};

@group(0) @binding(11) var<uniform> compose: ComposeUniforms;
@group(0) @binding(1) var linear_sampler: sampler;
// The background and shadow at a fraction of the output's size, R'G'B' encoded.
@group(0) @binding(7) var layer_texture: texture_2d<f32>;
// The shadow's opacity at each texel of the layer.
@group(0) @binding(8) var shadow_texture: texture_2d<f32>;
// The camera and its shadow in linear light, premultiplied by their coverage.
@group(0) @binding(14) var camera_texture: texture_2d<f32>;
// The overlay (captions): straight alpha, sRGB-encoded, so loads give linear light.
@group(0) @binding(15) var overlay_texture: texture_2d<f32>;

fn background_with_shadow(p: vec2<f32>) -> vec3<f32> {
    var color = background(p);
    if (SHADOW) {
        color = mix(color, shadow_layer.color.rgb, shadow_alpha(p));
    }
    return color;
}

// The background with the shadow, R'G'B' encoded: from the layer, or drawn here.
fn backdrop_encoded(p: vec2<f32>) -> vec3<f32> {
    if (LAYERED) {
        return textureSampleLevel(layer_texture, linear_sampler, p * compose.layer.xy, 0.0).rgb;
    }
    return linear_to_srgb(background_with_shadow(p));
}


// ---- The spotlight ----

// What the displayed values at `p` are scaled by: 1 inside the spotlight's rectangle,
// 1 - dim outside (`SpotlightLayer::factor` in Rust).
fn spot_factor(p: vec2<f32>) -> f32 {
    if (compose.spotlight_shape.w == 0.0) {
        return 1.0;
    }
    let distance = rounded_rect_distance(p, compose.spotlight, compose.spotlight_shape.x);
    let lit = clamp(0.5 - distance / compose.spotlight_shape.y, 0.0, 1.0);
    return 1.0 - compose.spotlight_shape.z * (1.0 - lit);
}

// Y'CbCr codes (code / 255) scaled by `f` about black and neutral chroma: what scaling
// their R'G'B' by `f` does.
fn dimmed_codes(codes: vec3<f32>, f: f32) -> vec3<f32> {
    let zero = vec3<f32>(16.0, 128.0, 128.0) / 255.0;
    return zero + (codes - zero) * f;
}

// Linear light at `p` with its encoded values scaled by the spotlight.
fn spotlit_linear(p: vec2<f32>, color: vec3<f32>) -> vec3<f32> {
    if (compose.spotlight_shape.w == 0.0) {
        return color;
    }
    return srgb_to_linear(linear_to_srgb(color) * spot_factor(p));
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
    let ycbcr = deepened(bt709_limited(rgb));
    let luma = vec4<f32>(ycbcr.x, 0.0, 0.0, 1.0);
    if (YCBCR) {
        return ComposeOutput(vec4<f32>(ycbcr.yz, ycbcr.x, 1.0), luma);
    }
    return ComposeOutput(vec4<f32>(rgb, 1.0), luma);
}

@fragment
fn fs_background(@builtin(position) position: vec4<f32>) -> ComposeOutput {
    return output(backdrop_encoded(position.xy) * spot_factor(position.xy));
}

// The layer: each texel is the background with the shadow at the output position of its
// centre.
@fragment
fn fs_layer(@builtin(position) position: vec4<f32>) -> @location(0) vec4<f32> {
    var color = background(position.xy * compose.layer.z);
    if (SHADOW) {
        let alpha = textureLoad(shadow_texture, vec2<i32>(position.xy), 0).r;
        color = mix(color, shadow_layer.color.rgb, alpha);
    }
    return vec4<f32>(linear_to_srgb(color), 1.0);
}

// The shadow's opacity at the output position of each layer texel's centre.
@fragment
fn fs_shadow(@builtin(position) position: vec4<f32>) -> @location(0) vec4<f32> {
    return vec4<f32>(shadow_alpha(position.xy * compose.layer.z), 0.0, 0.0, 1.0);
}

@fragment
fn fs_content(@builtin(position) position: vec4<f32>) -> ComposeOutput {
    let f = spot_factor(position.xy);
    if (YCBCR && passes_through()) {
        let ycbcr = deepened(dimmed_codes(recording_samples(position.xy), f));
        return ComposeOutput(vec4<f32>(ycbcr.yz, ycbcr.x, 1.0), vec4<f32>(ycbcr.x, 0.0, 0.0, 1.0));
    }
    return output(recording(position.xy) * f);
}

// A 4:2:0 chroma sample of the recording's inside, drawn into the half-size chroma plane
// straight from the source at the centre of the 2x2 pixels it stands for: one
// resampling, so a recording shown at its own size keeps its chroma samples as they were
// (converted between matrices and ranges, not blurred by upsampling and averaging).
@fragment
fn fs_chroma_content(@builtin(position) position: vec4<f32>) -> @location(0) vec4<f32> {
    // The sample takes the spotlight's factor at the middle of its 2x2 pixels.
    let p = position.xy * 2.0;
    let f = spot_factor(p);
    if (passes_through()) {
        let chroma = recording_chroma(p);
        return vec4<f32>(dimmed_codes(vec3<f32>(0.0, chroma), f).yz, 0.0, 1.0);
    }
    return vec4<f32>(bt709_limited(recording(p) * f).yz, 0.0, 1.0);
}

@fragment
fn fs_edge(@builtin(position) position: vec4<f32>) -> ComposeOutput {
    return output(linear_to_srgb(edge_linear(position.xy)) * spot_factor(position.xy));
}

// The cursor's, the camera's and the overlay's pixels: whatever the frame shows there
// (drawn as on the rim, which is exact anywhere), with the cursor, then the camera,
// then the overlay over it.
@fragment
fn fs_overlay(@builtin(position) position: vec4<f32>) -> ComposeOutput {
    let p = position.xy;
    let under = with_camera(p, spotlit_linear(p, with_cursor(p, edge_linear(p))));
    return output(linear_to_srgb(with_overlay(p, under)));
}

// `under` (linear light) with the overlay's picture over it at output position `p`.
fn with_overlay(p: vec2<f32>, under: vec3<f32>) -> vec3<f32> {
    if (compose.overlay.w == 0.0) {
        return under;
    }
    let texel = vec2<i32>(floor(p - compose.overlay.xy));
    let size = vec2<i32>(textureDimensions(overlay_texture));
    if (any(texel < vec2<i32>(0)) || any(texel >= size)) {
        return under;
    }
    let picture = textureLoad(overlay_texture, texel, 0);
    return mix(under, picture.rgb, picture.a * compose.overlay.z);
}

// `under` (linear light) with the camera over it at output position `p`.
fn with_camera(p: vec2<f32>, under: vec3<f32>) -> vec3<f32> {
    if (compose.camera.w == 0.0) {
        return under;
    }
    let texel = vec2<i32>(floor(p - compose.camera.xy));
    let size = vec2<i32>(textureDimensions(camera_texture));
    if (any(texel < vec2<i32>(0)) || any(texel >= size)) {
        return under;
    }
    let camera = textureLoad(camera_texture, texel, 0) * compose.camera.z;
    return under * (1.0 - camera.a) + camera.rgb;
}

// The camera's texture: at each texel, the camera's recording (bound as the media
// layer) masked by its rounded rectangle, with its border, over its shadow (bound as the
// shadow layer), in linear light premultiplied by coverage.
@fragment
fn fs_camera(@builtin(position) position: vec4<f32>) -> @location(0) vec4<f32> {
    let p = position.xy + compose.camera.xy;
    var color = vec3<f32>(0.0);
    var cover = 0.0;
    if (SHADOW) {
        cover = shadow_alpha(p);
        color = shadow_layer.color.rgb * cover;
    }
    let distance = rounded_rect_distance(p, media_layer.content, media_layer.shape.x);
    let inside = clamp(0.5 - distance, 0.0, 1.0);
    if (inside > 0.0) {
        color = bordered_camera(p, distance) * inside + color * (1.0 - inside);
        cover = inside + cover * (1.0 - inside);
    }
    return vec4<f32>(color, cover);
}

// The camera's R'G'B' at `p`: the mean of `camera_taps` x `camera_taps` bilinear
// samples spread over the pixel (one where it is not shrunk much).
fn camera_picture(p: vec2<f32>) -> vec3<f32> {
    let n = i32(compose.camera_taps.x);
    if (n <= 1) {
        return recording(p);
    }
    var sum = vec3<f32>(0.0);
    for (var j = 0; j < n; j++) {
        for (var i = 0; i < n; i++) {
            let offset = (vec2<f32>(f32(i), f32(j)) + 0.5) / f32(n) - 0.5;
            sum += recording(p + offset);
        }
    }
    return sum / f32(n * n);
}

// The camera's picture at `p` in linear light, its border over it; `distance` is `p`'s
// signed distance from its rounded rectangle.
fn bordered_camera(p: vec2<f32>, distance: f32) -> vec3<f32> {
    return with_border(srgb_to_linear(camera_picture(p)), distance);
}

// The media layer's picture at `p` in linear light, its border over it; `distance` is
// `p`'s signed distance from its rounded rectangle.
fn bordered_picture(p: vec2<f32>, distance: f32) -> vec3<f32> {
    return with_border(srgb_to_linear(recording(p)), distance);
}

// `picture` (linear light) with the media layer's border over it at `distance` from its
// rounded rectangle.
fn with_border(picture_in: vec3<f32>, distance: f32) -> vec3<f32> {
    var picture = picture_in;
    let border = media_layer.shape.y;
    if (border > 0.0) {
        let in_border = clamp(distance + border + 0.5, 0.0, 1.0);
        picture = mix(picture, media_layer.border_color.rgb, in_border * media_layer.border_color.a);
    }
    return picture;
}

// The frame in linear light at `p` on the rim: backdrop, recording and border blended
// by the recording's coverage.
fn edge_linear(p: vec2<f32>) -> vec3<f32> {
    let distance = rounded_rect_distance(p, media_layer.content, media_layer.shape.x);
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
        color = mix(color, bordered_picture(p, distance), inside);
    }
    return color;
}

// Converts a rectangle of the source into a linear-light texture at half or a quarter of
// its size (`QUARTER`). At half size each target texel is one bilinear sample
// at the corner of the 2x2 source texels it covers. At a quarter, for blurs wide enough
// to halve again, it averages the 4x4 texels it covers with four such samples of the luma
// (or packed) plane and one of the half-size chroma planes, then converts once.
@fragment
fn fs_convert(@builtin(position) position: vec4<f32>) -> @location(0) vec4<f32> {
    let uv = position.xy / media_layer.convert_target.xy;
    let s = media_layer.convert_source.xy + uv * media_layer.convert_source.zw;
    if (!QUARTER) {
        return vec4<f32>(srgb_to_linear(source_encoded(s)), 1.0);
    }
    // A quarter of a target texel, in source pixels: the centres of its four 2x2 blocks.
    let q = media_layer.convert_source.zw / media_layer.convert_target.xy * 0.25;
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
