// The cursor layer: its picture, rasterised for the frame at the size it is shown,
// pasted at whole output pixels and blended over the frame in linear light.

// `CursorUniforms` in Rust (`layers/cursor.rs`).
struct CursorUniforms {
    // The output pixel the picture's top-left pixel covers (xy) and its opacity (z).
    place: vec4<f32>,
};

@group(0) @binding(12) var<uniform> cursor_layer: CursorUniforms;
// The picture: straight alpha, sRGB-encoded, so loads give linear light.
@group(0) @binding(13) var cursor_texture: texture_2d<f32>;

// `under` (linear light) with the cursor over it at output position `p`.
fn with_cursor(p: vec2<f32>, under: vec3<f32>) -> vec3<f32> {
    let texel = vec2<i32>(floor(p - cursor_layer.place.xy));
    let size = vec2<i32>(textureDimensions(cursor_texture));
    if (any(texel < vec2<i32>(0)) || any(texel >= size)) {
        return under;
    }
    let picture = textureLoad(cursor_texture, texel, 0);
    return mix(under, picture.rgb, picture.a * cursor_layer.place.z);
}
