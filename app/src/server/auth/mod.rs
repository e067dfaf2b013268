//! Accounts on the server: password hashing, sessions, CSRF tokens, sign-in throttling and
//! the guards every server function and page calls.

pub mod csrf;
pub mod guard;
pub mod request;
pub mod session;
pub mod throttle;
pub mod token;

pub use guard::{current_user, require_role, require_user, SessionUser};
