//! Management (managers for the clinics they run, admins for all): the services — names,
//! price, duration, buffers, needs-a-room, active, and each service's setup — and the
//! dashboard. Clinics are in `manage_clinics.rs`.

// `save_service` takes the form's fields one by one (plain names keep the no-JS form simple).
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::i18n::Lang;
use leptos::prelude::*;

/// One service on the management page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ServiceForm {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub name_en: String,
    pub category: String,
    /// Roubles as the form shows them: "2500" or "2500,50".
    pub price: String,
    pub duration_min: i64,
    pub buffer_before_min: i64,
    pub buffer_after_min: i64,
    pub needs_room: bool,
    pub active: bool,
}

/// The services offered at the clinics this manager runs (every service for an admin).
#[server(endpoint = "manage/services", input = server_fn::codec::GetUrl)]
pub async fn manage_services(lang: Lang) -> Result<Vec<ServiceForm>, AppError> {
    use crate::server::repos::manage;
    crate::api::no_store();
    let (state, scope, _) = ssr::manager()?;
    let rows = manage::services(&state.db, lang, &scope).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let price = roubles(r.price_kopecks);
            ServiceForm {
                id: r.id,
                slug: r.slug,
                name: r.name,
                name_en: r.name_en,
                category: r.category,
                price,
                duration_min: r.duration_min,
                buffer_before_min: r.buffer_before_min,
                buffer_after_min: r.buffer_after_min,
                needs_room: r.needs_room,
                active: r.active,
            }
        })
        .collect())
}

/// Saves one service; each bad field gets its own message.
#[server(endpoint = "manage/service")]
pub async fn save_service(
    csrf: String,
    id: i64,
    #[server(flatten)] card: crate::model::forms::ServiceCardFields,
) -> Result<(), AppError> {
    use crate::server::repos::manage;
    crate::server::auth::csrf::verify(&csrf)?;
    let (state, _, by) = ssr::manager()?;
    let active = card.active.is_some();
    let edit = ssr::check_card(card, active, crate::error::FieldErrors::default())?;
    manage::update_service(&state.db, &by, id, &edit)
        .await
        .map_err(ssr::service_error)?;
    leptos_axum::redirect(&format!("/manage/services?saved={id}#service-{id}"));
    Ok(())
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::error::AppError;
    use crate::server::auth::{require, Actor};
    use crate::server::{app_state, AppState};
    use priyom::{ClinicScope, Role};

    /// The app state, the clinics this user manages and who they are.
    pub fn manager() -> Result<(AppState, ClinicScope, Actor), AppError> {
        let state = app_state()?;
        let actor = require(Role::Manager)?;
        Ok((state, actor.scope(Role::Manager), actor))
    }

    /// Checks a service's card as typed, adding its faults to `errors` (which may hold the
    /// form's others already); `active` is the card's switch (a new service is active).
    pub fn check_card(
        card: crate::model::forms::ServiceCardFields,
        active: bool,
        mut errors: crate::error::FieldErrors,
    ) -> Result<crate::server::repos::manage::ServiceEdit, AppError> {
        use priyom::{Money, PolicyError, ServiceRules, ServiceRulesRaw};
        let t = crate::initial_lang().manage();
        let name = card.name.trim().to_string();
        let name_en = card.name_en.trim().to_string();
        for (field, value) in [("name", &name), ("name_en", &name_en)] {
            if value.is_empty() || value.chars().count() > 120 {
                errors.add(field, t.name_error);
            }
        }
        let price = errors.check("price", Money::parse(&card.price), |_| t.price_error.into());
        let rules = ServiceRules::new(ServiceRulesRaw {
            duration_min: number(&card.duration_min),
            buffer_before_min: number(&card.buffer_before_min),
            buffer_after_min: number(&card.buffer_after_min),
            needs_room: card.needs_room.is_some(),
        });
        let rules = match rules {
            Ok(rules) => Some(rules),
            Err(e) => {
                let field = match e {
                    PolicyError::BufferBefore(_) => "buffer_before_min",
                    PolicyError::BufferAfter(_) => "buffer_after_min",
                    _ => "duration_min",
                };
                errors.add(field, (t.rules_error)(field));
                None
            }
        };
        errors.finish()?;
        let (Some(price), Some(rules)) = (price, rules) else {
            return Err(AppError::internal("field errors not reported"));
        };
        Ok(crate::server::repos::manage::ServiceEdit {
            name,
            name_en,
            price,
            rules,
            active,
        })
    }

    /// A whole number as typed; anything else counts as out of range (the same message).
    pub fn number(text: &str) -> i64 {
        text.trim().parse::<i64>().unwrap_or(-1)
    }

    /// Booking rules as typed: step, notice, horizon, change window; every bad one named.
    pub fn policy(
        [step, notice, horizon, cancel]: [&str; 4],
        requires_confirmation: bool,
    ) -> Result<priyom::BookingPolicy, AppError> {
        use priyom::{BookingPolicy, BookingPolicyRaw, PolicyError};
        let t = crate::initial_lang().clinics_admin();
        let raw = BookingPolicyRaw {
            step_min: number(step),
            min_notice_min: number(notice),
            horizon_days: number(horizon),
            cancel_notice_min: number(cancel),
            requires_confirmation,
        };
        let field = |e: &PolicyError| match e {
            PolicyError::Step(_) => "step_min",
            PolicyError::MinNotice(_) => "min_notice_min",
            PolicyError::Horizon(_) => "horizon_days",
            _ => "cancel_notice_min",
        };
        BookingPolicy::new_all(raw).map_err(|bad| {
            AppError::from_fields(bad.iter().map(|e| (field(e), field(e))), t.policy_error)
        })
    }

    pub fn service_error(e: crate::server::repos::manage::ServiceWriteError) -> AppError {
        use crate::server::repos::manage::{ServiceFault, ServiceWriteError};
        let t = crate::initial_lang().service_setup();
        match e {
            ServiceWriteError::NotFound => AppError::NotFound,
            ServiceWriteError::Shared => AppError::Invalid(t.shared.into()),
            ServiceWriteError::Field(field, fault) => AppError::one_field(
                field,
                match fault {
                    ServiceFault::NoCategory => t.no_category,
                    ServiceFault::NoClinic => t.no_clinic,
                    ServiceFault::NoSlug => t.no_slug,
                    ServiceFault::NotTheirs => t.not_theirs,
                },
            ),
            ServiceWriteError::Db(e) => e.into(),
        }
    }

    pub fn room_error(e: crate::server::repos::manage_clinics::RoomError) -> AppError {
        use crate::server::repos::manage_clinics::RoomError;
        match e {
            RoomError::NotFound => AppError::NotFound,
            RoomError::Duplicate => {
                AppError::one_field("name", crate::initial_lang().clinics_admin().room_duplicate)
            }
            RoomError::Db(e) => e.into(),
        }
    }
}

/// The dashboard of one clinic for a span of dates.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DashboardData {
    pub clinics: Vec<crate::model::front_desk::ClinicChoice>,
    pub clinic: String,
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    /// `(label "01.12", visits)` per date.
    pub per_day: Vec<(String, i64)>,
    pub completed: i64,
    pub no_shows: i64,
    pub cancelled: i64,
    /// "12,5 %" or "—".
    pub no_show_rate: String,
    pub revenue: String,
    /// `(name, per mille booked of working time, booked hours, working hours)`.
    pub occupancy: Vec<(String, i64, String, String)>,
}

/// Figures of a clinic the manager runs: empty `clinic` is the first one; empty dates are
/// the 30 days up to today.
#[server(endpoint = "manage/dashboard", input = server_fn::codec::GetUrl)]
pub async fn dashboard(
    lang: Lang,
    clinic: String,
    from: String,
    to: String,
) -> Result<DashboardData, AppError> {
    use crate::model::front_desk::ClinicChoice;
    use crate::server::repos::{dashboard, front_desk};
    use chrono::{Days, NaiveDate};
    use priyom::{DateSpan, LocalTime};
    crate::api::no_store();
    let (state, scope, _) = ssr::manager()?;
    let clinics = front_desk::clinics(&state.db, lang, &scope).await?;
    let chosen = match clinic.as_str() {
        "" => clinics.first().ok_or(AppError::Forbidden)?,
        slug => clinics
            .iter()
            .find(|c| c.slug == slug)
            .ok_or(AppError::NotFound)?,
    };
    let tz = priyom::parse_tz(&chosen.tz).map_err(AppError::internal)?;
    let today = priyom::local_date(tz, crate::server::now_unix()).ok_or(AppError::Internal)?;
    let bad = || AppError::Invalid(lang.desk().bad_date.into());
    let parse = |text: &str, default: NaiveDate| -> Result<NaiveDate, AppError> {
        if text.is_empty() {
            Ok(default)
        } else {
            text.parse().map_err(|_| bad())
        }
    };
    let to = parse(&to, today)?;
    let from = parse(&from, to.checked_sub_days(Days::new(29)).unwrap_or(to))?;
    let span = DateSpan::new(from, to).map_err(|_| bad())?;
    if span.dates().count() > 366 {
        return Err(bad());
    }
    let midnight = LocalTime::from_minutes(0).unwrap_or_default();
    let lo = priyom::local_bound_to_utc(tz, from, midnight).ok_or(AppError::Internal)?;
    let hi = priyom::local_bound_to_utc(tz, to.succ_opt().unwrap_or(to), midnight)
        .ok_or(AppError::Internal)?;
    let id = priyom::ClinicId::new(chosen.id);
    let (stats, names) = dashboard::clinic_period(&state.db, id, tz, &span, (lo, hi)).await?;
    let hours = |minutes: i64| format!("{},{}", minutes / 60, (minutes % 60) * 10 / 60);
    let mut occupancy: Vec<(String, i64, String, String)> = stats
        .occupancy
        .iter()
        .filter(|(_, (booked, working))| *booked > 0 || *working > 0)
        .map(|(id, (booked, working))| {
            let permille = if *working > 0 {
                booked * 1000 / working
            } else {
                0
            };
            let name = names.get(id).cloned().unwrap_or_default();
            (name, permille, hours(*booked), hours(*working))
        })
        .collect();
    occupancy.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(DashboardData {
        clinics: clinics
            .iter()
            .map(|c| ClinicChoice {
                slug: c.slug.clone(),
                name: c.name.clone(),
            })
            .collect(),
        clinic: chosen.slug.clone(),
        from,
        to,
        per_day: stats
            .per_day
            .iter()
            .map(|(d, n)| (d.format("%d.%m").to_string(), *n))
            .collect(),
        completed: stats.completed,
        no_shows: stats.no_shows,
        cancelled: stats.cancelled,
        no_show_rate: stats
            .no_show_permille
            .map_or_else(|| "—".into(), |p| format!("{},{} %", p / 10, p % 10)),
        revenue: crate::format::price_label(stats.revenue_kopecks),
        occupancy,
    })
}

/// A category or clinic to choose from: `(id, name, depth)` for categories.
pub type Choice = (i64, String, usize);

/// What the "new service" form offers: categories (as a tree) and the manager's clinics.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NewChoices {
    pub categories: Vec<Choice>,
    pub clinics: Vec<Choice>,
}

/// Categories as an indented tree for a select.
#[cfg(feature = "ssr")]
async fn category_choices(db: &crate::server::db::Db, lang: Lang) -> Result<Vec<Choice>, AppError> {
    use crate::api::manage_catalog::{tree_order, CategoryForm};
    let rows = crate::server::repos::manage_catalog::categories(db).await?;
    let flat = rows
        .into_iter()
        .map(|c| CategoryForm {
            id: c.id,
            slug: c.slug,
            parent: c.parent,
            // A hidden section stays choosable (a service must keep its section) but says so.
            name: match c.active {
                true => lang.pick(&c.name, &c.name_en).to_string(),
                false => format!(
                    "{} ({})",
                    lang.pick(&c.name, &c.name_en),
                    lang.catalog_admin().hidden_badge
                ),
            },
            name_en: c.name_en,
            sort_order: c.sort_order,
            active: c.active,
            services: c.services,
            depth: 0,
        })
        .collect();
    Ok(tree_order(flat)
        .into_iter()
        .map(|c| (c.id, c.name, c.depth))
        .collect())
}

#[server(endpoint = "manage/service-choices", input = server_fn::codec::GetUrl)]
pub async fn service_choices(lang: Lang) -> Result<NewChoices, AppError> {
    use crate::server::repos::front_desk;
    crate::api::no_store();
    let (state, scope, _) = ssr::manager()?;
    let categories = category_choices(&state.db, lang).await?;
    let clinics = front_desk::clinics(&state.db, lang, &scope).await?;
    Ok(NewChoices {
        categories,
        clinics: clinics.into_iter().map(|c| (c.id, c.name, 0)).collect(),
    })
}

/// Adds a service at one of the manager's clinics (more clinics on its setup page).
#[server(endpoint = "manage/service-new")]
pub async fn create_service(
    csrf: String,
    category: String,
    clinic: String,
    #[server(flatten)] card: crate::model::forms::ServiceCardFields,
) -> Result<(), AppError> {
    use crate::error::FieldErrors;
    use crate::server::repos::manage::{self, NewService};
    crate::server::auth::csrf::verify(&csrf)?;
    let t = crate::initial_lang().service_setup();
    let (state, _, by) = ssr::manager()?;
    let mut errors = FieldErrors::default();
    let category = errors.check("category", category.trim().parse::<i64>(), |_| {
        t.no_category.into()
    });
    let clinic = errors.check("clinic", clinic.trim().parse::<i64>(), |_| {
        t.no_clinic.into()
    });
    let edit = ssr::check_card(card, true, errors)?;
    let (Some(category), Some(clinic)) = (category, clinic) else {
        return Err(AppError::internal("field errors not reported"));
    };
    let new = NewService {
        edit,
        category,
        clinics: vec![clinic],
    };
    let id = manage::create_service(&state.db, &by, &new)
        .await
        .map_err(|e| match ssr::service_error(e) {
            // The form names the one clinic it sends "clinic".
            AppError::Fields(mut f) => {
                f.iter_mut()
                    .filter(|e| e.field == "clinics")
                    .for_each(|e| e.field = "clinic".into());
                AppError::Fields(f)
            }
            other => other,
        })?;
    leptos_axum::redirect(&format!("/manage/services/{id}?created=1"));
    Ok(())
}

/// A service's setup page: category, clinics, specialists' prices, booking rules per clinic.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ServiceSetupData {
    pub id: i64,
    pub name: String,
    pub price: String,
    pub category: i64,
    pub categories: Vec<Choice>,
    /// `(id, name, offers it)`.
    pub clinics: Vec<(i64, String, bool)>,
    /// `(id, name, own price as typed or empty)`.
    pub specialists: Vec<(i64, String, String)>,
    /// `(clinic id, clinic name, has own rules, the rules shown)`.
    pub policies: Vec<(i64, String, bool, priyom::BookingPolicyRaw)>,
}

/// Roubles as the forms show them: "2500" or "2500,50".
pub fn roubles(kopecks: i64) -> String {
    let (roubles, kopecks) = (kopecks / 100, kopecks % 100);
    if kopecks == 0 {
        roubles.to_string()
    } else {
        format!("{roubles},{kopecks:02}")
    }
}

#[server(endpoint = "manage/service-setup", input = server_fn::codec::GetUrl)]
pub async fn service_setup(lang: Lang, id: i64) -> Result<ServiceSetupData, AppError> {
    use crate::server::repos::manage;
    crate::api::no_store();
    let (state, scope, _) = ssr::manager()?;
    let setup = manage::service_setup(&state.db, lang, &scope, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(ServiceSetupData {
        id: setup.id,
        name: setup.name,
        price: roubles(setup.price_kopecks),
        category: setup.category,
        categories: category_choices(&state.db, lang).await?,
        clinics: setup.clinics,
        specialists: setup
            .specialists
            .into_iter()
            .map(|(id, name, price)| (id, name, price.map(roubles).unwrap_or_default()))
            .collect(),
        policies: setup
            .policies
            .into_iter()
            .map(|p| {
                (
                    p.clinic,
                    p.clinic_name,
                    p.own.is_some(),
                    p.own.unwrap_or(p.clinic_rules),
                )
            })
            .collect(),
    })
}

/// Moves a service to another category.
#[server(endpoint = "manage/service-category")]
pub async fn save_service_category(
    csrf: String,
    id: i64,
    category: String,
) -> Result<(), AppError> {
    use crate::server::repos::manage;
    crate::server::auth::csrf::verify(&csrf)?;
    let t = crate::initial_lang().service_setup();
    let (state, _, by) = ssr::manager()?;
    let category = category
        .trim()
        .parse::<i64>()
        .map_err(|_| AppError::one_field("category", t.no_category))?;
    manage::set_category(&state.db, &by, id, category)
        .await
        .map_err(ssr::service_error)?;
    leptos_axum::redirect(&format!("/manage/services/{id}?saved=1"));
    Ok(())
}

/// Offers a service at one of the manager's clinics, or stops offering it there.
#[server(endpoint = "manage/service-clinic")]
pub async fn service_clinic(csrf: String, id: i64, clinic: i64, on: bool) -> Result<(), AppError> {
    use crate::server::repos::manage;
    crate::server::auth::csrf::verify(&csrf)?;
    let (state, _, by) = ssr::manager()?;
    manage::set_clinic(&state.db, &by, id, clinic, on)
        .await
        .map_err(ssr::service_error)?;
    leptos_axum::redirect(&format!("/manage/services/{id}?saved=1#clinics"));
    Ok(())
}

/// A specialist's own price for a service; empty: the service's price.
#[server(endpoint = "manage/service-price")]
pub async fn save_specialist_price(
    csrf: String,
    id: i64,
    specialist: i64,
    price: String,
) -> Result<(), AppError> {
    use crate::server::repos::manage;
    crate::server::auth::csrf::verify(&csrf)?;
    let t = crate::initial_lang().manage();
    let (state, _, by) = ssr::manager()?;
    let price = match price.trim() {
        "" => None,
        text => Some(
            priyom::Money::parse(text).map_err(|_| AppError::one_field("price", t.price_error))?,
        ),
    };
    use crate::server::repos::manage_specialists::Reach;
    match manage::save_specialist_price(&state.db, &by, id, specialist, price).await? {
        Reach::Own => {}
        Reach::Shared => {
            let t = crate::initial_lang().specialists_admin();
            return Err(AppError::Invalid(t.shared_specialist.into()));
        }
        Reach::Outside => return Err(AppError::NotFound),
    }
    leptos_axum::redirect(&format!("/manage/services/{id}?saved=1#specialists"));
    Ok(())
}

/// The service's own booking rules at a clinic (`own` unticked: the clinic's rules again).
#[server(endpoint = "manage/service-policy")]
pub async fn save_service_policy(
    csrf: String,
    id: i64,
    clinic: i64,
    own: Option<String>,
    step_min: String,
    min_notice_min: String,
    horizon_days: String,
    cancel_notice_min: String,
    requires_confirmation: Option<String>,
) -> Result<(), AppError> {
    use crate::server::repos::manage;
    crate::server::auth::csrf::verify(&csrf)?;
    let (state, _, by) = ssr::manager()?;
    let policy = match own {
        Some(_) => Some(ssr::policy(
            [
                &step_min,
                &min_notice_min,
                &horizon_days,
                &cancel_notice_min,
            ],
            requires_confirmation.is_some(),
        )?),
        None => None,
    };
    if !manage::save_service_policy(&state.db, &by, id, clinic, policy.as_ref()).await? {
        return Err(AppError::NotFound);
    }
    leptos_axum::redirect(&format!("/manage/services/{id}?saved=1#rules-{clinic}"));
    Ok(())
}
