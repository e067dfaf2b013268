//! Users, their roles and consent records.

use super::audit::{self, Entry};
use crate::server::db::{is_unique_violation, Db};
use priyom::{ClinicId, Email, PersonName, Phone, Role, RoleGrant, Roles, UserId};
use sqlx::Row;

/// What a person signs in with: a phone or an e-mail, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Login {
    Phone(Phone),
    Email(Email),
}

impl Login {
    /// An e-mail when the text has "@", a phone otherwise; `None` when neither parses.
    pub fn parse(text: &str) -> Option<Login> {
        if text.contains('@') {
            Email::parse(text).ok().map(Login::Email)
        } else {
            Phone::parse(text).ok().map(Login::Phone)
        }
    }

    /// The normalised text (the throttling key is derived from it).
    pub fn as_str(&self) -> &str {
        match self {
            Login::Phone(p) => p.as_str(),
            Login::Email(e) => e.as_str(),
        }
    }
}

/// A user's id and password hash, for checking a sign-in.
pub async fn credentials(
    db: &Db,
    login: &Login,
) -> Result<Option<(UserId, Option<String>)>, sqlx::Error> {
    let column = match login {
        Login::Phone(_) => "phone",
        Login::Email(_) => "email",
    };
    let sql = format!("SELECT id, password_hash FROM users WHERE {column} = $1 AND active = 1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(login.as_str())
        .fetch_optional(db.pool())
        .await?;
    row.map(|r| Ok((UserId::new(r.try_get("id")?), r.try_get("password_hash")?)))
        .transpose()
}

pub async fn password_hash(db: &Db, user: UserId) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(user.get())
        .fetch_one(db.pool())
        .await
}

pub async fn set_password_hash(
    db: &Db,
    user: UserId,
    hash: &str,
    now: i64,
    ip: &str,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(now)
        .bind(user.get())
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut *tx,
        Entry {
            actor: Some(user.get()),
            action: "password_change",
            entity: "user",
            entity_id: Some(user.get()),
            ip,
            details: "",
        },
        now,
    )
    .await?;
    tx.commit().await
}

/// A person registering themselves, with the proof that the phone is theirs.
#[derive(Debug)]
pub struct Registration {
    pub full_name: PersonName,
    pub phone: Phone,
    pub proof: super::phone_codes::Proof,
    pub email: Option<Email>,
    pub password_hash: String,
    pub lang: &'static str,
}

/// The consent given with a registration (152-FZ): which text, when, from where.
#[derive(Debug, Clone)]
pub struct Consent {
    pub text_version_hash: String,
    pub purposes: &'static str,
    pub ip: String,
    pub user_agent: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    #[error("phone taken")]
    PhoneTaken,
    #[error("email taken")]
    EmailTaken,
    /// The code was used by another request meanwhile.
    #[error("code already used")]
    CodeSpent,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Creates a patient account with its consent record and an audit entry, in one transaction,
/// spending the phone's proof. A passwordless record of the same phone (a guest's or a
/// caller's, with their visits) becomes the account: its owner has just proven the number.
pub async fn register(
    db: &Db,
    new: &Registration,
    consent: &Consent,
    now: i64,
) -> Result<UserId, RegisterError> {
    let mut tx = db.begin_write().await?;
    if !super::phone_codes::spend(&mut tx, new.proof, now).await? {
        return Err(RegisterError::CodeSpent);
    }
    let holder = sqlx::query("SELECT id, password_hash FROM users WHERE phone = $1")
        .bind(new.phone.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    let guest = match holder {
        Some(row) if row.try_get::<Option<String>, _>("password_hash")?.is_some() => {
            return Err(RegisterError::PhoneTaken);
        }
        Some(row) => Some(row.try_get::<i64, _>("id")?),
        None => None,
    };
    if let Some(email) = &new.email {
        let other: Option<i64> =
            sqlx::query_scalar("SELECT id FROM users WHERE email = $1 AND id <> $2")
                .bind(email.as_str())
                .bind(guest.unwrap_or(0))
                .fetch_optional(&mut *tx)
                .await?;
        if other.is_some() {
            return Err(RegisterError::EmailTaken);
        }
    }
    let id = match guest {
        Some(id) => claim_guest(&mut tx, id, new, now).await?,
        None => insert_account(&mut tx, new, now).await?,
    };
    sqlx::query(
        "INSERT INTO user_roles (user_id, role, clinic_id, granted_at) \
         SELECT $1, 'patient', NULL, $2 WHERE NOT EXISTS \
           (SELECT 1 FROM user_roles WHERE user_id = $1 AND role = 'patient')",
    )
    .bind(id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    record_consent(&mut *tx, id, consent, None, now).await?;
    let details = if guest.is_some() {
        "from guest record"
    } else {
        ""
    };
    let entry = Entry {
        actor: Some(id),
        action: "register",
        entity: "user",
        entity_id: Some(id),
        ip: &consent.ip,
        details,
    };
    audit::record(&mut *tx, entry, now).await?;
    tx.commit().await?;
    Ok(UserId::new(id))
}

async fn insert_account(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    new: &Registration,
    now: i64,
) -> Result<i64, RegisterError> {
    sqlx::query_scalar(
        "INSERT INTO users (phone, email, full_name, password_hash, lang, phone_verified_at, \
                created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6, $6) RETURNING id",
    )
    .bind(new.phone.as_str())
    .bind(new.email.as_ref().map(Email::as_str))
    .bind(new.full_name.as_str())
    .bind(&new.password_hash)
    .bind(new.lang)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| {
        // Another registration of the same phone or e-mail won the race.
        if is_unique_violation(&e) {
            RegisterError::PhoneTaken
        } else {
            RegisterError::Db(e)
        }
    })
}

/// Turns a passwordless record into the account; refused when someone set a password first.
async fn claim_guest(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    id: i64,
    new: &Registration,
    now: i64,
) -> Result<i64, RegisterError> {
    let done = sqlx::query(
        "UPDATE users SET full_name = $2, email = $3, password_hash = $4, lang = $5, \
                phone_verified_at = $6, updated_at = $6 \
          WHERE id = $1 AND password_hash IS NULL",
    )
    .bind(id)
    .bind(new.full_name.as_str())
    .bind(new.email.as_ref().map(Email::as_str))
    .bind(&new.password_hash)
    .bind(new.lang)
    .bind(now)
    .execute(&mut **tx)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            RegisterError::EmailTaken
        } else {
            RegisterError::Db(e)
        }
    })?;
    if done.rows_affected() == 1 {
        Ok(id)
    } else {
        Err(RegisterError::PhoneTaken)
    }
}

/// Records a personal-data consent; `recorded_by` is the staff member who took it by phone.
pub async fn record_consent<'c, E>(
    executor: E,
    user: i64,
    consent: &Consent,
    recorded_by: Option<UserId>,
    now: i64,
) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO consent_records (user_id, kind, text_version_hash, purposes, given_at, ip, user_agent, recorded_by) \
         VALUES ($1, 'personal_data', $2, $3, $4, $5, $6, $7)",
    )
    .bind(user)
    .bind(&consent.text_version_hash)
    .bind(consent.purposes)
    .bind(now)
    .bind(&consent.ip)
    .bind(consent.user_agent.as_deref())
    .bind(recorded_by.map(UserId::get))
    .execute(executor)
    .await?;
    Ok(())
}

/// The name and roles of a user.
pub async fn name_and_roles(db: &Db, user: UserId) -> Result<(String, Roles), sqlx::Error> {
    let name: String = sqlx::query_scalar("SELECT full_name FROM users WHERE id = $1")
        .bind(user.get())
        .fetch_one(db.pool())
        .await?;
    Ok((name, roles(db, user).await?))
}

pub async fn roles(db: &Db, user: UserId) -> Result<Roles, sqlx::Error> {
    let rows = sqlx::query("SELECT role, clinic_id FROM user_roles WHERE user_id = $1 ORDER BY id")
        .bind(user.get())
        .fetch_all(db.pool())
        .await?;
    let mut grants = Vec::with_capacity(rows.len());
    for row in rows {
        let role: String = row.try_get("role")?;
        let clinic: Option<i64> = row.try_get("clinic_id")?;
        // The CHECK constraint allows only known names; skip rather than fail if one slips in.
        if let Ok(role) = Role::parse(&role) {
            grants.push(RoleGrant {
                role,
                clinic: clinic.map(ClinicId::new),
            });
        }
    }
    Ok(Roles::new(grants))
}

/// The contact details shown in the cabinet.
#[derive(Debug, Clone)]
pub struct Contacts {
    pub full_name: String,
    pub phone: String,
    pub email: Option<String>,
}

pub async fn contacts(db: &Db, user: UserId) -> Result<Contacts, sqlx::Error> {
    let row = sqlx::query("SELECT full_name, phone, email FROM users WHERE id = $1")
        .bind(user.get())
        .fetch_one(db.pool())
        .await?;
    Ok(Contacts {
        full_name: row.try_get("full_name")?,
        phone: row.try_get("phone")?,
        email: row.try_get("email")?,
    })
}

/// Grants a role (idempotent) and bumps the user's roles version, so their sessions get new ids.
pub async fn grant_role(
    db: &Db,
    user: UserId,
    grant: RoleGrant,
    actor: UserId,
    ip: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let clinic = grant.clinic.map(ClinicId::get);
    let exists: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM user_roles WHERE user_id = $1 AND role = $2 AND COALESCE(clinic_id, 0) = $3",
    )
    .bind(user.get())
    .bind(grant.role.as_str())
    .bind(clinic.unwrap_or(0))
    .fetch_optional(&mut *tx)
    .await?;
    if exists.is_none() {
        sqlx::query(
            "INSERT INTO user_roles (user_id, role, clinic_id, granted_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(user.get())
        .bind(grant.role.as_str())
        .bind(clinic)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        roles_changed(&mut tx, user, actor, "role_grant", grant, ip, now).await?;
    }
    tx.commit().await
}

/// Revokes a role and bumps the user's roles version.
pub async fn revoke_role(
    db: &Db,
    user: UserId,
    grant: RoleGrant,
    actor: UserId,
    ip: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "DELETE FROM user_roles WHERE user_id = $1 AND role = $2 AND COALESCE(clinic_id, 0) = $3",
    )
    .bind(user.get())
    .bind(grant.role.as_str())
    .bind(grant.clinic.map(ClinicId::get).unwrap_or(0))
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() > 0 {
        roles_changed(&mut tx, user, actor, "role_revoke", grant, ip, now).await?;
    }
    tx.commit().await
}

pub(crate) async fn roles_changed(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    user: UserId,
    actor: UserId,
    action: &str,
    grant: RoleGrant,
    ip: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET roles_version = roles_version + 1, updated_at = $1 WHERE id = $2",
    )
    .bind(now)
    .bind(user.get())
    .execute(&mut **tx)
    .await?;
    let details = match grant.clinic {
        Some(clinic) => format!("{} clinic={clinic}", grant.role),
        None => grant.role.to_string(),
    };
    let entry = Entry {
        actor: Some(actor.get()),
        action,
        entity: "user",
        entity_id: Some(user.get()),
        ip,
        details: &details,
    };
    audit::record(&mut **tx, entry, now).await
}

/// Users whose name, phone or e-mail contains `query`, with their roles, in two queries
/// however many are found. Names match as typed or with each word capitalised, since
/// SQLite's LIKE folds case for ASCII only.
pub async fn search(
    db: &Db,
    query: &str,
    lang: crate::i18n::Lang,
    limit: i64,
) -> Result<Vec<crate::model::UserSummary>, sqlx::Error> {
    use crate::model::{GrantView, UserSummary};
    let query = query.trim();
    let digits: String = query.chars().filter(char::is_ascii_digit).collect();
    let phone_pattern = match Phone::parse(query) {
        Ok(phone) => phone.as_str().to_string(),
        Err(_) if digits.len() >= 3 => format!("%{digits}%"),
        Err(_) => "-".into(), // matches no stored phone
    };
    let rows = sqlx::query(
        "SELECT id, full_name, phone, email FROM users \
         WHERE full_name LIKE $1 OR full_name LIKE $2 OR phone LIKE $3 OR email LIKE $4 \
         ORDER BY full_name, id LIMIT $5",
    )
    .bind(format!("%{query}%"))
    .bind(format!("%{}%", crate::format::capitalise_words(query)))
    .bind(phone_pattern)
    .bind(format!("%{}%", query.to_lowercase()))
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    let mut users = Vec::with_capacity(rows.len());
    for row in rows {
        users.push(UserSummary {
            id: row.try_get("id")?,
            full_name: row.try_get("full_name")?,
            phone: row.try_get("phone")?,
            email: row.try_get("email")?,
            grants: Vec::new(),
        });
    }
    if users.is_empty() {
        return Ok(users);
    }
    // The ids come from the query above, but they still go in as bound parameters.
    let placeholders = (1..=users.len())
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT r.user_id, r.role, r.clinic_id, c.name, c.name_en FROM user_roles r \
         LEFT JOIN clinics c ON c.id = r.clinic_id \
         WHERE r.user_id IN ({placeholders}) ORDER BY r.id"
    );
    let mut grants_query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for user in &users {
        grants_query = grants_query.bind(user.id);
    }
    let grants = grants_query.fetch_all(db.pool()).await?;
    for row in grants {
        let user_id: i64 = row.try_get("user_id")?;
        let Some(user) = users.iter_mut().find(|u| u.id == user_id) else {
            continue;
        };
        let Ok(role) = Role::parse(&row.try_get::<String, _>("role")?) else {
            continue;
        };
        let name: Option<String> = row.try_get("name")?;
        let name_en: Option<String> = row.try_get("name_en")?;
        user.grants.push(GrantView {
            role,
            clinic_id: row.try_get("clinic_id")?,
            clinic_name: name
                .map(|ru| lang.pick(&ru, name_en.as_deref().unwrap_or("")).to_string()),
        });
    }
    Ok(users)
}

/// Active clinics for the role form: (id, name).
pub async fn clinic_choices(
    db: &Db,
    lang: crate::i18n::Lang,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, name, name_en FROM clinics WHERE active = 1 ORDER BY id")
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|row| {
            let ru: String = row.try_get("name")?;
            let en: String = row.try_get("name_en")?;
            Ok((row.try_get("id")?, lang.pick(&ru, &en).to_string()))
        })
        .collect()
}
