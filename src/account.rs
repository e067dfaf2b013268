//! Accounts: the roles a user may hold and the rules for a new password.

use crate::ids::ClinicId;
use crate::status::{text_enum, UnknownValue};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

text_enum!(
    /// What a user may do; one user may hold several roles.
    Role, "role" {
        /// Books and manages own visits.
        Patient => "patient",
        /// Manages own hours and sees own schedule.
        Specialist => "specialist",
        /// Front desk of one clinic.
        Operator => "operator",
        /// Runs one or more clinics.
        Manager => "manager",
        /// Runs the installation.
        Admin => "admin",
    }
);

impl Role {
    /// Operator and manager roles are granted for a clinic; the others are global.
    pub const fn is_clinic_scoped(self) -> bool {
        matches!(self, Role::Operator | Role::Manager)
    }
}

/// One role held by a user, with its clinic for clinic-scoped roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RoleGrant {
    pub role: Role,
    pub clinic: Option<ClinicId>,
}

/// The roles of one user, and the questions guards ask of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roles(Vec<RoleGrant>);

impl Roles {
    pub fn new(grants: Vec<RoleGrant>) -> Self {
        Roles(grants)
    }

    pub fn grants(&self) -> &[RoleGrant] {
        &self.0
    }

    /// Holds `role` anywhere. An admin holds every role.
    pub fn has(&self, role: Role) -> bool {
        self.0
            .iter()
            .any(|g| g.role == role || g.role == Role::Admin)
    }

    /// Holds `role` for `clinic` (a global grant of that role counts; an admin holds all).
    pub fn has_in(&self, role: Role, clinic: ClinicId) -> bool {
        self.0.iter().any(|g| {
            g.role == Role::Admin || (g.role == role && g.clinic.is_none_or(|c| c == clinic))
        })
    }

    /// The clinics whose front desk this user works: every clinic for an admin, else those
    /// where they are operator or manager (a manager may do all an operator may).
    pub fn desk_scope(&self) -> ClinicScope {
        if self.0.iter().any(|g| g.role == Role::Admin) {
            return ClinicScope::All;
        }
        let mut clinics: Vec<ClinicId> = Vec::new();
        for grant in &self.0 {
            if matches!(grant.role, Role::Operator | Role::Manager) {
                match grant.clinic {
                    None => return ClinicScope::All,
                    Some(c) if !clinics.contains(&c) => clinics.push(c),
                    Some(_) => {}
                }
            }
        }
        ClinicScope::Only(clinics)
    }

    /// The clinics this user manages: every clinic for an admin, else those where they are
    /// manager.
    pub fn manager_scope(&self) -> ClinicScope {
        if self.0.iter().any(|g| g.role == Role::Admin) {
            return ClinicScope::All;
        }
        let mut clinics: Vec<ClinicId> = Vec::new();
        for grant in self.0.iter().filter(|g| g.role == Role::Manager) {
            match grant.clinic {
                None => return ClinicScope::All,
                Some(c) if !clinics.contains(&c) => clinics.push(c),
                Some(_) => {}
            }
        }
        ClinicScope::Only(clinics)
    }

    /// The distinct roles, in declaration order (for display).
    pub fn distinct(&self) -> Vec<Role> {
        Role::ALL
            .iter()
            .copied()
            .filter(|r| self.0.iter().any(|g| g.role == *r))
            .collect()
    }
}

/// Which clinics a staff member's view covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClinicScope {
    All,
    Only(Vec<ClinicId>),
}

impl ClinicScope {
    pub fn allows(&self, clinic: ClinicId) -> bool {
        match self {
            ClinicScope::All => true,
            ClinicScope::Only(clinics) => clinics.contains(&clinic),
        }
    }

    /// No clinic at all (not front-desk staff).
    pub fn is_empty(&self) -> bool {
        matches!(self, ClinicScope::Only(c) if c.is_empty())
    }

    /// The clinic ids for a SQL filter; `None` means every clinic.
    pub fn ids(&self) -> Option<Vec<i64>> {
        match self {
            ClinicScope::All => None,
            ClinicScope::Only(clinics) => Some(clinics.iter().map(|c| c.get()).collect()),
        }
    }
}

/// A password that meets the rules for a new one. Never printed: `Debug` hides it.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

/// Why a new password was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum PasswordError {
    #[error("the password needs at least {0} characters")]
    TooShort(usize),
    #[error("the password may have at most {0} characters")]
    TooLong(usize),
    #[error("the password is one of the most common ones")]
    TooCommon,
}

impl NewPassword {
    pub const MIN_CHARS: usize = 8;
    /// Bounds the hashing work a request can ask for.
    pub const MAX_CHARS: usize = 128;

    /// Accepts any characters (spaces and Cyrillic too), checking only length and commonness.
    pub fn parse(input: &str) -> Result<Self, PasswordError> {
        let chars = input.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(PasswordError::TooShort(Self::MIN_CHARS));
        }
        if chars > Self::MAX_CHARS {
            return Err(PasswordError::TooLong(Self::MAX_CHARS));
        }
        if is_common(input) {
            return Err(PasswordError::TooCommon);
        }
        Ok(NewPassword(input.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

/// True for a password from the common list, or one character repeated.
fn is_common(password: &str) -> bool {
    let lower = password.trim().to_lowercase();
    let mut chars = lower.chars();
    let first = chars.next();
    if first.is_some_and(|c| chars.all(|x| x == c)) {
        return true;
    }
    COMMON_PASSWORDS
        .lines()
        .filter(|line| !line.starts_with('#'))
        .any(|line| line.trim() == lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn desk_scope_follows_operator_and_manager_grants() {
        let grant = |role, clinic: Option<i64>| RoleGrant {
            role,
            clinic: clinic.map(ClinicId::new),
        };
        let admin = Roles::new(vec![grant(Role::Admin, None)]);
        assert_eq!(admin.desk_scope(), ClinicScope::All);
        let desk = Roles::new(vec![
            grant(Role::Operator, Some(1)),
            grant(Role::Manager, Some(2)),
            grant(Role::Operator, Some(1)),
        ]);
        let scope = desk.desk_scope();
        assert_eq!(scope.ids(), Some(vec![1, 2]));
        assert!(scope.allows(ClinicId::new(2)) && !scope.allows(ClinicId::new(3)));
        let patient = Roles::new(vec![
            grant(Role::Patient, None),
            grant(Role::Specialist, None),
        ]);
        assert!(patient.desk_scope().is_empty());
    }

    #[test]
    fn password_rules() {
        assert_eq!(
            NewPassword::parse("short1"),
            Err(PasswordError::TooShort(8))
        );
        assert_eq!(
            NewPassword::parse(&"x".repeat(129)).map(|_| ()),
            Err(PasswordError::TooLong(128))
        );
        for common in [
            "password",
            "Qwerty123",
            "12345678",
            "йцукенгш",
            "zzzzzzzzzz",
        ] {
            assert_eq!(
                NewPassword::parse(common).map(|_| ()),
                Err(PasswordError::TooCommon),
                "{common}"
            );
        }
        assert!(NewPassword::parse("лето на даче 2026").is_ok());
        assert!(NewPassword::parse("correct horse battery").is_ok());
    }

    #[test]
    fn password_debug_hides_the_secret() {
        let p = NewPassword::parse("very secret words").expect("valid");
        assert!(!format!("{p:?}").contains("secret"));
    }

    #[test]
    fn roles_round_trip_and_scope() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(*role));
        }
        assert!(Role::parse("root").is_err());
        assert!(Role::Manager.is_clinic_scoped() && !Role::Patient.is_clinic_scoped());
    }

    #[test]
    fn guards_respect_clinic_scope_and_admin() {
        let a = ClinicId::new(1);
        let b = ClinicId::new(2);
        let manager = Roles::new(vec![RoleGrant {
            role: Role::Manager,
            clinic: Some(a),
        }]);
        assert!(manager.has(Role::Manager));
        assert!(manager.has_in(Role::Manager, a));
        assert!(!manager.has_in(Role::Manager, b));
        assert!(!manager.has(Role::Operator));
        let admin = Roles::new(vec![RoleGrant {
            role: Role::Admin,
            clinic: None,
        }]);
        assert!(admin.has(Role::Specialist) && admin.has_in(Role::Operator, b));
        let patient = Roles::new(vec![RoleGrant {
            role: Role::Patient,
            clinic: None,
        }]);
        assert!(!patient.has(Role::Operator));
        assert_eq!(patient.distinct(), vec![Role::Patient]);
    }
}
