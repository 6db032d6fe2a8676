// The shadow layer: a rounded rectangle blurred by a Gaussian, its opacity computed
// exactly across and by quadrature down its rows. Compiled into the compose shader.

// Whether the recording casts a shadow.
override SHADOW: bool = false;

// `ShadowUniforms` in Rust.
struct ShadowUniforms {
    // The rectangle before blurring (output pixels); corner radius and standard
    // deviation; colour in linear light with opacity.
    rect: vec4<f32>,
    shape: vec4<f32>,
    color: vec4<f32>,
};

@group(0) @binding(10) var<uniform> shadow_layer: ShadowUniforms;

// An approximation of the error function (maximum error 5e-4).
fn erf(x: vec2<f32>) -> vec2<f32> {
    let s = sign(x);
    let a = abs(x);
    var t = 1.0 + (0.278393 + (0.230389 + 0.000972 * a + 0.078108 * a * a) * a) * a;
    t *= t;
    return s - s / (t * t);
}

fn gaussian(x: f32, sigma: f32) -> f32 {
    return exp(-(x * x) / (2.0 * sigma * sigma)) / (2.5066283 * sigma);
}

// The blurred rounded rectangle's coverage along one row: exact across x (the integral of
// a Gaussian is an error function), given the rectangle's width at that row.
fn shadow_row(x: f32, y: f32, sigma: f32, corner: f32, half_size: vec2<f32>) -> f32 {
    let delta = min(half_size.y - corner - abs(y), 0.0);
    let curved = half_size.x - corner + sqrt(max(0.0, corner * corner - delta * delta));
    let integral = 0.5 + 0.5 * erf((x + vec2<f32>(-curved, curved)) * (0.70710678 / sigma));
    return integral.y - integral.x;
}

// The shadow's opacity at `p`: a rounded rectangle blurred by a Gaussian, integrated
// exactly across and with four-point quadrature down its rows. The cost is the same at
// any blur radius.
fn shadow_alpha(p: vec2<f32>) -> f32 {
    let rect = shadow_layer.rect;
    let sigma = max(shadow_layer.shape.y, 0.25);
    let corner = shadow_layer.shape.x;
    let half_size = rect.zw * 0.5;
    let q = p - (rect.xy + half_size);
    let low = q.y - half_size.y;
    let high = q.y + half_size.y;
    let start = clamp(-3.0 * sigma, low, high);
    let end = clamp(3.0 * sigma, low, high);
    let step = (end - start) / 4.0;
    var y = start + step * 0.5;
    var value = 0.0;
    for (var i = 0; i < 4; i++) {
        value += shadow_row(q.x, q.y - y, sigma, corner, half_size) * gaussian(y, sigma) * step;
        y += step;
    }
    return clamp(value, 0.0, 1.0) * shadow_layer.color.a;
}
