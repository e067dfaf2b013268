//! Accounts on the server: password hashing, sessions, CSRF tokens, sign-in throttling and
//! the guards every server function and page calls.

pub mod actor;
pub mod client_addr;
pub mod credentials;
pub mod csrf;
pub mod request;
pub mod session;
pub mod throttle;
pub mod token;

pub use actor::{current_actor, require, require_signed_in, Actor, Caller};
