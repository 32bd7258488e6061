//! `unicode_names2::character`: the full table natively, a curated one in WebAssembly.

#[cfg(not(target_arch = "wasm32"))]
pub use full::character;

#[cfg(target_arch = "wasm32")]
mod table;

/// The character a Unicode name (as in `"\N{EM DASH}"`) stands for.
#[cfg(target_arch = "wasm32")]
pub fn character(name: &str) -> Option<char> {
    let upper = name.to_ascii_uppercase();
    let mut index = 0;
    let mut found = None;
    for (i, n) in table::NAMES.split('\n').enumerate() {
        if n == upper {
            found = Some(i);
            break;
        }
        index = i;
    }
    let _ = index;
    found.and_then(|i| char::from_u32(table::CODES[i]))
}
