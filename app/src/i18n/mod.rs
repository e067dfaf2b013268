//! Russian first, English second. Every UI string lives in a `Texts` table; a missing
//! translation is a compile error because both tables fill the same struct.

pub mod admin;
pub mod api_keys;
pub mod auth;
pub mod booking;
pub mod catalog;
pub mod desk;
pub mod front_desk;
pub mod manage;
pub mod notify;
pub mod reviews;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Hash)]
pub enum Lang {
    #[default]
    Ru,
    En,
}

/// Name of the cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "lang";

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim() {
            "ru" => Some(Lang::Ru),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Reads the language from a `Cookie` header value; Russian when absent or unknown.
    pub fn from_cookie_header(header: &str) -> Lang {
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == LANG_COOKIE)
            .and_then(|(_, value)| Lang::parse(value))
            .unwrap_or_default()
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Ru => &RU,
            Lang::En => &EN,
        }
    }

    /// Words of the admin pages.
    pub fn api_keys(self) -> &'static api_keys::ApiKeysTexts {
        match self {
            Lang::Ru => &api_keys::RU,
            Lang::En => &api_keys::EN,
        }
    }

    pub fn admin(self) -> &'static admin::AdminTexts {
        match self {
            Lang::Ru => &admin::RU,
            Lang::En => &admin::EN,
        }
    }

    /// Words of the account pages.
    pub fn auth(self) -> &'static auth::AuthTexts {
        match self {
            Lang::Ru => &auth::RU,
            Lang::En => &auth::EN,
        }
    }

    /// Words of the specialist's desk.
    /// Words of messages, the bell and notification settings.
    pub fn notices(self) -> &'static notify::NoticeTexts {
        match self {
            Lang::Ru => &notify::RU,
            Lang::En => &notify::EN,
        }
    }

    /// Words of the management pages.
    pub fn manage(self) -> &'static manage::ManageTexts {
        match self {
            Lang::Ru => &manage::RU,
            Lang::En => &manage::EN,
        }
    }

    /// Words of the clinics' management page.
    pub fn clinics_admin(self) -> &'static manage::ClinicTexts {
        match self {
            Lang::Ru => &manage::CLINICS_RU,
            Lang::En => &manage::CLINICS_EN,
        }
    }

    /// Words of the catalog page.
    pub fn catalog_admin(self) -> &'static catalog::CatalogTexts {
        match self {
            Lang::Ru => &catalog::RU,
            Lang::En => &catalog::EN,
        }
    }

    /// Words of a service's setup page and the new-service form.
    pub fn service_setup(self) -> &'static catalog::ServiceSetupTexts {
        match self {
            Lang::Ru => &catalog::SETUP_RU,
            Lang::En => &catalog::SETUP_EN,
        }
    }

    /// Words of the specialists' management page.
    pub fn specialists_admin(self) -> &'static manage::SpecialistTexts {
        match self {
            Lang::Ru => &manage::SPECIALISTS_RU,
            Lang::En => &manage::SPECIALISTS_EN,
        }
    }

    /// Words of the content page editor.
    pub fn content_editor(self) -> &'static manage::ContentTexts {
        match self {
            Lang::Ru => &manage::CONTENT_RU,
            Lang::En => &manage::CONTENT_EN,
        }
    }

    /// Words of the dashboard.
    pub fn dashboard(self) -> &'static manage::DashboardTexts {
        match self {
            Lang::Ru => &manage::DASH_RU,
            Lang::En => &manage::DASH_EN,
        }
    }

    /// Words of the front desk.
    pub fn front_desk(self) -> &'static front_desk::FrontDeskTexts {
        match self {
            Lang::Ru => &front_desk::RU,
            Lang::En => &front_desk::EN,
        }
    }

    /// Words of reviews and their moderation.
    pub fn reviews(self) -> &'static reviews::ReviewTexts {
        match self {
            Lang::Ru => &reviews::RU,
            Lang::En => &reviews::EN,
        }
    }

    pub fn desk(self) -> &'static desk::DeskTexts {
        match self {
            Lang::Ru => &desk::RU,
            Lang::En => &desk::EN,
        }
    }

    /// Words of the booking flow and the visit pages.
    pub fn booking(self) -> &'static booking::BookingTexts {
        match self {
            Lang::Ru => &booking::RU,
            Lang::En => &booking::EN,
        }
    }

    /// Picks the localised variant of a catalog field stored in both languages.
    pub fn pick<'a>(self, ru: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::En if !en.is_empty() => en,
            _ => ru,
        }
    }
}

pub struct Texts {
    pub site_name: &'static str,
    pub tagline: &'static str,
    pub skip_to_content: &'static str,
    pub nav_main: &'static str,
    pub nav_home: &'static str,
    pub nav_specialists: &'static str,
    pub nav_clinics: &'static str,
    pub nav_specializations: &'static str,
    pub book_cta: &'static str,
    pub switch_lang_label: &'static str,
    pub other_lang_name: &'static str,
    pub hero_title: &'static str,
    pub hero_lead: &'static str,
    pub clinics_heading: &'static str,
    pub specializations_heading: &'static str,
    pub specialists_heading: &'static str,
    pub specialists_count: fn(i64) -> String,
    pub years_of_practice: fn(i64) -> String,
    pub reviews_count: fn(i64) -> String,
    pub no_reviews_yet: &'static str,
    pub map_link: &'static str,
    pub loading: &'static str,
    pub empty_clinics: &'static str,
    pub footer_note: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub back_home: &'static str,
    pub error_title: &'static str,
    pub error_internal: &'static str,
    pub error_network: &'static str,
    pub error_not_found: &'static str,
    pub error_conflict: &'static str,
    pub error_unauthorized: &'static str,
    pub error_forbidden: &'static str,
    pub error_rate_limited: fn(u64) -> String,
    pub home_title: &'static str,
    pub home_description: &'static str,
    pub nav_services: &'static str,
    pub nav_about: &'static str,
    pub nav_privacy: &'static str,
    pub nav_contacts: &'static str,
    pub footer_links: &'static str,
    pub specialists_title: &'static str,
    pub specialists_description: &'static str,
    pub filter_legend: &'static str,
    pub filter_specialization: &'static str,
    pub filter_clinic: &'static str,
    pub filter_service: &'static str,
    pub filter_any: &'static str,
    pub filter_apply: &'static str,
    pub filter_reset: &'static str,
    pub found_count: fn(i64) -> String,
    pub no_specialists_found: &'static str,
    pub pagination_label: &'static str,
    pub prev_page: &'static str,
    pub next_page: &'static str,
    pub page_of: fn(u32, u32) -> String,
    pub profile_about: &'static str,
    pub profile_education: &'static str,
    pub profile_certificates: &'static str,
    pub profile_services: &'static str,
    pub profile_reviews: &'static str,
    pub profile_clinics: &'static str,
    pub verified_visit: &'static str,
    pub minutes: fn(i64) -> String,
    pub book_by_phone: &'static str,
    pub book_online: &'static str,
    pub clinic_hours: &'static str,
    pub clinic_contacts: &'static str,
    pub clinic_specialists: &'static str,
    pub closed: &'static str,
    pub local_time_note: fn(&str) -> String,
    pub weekday: fn(i64) -> &'static str,
    pub services_title: &'static str,
    pub services_description: &'static str,
    pub preparation: &'static str,
    pub price_from: &'static str,
    pub rating_of_five: fn(&str) -> String,
    pub view_profile: &'static str,
}

/// Russian plural form: 1 специалист, 2 специалиста, 5 специалистов.
pub fn ru_plural(n: i64, one: &str, few: &str, many: &str) -> String {
    let n_abs = n.unsigned_abs();
    let form = match (n_abs % 10, n_abs % 100) {
        (1, m) if m != 11 => one,
        (2..=4, m) if !(12..=14).contains(&m) => few,
        _ => many,
    };
    format!("{n} {form}")
}

fn en_plural(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub static RU: Texts = Texts {
    site_name: "Приём",
    tagline: "Запись к массажистам, физиотерапевтам и врачам",
    skip_to_content: "Перейти к содержимому",
    nav_main: "Основная навигация",
    nav_home: "Главная",
    nav_specialists: "Специалисты",
    nav_clinics: "Клиники",
    nav_specializations: "Направления",
    book_cta: "Записаться",
    switch_lang_label: "Switch to English",
    other_lang_name: "English",
    hero_title: "Запишитесь на приём за минуту",
    hero_lead: "Массаж, физиотерапия, ортопедия, неврология и остеопатия. Выберите специалиста и удобное время — без звонков и ожидания на линии.",
    clinics_heading: "Наши клиники",
    specializations_heading: "Направления",
    specialists_heading: "Специалисты",
    specialists_count: |n| ru_plural(n, "специалист", "специалиста", "специалистов"),
    years_of_practice: |n| format!("стаж {}", ru_plural(n, "год", "года", "лет")),
    reviews_count: |n| ru_plural(n, "отзыв", "отзыва", "отзывов"),
    no_reviews_yet: "Отзывов пока нет",
    map_link: "На карте",
    loading: "Загрузка…",
    empty_clinics: "Клиники скоро появятся. Загляните позже или позвоните нам.",
    footer_note: "Мы обрабатываем персональные данные в соответствии с 152-ФЗ.",
    not_found_title: "Страница не найдена",
    not_found_text: "Такой страницы нет. Возможно, ссылка устарела или в адресе опечатка.",
    back_home: "На главную",
    error_title: "Что-то пошло не так",
    error_internal: "На сервере произошла ошибка. Попробуйте ещё раз через минуту.",
    error_network: "Нет связи с сервером. Проверьте интернет и попробуйте ещё раз.",
    error_not_found: "Не нашли то, что вы искали.",
    error_conflict: "Кто-то успел раньше: данные изменились. Обновите страницу.",
    error_unauthorized: "Войдите, чтобы продолжить.",
    error_forbidden: "У вас нет доступа к этой странице.",
    error_rate_limited: |s| format!("Слишком много попыток. Попробуйте через {} мин.", s.div_ceil(60).max(1)),
    home_title: "Приём — запись к массажисту, физиотерапевту и врачу",
    home_description: "Онлайн-запись в клиники «Приём» в Москве и Санкт-Петербурге: массаж, физиотерапия, ортопедия, неврология, остеопатия.",
    nav_services: "Услуги и цены",
    nav_about: "О нас",
    nav_privacy: "Политика обработки персональных данных",
    nav_contacts: "Контакты",
    footer_links: "Информация",
    specialists_title: "Специалисты — массаж, физиотерапия, врачи | Приём",
    specialists_description: "Массажисты, физиотерапевты, ортопеды, неврологи и остеопаты клиник «Приём»: опыт, отзывы, цены.",
    filter_legend: "Подобрать специалиста",
    filter_specialization: "Направление",
    filter_clinic: "Клиника",
    filter_service: "Услуга",
    filter_any: "Любое",
    filter_apply: "Показать",
    filter_reset: "Сбросить",
    found_count: |n| format!("Найдено: {}", ru_plural(n, "специалист", "специалиста", "специалистов")),
    no_specialists_found: "Никого не нашли. Попробуйте убрать часть фильтров.",
    pagination_label: "Страницы",
    prev_page: "← Назад",
    next_page: "Дальше →",
    page_of: |p, n| format!("Страница {p} из {n}"),
    profile_about: "О специалисте",
    profile_education: "Образование",
    profile_certificates: "Сертификаты",
    profile_services: "Услуги и цены",
    profile_reviews: "Отзывы",
    profile_clinics: "Где принимает",
    verified_visit: "Подтверждённый визит",
    minutes: |m| format!("{m}\u{a0}мин"),
    book_by_phone: "Записаться по телефону",
    book_online: "Записаться",
    clinic_hours: "Часы работы",
    clinic_contacts: "Контакты",
    clinic_specialists: "Специалисты клиники",
    closed: "выходной",
    local_time_note: |tz| format!("Время местное ({tz})."),
    weekday: |d| ["Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье"].get(d as usize).copied().unwrap_or(""),
    services_title: "Услуги и цены | Приём",
    services_description: "Массаж, физиотерапия, приёмы врачей и остеопатия: цены, длительность и как подготовиться.",
    preparation: "Подготовка",
    price_from: "от",
    rating_of_five: |r| format!("Рейтинг {r} из 5"),
    view_profile: "Подробнее",
};

pub static EN: Texts = Texts {
    site_name: "Priyom",
    tagline: "Book massage therapists, physiotherapists and doctors",
    skip_to_content: "Skip to content",
    nav_main: "Main navigation",
    nav_home: "Home",
    nav_specialists: "Specialists",
    nav_clinics: "Clinics",
    nav_specializations: "Specialities",
    book_cta: "Book a visit",
    switch_lang_label: "Переключить на русский",
    other_lang_name: "Русский",
    hero_title: "Book a visit in a minute",
    hero_lead: "Massage, physiotherapy, orthopaedics, neurology and osteopathy. Pick a specialist and a time that suits you — no calls, no waiting on the line.",
    clinics_heading: "Our clinics",
    specializations_heading: "Specialities",
    specialists_heading: "Specialists",
    specialists_count: |n| en_plural(n, "specialist", "specialists"),
    years_of_practice: |n| format!("{} in practice", en_plural(n, "year", "years")),
    reviews_count: |n| en_plural(n, "review", "reviews"),
    no_reviews_yet: "No reviews yet",
    map_link: "Map",
    loading: "Loading…",
    empty_clinics: "Clinics are coming soon. Please check back later or call us.",
    footer_note: "We process personal data in line with Russian Federal Law 152-FZ.",
    not_found_title: "Page not found",
    not_found_text: "There is no such page. The link may be out of date, or the address may have a typo.",
    back_home: "Back to home",
    error_title: "Something went wrong",
    error_internal: "The server ran into an error. Please try again in a minute.",
    error_network: "Cannot reach the server. Check your connection and try again.",
    error_not_found: "We could not find what you were looking for.",
    error_conflict: "Someone got there first: the data has changed. Please reload.",
    error_unauthorized: "Please sign in to continue.",
    error_forbidden: "You do not have access to this page.",
    error_rate_limited: |s| format!("Too many attempts. Try again in {} min.", s.div_ceil(60).max(1)),
    home_title: "Priyom — book a massage therapist, physiotherapist or doctor",
    home_description: "Online booking at Priyom clinics in Moscow and Saint Petersburg: massage, physiotherapy, orthopaedics, neurology, osteopathy.",
    nav_services: "Services and prices",
    nav_about: "About us",
    nav_privacy: "Personal data policy",
    nav_contacts: "Contacts",
    footer_links: "Information",
    specialists_title: "Specialists — massage, physiotherapy, doctors | Priyom",
    specialists_description: "Massage therapists, physiotherapists, orthopaedists, neurologists and osteopaths at Priyom clinics: experience, reviews, prices.",
    filter_legend: "Find a specialist",
    filter_specialization: "Speciality",
    filter_clinic: "Clinic",
    filter_service: "Service",
    filter_any: "Any",
    filter_apply: "Show",
    filter_reset: "Reset",
    found_count: |n| format!("Found: {}", en_plural(n, "specialist", "specialists")),
    no_specialists_found: "Nobody matches. Try removing some filters.",
    pagination_label: "Pages",
    prev_page: "← Previous",
    next_page: "Next →",
    page_of: |p, n| format!("Page {p} of {n}"),
    profile_about: "About",
    profile_education: "Education",
    profile_certificates: "Certificates",
    profile_services: "Services and prices",
    profile_reviews: "Reviews",
    profile_clinics: "Sees patients at",
    verified_visit: "Verified visit",
    minutes: |m| format!("{m}\u{a0}min"),
    book_by_phone: "Book by phone",
    book_online: "Book",
    clinic_hours: "Opening hours",
    clinic_contacts: "Contacts",
    clinic_specialists: "Specialists at this clinic",
    closed: "closed",
    local_time_note: |tz| format!("Local time ({tz})."),
    weekday: |d| ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"].get(d as usize).copied().unwrap_or(""),
    services_title: "Services and prices | Priyom",
    services_description: "Massage, physiotherapy, doctors' consultations and osteopathy: prices, durations and how to prepare.",
    preparation: "Preparation",
    price_from: "from",
    rating_of_five: |r| format!("Rated {r} out of 5"),
    view_profile: "View profile",
};

impl Texts {
    /// The user-facing message for an error, in this language.
    pub fn error_message(&self, error: &crate::error::AppError) -> String {
        use crate::error::AppError as E;
        match error {
            E::Invalid(msg) => msg.clone(),
            E::Fields(errors) => errors
                .iter()
                .map(|e| e.message.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            E::NotFound => self.error_not_found.into(),
            E::Conflict => self.error_conflict.into(),
            E::Unauthorized => self.error_unauthorized.into(),
            E::Forbidden => self.error_forbidden.into(),
            E::RateLimited { retry_after_s } => (self.error_rate_limited)(*retry_after_s),
            E::Internal => self.error_internal.into(),
            E::Network => self.error_network.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_plurals() {
        let f = |n| ru_plural(n, "год", "года", "лет");
        assert_eq!(f(1), "1 год");
        assert_eq!(f(3), "3 года");
        assert_eq!(f(5), "5 лет");
        assert_eq!(f(11), "11 лет");
        assert_eq!(f(12), "12 лет");
        assert_eq!(f(21), "21 год");
        assert_eq!(f(22), "22 года");
        assert_eq!(f(111), "111 лет");
    }

    #[test]
    fn lang_cookie_parsing() {
        assert_eq!(Lang::from_cookie_header("a=b; lang=en; c=d"), Lang::En);
        assert_eq!(Lang::from_cookie_header("lang=fr"), Lang::Ru);
        assert_eq!(Lang::from_cookie_header(""), Lang::Ru);
        assert_eq!(Lang::from_cookie_header("xlang=en"), Lang::Ru);
    }

    #[test]
    fn pick_falls_back_to_russian() {
        assert_eq!(Lang::En.pick("Массаж", ""), "Массаж");
        assert_eq!(Lang::En.pick("Массаж", "Massage"), "Massage");
        assert_eq!(Lang::Ru.pick("Массаж", "Massage"), "Массаж");
    }
}
