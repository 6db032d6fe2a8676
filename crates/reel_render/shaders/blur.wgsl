// Gaussian blur whose cost does not grow with the radius: the picture is halved until
// the blur spans a few texels, then blurred with a separable kernel (a horizontal and a
// vertical pass). Everything is in linear light.

struct BlurUniforms {
    // The step between taps, in texture coordinates (one texel across, or down).
    step: vec2<f32>,
    // Taps on each side of the centre.
    radius: u32,
    _padding: u32,
    // Kernel weights: weights[i / 4][i % 4] is the weight of the taps i texels away.
    weights: array<vec4<f32>, 8>,
};

@group(0) @binding(0) var source: texture_2d<f32>;
@group(0) @binding(1) var linear_sampler: sampler;
@group(0) @binding(2) var<uniform> blur: BlurUniforms;

// Halves the picture: one bilinear sample at the corner of each 2x2 block averages it.
@fragment
fn fs_downsample(@builtin(position) position: vec4<f32>) -> @location(0) vec4<f32> {
    let uv = position.xy * 2.0 / vec2<f32>(textureDimensions(source));
    return vec4<f32>(textureSampleLevel(source, linear_sampler, uv, 0.0).rgb, 1.0);
}

fn weight(i: u32) -> f32 {
    return blur.weights[i / 4u][i % 4u];
}

// One direction of the separable Gaussian.
@fragment
fn fs_blur(@builtin(position) position: vec4<f32>) -> @location(0) vec4<f32> {
    let uv = position.xy / vec2<f32>(textureDimensions(source));
    var sum = textureSampleLevel(source, linear_sampler, uv, 0.0).rgb * weight(0u);
    for (var i = 1u; i <= blur.radius; i++) {
        let offset = blur.step * f32(i);
        sum += (textureSampleLevel(source, linear_sampler, uv - offset, 0.0).rgb
            + textureSampleLevel(source, linear_sampler, uv + offset, 0.0).rgb) * weight(i);
    }
    return vec4<f32>(sum, 1.0);
}
