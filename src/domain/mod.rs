//! The pure core: fairfloor's types and the rules that keep them valid. No I/O here.

/// A small closed set of values stored and sent as snake_case names ("not_sure"), with the
/// derives every such set needs: parse and print (strum), serde, ordering in declaration order,
/// and iteration for listing the choices.
macro_rules! stored_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[derive(::serde::Serialize, ::serde::Deserialize)]
        #[derive(::strum::AsRefStr, ::strum::Display, ::strum::EnumIter)]
        #[derive(::strum::EnumString, ::strum::IntoStaticStr)]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }
    };
}
pub(crate) use stored_enum;

pub mod candidate;
pub mod clock;
pub mod contact;
pub mod day;
pub mod event;
pub mod fairness;
pub mod offer;
pub mod roles;
pub mod screening;
pub mod staff;
pub mod text;
pub mod validate;

pub use candidate::{
    CareExperience, ContractType, Registration, RightToWork, Source, Status, WorkPattern,
};
pub use event::{Event, NewEvent, TicketPrefix};
pub use roles::{Role, RoleCatalogue};
pub use staff::{Staff, StaffRole};
