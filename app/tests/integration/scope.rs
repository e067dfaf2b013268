//! The cross-clinic matrix on both engines: a manager changes a service as a whole only when
//! no other clinic offers it, and the front desk finds and books only its clinics' patients.

use app::both_engines;
use app::server::db::Db;
use app::server::repos::front_desk::{find_callers, reaches_patient};
use app::server::repos::manage::{update_service, ServiceEdit, ServiceWriteError};
use app::server::seed::seed;
use app::server::testing;
use priyom::{ClinicScope, Money, Role, ServiceRules, ServiceRulesRaw, UserId};

const NOW: i64 = 1_795_000_000;

/// Services offered at exactly `clinics` clinics, with one of those clinics.
async fn service_at_n_clinics(db: &Db, clinics: i64) -> Option<(i64, i64)> {
    sqlx::query_as(
        "SELECT service_id, MIN(clinic_id) FROM service_clinics GROUP BY service_id \
          HAVING COUNT(*) = $1 ORDER BY service_id LIMIT 1",
    )
    .bind(clinics)
    .fetch_optional(db.pool())
    .await
    .expect("services")
}

fn edit() -> ServiceEdit {
    let rules = ServiceRules::new(ServiceRulesRaw {
        duration_min: 60,
        buffer_before_min: 0,
        buffer_after_min: 10,
        needs_room: false,
    })
    .expect("rules");
    ServiceEdit {
        name: "Массаж (изменено)".into(),
        name_en: "Massage (edited)".into(),
        price: Money::parse("4200").expect("price"),
        rules,
        active: true,
    }
}

both_engines!(
    shared_services_change_only_by_all_their_clinics,
    |db: Db| async move {
        seed(&db, NOW).await.expect("seed");
        let Some((shared, clinic)) = service_at_n_clinics(&db, 2).await else {
            panic!("the demo data has a service two clinics offer");
        };
        let other: i64 =
            sqlx::query_scalar("SELECT MAX(clinic_id) FROM service_clinics WHERE service_id = $1")
                .bind(shared)
                .fetch_one(db.pool())
                .await
                .expect("the other clinic");
        let manager = testing::actor(UserId::new(1), &[(Role::Manager, Some(clinic))], NOW);
        let both = testing::actor(
            UserId::new(1),
            &[(Role::Manager, Some(clinic)), (Role::Manager, Some(other))],
            NOW,
        );
        let admin = testing::actor(UserId::new(1), &[(Role::Admin, None)], NOW);
        let refused = update_service(&db, &manager, shared, &edit()).await;
        assert!(
            matches!(refused, Err(ServiceWriteError::Shared)),
            "{refused:?}"
        );
        let name: String = sqlx::query_scalar("SELECT name FROM services WHERE id = $1")
            .bind(shared)
            .fetch_one(db.pool())
            .await
            .expect("name");
        assert_ne!(name, "Массаж (изменено)", "nothing changed");
        update_service(&db, &both, shared, &edit())
            .await
            .expect("a manager of both clinics");
        update_service(&db, &admin, shared, &edit())
            .await
            .expect("an admin");
        // A service no clinic of theirs offers is not found at all.
        let stranger = testing::actor(UserId::new(1), &[(Role::Manager, Some(-5))], NOW);
        let refused = update_service(&db, &stranger, shared, &edit()).await;
        assert!(
            matches!(refused, Err(ServiceWriteError::NotFound)),
            "{refused:?}"
        );
    }
);

both_engines!(
    the_desk_finds_and_books_only_its_patients,
    |db: Db| async move {
        seed(&db, NOW).await.expect("seed");
        // A patient of the demo clinics, and a new clinic nobody has visited yet.
        let (patient, name, theirs): (i64, String, i64) = sqlx::query_as(
            "SELECT u.id, u.full_name, MIN(a.clinic_id) FROM users u \
           JOIN appointments a ON a.patient_id = u.id \
          GROUP BY u.id, u.full_name ORDER BY u.id LIMIT 1",
        )
        .fetch_one(db.pool())
        .await
        .expect("a patient");
        let elsewhere: i64 = sqlx::query_scalar(
        "INSERT INTO clinics (slug, name, name_en, address, address_en, phone, email, tz, lat, \
                              lon, created_at) \
         VALUES ('kazan', 'Казань', 'Kazan', 'ул. Баумана, 1', '1 Baumana St', '+78432000000', \
                 'kazan@priyom.demo', 'Europe/Moscow', 55.79, 49.12, $1) RETURNING id",
    )
    .bind(NOW)
    .fetch_one(db.pool())
    .await
    .expect("a new clinic");
        let here = ClinicScope::Only(vec![priyom::ClinicId::new(theirs)]);
        let there = ClinicScope::Only(vec![priyom::ClinicId::new(elsewhere)]);
        let found = |scope: ClinicScope| {
            let (db, name) = (db.clone(), name.clone());
            async move {
                find_callers(&db, &scope, &name)
                    .await
                    .expect("search")
                    .into_iter()
                    .any(|c| c.id == patient)
            }
        };
        assert!(found(here.clone()).await, "their clinic's desk finds them");
        assert!(
            !found(there.clone()).await,
            "another clinic's desk does not"
        );
        assert!(found(ClinicScope::All).await, "an admin does");
        assert!(reaches_patient(&db, &here, patient).await.expect("reach"));
        assert!(!reaches_patient(&db, &there, patient).await.expect("reach"));
    }
);

both_engines!(
    shared_specialists_change_only_by_all_their_clinics,
    |db: Db| async move {
        use app::server::repos::manage_specialists::{update_profile, Reach};
        use priyom::{SpecialistProfile, SpecialistProfileRaw};
        seed(&db, NOW).await.expect("seed");
        // A specialist who works at two clinics (the demo has them; make one if not).
        let (specialist, clinic): (i64, i64) = sqlx::query_as(
            "SELECT specialist_id, MIN(clinic_id) FROM specialist_clinics \
          GROUP BY specialist_id ORDER BY COUNT(*) DESC, specialist_id LIMIT 1",
        )
        .fetch_one(db.pool())
        .await
        .expect("a specialist");
        let other: i64 = sqlx::query_scalar("SELECT MIN(id) FROM clinics WHERE id <> $1")
            .bind(clinic)
            .fetch_one(db.pool())
            .await
            .expect("another clinic");
        sqlx::query(
            "INSERT INTO specialist_clinics (specialist_id, clinic_id) \
         SELECT $1, $2 WHERE NOT EXISTS \
           (SELECT 1 FROM specialist_clinics WHERE specialist_id = $1 AND clinic_id = $2)",
        )
        .bind(specialist)
        .bind(other)
        .execute(db.pool())
        .await
        .expect("works at both");
        let profile = SpecialistProfile::new(
            SpecialistProfileRaw {
                title: "Массажист",
                title_en: "Massage therapist",
                bio: "Изменено одной клиникой",
                bio_en: "Changed by one clinic",
                practice_since: "2010",
                education: "",
                certificates: "",
                active: true,
            },
            2026,
        )
        .expect("profile");
        let one = testing::actor(UserId::new(1), &[(Role::Manager, Some(clinic))], NOW);
        let both = testing::actor(
            UserId::new(1),
            &[(Role::Manager, Some(clinic)), (Role::Manager, Some(other))],
            NOW,
        );
        let stranger = testing::actor(UserId::new(1), &[(Role::Manager, Some(-5))], NOW);
        let reach = |by| update_profile(&db, by, specialist, &profile);
        assert_eq!(reach(&one).await.expect("update"), Reach::Shared);
        assert_eq!(reach(&stranger).await.expect("update"), Reach::Outside);
        let bio: String = sqlx::query_scalar("SELECT bio FROM specialists WHERE id = $1")
            .bind(specialist)
            .fetch_one(db.pool())
            .await
            .expect("bio");
        assert_ne!(bio, "Изменено одной клиникой", "nothing changed");
        assert_eq!(reach(&both).await.expect("update"), Reach::Own);
    }
);
