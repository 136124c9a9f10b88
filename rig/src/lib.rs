//! Test and benchmark rig for `capture`: two network namespaces joined by a veth pair that are
//! always removed, and senders that emit an exact number of frames (AF_PACKET, or XDP live
//! frames for benchmark rates); a tun device to write IP packets into; a single-node Garage
//! (S3) to upload to, and the means to read back and audit what reached it.
//!
//! Only addresses inside the rig's own namespaces are ever used.
pub mod audit;
pub mod frame;
pub mod garage;
pub mod netns;
pub mod objects;
pub mod sender;
pub mod traffic;
pub mod tun;
pub mod xdp_sender;

pub use garage::Garage;
pub use netns::Rig;
pub use sender::Sender;
pub use tun::Tun;
pub use xdp_sender::XdpSender;
