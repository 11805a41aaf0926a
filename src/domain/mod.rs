//! The pure core: fairfloor's types and the rules that keep them valid. No I/O here.

pub mod candidate;
pub mod event;
pub mod offer;
pub mod roles;
pub mod staff;
pub mod text;
pub mod validate;

pub use candidate::{
    CareExperience, ContractType, Registration, RightToWork, Source, Status, WorkPattern,
};
pub use event::{Event, NewEvent, TicketPrefix};
pub use roles::{Role, RoleCatalogue};
pub use staff::{Staff, StaffRole};
