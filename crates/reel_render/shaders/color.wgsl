// The colour prelude every shader is compiled with: BT.709's luma weights (Rust's
// `ColorMatrix::Bt709.luma_weights()`; a test checks they agree) and the sRGB transfer
// functions, between R'G'B' codes and linear light.

const KR: f32 = 0.2126;
const KB: f32 = 0.0722;
const KG: f32 = 1.0 - KR - KB;

// Linear light of R'G'B' codes; codes outside 0 to 1 (a Y'CbCr colour outside the
// R'G'B' cube) are clamped first.
fn srgb_to_linear(codes: vec3<f32>) -> vec3<f32> {
    let encoded = clamp(codes, vec3<f32>(0.0), vec3<f32>(1.0));
    let low = encoded / 12.92;
    let high = pow((encoded + 0.055) / 1.055, vec3<f32>(2.4));
    return select(high, low, encoded <= vec3<f32>(0.04045));
}

// BT.709 limited-range Y', Cb and Cr codes (0 to 1) of R'G'B', which may lie outside the
// R'G'B' cube: a source's Y'CbCr that maps outside it comes back as it was.
fn bt709_limited(rgb: vec3<f32>) -> vec3<f32> {
    let y = KR * rgb.r + KG * rgb.g + KB * rgb.b;
    let cb = 128.0 + 224.0 * (rgb.b - y) / (2.0 * (1.0 - KB));
    let cr = 128.0 + 224.0 * (rgb.r - y) / (2.0 * (1.0 - KR));
    return vec3<f32>(16.0 + 219.0 * y, cb, cr) / 255.0;
}

fn linear_to_srgb(linear: vec3<f32>) -> vec3<f32> {
    let c = clamp(linear, vec3<f32>(0.0), vec3<f32>(1.0));
    let low = c * 12.92;
    let high = 1.055 * pow(c, vec3<f32>(1.0 / 2.4)) - 0.055;
    return select(high, low, c <= vec3<f32>(0.0031308));
}
