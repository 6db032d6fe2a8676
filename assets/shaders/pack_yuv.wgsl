// Converts the composited frame (linear light) into BT.709 limited-range Y'CbCr 4:2:0,
// packed four 8-bit samples to a word, in the plane layout the encoder's frame uses.

struct PackLayout {
    // Output width and height in pixels (both even).
    width: u32,
    height: u32,
    // Words per row of the luma plane and of each chroma plane.
    luma_stride: u32,
    chroma_stride: u32,
    // Where the Cb and Cr planes start, in words.
    cb_offset: u32,
    cr_offset: u32,
};

@group(0) @binding(0) var image: texture_2d<f32>;
@group(0) @binding(1) var<storage, read_write> planes: array<u32>;
@group(0) @binding(2) var<uniform> pack: PackLayout;

const KR: f32 = 0.2126;
const KB: f32 = 0.0722;
const KG: f32 = 0.7152;

fn linear_to_srgb(linear: vec3<f32>) -> vec3<f32> {
    let c = clamp(linear, vec3<f32>(0.0), vec3<f32>(1.0));
    let low = c * 12.92;
    let high = 1.055 * pow(c, vec3<f32>(1.0 / 2.4)) - 0.055;
    return select(high, low, c <= vec3<f32>(0.0031308));
}

fn encoded(x: u32, y: u32) -> vec3<f32> {
    return linear_to_srgb(textureLoad(image, vec2<u32>(x, y), 0).rgb);
}

fn luma(rgb: vec3<f32>) -> f32 {
    return KR * rgb.r + KG * rgb.g + KB * rgb.b;
}

fn to_byte(code: f32) -> u32 {
    return u32(clamp(floor(code + 0.5), 0.0, 255.0));
}

@compute @workgroup_size(8, 8)
fn pack_luma(@builtin(global_invocation_id) id: vec3<u32>) {
    let word = id.x;
    let row = id.y;
    if (word >= pack.luma_stride || row >= pack.height) {
        return;
    }
    var packed = 0u;
    for (var k = 0u; k < 4u; k++) {
        let x = word * 4u + k;
        if (x < pack.width) {
            packed |= to_byte(16.0 + 219.0 * luma(encoded(x, row))) << (8u * k);
        }
    }
    planes[row * pack.luma_stride + word] = packed;
}

@compute @workgroup_size(8, 8)
fn pack_chroma(@builtin(global_invocation_id) id: vec3<u32>) {
    let word = id.x;
    let row = id.y;
    if (word >= pack.chroma_stride || row >= pack.height / 2u) {
        return;
    }
    var cb_word = 0u;
    var cr_word = 0u;
    for (var k = 0u; k < 4u; k++) {
        let cx = word * 4u + k;
        if (cx < pack.width / 2u) {
            let x = cx * 2u;
            let y = row * 2u;
            // Chroma is the average of the 2x2 block it covers.
            let rgb = (encoded(x, y) + encoded(x + 1u, y) + encoded(x, y + 1u) + encoded(x + 1u, y + 1u)) * 0.25;
            let l = luma(rgb);
            let cb = 128.0 + 224.0 * (rgb.b - l) / (2.0 * (1.0 - KB));
            let cr = 128.0 + 224.0 * (rgb.r - l) / (2.0 * (1.0 - KR));
            cb_word |= to_byte(cb) << (8u * k);
            cr_word |= to_byte(cr) << (8u * k);
        }
    }
    planes[pack.cb_offset + row * pack.chroma_stride + word] = cb_word;
    planes[pack.cr_offset + row * pack.chroma_stride + word] = cr_word;
}
