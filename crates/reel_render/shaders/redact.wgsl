// Puts blurred regions of different radii together into one picture: each region's
// rectangle (a scissor) is drawn from the recording blurred by that region's radius.
// The blurred pictures cover the same area as the target at a smaller size.

struct RedactUniforms {
    // The target's width and height in texels.
    target_size: vec4<f32>,
};

@group(0) @binding(0) var blurred: texture_2d<f32>;
@group(0) @binding(1) var linear_sampler: sampler;
@group(0) @binding(2) var<uniform> redact: RedactUniforms;

@fragment
fn fs_redact(@builtin(position) position: vec4<f32>) -> @location(0) vec4<f32> {
    let uv = position.xy / redact.target_size.xy;
    return vec4<f32>(textureSampleLevel(blurred, linear_sampler, uv, 0.0).rgb, 1.0);
}
