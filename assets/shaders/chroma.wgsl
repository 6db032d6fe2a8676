// Makes the chroma plane of a BT.709 limited-range Y'CbCr 4:2:0 frame from the R'G'B'
// target that `compose.wgsl` wrote: rendered at half size into a two-channel target
// (interleaved Cb and Cr, as NV12 stores them).

@group(0) @binding(0) var composed: texture_2d<f32>;
@group(0) @binding(1) var block_sampler: sampler;

@fragment
fn fs_chroma(@builtin(position) position: vec4<f32>) -> @location(0) vec4<f32> {
    // Chroma pixel (cx, cy) covers composed pixels 2cx..2cx+1, 2cy..2cy+1; a bilinear
    // sample at their shared corner averages the four.
    let size = vec2<f32>(textureDimensions(composed));
    let rgb = textureSampleLevel(composed, block_sampler, position.xy * 2.0 / size, 0.0).rgb;
    let y = KR * rgb.r + KG * rgb.g + KB * rgb.b;
    let cb = 128.0 + 224.0 * (rgb.b - y) / (2.0 * (1.0 - KB));
    let cr = 128.0 + 224.0 * (rgb.r - y) / (2.0 * (1.0 - KR));
    return vec4<f32>(cb / 255.0, cr / 255.0, 0.0, 1.0);
}
