//! Keys for integrations: what a key may do (its scopes), and how the back office lists them.

use serde::{Deserialize, Serialize};

/// One thing a key may do through `/api/v1`. A key holds a set of them; a request outside the
/// set is refused with 403 whatever else the key could do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Scope {
    /// Clinics, services and specialists.
    CatalogRead,
    /// Free times: a day's slots and a month's map.
    AvailabilityRead,
    /// The visits at the key's clinics.
    AppointmentsRead,
    /// Booking visits for patients at the key's clinics.
    AppointmentsWrite,
}

impl Scope {
    pub const ALL: &'static [Scope] = &[
        Scope::CatalogRead,
        Scope::AvailabilityRead,
        Scope::AppointmentsRead,
        Scope::AppointmentsWrite,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::CatalogRead => "catalog:read",
            Scope::AvailabilityRead => "availability:read",
            Scope::AppointmentsRead => "appointments:read",
            Scope::AppointmentsWrite => "appointments:write",
        }
    }

    pub fn parse(text: &str) -> Option<Scope> {
        Scope::ALL.iter().copied().find(|s| s.as_str() == text)
    }

    /// Scopes as stored and shown: space-separated, in a fixed order, without repeats.
    pub fn join(scopes: &[Scope]) -> String {
        let mut sorted = scopes.to_vec();
        sorted.sort();
        sorted.dedup();
        sorted
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The scopes of a stored list; unknown words are dropped (a scope retired later grants
    /// nothing).
    pub fn split(text: &str) -> Vec<Scope> {
        text.split_whitespace().filter_map(Scope::parse).collect()
    }
}

/// A key as the back office lists it: never the key itself, which is shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyView {
    pub id: i64,
    pub name: String,
    /// The key's first characters, to tell it apart from others.
    pub prefix: String,
    pub scopes: Vec<Scope>,
    /// The clinic the key acts for; `None`: every clinic.
    pub clinic: Option<String>,
    pub rate_per_min: i64,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// The back office's page: the keys and the clinics a new one may be tied to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiKeysPage {
    pub keys: Vec<ApiKeyView>,
    pub clinics: Vec<(i64, String)>,
    /// A key made by a form sent without JavaScript, shown on this one page load.
    pub fresh_secret: Option<String>,
}

/// A key just made: the only time its secret is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewApiKey {
    pub id: i64,
    pub secret: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_round_trip_and_ignore_unknown_words() {
        for scope in Scope::ALL {
            assert_eq!(Scope::parse(scope.as_str()), Some(*scope));
        }
        let stored = Scope::join(&[
            Scope::AppointmentsWrite,
            Scope::CatalogRead,
            Scope::CatalogRead,
        ]);
        assert_eq!(stored, "catalog:read appointments:write");
        assert_eq!(
            Scope::split("catalog:read leads:write appointments:write"),
            vec![Scope::CatalogRead, Scope::AppointmentsWrite]
        );
        assert_eq!(Scope::parse("admin"), None);
    }
}
