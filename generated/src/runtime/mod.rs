//! Hand-written runtime shared by every generated model. Generated code calls these
//! helpers instead of repeating per-field logic, so it stays small as types are added.
//! Only the types re-exported from the crate root are public API.

mod address_list;
mod construct;
mod de;
mod defaulted;
pub mod fast_url;
pub(crate) mod js_number;
pub mod legacy_url;
mod secret;
pub(crate) mod trail;
mod unknown;
pub(crate) mod validate;
pub mod whatwg;

pub use construct::{BuildError, Normalize};
#[allow(unused_imports)]
// used by the envelope and `locate`, not by a runtime compiled alone (generated-code checks)
pub(crate) use de::parse_text;
#[allow(unused_imports)] // `Tracked` is named only by specs with required coerced keys
pub use de::{
    Coerce, Directed, JsonText, Key, MapOrJson, Object, Tracked, directed, enum_value, nullable, number, object,
    or_default, or_default_tracked, required, secret_object, unknown, value,
};
#[allow(unused_imports)] // `js_number` is named only by specs with number keys
pub use defaulted::{Defaulted, js_number};
pub use secret::Secret;
pub use unknown::{UnknownFields, UnknownValue};
