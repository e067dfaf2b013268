//! The benchmark dataset on both engines: its size, no overlapping active visits, a second
//! load refused, and the free slots it lists for the booking benchmark really bookable.

use app::both_engines;
use app::server::db::Db;
use app::server::repos::appointments::{book, NewBooking, Patient};
use app::server::repos::booking::resolve;
use app::server::repos::users::Consent;
use app::server::seed::{bench_slots, seed_scale, SeedError};
use priyom::{PersonName, Phone, Source};

/// Monday 2026-11-23 09:00 in Moscow.
const NOW: i64 = 1_795_413_600;

const OVERLAPS: &str = "SELECT COUNT(*) FROM appointments a JOIN appointments b ON a.id < b.id \
    AND a.status IN ('scheduled', 'confirmed') AND b.status IN ('scheduled', 'confirmed') \
    AND a.block_start < b.block_end AND b.block_start < a.block_end \
    AND (a.specialist_id = b.specialist_id OR a.room_id = b.room_id)";

both_engines!(
    scale_dataset_is_full_sized_consistent_and_bookable,
    |db: Db| async move {
        let counts = seed_scale(&db, NOW, 7).await.expect("scale seed");
        assert_eq!(
            (
                counts.clinics,
                counts.rooms,
                counts.specialists,
                counts.services
            ),
            (3, 12, 60, 40)
        );
        assert!(counts.patients >= 20_000, "{counts:?}");
        assert!(
            (55_000..=66_000).contains(&counts.appointments),
            "{counts:?}"
        );
        let overlaps: i64 = sqlx::query_scalar(OVERLAPS)
            .fetch_one(db.pool())
            .await
            .expect("overlap count");
        assert_eq!(overlaps, 0);
        assert!(matches!(
            seed_scale(&db, NOW, 7).await,
            Err(SeedError::NotEmpty)
        ));

        let slots = bench_slots(&db, NOW, 30).await.expect("bench slots");
        assert_eq!(slots.len(), 30);
        for (n, slot) in slots.iter().enumerate() {
            let mut conn = db.pool().acquire().await.expect("connection");
            let ids = resolve(&mut conn, &slot.service, &slot.clinic, &slot.specialist)
                .await
                .expect("resolve slugs");
            drop(conn);
            let booking = NewBooking {
                clinic: ids.clinic.expect("clinic"),
                service: ids.service.expect("service"),
                specialist: ids.specialist,
                start: slot.start,
                patient: Patient::Guest {
                    name: PersonName::parse("Нагрузочный Тест").expect("name"),
                    phone: Phone::parse(&format!("+7903{n:07}")).expect("phone"),
                    consent: Consent {
                        text_version_hash: "v1".into(),
                        purposes: "booking",
                        ip: "127.0.0.1".into(),
                        user_agent: None,
                    },
                    proof: None,
                },
                source: Source::Web,
                idempotency_key: format!("{n:0>64}"),
                actor: None,
                ip: "127.0.0.1".into(),
            };
            book(&db, &booking, NOW)
                .await
                .unwrap_or_else(|e| panic!("listed slot {slot:?} is not bookable: {e:?}"));
        }
    }
);
