//! `-Z user`: give up root after the sockets are open, as tcpdump does, so the files are
//! created and written as that user.
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

/// Switches the process to `user` and its groups.
pub fn drop_to(user: &str) -> Result<(), PrivError> {
    let c_user = CString::new(user).map_err(|_| PrivError::NoUser(user.to_owned()))?;
    // SAFETY: c_user is NUL-terminated; getpwnam returns NULL or a pointer to static storage
    // that stays valid until the next getpw* call, and the fields are copied out at once.
    let (uid, gid) = unsafe {
        let pw = libc::getpwnam(c_user.as_ptr());
        if pw.is_null() {
            return Err(PrivError::NoUser(user.to_owned()));
        }
        ((*pw).pw_uid, (*pw).pw_gid)
    };
    let fail = |source| PrivError::Switch {
        user: user.to_owned(),
        source,
    };
    // SAFETY: plain credential syscalls on this process with values from the password database.
    unsafe {
        if libc::initgroups(c_user.as_ptr(), gid) != 0
            || libc::setgid(gid) != 0
            || libc::setuid(uid) != 0
        {
            return Err(fail(std::io::Error::last_os_error()));
        }
    }
    Ok(())
}
