//! Typed identifiers: a `SpecialistId` can never be passed where a `RoomId` is expected.
//!
//! Each id wraps the `BIGINT` primary key of its table and serialises as a bare number.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! typed_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            /// Wraps a raw database key.
            pub const fn new(raw: i64) -> Self {
                Self(raw)
            }

            /// The raw database key.
            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl From<i64> for $name {
            fn from(raw: i64) -> Self {
                Self(raw)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }
    };
}

typed_id!(
    /// A specialist (massage therapist, physiotherapist, doctor).
    SpecialistId
);
typed_id!(
    /// A clinic (one address with its own time zone and rooms).
    ClinicId
);
typed_id!(
    /// A bookable service.
    ServiceId
);
typed_id!(
    /// A treatment room shared by the specialists of one clinic.
    RoomId
);
typed_id!(
    /// A user account (patients, specialists and staff are all users).
    UserId
);
typed_id!(
    /// An appointment.
    AppointmentId
);

/// Patients are users; the alias documents intent at call sites.
pub type PatientId = UserId;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_transparent_numbers() {
        let id = SpecialistId::new(42);
        assert_eq!(id.to_string(), "42");
        assert_eq!(serde_json::to_string(&id).ok().as_deref(), Some("42"));
        let back: RoomId = serde_json::from_str("7").expect("number parses");
        assert_eq!(back, RoomId(7));
        assert!(SpecialistId(1) < SpecialistId(2));
        assert_eq!(i64::from(AppointmentId::from(9)), 9);
    }
}
