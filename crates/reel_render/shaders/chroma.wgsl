// Makes the chroma plane of a BT.709 limited-range Y'CbCr frame from the composed target,
// which `compose.wgsl` wrote as (Cb, Cr, Y') codes: into a two-channel target
// (interleaved Cb and Cr, as NV12 and NV24 store them), at half size for 4:2:0
// (`fs_chroma`), half width for 4:2:2 (`fs_chroma_422`) and full size for 4:4:4
// (`fs_chroma_full`).

@group(0) @binding(0) var composed: texture_2d<f32>;
@group(0) @binding(1) var block_sampler: sampler;

@fragment
fn fs_chroma(@builtin(position) position: vec4<f32>) -> @location(0) vec4<f32> {
    // Chroma pixel (cx, cy) covers composed pixels 2cx..2cx+1, 2cy..2cy+1; a bilinear
    // sample at their shared corner averages the four.
    let size = vec2<f32>(textureDimensions(composed));
    let chroma = textureSampleLevel(composed, block_sampler, position.xy * 2.0 / size, 0.0).rg;
    return vec4<f32>(chroma, 0.0, 1.0);
}

@fragment
fn fs_chroma_422(@builtin(position) position: vec4<f32>) -> @location(0) vec4<f32> {
    // Chroma pixel (cx, cy) covers composed pixels 2cx..2cx+1 of row cy; a bilinear
    // sample between their centres averages the two.
    let size = vec2<f32>(textureDimensions(composed));
    let uv = position.xy * vec2<f32>(2.0, 1.0) / size;
    return vec4<f32>(textureSampleLevel(composed, block_sampler, uv, 0.0).rg, 0.0, 1.0);
}

@fragment
fn fs_chroma_full(@builtin(position) position: vec4<f32>) -> @location(0) vec4<f32> {
    // One chroma sample per composed pixel: its own.
    return vec4<f32>(textureLoad(composed, vec2<i32>(position.xy), 0).rg, 0.0, 1.0);
}
