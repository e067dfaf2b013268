//! Slot search reads the same clinics, services, hours and policies on every request; only
//! busy time changes with each booking. This keeps the rest in memory, stamped with the
//! `schedule_version` it was read at. Database triggers move that number on every write to
//! what is kept (migration 0008), and each request reads it first, so a change made through
//! any server, or by hand in the database, shows on the very next search. Busy time is always
//! read fresh; booking reads version and busy time inside its write transaction, under the
//! booking lock.

use super::agenda::{self, Agenda, AgendaRequest, Fixed};
use super::booking::Resolved;
use chrono::{Days, NaiveDate};
use priyom::{ClinicId, ServiceId, SpecialistId};
use sqlx::{AnyConnection, Row};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Offering specialists' slugs and names, by id.
pub type Names = BTreeMap<SpecialistId, (String, String)>;

/// Shared by every worker of one server; cheap to clone.
#[derive(Clone, Debug, Default)]
pub struct AgendaCache(Arc<Inner>);

#[derive(Debug, Default)]
struct Inner {
    slugs: Mutex<Option<Stamped<Arc<Slugs>>>>,
    /// Per clinic and service; `None` when the service is not bookable there. Bounded by the
    /// pairs that exist: keys come only from resolved slugs.
    agendas: Mutex<HashMap<(ClinicId, ServiceId), Stamped<Bookable>>>,
}

/// A value and the version read before it was loaded: it is at least that new.
#[derive(Debug)]
struct Stamped<T> {
    version: i64,
    value: T,
}

/// The fixed part, or `None` when the service is not bookable at the clinic.
type Bookable = Option<Arc<Entry>>;

#[derive(Debug)]
struct Entry {
    fixed: Fixed,
    names: Arc<Names>,
}

/// Active services, clinics and specialists by slug.
#[derive(Debug, Default)]
struct Slugs {
    services: HashMap<String, ServiceId>,
    clinics: HashMap<String, ClinicId>,
    specialists: HashMap<String, SpecialistId>,
}

/// The cache as seen by one request: everything it hands out is at least as new as the
/// version read when the request began.
pub struct Current<'a> {
    inner: &'a Inner,
    version: i64,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // The guarded maps stay consistent even if a holder panicked: each write is one insert.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl AgendaCache {
    /// The cache of this database's agendas.
    pub fn of(db: &crate::server::db::Db) -> AgendaCache {
        db.kept()
    }

    /// Reads the schedule version; one small query per request.
    pub async fn current(&self, conn: &mut AnyConnection) -> Result<Current<'_>, sqlx::Error> {
        let version = data_version(conn).await?;
        Ok(Current {
            inner: &self.0,
            version,
        })
    }
}

/// The number triggers move on every write to what the schedule and catalog caches keep.
pub async fn data_version<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT version FROM schedule_version WHERE id = 1")
        .fetch_one(executor)
        .await
}

impl Current<'_> {
    /// The ids behind the slugs in a booking URL, as `booking::resolve` finds them.
    pub async fn resolve(
        &self,
        conn: &mut AnyConnection,
        service: &str,
        clinic: &str,
        specialist: &str,
    ) -> Result<Resolved, sqlx::Error> {
        let cached = lock(&self.inner.slugs)
            .as_ref()
            .filter(|s| s.version >= self.version)
            .map(|s| Arc::clone(&s.value));
        let slugs = match cached {
            Some(slugs) => slugs,
            None => {
                let loaded = Arc::new(load_slugs(conn).await?);
                let mut slot = lock(&self.inner.slugs);
                if slot.as_ref().is_none_or(|s| s.version < self.version) {
                    *slot = Some(Stamped {
                        version: self.version,
                        value: Arc::clone(&loaded),
                    });
                }
                loaded
            }
        };
        Ok(Resolved {
            service: slugs.services.get(service).copied(),
            clinic: slugs.clinics.get(clinic).copied(),
            specialist: slugs.specialists.get(specialist).copied(),
        })
    }

    /// The agenda for `req` with busy time read now, and the offering specialists' names; `None`
    /// as `agenda::load` gives it.
    pub async fn agenda(
        &self,
        conn: &mut AnyConnection,
        req: &AgendaRequest,
        now: i64,
    ) -> Result<Option<(Agenda, Arc<Names>)>, sqlx::Error> {
        let key = (req.clinic, req.service);
        let cached = lock(&self.inner.agendas)
            .get(&key)
            .filter(|s| s.version >= self.version)
            .map(|s| s.value.clone());
        let entry = match cached {
            Some(entry) => entry,
            None => {
                let loaded = load_entry(conn, req, now).await?.map(Arc::new);
                let mut map = lock(&self.inner.agendas);
                if map.get(&key).is_none_or(|s| s.version < self.version) {
                    map.insert(
                        key,
                        Stamped {
                            version: self.version,
                            value: loaded.clone(),
                        },
                    );
                }
                loaded
            }
        };
        let Some(entry) = entry else { return Ok(None) };
        let agenda = entry.fixed.with_busy(conn, req).await?;
        Ok(Some((agenda, Arc::clone(&entry.names))))
    }
}

/// The fixed part for every offering specialist, with exceptions from two days before today
/// (UTC, so any clinic's zone is covered; earlier days have no free time left to show) on, and
/// their names.
async fn load_entry(
    conn: &mut AnyConnection,
    req: &AgendaRequest,
    now: i64,
) -> Result<Option<Entry>, sqlx::Error> {
    let everyone = AgendaRequest {
        specialist: None,
        ..*req
    };
    // An instant out of range keeps every exception: more than needed, never less.
    let today = chrono::DateTime::from_timestamp(now, 0)
        .map(|t| t.date_naive())
        .unwrap_or_default();
    let since = today.checked_sub_days(Days::new(2)).unwrap_or(today);
    // The last date still written with four digits, so text comparison stays right.
    let until = NaiveDate::from_ymd_opt(9999, 12, 30).unwrap_or(NaiveDate::MAX);
    let Some(fixed) = agenda::fixed(conn, &everyone, (since, until)).await? else {
        return Ok(None);
    };
    let names = super::booking::specialist_names(conn, req.service).await?;
    Ok(Some(Entry {
        fixed,
        names: Arc::new(names),
    }))
}

async fn load_slugs(conn: &mut AnyConnection) -> Result<Slugs, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT 's' AS kind, slug, id FROM services WHERE active = 1 \
         UNION ALL SELECT 'c', slug, id FROM clinics WHERE active = 1 \
         UNION ALL SELECT 'p', slug, id FROM specialists WHERE active = 1",
    )
    .fetch_all(conn)
    .await?;
    let mut slugs = Slugs::default();
    for row in &rows {
        let kind: String = row.try_get("kind")?;
        let slug: String = row.try_get("slug")?;
        let id: i64 = row.try_get("id")?;
        match kind.as_str() {
            "s" => {
                slugs.services.insert(slug, ServiceId::new(id));
            }
            "c" => {
                slugs.clinics.insert(slug, ClinicId::new(id));
            }
            _ => {
                slugs.specialists.insert(slug, SpecialistId::new(id));
            }
        }
    }
    Ok(slugs)
}
