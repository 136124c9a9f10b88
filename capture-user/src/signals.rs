//! Process-wide signal set-up.

/// Restores the default SIGPIPE action, which Rust's runtime sets to "ignore", so that a closed
/// pipe (`capture -r f | head -4`) ends the process silently as it ends tcpdump, instead of
/// turning every later write into an error.
pub fn restore_sigpipe() {
    // SAFETY: called once at the start of main, before any thread exists; SIG_DFL is a valid
    // disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
