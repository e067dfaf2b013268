//! The public catalog pages read the same clinics, specializations, specialists and reviews on
//! every visit, three to five queries a page. This keeps each answer in memory, stamped with the
//! `schedule_version` read before it was loaded; triggers move that number on every write to
//! the tables behind it (migrations 0008 and 0009), and every request reads it first, so an
//! edit made anywhere shows on the next page view at the cost of one small query.

use super::catalog;
use crate::i18n::Lang;
use crate::model::SpecialistProfile;
use crate::model::{ClinicPage, HomeData, ServiceCategory, SpecialistFilter, SpecialistList};
use crate::server::db::Db;
use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};

/// Answers kept per kind of page: keys come from URLs, so each map is bounded.
const MAX_ENTRIES: usize = 512;

/// Shared by every worker of one server; cheap to clone.
#[derive(Clone, Debug, Default)]
pub struct CatalogCache(Arc<Inner>);

#[derive(Debug, Default)]
struct Inner {
    home: Memo<(Lang, i64), HomeData>,
    specialists: Memo<(Lang, i64, SpecialistFilter), SpecialistList>,
    profiles: Memo<(Lang, i64, String), Option<SpecialistProfile>>,
    clinics: Memo<(Lang, i64, String), Option<ClinicPage>>,
    services: Memo<Lang, Vec<ServiceCategory>>,
}

/// The catalog as seen by one request: every answer is at least as new as the version read
/// when the request began. `year` is the current year ("years of practice" depend on it).
pub struct Current {
    db: Db,
    inner: Arc<Inner>,
    version: i64,
    year: i64,
}

impl CatalogCache {
    /// The cache of this database's catalog pages.
    pub fn of(db: &Db) -> CatalogCache {
        db.kept()
    }

    /// Reads the data version; one small query per request.
    pub async fn current(&self, db: &Db, year: i64) -> Result<Current, sqlx::Error> {
        let version = super::agenda_cache::data_version(db.pool()).await?;
        Ok(Current {
            db: db.clone(),
            inner: Arc::clone(&self.0),
            version,
            year,
        })
    }
}

impl Current {
    pub async fn home(&self, lang: Lang) -> Result<HomeData, sqlx::Error> {
        let key = (lang, self.year);
        let load = catalog::home(&self.db, lang, self.year);
        self.inner.home.get(self.version, key, load).await
    }

    pub async fn specialists(
        &self,
        lang: Lang,
        filter: &SpecialistFilter,
    ) -> Result<SpecialistList, sqlx::Error> {
        let key = (lang, self.year, filter.clone());
        let load = catalog::specialists(&self.db, lang, self.year, filter);
        self.inner.specialists.get(self.version, key, load).await
    }

    pub async fn profile(
        &self,
        lang: Lang,
        slug: &str,
    ) -> Result<Option<SpecialistProfile>, sqlx::Error> {
        let key = (lang, self.year, slug.to_string());
        let load = catalog::specialist_profile(&self.db, lang, self.year, slug);
        self.inner.profiles.get(self.version, key, load).await
    }

    pub async fn clinic(&self, lang: Lang, slug: &str) -> Result<Option<ClinicPage>, sqlx::Error> {
        let key = (lang, self.year, slug.to_string());
        let load = catalog::clinic_page(&self.db, lang, self.year, slug);
        self.inner.clinics.get(self.version, key, load).await
    }

    pub async fn services(&self, lang: Lang) -> Result<Vec<ServiceCategory>, sqlx::Error> {
        let load = catalog::service_tree(&self.db, lang);
        self.inner.services.get(self.version, lang, load).await
    }
}

/// Values by key, each stamped with the version read before it was loaded (so at least that
/// new): a value is used only by requests that began at or before that version.
#[derive(Debug)]
struct Memo<K, V>(Mutex<HashMap<K, (i64, Arc<V>)>>);

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo(Mutex::new(HashMap::new()))
    }
}

impl<K: Hash + Eq, V: Clone> Memo<K, V> {
    /// The value for `key` as new as `version`, loading it (outside the lock) when missing.
    async fn get<E>(
        &self,
        version: i64,
        key: K,
        load: impl Future<Output = Result<V, E>>,
    ) -> Result<V, E> {
        if let Some(value) = self.fresh(version, &key) {
            return Ok(V::clone(&value));
        }
        let value = load.await?;
        self.put(version, key, Arc::new(value.clone()));
        Ok(value)
    }

    fn fresh(&self, version: i64, key: &K) -> Option<Arc<V>> {
        let map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        map.get(key)
            .filter(|(stamp, _)| *stamp >= version)
            .map(|(_, value)| Arc::clone(value))
    }

    /// Keeps the newer of two racing loads; when full, drops what is stale, else everything.
    fn put(&self, version: i64, key: K, value: Arc<V>) {
        // Each change is one insert or clear: the map stays whole even if a holder panicked.
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if map.get(&key).is_some_and(|(stamp, _)| *stamp > version) {
            return;
        }
        if map.len() >= MAX_ENTRIES && !map.contains_key(&key) {
            map.retain(|_, (stamp, _)| *stamp >= version);
            if map.len() >= MAX_ENTRIES {
                map.clear();
            }
        }
        map.insert(key, (version, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memo() -> Memo<u32, String> {
        Memo::default()
    }

    async fn get(memo: &Memo<u32, String>, version: i64, key: u32, value: &str) -> String {
        let loaded = value.to_string();
        memo.get(version, key, async { Ok::<_, ()>(loaded) })
            .await
            .unwrap_or_default()
    }

    #[tokio::test]
    async fn a_value_serves_its_version_and_older_requests_only() {
        let memo = memo();
        assert_eq!(get(&memo, 5, 1, "first").await, "first");
        assert_eq!(get(&memo, 5, 1, "ignored").await, "first");
        assert_eq!(get(&memo, 4, 1, "ignored").await, "first");
        assert_eq!(get(&memo, 6, 1, "second").await, "second");
    }

    #[tokio::test]
    async fn a_slower_older_load_does_not_replace_a_newer_one() {
        let memo = memo();
        memo.put(7, 1, Arc::new("new".into()));
        memo.put(6, 1, Arc::new("old".into()));
        assert_eq!(get(&memo, 7, 1, "ignored").await, "new");
    }

    #[tokio::test]
    async fn failures_are_not_kept() {
        let memo = memo();
        let failed = memo.get(1, 1, async { Err::<String, _>("down") }).await;
        assert_eq!(failed, Err("down"));
        assert_eq!(get(&memo, 1, 1, "loaded").await, "loaded");
    }

    #[test]
    fn the_map_stays_bounded() {
        let memo = memo();
        for key in 0..(MAX_ENTRIES as u32 * 3) {
            memo.put(1, key, Arc::new(String::new()));
        }
        let len = memo.0.lock().map(|m| m.len()).unwrap_or_default();
        assert!(len <= MAX_ENTRIES, "{len} entries");
        memo.put(2, 0, Arc::new(String::new()));
        let len = memo.0.lock().map(|m| m.len()).unwrap_or_default();
        assert!(len <= MAX_ENTRIES);
    }
}
