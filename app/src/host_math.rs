//! The floating-point functions of C's libm (`sin`, `atan2`, `pow`, …) taken
//! from the browser's `Math` in the wasm build.
//!
//! Rust's std on `wasm32-unknown-unknown` brings its own libm (in
//! `compiler_builtins`, whose definitions are weak symbols): code and tables
//! in the reader's download for functions every browser already has.
//! A strong definition here wins at link time, so `f64::sin`, the projection's
//! `ln`, geographiclib's `atan2` and the rest call the browser's. V8's `Math` is
//! a port of fdlibm, as that libm is, so the two agree to the last bit or two.
//! `fmod`, `round` and `fma` have no `Math` counterpart of the same meaning
//! and stay with libm.
#![allow(unsafe_code)]

use js_sys::Math;

/// Defines each named one-argument libm function as the `Math` function of that name.
macro_rules! from_math {
    ($($name:ident),*) => {
        $(
            #[doc = concat!("libm's `", stringify!($name), "`, as `Math.", stringify!($name), "`.")]
            #[unsafe(no_mangle)]
            pub extern "C" fn $name(x: f64) -> f64 {
                Math::$name(x)
            }
        )*
    };
}

from_math!(
    sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, exp, expm1, log, log1p, log2, log10, cbrt
);

/// libm's `atan2`, as `Math.atan2`.
#[unsafe(no_mangle)]
pub extern "C" fn atan2(y: f64, x: f64) -> f64 {
    Math::atan2(y, x)
}

/// libm's `pow`, as `Math.pow` (which differs only for a base of 1 or -1 with
/// an exponent that is NaN or infinite: NaN where C says 1).
#[unsafe(no_mangle)]
pub extern "C" fn pow(x: f64, y: f64) -> f64 {
    Math::pow(x, y)
}

/// libm's `hypot`, as `Math.hypot`.
#[unsafe(no_mangle)]
pub extern "C" fn hypot(x: f64, y: f64) -> f64 {
    Math::hypot(x, y)
}
