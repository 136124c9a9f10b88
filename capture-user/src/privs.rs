//! `-Z user`: give up root once the input is open (the sockets, or the file read), as tcpdump
//! does, so the capture runs as that user.
use std::ffi::CString;

use thiserror::Error;

/// The user cannot be found or switched to.
#[derive(Debug, Error)]
pub enum PrivError {
    /// No such user.
    #[error("Couldn't find user '{0}'")]
    NoUser(String),
    /// A set*id call failed.
    #[error("Couldn't change to '{user}': {source}")]
    Switch {
        /// User name.
        user: String,
        /// The system's reason.
        source: std::io::Error,
    },
}

/// A user from the password database.
#[derive(Debug, Clone)]
pub struct User {
    name: CString,
    /// User id.
    pub uid: u32,
    /// Primary group id.
    pub gid: u32,
}

impl User {
    /// Looks `name` up in the password database.
    pub fn lookup(name: &str) -> Result<Self, PrivError> {
        let c_name = CString::new(name).map_err(|_| PrivError::NoUser(name.to_owned()))?;
        // SAFETY: c_name is NUL-terminated; getpwnam returns NULL or a pointer to static storage
        // that stays valid until the next getpw* call, and the fields are copied out at once.
        let (uid, gid) = unsafe {
            let pw = libc::getpwnam(c_name.as_ptr());
            if pw.is_null() {
                return Err(PrivError::NoUser(name.to_owned()));
            }
            ((*pw).pw_uid, (*pw).pw_gid)
        };
        Ok(Self {
            name: c_name,
            uid,
            gid,
        })
    }

    /// Switches the whole process (every thread) to this user and its groups.
    pub fn switch_to(&self) -> Result<(), PrivError> {
        let fail = |source| PrivError::Switch {
            user: self.name.to_string_lossy().into_owned(),
            source,
        };
        // SAFETY: plain credential syscalls on this process with values from the password
        // database; glibc applies setgid/setuid to every thread.
        unsafe {
            if libc::initgroups(self.name.as_ptr(), self.gid) != 0
                || libc::setgid(self.gid) != 0
                || libc::setuid(self.uid) != 0
            {
                return Err(fail(std::io::Error::last_os_error()));
            }
        }
        Ok(())
    }
}
