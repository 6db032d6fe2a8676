// Makes the chroma plane of a BT.709 limited-range Y'CbCr frame from the R'G'B' target
// that `compose.wgsl` wrote, into a two-channel target (interleaved Cb and Cr, as NV12
// and NV24 store them): at half size for 4:2:0 (`fs_chroma`), at full size for 4:4:4
// (`fs_chroma_full`).

@group(0) @binding(0) var composed: texture_2d<f32>;
@group(0) @binding(1) var block_sampler: sampler;

// Interleaved Cb and Cr codes of an R'G'B' colour.
fn chroma_of(rgb: vec3<f32>) -> vec4<f32> {
    let y = KR * rgb.r + KG * rgb.g + KB * rgb.b;
    let cb = 128.0 + 224.0 * (rgb.b - y) / (2.0 * (1.0 - KB));
    let cr = 128.0 + 224.0 * (rgb.r - y) / (2.0 * (1.0 - KR));
    return vec4<f32>(cb / 255.0, cr / 255.0, 0.0, 1.0);
}

@fragment
fn fs_chroma(@builtin(position) position: vec4<f32>) -> @location(0) vec4<f32> {
    // Chroma pixel (cx, cy) covers composed pixels 2cx..2cx+1, 2cy..2cy+1; a bilinear
    // sample at their shared corner averages the four.
    let size = vec2<f32>(textureDimensions(composed));
    return chroma_of(textureSampleLevel(composed, block_sampler, position.xy * 2.0 / size, 0.0).rgb);
}

@fragment
fn fs_chroma_full(@builtin(position) position: vec4<f32>) -> @location(0) vec4<f32> {
    // One chroma sample per composed pixel: its own colour.
    return chroma_of(textureLoad(composed, vec2<i32>(position.xy), 0).rgb);
}
