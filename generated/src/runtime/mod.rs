//! Hand-written runtime shared by every generated model. Generated code calls these
//! helpers instead of repeating per-field logic, so it stays small as types are added.

pub mod address_list;
mod de;
mod defaulted;
pub mod legacy_url;
mod secret;
mod unknown;
pub mod validate;

pub use de::{Coerce, Key, MapOrJson, NonNull, Redacting, or_default, or_default_coerced, required};
pub use defaulted::Defaulted;
pub use secret::Secret;
pub use unknown::{EmptyObject, UnknownFields, UnknownValue};
pub use validate::{Check, ErrorKind, Path, Validate, ValidationContext, ValidationError, ValidationErrors};
