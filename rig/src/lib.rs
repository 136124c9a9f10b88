//! Test and benchmark rig for `capture`: two network namespaces joined by a veth pair that are
//! always removed, and a sender that emits an exact number of frames.
//!
//! Only addresses inside the rig's own namespaces are ever used.
pub mod frame;
pub mod netns;
pub mod sender;

pub use netns::Rig;
pub use sender::Sender;
