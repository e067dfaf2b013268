//! The scale dataset for benchmarks: the demo data grown to 3 clinics, 12 rooms, 60 specialists,
//! 40 services, 20,000 patients and about 60,000 visits (a year back, two months ahead).
//! The same seed gives the same data; the database's own overlap guards check every visit.

use super::{local_date, seed, SeedError, SERVICES, SPECIALIZATIONS};
use crate::server::db::Db;
use chrono::{Datelike, Duration, TimeZone};
use sqlx::{Any, Transaction};
use std::collections::HashMap;

/// What the scale seeding created, for the command's report.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ScaleCounts {
    pub clinics: i64,
    pub rooms: i64,
    pub specialists: i64,
    pub services: i64,
    pub patients: i64,
    pub appointments: i64,
}

const NEW_SPECIALISTS: usize = 50;
const NEW_PATIENTS: usize = 20_000;
const DAYS_BACK: i64 = 365;
const DAYS_AHEAD: i64 = 60;
/// Chance that a half-shift holds a visit: about 60,000 visits over the period.
const FILL_PERCENT: u64 = 90;
/// Rows per multi-row INSERT (well under both engines' limits on bound values).
const ROWS_PER_INSERT: usize = 200;

/// Demo data plus the scale rows, all in an empty database (fails with `NotEmpty` otherwise).
pub async fn seed_scale(db: &Db, now: i64, seed_value: u64) -> Result<ScaleCounts, SeedError> {
    seed(db, now).await?;
    let mut tx = db.begin_write().await?;
    let mut scale = Scale {
        tx: &mut tx,
        now,
        rng: SplitMix(seed_value),
    };
    scale.run().await?;
    let counts = scale.counts().await?;
    tx.commit().await?;
    db.refresh_statistics().await?;
    Ok(counts)
}

/// A small deterministic generator (SplitMix64): reproducible data without a dependency.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn percent(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }
}

/// One bound value of a generated row.
enum V {
    I(i64),
    T(String),
    NullI,
}

struct NewService {
    id: i64,
    minutes: i64,
    before: i64,
    after: i64,
    kopecks: i64,
    needs_room: bool,
}

struct NewSpecialist {
    id: i64,
    clinic: usize,
    /// (weekday, start minute, end minute) of each working interval.
    hours: Vec<(i64, i64, i64)>,
    services: Vec<usize>,
}

struct Scale<'t> {
    tx: &'t mut Transaction<'static, Any>,
    now: i64,
    rng: SplitMix,
}

const FIRST_F: [&str; 10] = [
    "Анна",
    "Мария",
    "Елена",
    "Ольга",
    "Татьяна",
    "Ирина",
    "Наталья",
    "Светлана",
    "Юлия",
    "Дарья",
];
const FIRST_M: [&str; 10] = [
    "Алексей",
    "Дмитрий",
    "Сергей",
    "Андрей",
    "Михаил",
    "Иван",
    "Павел",
    "Николай",
    "Артём",
    "Олег",
];
const SURNAMES: [&str; 12] = [
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
];
const TITLES: [(&str, &str); 5] = [
    ("Массажист", "Massage therapist"),
    ("Физиотерапевт", "Physiotherapist"),
    ("Травматолог-ортопед", "Orthopaedist"),
    ("Невролог", "Neurologist"),
    ("Остеопат", "Osteopath"),
];

impl Scale<'_> {
    async fn run(&mut self) -> Result<(), sqlx::Error> {
        let clinics = self.clinics().await?;
        let rooms = self.rooms(&clinics).await?;
        let services = self.services().await?;
        let specialists = self.specialists(&clinics, &services).await?;
        let patients = self.patients().await?;
        self.appointments(&clinics, &rooms, &services, &specialists, &patients)
            .await
    }

    async fn ids(&mut self, sql: &'static str) -> Result<Vec<i64>, sqlx::Error> {
        sqlx::query_scalar(sql).fetch_all(&mut **self.tx).await
    }

    /// The two demo clinics and a third in Kazan (same time zone as Moscow).
    async fn clinics(&mut self) -> Result<Vec<i64>, sqlx::Error> {
        let kazan: i64 = sqlx::query_scalar(
            "INSERT INTO clinics (slug, name, name_en, address, address_en, phone, email, tz, lat, lon, created_at) \
             VALUES ('kazan-kremlevskaya', 'Приём на Кремлёвской', 'Priyom Kremlyovskaya', \
                     'Казань, ул. Кремлёвская, 21', '21 Kremlyovskaya St, Kazan', '+78432123456', \
                     'kazan@priyom.demo', 'Europe/Moscow', 55.7925, 49.1221, $1) RETURNING id",
        )
        .bind(self.now)
        .fetch_one(&mut **self.tx)
        .await?;
        let mut rows = Vec::new();
        for weekday in 0..7i64 {
            let (open, close) = if weekday < 6 {
                (480, 1260)
            } else {
                (600, 1080)
            };
            rows.push(vec![V::I(kazan), V::I(weekday), V::I(open), V::I(close)]);
        }
        self.insert(
            "clinic_hours (clinic_id, weekday, open_min, close_min)",
            rows,
        )
        .await?;
        sqlx::query(
            "INSERT INTO booking_policies (clinic_id, step_min, min_notice_min, horizon_days, cancel_notice_min, requires_confirmation) \
             VALUES ($1, 30, 120, 60, 720, 0)",
        )
        .bind(kazan)
        .execute(&mut **self.tx)
        .await?;
        self.ids("SELECT id FROM clinics ORDER BY id").await
    }

    /// Twelve rooms in all: more rooms in the demo clinics, four in Kazan.
    async fn rooms(&mut self, clinics: &[i64]) -> Result<HashMap<i64, Vec<i64>>, sqlx::Error> {
        let added = [(0usize, "Кабинет 4"), (1, "Кабинет 3"), (1, "Кабинет 4")];
        let mut rows: Vec<Vec<V>> = added
            .iter()
            .map(|&(c, name)| vec![V::I(clinics[c]), V::T(name.into())])
            .collect();
        for n in 1..=4 {
            rows.push(vec![V::I(clinics[2]), V::T(format!("Кабинет {n}"))]);
        }
        self.insert("rooms (clinic_id, name)", rows).await?;
        let all: Vec<(i64, i64)> = sqlx::query_as("SELECT id, clinic_id FROM rooms ORDER BY id")
            .fetch_all(&mut **self.tx)
            .await?;
        let mut by_clinic: HashMap<i64, Vec<i64>> = HashMap::new();
        for (room, clinic) in all {
            by_clinic.entry(clinic).or_default().push(room);
        }
        Ok(by_clinic)
    }

    /// A longer variant of each demo service: forty services in all.
    async fn services(&mut self) -> Result<Vec<(NewService, &'static str)>, sqlx::Error> {
        let mut rows = Vec::new();
        for s in &SERVICES {
            let category: i64 =
                sqlx::query_scalar("SELECT id FROM service_categories WHERE slug = $1")
                    .bind(s.category)
                    .fetch_one(&mut **self.tx)
                    .await?;
            rows.push(vec![
                V::I(category),
                V::T(format!("{}-long", s.slug)),
                V::T(format!("{} (продлённый сеанс)", s.name)),
                V::T(format!("{} (extended)", s.name_en)),
                V::I(s.minutes + 30),
                V::I(s.before),
                V::I(s.after),
                V::I(s.roubles * 140),
                V::T(s.preparation.into()),
                V::T(s.preparation_en.into()),
                V::I(i64::from(s.needs_room)),
            ]);
        }
        self.insert(
            "services (category_id, slug, name, name_en, duration_min, buffer_before_min, buffer_after_min, \
             price_kopecks, preparation, preparation_en, needs_room)",
            rows,
        )
        .await?;
        let all: Vec<(i64, String, i64, i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT id, slug, duration_min, buffer_before_min, buffer_after_min, price_kopecks, needs_room \
             FROM services ORDER BY id",
        )
        .fetch_all(&mut **self.tx)
        .await?;
        Ok(all
            .into_iter()
            .map(|(id, slug, minutes, before, after, kopecks, needs_room)| {
                let base = slug.trim_end_matches("-long");
                let specialization = SERVICES
                    .iter()
                    .find(|s| s.slug == base)
                    .map_or("massage", |s| s.specialization);
                let service = NewService {
                    id,
                    minutes,
                    before,
                    after,
                    kopecks,
                    needs_room: needs_room == 1,
                };
                (service, specialization)
            })
            .collect())
    }

    /// Fifty more specialists, ten of each specialization, spread over the three clinics.
    async fn specialists(
        &mut self,
        clinics: &[i64],
        services: &[(NewService, &'static str)],
    ) -> Result<Vec<NewSpecialist>, sqlx::Error> {
        let mut users = Vec::new();
        for n in 0..NEW_SPECIALISTS {
            users.push(vec![
                V::T(format!("+7901{n:07}")),
                V::T(self.person_name()),
                V::I(self.now),
                V::I(self.now),
            ]);
        }
        self.insert("users (phone, full_name, created_at, updated_at)", users)
            .await?;
        let user_ids = self
            .ids("SELECT id FROM users WHERE phone LIKE '+7901%' ORDER BY phone")
            .await?;
        let mut profiles = Vec::new();
        let mut roles = Vec::new();
        for (n, &user) in user_ids.iter().enumerate() {
            let (title, title_en) = TITLES[n % TITLES.len()];
            profiles.push(vec![
                V::I(user),
                V::T(format!("specialist-{:02}", n + 11)),
                V::T(title.into()),
                V::T(title_en.into()),
                V::I(1995 + (n as i64 % 25)),
            ]);
            roles.push(vec![V::I(user), V::T("specialist".into()), V::I(self.now)]);
        }
        self.insert(
            "specialists (user_id, slug, title, title_en, practice_since)",
            profiles,
        )
        .await?;
        self.insert("user_roles (user_id, role, granted_at)", roles)
            .await?;
        let ids = self
            .ids("SELECT s.id FROM specialists s JOIN users u ON u.id = s.user_id WHERE u.phone LIKE '+7901%' ORDER BY u.phone")
            .await?;
        let mut created = Vec::new();
        for (n, &id) in ids.iter().enumerate() {
            let specialization = SPECIALIZATIONS[n % SPECIALIZATIONS.len()].0;
            let clinic = n % clinics.len();
            let offered: Vec<usize> = services
                .iter()
                .enumerate()
                .filter(|(_, (_, z))| *z == specialization)
                .map(|(i, _)| i)
                .collect();
            created.push(NewSpecialist {
                id,
                clinic,
                hours: weekly_hours(n % 2 == 1),
                services: offered,
            });
        }
        self.wire_specialists(clinics, services, &created).await?;
        Ok(created)
    }

    /// Specializations, clinics, services offered and weekly hours of the new specialists.
    async fn wire_specialists(
        &mut self,
        clinics: &[i64],
        services: &[(NewService, &'static str)],
        created: &[NewSpecialist],
    ) -> Result<(), sqlx::Error> {
        let zones: HashMap<String, i64> =
            sqlx::query_as::<_, (String, i64)>("SELECT slug, id FROM specializations")
                .fetch_all(&mut **self.tx)
                .await?
                .into_iter()
                .collect();
        let (mut zone_rows, mut clinic_rows, mut offer_rows, mut hour_rows) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut service_clinics = std::collections::BTreeSet::new();
        for (n, s) in created.iter().enumerate() {
            let zone = zones
                .get(SPECIALIZATIONS[n % SPECIALIZATIONS.len()].0)
                .copied()
                .unwrap_or_default();
            zone_rows.push(vec![V::I(s.id), V::I(zone)]);
            clinic_rows.push(vec![V::I(s.id), V::I(clinics[s.clinic])]);
            for &i in &s.services {
                offer_rows.push(vec![V::I(services[i].0.id), V::I(s.id), V::NullI]);
                service_clinics.insert((services[i].0.id, clinics[s.clinic]));
            }
            for &(weekday, start, end) in &s.hours {
                hour_rows.push(vec![
                    V::I(s.id),
                    V::I(clinics[s.clinic]),
                    V::I(weekday),
                    V::I(start),
                    V::I(end),
                ]);
            }
        }
        let existing: Vec<(i64, i64)> =
            sqlx::query_as("SELECT service_id, clinic_id FROM service_clinics")
                .fetch_all(&mut **self.tx)
                .await?;
        for pair in existing {
            service_clinics.remove(&pair);
        }
        let sc_rows = service_clinics
            .into_iter()
            .map(|(s, c)| vec![V::I(s), V::I(c)])
            .collect();
        self.insert(
            "specialist_specializations (specialist_id, specialization_id)",
            zone_rows,
        )
        .await?;
        self.insert("specialist_clinics (specialist_id, clinic_id)", clinic_rows)
            .await?;
        self.insert(
            "service_specialists (service_id, specialist_id, price_kopecks)",
            offer_rows,
        )
        .await?;
        self.insert("service_clinics (service_id, clinic_id)", sc_rows)
            .await?;
        self.insert(
            "working_hours (specialist_id, clinic_id, weekday, start_min, end_min)",
            hour_rows,
        )
        .await
    }

    /// Twenty thousand patients without passwords (booked by phone), each with a consent record.
    async fn patients(&mut self) -> Result<Vec<i64>, sqlx::Error> {
        let mut users = Vec::with_capacity(NEW_PATIENTS);
        for n in 0..NEW_PATIENTS {
            users.push(vec![
                V::T(format!("+7902{n:07}")),
                V::T(self.person_name()),
                V::I(self.now),
                V::I(self.now),
            ]);
        }
        self.insert("users (phone, full_name, created_at, updated_at)", users)
            .await?;
        let ids = self
            .ids("SELECT id FROM users WHERE phone LIKE '+7902%' ORDER BY id")
            .await?;
        let roles = ids
            .iter()
            .map(|&u| vec![V::I(u), V::T("patient".into()), V::I(self.now)])
            .collect();
        self.insert("user_roles (user_id, role, granted_at)", roles)
            .await?;
        let consents = ids
            .iter()
            .map(|&u| {
                vec![
                    V::I(u),
                    V::T("personal_data".into()),
                    V::T("demo-v1".into()),
                    V::T("booking,reminders".into()),
                    V::I(self.now),
                    V::T("scale seed".into()),
                ]
            })
            .collect();
        self.insert(
            "consent_records (user_id, kind, text_version_hash, purposes, given_at, user_agent)",
            consents,
        )
        .await?;
        Ok(ids)
    }

    /// Up to four visits a working day per new specialist, from a year back to two months
    /// ahead; a visit that needs a room gets a free one or is not made.
    async fn appointments(
        &mut self,
        clinics: &[i64],
        rooms: &HashMap<i64, Vec<i64>>,
        services: &[(NewService, &'static str)],
        specialists: &[NewSpecialist],
        patients: &[i64],
    ) -> Result<(), sqlx::Error> {
        let tz = chrono_tz::Europe::Moscow;
        let today = local_date(self.now);
        // Rooms the demo visits already hold.
        let held: Vec<(i64, i64, i64)> = sqlx::query_as(
            "SELECT room_id, block_start, block_end FROM appointments WHERE room_id IS NOT NULL",
        )
        .fetch_all(&mut **self.tx)
        .await?;
        let mut rows = Vec::new();
        let mut counter = 0usize;
        for offset in -DAYS_BACK..=DAYS_AHEAD {
            let date = today + Duration::days(offset);
            let weekday = i64::from(date.weekday().num_days_from_monday());
            let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
            let Some(day_start) = tz.from_local_datetime(&midnight).earliest() else {
                continue;
            };
            let day_start = day_start.timestamp();
            let mut room_busy: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
            for &(room, a, b) in &held {
                if a < day_start + 86_400 && day_start < b {
                    room_busy.entry(room).or_default().push((a, b));
                }
            }
            for s in specialists {
                for &(_, start_min, end_min) in s.hours.iter().filter(|h| h.0 == weekday) {
                    // Two half-shifts of two hours each inside a four-hour interval.
                    for half in [start_min, start_min + 120] {
                        if half + 120 > end_min || !self.rng.percent(FILL_PERCENT) {
                            continue;
                        }
                        let fitting: Vec<usize> = s
                            .services
                            .iter()
                            .copied()
                            .filter(|&i| {
                                let v = &services[i].0;
                                v.before + v.minutes + v.after <= 120
                            })
                            .collect();
                        if fitting.is_empty() {
                            continue;
                        }
                        let v = &services[fitting[self.rng.below(fitting.len())]].0;
                        let block_start = day_start + half * 60;
                        let start = block_start + v.before * 60;
                        let end = start + v.minutes * 60;
                        let block_end = end + v.after * 60;
                        let clinic = clinics[s.clinic];
                        let room = if v.needs_room {
                            let free = rooms.get(&clinic).and_then(|list| {
                                list.iter().copied().find(|room| {
                                    !room_busy.get(room).is_some_and(|busy| {
                                        busy.iter().any(|&(a, b)| a < block_end && block_start < b)
                                    })
                                })
                            });
                            let Some(room) = free else { continue };
                            room_busy
                                .entry(room)
                                .or_default()
                                .push((block_start, block_end));
                            V::I(room)
                        } else {
                            V::NullI
                        };
                        counter += 1;
                        let status = super::demo_status(start, self.now, counter);
                        let patient = patients[self.rng.below(patients.len())];
                        rows.push(vec![
                            V::I(patient),
                            V::I(s.id),
                            V::I(v.id),
                            V::I(clinic),
                            room,
                            V::I(start),
                            V::I(end),
                            V::I(block_start),
                            V::I(block_end),
                            V::T(status.into()),
                            V::I(v.kopecks),
                            V::T(
                                if status == "completed" {
                                    "paid"
                                } else {
                                    "pending"
                                }
                                .into(),
                            ),
                            V::T(
                                if counter.is_multiple_of(3) {
                                    "operator"
                                } else {
                                    "web"
                                }
                                .into(),
                            ),
                            V::I(start.min(self.now) - 7 * 86_400),
                            V::I(start.min(self.now) - 7 * 86_400),
                        ]);
                    }
                }
            }
            if rows.len() >= ROWS_PER_INSERT * 10 {
                self.insert(APPOINTMENT_COLUMNS, std::mem::take(&mut rows))
                    .await?;
            }
        }
        self.insert(APPOINTMENT_COLUMNS, rows).await
    }

    fn person_name(&mut self) -> String {
        let surname = SURNAMES[self.rng.below(SURNAMES.len())];
        if self.rng.percent(60) {
            format!("{} {surname}а", FIRST_F[self.rng.below(FIRST_F.len())])
        } else {
            format!("{} {surname}", FIRST_M[self.rng.below(FIRST_M.len())])
        }
    }

    /// Inserts rows with multi-row INSERTs; `$n` placeholders work on both engines.
    async fn insert(&mut self, target: &str, rows: Vec<Vec<V>>) -> Result<(), sqlx::Error> {
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            let sql = multi_row_insert(target, chunk);
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for value in chunk.iter().flatten() {
                query = match value {
                    V::I(n) => query.bind(*n),
                    V::T(text) => query.bind(text.clone()),
                    V::NullI => query.bind(None::<i64>),
                };
            }
            query.execute(&mut **self.tx).await?;
        }
        Ok(())
    }

    async fn counts(&mut self) -> Result<ScaleCounts, sqlx::Error> {
        Ok(ScaleCounts {
            clinics: self.count("SELECT COUNT(*) FROM clinics").await?,
            rooms: self.count("SELECT COUNT(*) FROM rooms").await?,
            specialists: self.count("SELECT COUNT(*) FROM specialists").await?,
            services: self.count("SELECT COUNT(*) FROM services").await?,
            patients: self
                .count("SELECT COUNT(*) FROM user_roles WHERE role = 'patient'")
                .await?,
            appointments: self.count("SELECT COUNT(*) FROM appointments").await?,
        })
    }

    async fn count(&mut self, sql: &'static str) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar(sql).fetch_one(&mut **self.tx).await
    }
}

/// One free visit for the booking benchmark, named the way the booking form names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchSlot {
    pub service: String,
    pub clinic: String,
    pub specialist: String,
    pub start: i64,
}

/// Up to `count` free visits for the booking benchmark, found by the booking engine: none
/// needs a room and no two of one specialist come within half an hour of each other, so each
/// can be booked on its own whatever order the load tool sends them in.
pub async fn bench_slots(db: &Db, now: i64, count: usize) -> Result<Vec<BenchSlot>, sqlx::Error> {
    use crate::server::repos::agenda::{self, AgendaRequest};
    use priyom::{ClinicId, DateSpan, ServiceId, SpecialistId};
    let mut conn = db.pool().acquire().await?;
    let offers: Vec<(i64, String, i64, String, i64, String)> = sqlx::query_as(
        "SELECT sp.id, sp.slug, sv.id, sv.slug, c.id, c.slug FROM specialists sp \
         JOIN specialist_clinics sc ON sc.specialist_id = sp.id \
         JOIN clinics c ON c.id = sc.clinic_id \
         JOIN service_specialists ss ON ss.specialist_id = sp.id \
         JOIN services sv ON sv.id = ss.service_id AND sv.needs_room = 0 AND sv.active = 1 \
         JOIN service_clinics x ON x.service_id = sv.id AND x.clinic_id = c.id \
         WHERE sp.active = 1 ORDER BY sp.id, sv.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let today = local_date(now);
    let Ok(span) = DateSpan::new(
        today + Duration::days(1),
        today + Duration::days(DAYS_AHEAD - 2),
    ) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut last_specialist = None;
    for (specialist, specialist_slug, service, service_slug, clinic, clinic_slug) in offers {
        if last_specialist == Some(specialist) || out.len() >= count {
            continue; // one service per specialist is enough
        }
        last_specialist = Some(specialist);
        let request = AgendaRequest {
            clinic: ClinicId(clinic),
            service: ServiceId(service),
            specialist: Some(SpecialistId(specialist)),
            from: span.from(),
            to: span.to(),
            ignore: None,
        };
        let Some(agenda) = agenda::load(&mut conn, &request).await? else {
            continue;
        };
        let mut free_after = i64::MIN;
        for slot in priyom::free_slots_any(&agenda.query(now), &agenda.agendas(), &span) {
            if slot.start < free_after || out.len() >= count {
                continue;
            }
            free_after = slot.end + 30 * 60;
            out.push(BenchSlot {
                service: service_slug.clone(),
                clinic: clinic_slug.clone(),
                specialist: specialist_slug.clone(),
                start: slot.start,
            });
        }
    }
    Ok(out)
}

const APPOINTMENT_COLUMNS: &str =
    "appointments (patient_id, specialist_id, service_id, clinic_id, room_id, \
     start_at, end_at, block_start, block_end, status, price_kopecks, payment_status, source, \
     created_at, updated_at)";

/// `INSERT INTO target VALUES ($1, $2), ($3, $4) …` for the chunk's shape.
fn multi_row_insert(target: &str, rows: &[Vec<V>]) -> String {
    let mut sql = format!("INSERT INTO {target} VALUES ");
    let mut n = 0;
    for (r, row) in rows.iter().enumerate() {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..row.len() {
            n += 1;
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("${n}"));
        }
        sql.push(')');
    }
    sql
}

/// Mon–Fri 9–13 and 14–18, or a late shift Mon–Sat 11–15 and 16–20.
fn weekly_hours(late: bool) -> Vec<(i64, i64, i64)> {
    let (days, intervals) = if late {
        (0..6, [(660, 900), (960, 1200)])
    } else {
        (0..5, [(540, 780), (840, 1080)])
    };
    days.flat_map(|d| intervals.iter().map(move |&(a, b)| (d, a, b)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence() {
        let (mut a, mut b) = (SplitMix(7), SplitMix(7));
        let left: Vec<u64> = (0..5).map(|_| a.next()).collect();
        let right: Vec<u64> = (0..5).map(|_| b.next()).collect();
        assert_eq!(left, right);
        assert_ne!(SplitMix(8).next(), left[0]);
    }

    #[test]
    fn placeholders_number_across_rows() {
        let rows = vec![vec![V::I(1), V::NullI], vec![V::I(2), V::T("x".into())]];
        assert_eq!(
            multi_row_insert("t (a, b)", &rows),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
        );
    }

    #[test]
    fn shifts_are_two_four_hour_intervals() {
        assert_eq!(weekly_hours(false).len(), 10);
        assert_eq!(weekly_hours(true).len(), 12);
        assert!(weekly_hours(true).iter().all(|&(_, a, b)| b - a == 240));
    }
}
