//! Demo data: two clinics, rooms, ten specialists, twenty services in a category tree, weekly
//! hours with breaks, days off, past and future visits, published reviews, content pages and
//! one account per role. Loaded in one transaction, and only into an empty database.

use crate::server::db::Db;
use chrono::{Datelike, Duration, NaiveDate, TimeZone};
use chrono_tz::Tz;
use sqlx::{Any, Transaction};

mod scale;
pub use scale::{bench_slots, seed_scale, BenchSlot, ScaleCounts};

/// The password of every demo account (printed at start-up; demo data only).
pub const DEMO_PASSWORD: &str = "priyom-demo-2026";

/// The demo accounts, one per role: (role, phone, email, name).
pub const DEMO_ACCOUNTS: [(&str, &str, &str, &str); 5] = [
    (
        "patient",
        "+79000000001",
        "patient@priyom.demo",
        "Ирина Павловна Белова",
    ),
    (
        "specialist",
        "+79000000002",
        "specialist@priyom.demo",
        "Анна Сергеевна Королёва",
    ),
    (
        "operator",
        "+79000000003",
        "operator@priyom.demo",
        "Светлана Олеговна Егорова",
    ),
    (
        "manager",
        "+79000000004",
        "manager@priyom.demo",
        "Виктор Ильич Орлов",
    ),
    (
        "admin",
        "+79000000005",
        "admin@priyom.demo",
        "Павел Андреевич Зайцев",
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("the database already has data; demo data is only loaded into an empty database")]
    NotEmpty,
    #[error("database error while loading demo data: {0}")]
    Db(#[from] sqlx::Error),
    #[error("cannot hash the demo password: {0}")]
    Hash(String),
}

/// Loads demo data when the database has no clinics yet. Returns whether it did.
pub async fn seed_if_empty(db: &Db, now: i64) -> Result<bool, SeedError> {
    match seed(db, now).await {
        Ok(()) => Ok(true),
        Err(SeedError::NotEmpty) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Loads demo data into an empty database, or fails with `NotEmpty` and changes nothing.
pub async fn seed(db: &Db, now: i64) -> Result<(), SeedError> {
    let password_hash = hash_demo_password().await?;
    let mut tx = db.begin_write().await?;
    let clinics: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM clinics")
        .fetch_one(&mut *tx)
        .await?;
    if clinics > 0 {
        return Err(SeedError::NotEmpty);
    }
    Seeder {
        tx: &mut tx,
        now,
        password_hash,
    }
    .run()
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn hash_demo_password() -> Result<String, SeedError> {
    crate::server::password::hash(DEMO_PASSWORD.to_string())
        .await
        .map_err(|e| SeedError::Hash(e.to_string()))
}

struct ClinicSeed {
    slug: &'static str,
    name: &'static str,
    name_en: &'static str,
    address: &'static str,
    address_en: &'static str,
    phone: &'static str,
    email: &'static str,
    lat: f64,
    lon: f64,
    rooms: &'static [&'static str],
    requires_confirmation: bool,
}

const CLINICS: [ClinicSeed; 2] = [
    ClinicSeed {
        slug: "moskva-chistye-prudy",
        name: "Приём на Чистых прудах",
        name_en: "Priyom Chistye Prudy",
        address: "Москва, Чистопрудный бульвар, 12, корп. 2",
        address_en: "12 Chistoprudny Blvd, bldg 2, Moscow",
        phone: "+74951234567",
        email: "moscow@priyom.demo",
        lat: 55.761_24,
        lon: 37.646_98,
        rooms: &["Кабинет 1", "Кабинет 2", "Зал ЛФК"],
        requires_confirmation: false,
    },
    ClinicSeed {
        slug: "spb-petrogradskaya",
        name: "Приём на Петроградской",
        name_en: "Priyom Petrogradskaya",
        address: "Санкт-Петербург, Большой проспект П. С., 45",
        address_en: "45 Bolshoy Prospekt P.S., Saint Petersburg",
        phone: "+78121234567",
        email: "spb@priyom.demo",
        lat: 59.964_02,
        lon: 30.308_07,
        rooms: &["Кабинет 1", "Кабинет 2"],
        requires_confirmation: true,
    },
];

/// (slug, name, name_en, description, description_en, icon)
const SPECIALIZATIONS: [(&str, &str, &str, &str, &str, &str); 5] = [
    (
        "massage",
        "Массаж",
        "Massage",
        "Классический, лечебный и спортивный массаж: снимает напряжение и боль в спине и шее.",
        "Classic, therapeutic and sports massage that eases back and neck tension and pain.",
        "hands",
    ),
    (
        "physiotherapy",
        "Физиотерапия",
        "Physiotherapy",
        "Аппаратное лечение и ЛФК для восстановления после травм и операций.",
        "Device-based treatment and exercise therapy for recovery after injuries and surgery.",
        "pulse",
    ),
    (
        "orthopaedics",
        "Ортопедия",
        "Orthopaedics",
        "Диагностика и лечение болезней суставов, позвоночника и стоп.",
        "Diagnosis and treatment of joints, spine and feet.",
        "bone",
    ),
    (
        "neurology",
        "Неврология",
        "Neurology",
        "Головные боли, боли в спине, онемение и нарушения сна.",
        "Headaches, back pain, numbness and sleep problems.",
        "brain",
    ),
    (
        "osteopathy",
        "Остеопатия",
        "Osteopathy",
        "Мягкие мануальные техники для работы с телом как с единым целым.",
        "Gentle manual techniques that treat the body as a whole.",
        "spine",
    ),
];

struct SpecialistSeed {
    slug: &'static str,
    name: &'static str,
    phone: &'static str,
    title: &'static str,
    title_en: &'static str,
    specializations: &'static [&'static str],
    clinics: &'static [usize],
    since: i64,
    bio: &'static str,
    bio_en: &'static str,
    education: &'static str,
    certificates: &'static str,
}

const SPECIALISTS: [SpecialistSeed; 10] = [
    SpecialistSeed { slug: "anna-koroleva", name: "Анна Сергеевна Королёва", phone: "+79000000002",
        title: "Массажист", title_en: "Massage therapist", specializations: &["massage"], clinics: &[0], since: 2012,
        bio: "Работает с болью в спине и шее у офисных сотрудников. Подбирает технику под каждого пациента и объясняет, как сохранить результат.",
        bio_en: "Works with back and neck pain in office workers. Tailors the technique to each patient and explains how to keep the result.",
        education: "Первый МГМУ им. И. М. Сеченова, медицинский массаж (2012)", certificates: "Лечебный массаж, 2019\nМиофасциальный релиз, 2022" },
    SpecialistSeed { slug: "dmitry-volkov", name: "Дмитрий Андреевич Волков", phone: "+79000000102",
        title: "Массажист-реабилитолог", title_en: "Rehabilitation massage therapist", specializations: &["massage", "physiotherapy"], clinics: &[0, 1], since: 2009,
        bio: "Восстанавливает спортсменов после травм. Принимает в Москве в начале недели и в Петербурге в конце.",
        bio_en: "Helps athletes recover from injuries. Sees patients in Moscow early in the week and in Saint Petersburg later.",
        education: "РГУФКСМиТ, спортивная медицина (2009)", certificates: "Спортивный массаж, 2016\nКинезиотейпирование, 2020" },
    SpecialistSeed { slug: "elena-smirnova", name: "Елена Викторовна Смирнова", phone: "+79000000103",
        title: "Врач-физиотерапевт", title_en: "Physiotherapist (MD)", specializations: &["physiotherapy"], clinics: &[0], since: 2006,
        bio: "Назначает и проводит аппаратную физиотерапию, ведёт пациентов после эндопротезирования.",
        bio_en: "Prescribes and delivers device-based physiotherapy; follows patients after joint replacement.",
        education: "РНИМУ им. Н. И. Пирогова (2004), ординатура по физиотерапии (2006)", certificates: "Физиотерапия, 2021" },
    SpecialistSeed { slug: "igor-lebedev", name: "Игорь Николаевич Лебедев", phone: "+79000000104",
        title: "Врач — травматолог-ортопед", title_en: "Orthopaedic surgeon", specializations: &["orthopaedics"], clinics: &[0], since: 2004,
        bio: "Лечит артроз, плоскостопие и последствия спортивных травм без лишних назначений.",
        bio_en: "Treats arthrosis, flat feet and sports injuries without unnecessary prescriptions.",
        education: "МГМСУ им. А. И. Евдокимова (2002), ординатура по травматологии и ортопедии (2004)", certificates: "Травматология и ортопедия, 2020\nУЗИ суставов, 2018" },
    SpecialistSeed { slug: "maria-novikova", name: "Мария Александровна Новикова", phone: "+79000000105",
        title: "Врач-невролог", title_en: "Neurologist", specializations: &["neurology"], clinics: &[0], since: 2014,
        bio: "Помогает при головной боли напряжения, мигрени и болях в спине.",
        bio_en: "Helps with tension headaches, migraine and back pain.",
        education: "Первый МГМУ им. И. М. Сеченова (2012), ординатура по неврологии (2014)", certificates: "Неврология, 2019\nЛечение головной боли, 2023" },
    SpecialistSeed { slug: "sergey-morozov", name: "Сергей Павлович Морозов", phone: "+79000000106",
        title: "Врач-остеопат", title_en: "Osteopathic physician", specializations: &["osteopathy"], clinics: &[1], since: 2010,
        bio: "Мягкие остеопатические техники для взрослых и детей.",
        bio_en: "Gentle osteopathic techniques for adults and children.",
        education: "СЗГМУ им. И. И. Мечникова (2008), остеопатия (2010)", certificates: "Остеопатия, 2022" },
    SpecialistSeed { slug: "olga-pavlova", name: "Ольга Игоревна Павлова", phone: "+79000000107",
        title: "Массажист", title_en: "Massage therapist", specializations: &["massage"], clinics: &[1], since: 2016,
        bio: "Классический и лимфодренажный массаж, детский массаж с года.",
        bio_en: "Classic and lymphatic drainage massage; children's massage from age one.",
        education: "Медицинский колледж № 1 Санкт-Петербурга (2016)", certificates: "Детский массаж, 2021" },
    SpecialistSeed { slug: "alexey-sokolov", name: "Алексей Дмитриевич Соколов", phone: "+79000000108",
        title: "Инструктор ЛФК, физиотерапевт", title_en: "Exercise therapist", specializations: &["physiotherapy"], clinics: &[1], since: 2013,
        bio: "Составляет программы ЛФК при грыжах и сколиозе, учит заниматься дома безопасно.",
        bio_en: "Builds exercise programmes for disc herniation and scoliosis and teaches safe home practice.",
        education: "НГУ им. П. Ф. Лесгафта (2013)", certificates: "Лечебная физкультура, 2020" },
    SpecialistSeed { slug: "tatiana-fedorova", name: "Татьяна Юрьевна Фёдорова", phone: "+79000000109",
        title: "Врач-невролог", title_en: "Neurologist", specializations: &["neurology"], clinics: &[1], since: 2008,
        bio: "Ведёт пациентов с хронической болью и нарушениями сна.",
        bio_en: "Cares for patients with chronic pain and sleep disorders.",
        education: "ПСПбГМУ им. И. П. Павлова (2006), ординатура по неврологии (2008)", certificates: "Неврология, 2021" },
    SpecialistSeed { slug: "nikolay-kuznetsov", name: "Николай Евгеньевич Кузнецов", phone: "+79000000110",
        title: "Ортопед, остеопат", title_en: "Orthopaedist and osteopath", specializations: &["orthopaedics", "osteopathy"], clinics: &[1], since: 2001,
        bio: "Совмещает ортопедическую диагностику и остеопатическое лечение.",
        bio_en: "Combines orthopaedic diagnosis with osteopathic treatment.",
        education: "ВМедА им. С. М. Кирова (1999), ординатура по ортопедии (2001)", certificates: "Травматология и ортопедия, 2019\nОстеопатия, 2021" },
];

/// (slug, parent slug, name, name_en, order)
const CATEGORIES: [(&str, Option<&str>, &str, &str, i64); 8] = [
    ("massage", None, "Массаж", "Massage", 1),
    (
        "massage-classic",
        Some("massage"),
        "Классический массаж",
        "Classic massage",
        1,
    ),
    (
        "massage-therapeutic",
        Some("massage"),
        "Лечебный массаж",
        "Therapeutic massage",
        2,
    ),
    ("physio", None, "Физиотерапия", "Physiotherapy", 2),
    (
        "physio-devices",
        Some("physio"),
        "Аппаратная физиотерапия",
        "Device physiotherapy",
        1,
    ),
    (
        "physio-exercise",
        Some("physio"),
        "ЛФК",
        "Exercise therapy",
        2,
    ),
    (
        "consultations",
        None,
        "Приём врача",
        "Doctor's consultations",
        3,
    ),
    ("osteopathy", None, "Остеопатия", "Osteopathy", 4),
];

struct ServiceSeed {
    slug: &'static str,
    category: &'static str,
    name: &'static str,
    name_en: &'static str,
    minutes: i64,
    before: i64,
    after: i64,
    roubles: i64,
    needs_room: bool,
    specialization: &'static str,
    preparation: &'static str,
    preparation_en: &'static str,
}

const fn svc(
    slug: &'static str,
    category: &'static str,
    (name, name_en): (&'static str, &'static str),
    (minutes, before, after, roubles): (i64, i64, i64, i64),
    needs_room: bool,
    specialization: &'static str,
    (preparation, preparation_en): (&'static str, &'static str),
) -> ServiceSeed {
    ServiceSeed {
        slug,
        category,
        name,
        name_en,
        minutes,
        before,
        after,
        roubles,
        needs_room,
        specialization,
        preparation,
        preparation_en,
    }
}

const NO_PREP: (&str, &str) = ("", "");
const MASSAGE_PREP: (&str, &str) = (
    "Не ешьте плотно за 1,5 часа до сеанса. Возьмите с собой полотенце, если хотите своё.",
    "Avoid a heavy meal 1.5 hours before the session. Bring your own towel if you prefer.",
);
const DOCTOR_PREP: (&str, &str) = (
    "Возьмите паспорт и результаты прошлых обследований (снимки, МРТ, выписки).",
    "Bring your passport and any previous results (X-rays, MRI, discharge notes).",
);

const SERVICES: [ServiceSeed; 20] = [
    svc(
        "massage-back",
        "massage-classic",
        ("Классический массаж спины", "Classic back massage"),
        (40, 0, 10, 2_500),
        false,
        "massage",
        MASSAGE_PREP,
    ),
    svc(
        "massage-full",
        "massage-classic",
        ("Общий классический массаж", "Full-body classic massage"),
        (90, 0, 15, 5_000),
        false,
        "massage",
        MASSAGE_PREP,
    ),
    svc(
        "massage-neck",
        "massage-classic",
        (
            "Массаж шейно-воротниковой зоны",
            "Neck and shoulder massage",
        ),
        (30, 0, 10, 1_800),
        false,
        "massage",
        MASSAGE_PREP,
    ),
    svc(
        "massage-lymph",
        "massage-classic",
        ("Лимфодренажный массаж", "Lymphatic drainage massage"),
        (60, 0, 15, 3_800),
        false,
        "massage",
        MASSAGE_PREP,
    ),
    svc(
        "massage-osteochondrosis",
        "massage-therapeutic",
        (
            "Лечебный массаж при остеохондрозе",
            "Therapeutic massage for osteochondrosis",
        ),
        (45, 0, 10, 3_200),
        false,
        "massage",
        MASSAGE_PREP,
    ),
    svc(
        "massage-sport",
        "massage-therapeutic",
        ("Спортивный массаж", "Sports massage"),
        (60, 0, 10, 4_000),
        false,
        "massage",
        MASSAGE_PREP,
    ),
    svc(
        "massage-kids",
        "massage-therapeutic",
        ("Детский массаж", "Children's massage"),
        (30, 0, 10, 2_000),
        false,
        "massage",
        (
            "Приходите за 10 минут: ребёнку нужно привыкнуть. Возьмите пелёнку.",
            "Come 10 minutes early so the child can settle in. Bring a blanket.",
        ),
    ),
    svc(
        "physio-magnet",
        "physio-devices",
        ("Магнитотерапия", "Magnetic therapy"),
        (20, 5, 5, 1_200),
        true,
        "physiotherapy",
        NO_PREP,
    ),
    svc(
        "physio-ultrasound",
        "physio-devices",
        ("Ультразвуковая терапия", "Ultrasound therapy"),
        (15, 5, 5, 1_100),
        true,
        "physiotherapy",
        NO_PREP,
    ),
    svc(
        "physio-electrophoresis",
        "physio-devices",
        ("Электрофорез", "Electrophoresis"),
        (20, 5, 5, 1_000),
        true,
        "physiotherapy",
        (
            "Возьмите назначение врача с названием препарата.",
            "Bring your doctor's prescription naming the drug.",
        ),
    ),
    svc(
        "physio-shockwave",
        "physio-devices",
        ("Ударно-волновая терапия", "Shockwave therapy"),
        (30, 5, 10, 3_000),
        true,
        "physiotherapy",
        NO_PREP,
    ),
    svc(
        "exercise-individual",
        "physio-exercise",
        (
            "Индивидуальное занятие ЛФК",
            "Individual exercise therapy session",
        ),
        (45, 0, 15, 2_700),
        true,
        "physiotherapy",
        (
            "Удобная спортивная одежда и сменная обувь.",
            "Comfortable sportswear and indoor shoes.",
        ),
    ),
    svc(
        "kinesio-taping",
        "physio-exercise",
        ("Кинезиотейпирование", "Kinesio taping"),
        (30, 0, 10, 1_500),
        false,
        "physiotherapy",
        (
            "Не наносите крем на кожу в день процедуры.",
            "Do not apply lotion to the skin on the day of the session.",
        ),
    ),
    svc(
        "ortho-first",
        "consultations",
        (
            "Приём врача-ортопеда, первичный",
            "Orthopaedic consultation, first visit",
        ),
        (30, 0, 10, 3_000),
        false,
        "orthopaedics",
        DOCTOR_PREP,
    ),
    svc(
        "ortho-repeat",
        "consultations",
        (
            "Приём врача-ортопеда, повторный",
            "Orthopaedic consultation, follow-up",
        ),
        (20, 0, 10, 2_200),
        false,
        "orthopaedics",
        DOCTOR_PREP,
    ),
    svc(
        "neuro-first",
        "consultations",
        (
            "Приём врача-невролога, первичный",
            "Neurology consultation, first visit",
        ),
        (40, 0, 10, 3_300),
        false,
        "neurology",
        DOCTOR_PREP,
    ),
    svc(
        "neuro-repeat",
        "consultations",
        (
            "Приём врача-невролога, повторный",
            "Neurology consultation, follow-up",
        ),
        (30, 0, 10, 2_500),
        false,
        "neurology",
        DOCTOR_PREP,
    ),
    svc(
        "neuro-block",
        "consultations",
        ("Лечебная блокада", "Therapeutic nerve block"),
        (20, 10, 10, 2_500),
        false,
        "neurology",
        (
            "Поешьте за 1–2 часа до процедуры. Сообщите врачу об аллергии на анестетики.",
            "Eat 1–2 hours before. Tell the doctor about any allergy to anaesthetics.",
        ),
    ),
    svc(
        "osteo-first",
        "osteopathy",
        ("Первичный приём остеопата", "First osteopathy session"),
        (60, 0, 15, 5_500),
        false,
        "osteopathy",
        (
            "Удобная одежда из мягкой ткани; возьмите снимки, если есть.",
            "Wear soft, comfortable clothes; bring any scans you have.",
        ),
    ),
    svc(
        "osteo-session",
        "osteopathy",
        ("Остеопатический сеанс", "Osteopathy session"),
        (45, 0, 15, 4_500),
        false,
        "osteopathy",
        (
            "Удобная одежда из мягкой ткани.",
            "Wear soft, comfortable clothes.",
        ),
    ),
];

/// Patients who appear in past and future demo visits: (name, phone).
const PATIENTS: [(&str, &str); 8] = [
    ("Ирина Павловна Белова", "+79000000001"),
    ("Константин Юрьевич Григорьев", "+79161110001"),
    ("Людмила Петровна Ковалёва", "+79161110002"),
    ("Артём Сергеевич Никитин", "+79161110003"),
    ("Екатерина Андреевна Соловьёва", "+79161110004"),
    ("Михаил Олегович Васильев", "+79161110005"),
    ("Наталья Ивановна Степанова", "+79161110006"),
    ("Григорий Львович Яковлев", "+79161110007"),
];

const REVIEW_TEXTS: [(i64, &str); 6] = [
    (
        5,
        "Очень внимательный специалист, всё объяснил и помог. Боль ушла после второго визита.",
    ),
    (
        5,
        "Записалась онлайн за минуту, приняли точно по времени. Рекомендую!",
    ),
    (4, "Хороший приём, но пришлось немного подождать в холле."),
    (5, "Профессионал своего дела, приду ещё."),
    (4, "Понравился подход: без лишних назначений, по делу."),
    (5, "Спасибо! После курса сплю гораздо лучше."),
];

const PAGES: [(&str, &str, &str, &str, &str); 6] = [
    ("about", "ru", "О нас", "«Приём» — сеть небольших клиник в Москве и Санкт-Петербурге. Мы помогаем людям без боли двигаться, работать и спать.\n\nНаши специалисты — массажисты, физиотерапевты, ортопеды, неврологи и остеопаты с опытом от 7 лет.", "О клиниках «Приём»"),
    ("about", "en", "About us", "Priyom is a small network of clinics in Moscow and Saint Petersburg. We help people move, work and sleep without pain.\n\nOur specialists are massage therapists, physiotherapists, orthopaedists, neurologists and osteopaths with at least 7 years of practice.", "About Priyom clinics"),
    ("privacy", "ru", "Политика обработки персональных данных", "Мы обрабатываем персональные данные в соответствии с Федеральным законом № 152-ФЗ «О персональных данных».\n\n## Какие данные мы собираем\nИмя, телефон, адрес электронной почты и сведения о записи на приём.\n\n## Зачем\nЧтобы записать вас на приём, напомнить о визите и связаться при изменениях.\n\n## Ваши права\nВы можете получить свои данные, исправить их или отозвать согласие, написав нам.", "Как «Приём» обрабатывает персональные данные"),
    ("privacy", "en", "Personal data policy", "We process personal data in line with Russian Federal Law No. 152-FZ “On Personal Data”.\n\n## What we collect\nName, phone, email address and the details of your bookings.\n\n## Why\nTo book your visit, remind you of it and contact you about changes.\n\n## Your rights\nYou may obtain, correct or withdraw consent for your data by writing to us.", "How Priyom processes personal data"),
    ("contacts", "ru", "Контакты", "Москва: +7 495 123-45-67, Чистопрудный бульвар, 12, корп. 2.\n\nСанкт-Петербург: +7 812 123-45-67, Большой проспект П. С., 45.", "Адреса и телефоны клиник «Приём»"),
    ("contacts", "en", "Contacts", "Moscow: +7 495 123-45-67, 12 Chistoprudny Blvd, bldg 2.\n\nSaint Petersburg: +7 812 123-45-67, 45 Bolshoy Prospekt P.S.", "Addresses and phone numbers of Priyom clinics"),
];

struct Seeder<'t> {
    tx: &'t mut Transaction<'static, Any>,
    now: i64,
    password_hash: String,
}

/// Ids created while seeding, to wire relations.
#[derive(Default)]
struct Ids {
    clinics: Vec<i64>,
    rooms: Vec<Vec<i64>>,
    specializations: Vec<(&'static str, i64)>,
    specialists: Vec<i64>,
    categories: Vec<(&'static str, i64)>,
    services: Vec<i64>,
    patients: Vec<i64>,
}

fn lookup(pairs: &[(&'static str, i64)], key: &str) -> i64 {
    pairs
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, id)| *id)
        .unwrap_or_default()
}

impl Seeder<'_> {
    async fn run(mut self) -> Result<(), sqlx::Error> {
        let mut ids = Ids::default();
        self.clinics(&mut ids).await?;
        self.catalog(&mut ids).await?;
        self.specialists(&mut ids).await?;
        self.services(&mut ids).await?;
        self.accounts(&mut ids).await?;
        self.appointments_and_reviews(&ids).await?;
        self.pages().await
    }

    async fn id(
        &mut self,
        query: sqlx::query::QueryScalar<'_, Any, i64, sqlx::any::AnyArguments>,
    ) -> Result<i64, sqlx::Error> {
        query.fetch_one(&mut **self.tx).await
    }

    async fn exec(
        &mut self,
        query: sqlx::query::Query<'_, Any, sqlx::any::AnyArguments>,
    ) -> Result<(), sqlx::Error> {
        query.execute(&mut **self.tx).await.map(|_| ())
    }

    async fn clinics(&mut self, ids: &mut Ids) -> Result<(), sqlx::Error> {
        for c in &CLINICS {
            let clinic = self
                .id(sqlx::query_scalar(
                    "INSERT INTO clinics (slug, name, name_en, address, address_en, phone, email, tz, lat, lon, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, 'Europe/Moscow', $8, $9, $10) RETURNING id",
                )
                .bind(c.slug).bind(c.name).bind(c.name_en).bind(c.address).bind(c.address_en)
                .bind(c.phone).bind(c.email).bind(c.lat).bind(c.lon).bind(self.now))
                .await?;
            for weekday in 0..7i64 {
                // i64 like every other writer of this statement: PostgreSQL caches it per
                // connection with the first caller's parameter types.
                let (open, close): (i64, i64) = if weekday < 5 {
                    (8 * 60, 21 * 60)
                } else {
                    (10 * 60, 18 * 60)
                };
                self.exec(sqlx::query("INSERT INTO clinic_hours (clinic_id, weekday, open_min, close_min) VALUES ($1, $2, $3, $4)")
                    .bind(clinic).bind(weekday).bind(open).bind(close)).await?;
            }
            let mut rooms = Vec::new();
            for room in c.rooms {
                rooms.push(
                    self.id(sqlx::query_scalar(
                        "INSERT INTO rooms (clinic_id, name) VALUES ($1, $2) RETURNING id",
                    )
                    .bind(clinic)
                    .bind(*room))
                        .await?,
                );
            }
            // Policy: 30-minute grid, 2 h notice, 60 days ahead, cancel up to 12 h before.
            self.exec(sqlx::query(
                "INSERT INTO booking_policies (clinic_id, step_min, min_notice_min, horizon_days, cancel_notice_min, requires_confirmation) \
                 VALUES ($1, 30, 120, 60, 720, $2)")
                .bind(clinic).bind(i64::from(c.requires_confirmation))).await?;
            ids.clinics.push(clinic);
            ids.rooms.push(rooms);
        }
        Ok(())
    }

    async fn catalog(&mut self, ids: &mut Ids) -> Result<(), sqlx::Error> {
        for (slug, name, name_en, description, description_en, icon) in SPECIALIZATIONS {
            let id = self.id(sqlx::query_scalar(
                "INSERT INTO specializations (slug, name, name_en, description, description_en, icon) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
                .bind(slug).bind(name).bind(name_en).bind(description).bind(description_en).bind(icon)).await?;
            ids.specializations.push((slug, id));
        }
        for (slug, parent, name, name_en, order) in CATEGORIES {
            let parent_id = parent.map(|p| lookup(&ids.categories, p));
            let id = self.id(sqlx::query_scalar(
                "INSERT INTO service_categories (parent_id, slug, name, name_en, sort_order) VALUES ($1, $2, $3, $4, $5) RETURNING id")
                .bind(parent_id).bind(slug).bind(name).bind(name_en).bind(order)).await?;
            ids.categories.push((slug, id));
        }
        Ok(())
    }

    async fn user(
        &mut self,
        name: &str,
        phone: &str,
        email: Option<&str>,
        with_password: bool,
    ) -> Result<i64, sqlx::Error> {
        let hash = with_password.then(|| self.password_hash.clone());
        // Demo accounts own their (made-up) phones as if they had proven them.
        let verified = with_password.then_some(self.now);
        self.id(sqlx::query_scalar(
            "INSERT INTO users (phone, email, full_name, password_hash, phone_verified_at, \
                    created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(phone.to_string())
        .bind(email.map(str::to_string))
        .bind(name.to_string())
        .bind(hash)
        .bind(verified)
        .bind(self.now))
            .await
    }

    async fn grant(
        &mut self,
        user: i64,
        role: &str,
        clinic: Option<i64>,
    ) -> Result<(), sqlx::Error> {
        self.exec(sqlx::query("INSERT INTO user_roles (user_id, role, clinic_id, granted_at) VALUES ($1, $2, $3, $4)")
            .bind(user).bind(role.to_string()).bind(clinic).bind(self.now)).await
    }

    async fn specialists(&mut self, ids: &mut Ids) -> Result<(), sqlx::Error> {
        for (index, s) in SPECIALISTS.iter().enumerate() {
            let demo = DEMO_ACCOUNTS.iter().find(|a| a.1 == s.phone);
            let user = self
                .user(s.name, s.phone, demo.map(|a| a.2), demo.is_some())
                .await?;
            self.grant(user, "specialist", None).await?;
            let id = self.id(sqlx::query_scalar(
                "INSERT INTO specialists (user_id, slug, title, title_en, photo_url, bio, bio_en, practice_since, education, certificates) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id")
                .bind(user).bind(s.slug).bind(s.title).bind(s.title_en)
                .bind(format!("/img/specialists/{}.svg", s.slug))
                .bind(s.bio).bind(s.bio_en).bind(s.since).bind(s.education).bind(s.certificates)).await?;
            for slug in s.specializations {
                let z = lookup(&ids.specializations, slug);
                self.exec(sqlx::query("INSERT INTO specialist_specializations (specialist_id, specialization_id) VALUES ($1, $2)")
                    .bind(id).bind(z)).await?;
            }
            for &c in s.clinics {
                self.exec(
                    sqlx::query(
                        "INSERT INTO specialist_clinics (specialist_id, clinic_id) VALUES ($1, $2)",
                    )
                    .bind(id)
                    .bind(ids.clinics[c]),
                )
                .await?;
            }
            self.hours(index, id, s, ids).await?;
            ids.specialists.push(id);
        }
        Ok(())
    }

    /// Weekly hours with a lunch break; the two-city specialist splits the week; a few days off.
    async fn hours(
        &mut self,
        index: usize,
        id: i64,
        s: &SpecialistSeed,
        ids: &Ids,
    ) -> Result<(), sqlx::Error> {
        let late_shift = index % 2 == 1;
        for (n, &c) in s.clinics.iter().enumerate() {
            let days: Vec<i64> = match (s.clinics.len(), n) {
                (2, 0) => vec![0, 1, 2],
                (2, _) => vec![3, 4, 5],
                _ if late_shift => vec![0, 1, 2, 3, 4, 5],
                _ => vec![0, 1, 2, 3, 4],
            };
            for day in days {
                let intervals: [(i64, i64); 2] = if day == 5 {
                    [(10 * 60, 13 * 60), (13 * 60 + 30, 16 * 60)]
                } else if late_shift {
                    [(11 * 60, 15 * 60), (16 * 60, 20 * 60)]
                } else {
                    [(9 * 60, 13 * 60), (14 * 60, 18 * 60)]
                };
                for (start, end) in intervals {
                    self.exec(sqlx::query(
                        "INSERT INTO working_hours (specialist_id, clinic_id, weekday, start_min, end_min) VALUES ($1, $2, $3, $4, $5)")
                        .bind(id).bind(ids.clinics[c]).bind(day).bind(start).bind(end)).await?;
                }
            }
        }
        let today = local_date(self.now);
        if index.is_multiple_of(3) {
            // A long weekend off two weeks ahead.
            let from = today + Duration::days(14 + index as i64);
            self.exec(sqlx::query(
                "INSERT INTO schedule_exceptions (specialist_id, date_from, date_to, kind, note) VALUES ($1, $2, $3, 'day_off', $4)")
                .bind(id).bind(from.to_string()).bind((from + Duration::days(1)).to_string()).bind("Отпуск")).await?;
        }
        if index % 4 == 1 {
            // Shorter replacement hours on one day next week.
            let day = today + Duration::days(8);
            self.exec(sqlx::query(
                "INSERT INTO schedule_exceptions (specialist_id, clinic_id, date_from, date_to, kind, start_min, end_min, note) \
                 VALUES ($1, $2, $3, $3, 'hours', 720, 960, $4)")
                .bind(id).bind(ids.clinics[s.clinics[0]]).bind(day.to_string()).bind("Сокращённый день")).await?;
        }
        Ok(())
    }

    async fn services(&mut self, ids: &mut Ids) -> Result<(), sqlx::Error> {
        for s in &SERVICES {
            let category = lookup(&ids.categories, s.category);
            let id = self.id(sqlx::query_scalar(
                "INSERT INTO services (category_id, slug, name, name_en, duration_min, buffer_before_min, buffer_after_min, \
                                       price_kopecks, preparation, preparation_en, needs_room) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id")
                .bind(category).bind(s.slug).bind(s.name).bind(s.name_en).bind(s.minutes).bind(s.before).bind(s.after)
                .bind(s.roubles * 100).bind(s.preparation).bind(s.preparation_en).bind(i64::from(s.needs_room))).await?;
            let mut clinics = std::collections::BTreeSet::new();
            for (index, sp) in SPECIALISTS.iter().enumerate() {
                if sp.specializations.contains(&s.specialization) {
                    // The most experienced specialists charge a little more.
                    let own_price = (sp.since < 2006).then_some(s.roubles * 110);
                    self.exec(sqlx::query("INSERT INTO service_specialists (service_id, specialist_id, price_kopecks) VALUES ($1, $2, $3)")
                        .bind(id).bind(ids.specialists[index]).bind(own_price)).await?;
                    clinics.extend(sp.clinics.iter().map(|&c| ids.clinics[c]));
                }
            }
            for clinic in clinics {
                self.exec(
                    sqlx::query(
                        "INSERT INTO service_clinics (service_id, clinic_id) VALUES ($1, $2)",
                    )
                    .bind(id)
                    .bind(clinic),
                )
                .await?;
            }
            ids.services.push(id);
        }
        Ok(())
    }

    async fn accounts(&mut self, ids: &mut Ids) -> Result<(), sqlx::Error> {
        for (role, phone, email, name) in DEMO_ACCOUNTS {
            if role == "specialist" {
                continue; // created with the specialist profile
            }
            let user = self.user(name, phone, Some(email), true).await?;
            match role {
                "operator" => self.grant(user, role, Some(ids.clinics[0])).await?,
                "manager" => {
                    for &clinic in &ids.clinics.clone() {
                        self.grant(user, role, Some(clinic)).await?;
                    }
                }
                _ => self.grant(user, role, None).await?,
            }
            if role == "patient" {
                ids.patients.push(user);
                self.consent(user).await?;
            }
        }
        for (name, phone) in PATIENTS.iter().skip(1) {
            let user = self.user(name, phone, None, false).await?;
            self.grant(user, "patient", None).await?;
            self.consent(user).await?;
            ids.patients.push(user);
        }
        Ok(())
    }

    async fn consent(&mut self, user: i64) -> Result<(), sqlx::Error> {
        self.exec(sqlx::query(
            "INSERT INTO consent_records (user_id, kind, text_version_hash, purposes, given_at, ip, user_agent) \
             VALUES ($1, 'personal_data', 'demo-v1', 'booking,reminders', $2, '127.0.0.1', 'demo seed')")
            .bind(user).bind(self.now)).await
    }

    /// Two visits a working day per specialist over three past weeks and two weeks ahead;
    /// rooms are handed out so no two visits share one. Reviews for some completed visits.
    async fn appointments_and_reviews(&mut self, ids: &Ids) -> Result<(), sqlx::Error> {
        let tz: Tz = chrono_tz::Europe::Moscow;
        let today = local_date(self.now);
        let mut room_busy: Vec<(i64, i64, i64)> = Vec::new();
        let mut counter = 0usize;
        let mut reviews: Vec<(usize, i64, i64)> = Vec::new(); // (specialist index, appointment, patient)
        for (index, s) in SPECIALISTS.iter().enumerate() {
            let offered: Vec<usize> = SERVICES
                .iter()
                .enumerate()
                .filter(|(_, svc)| s.specializations.contains(&svc.specialization))
                .map(|(i, _)| i)
                .collect();
            for day_offset in -21i64..=12 {
                // Keep the day with replacement hours free of demo visits.
                if index % 4 == 1 && day_offset == 8 {
                    continue;
                }
                let date = today + Duration::days(day_offset);
                let weekday = date.weekday().num_days_from_monday() as i64;
                let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
                    "SELECT clinic_id, start_min, end_min FROM working_hours \
                     WHERE specialist_id = $1 AND weekday = $2 ORDER BY start_min",
                )
                .bind(ids.specialists[index])
                .bind(weekday)
                .fetch_all(&mut **self.tx)
                .await?;
                for (clinic, start_min, _) in rows {
                    counter += 1;
                    let service_index = offered[counter % offered.len()];
                    let service = &SERVICES[service_index];
                    let local = date.and_hms_opt(0, 0, 0).unwrap_or_default()
                        + Duration::minutes(start_min + 60);
                    let Some(start) = tz
                        .from_local_datetime(&local)
                        .earliest()
                        .map(|t| t.timestamp())
                    else {
                        continue;
                    };
                    let end = start + service.minutes * 60;
                    let (block_start, block_end) =
                        (start - service.before * 60, end + service.after * 60);
                    let clinic_index = ids.clinics.iter().position(|&c| c == clinic).unwrap_or(0);
                    let room = if service.needs_room {
                        let free = ids.rooms[clinic_index].iter().copied().find(|&room| {
                            !room_busy
                                .iter()
                                .any(|&(r, a, b)| r == room && a < block_end && block_start < b)
                        });
                        let Some(room) = free else { continue };
                        room_busy.push((room, block_start, block_end));
                        Some(room)
                    } else {
                        None
                    };
                    let status = demo_status(start, self.now, counter);
                    let patient = ids.patients[counter % ids.patients.len()];
                    let appointment = self.id(sqlx::query_scalar(
                        "INSERT INTO appointments (patient_id, specialist_id, service_id, clinic_id, room_id, start_at, end_at, \
                             block_start, block_end, status, price_kopecks, payment_status, source, cancel_reason, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id")
                        .bind(patient).bind(ids.specialists[index]).bind(ids.services[service_index]).bind(clinic).bind(room)
                        .bind(start).bind(end).bind(block_start).bind(block_end).bind(status)
                        .bind(service.roubles * 100)
                        .bind(if status == "completed" { "paid" } else { "pending" })
                        .bind(if counter.is_multiple_of(3) { "operator" } else { "web" })
                        .bind((status == "cancelled").then_some("Пациент заболел"))
                        .bind(start.min(self.now) - 7 * 86_400)).await?;
                    if status == "completed" && !counter.is_multiple_of(4) {
                        reviews.push((index, appointment, patient));
                    }
                }
            }
        }
        self.reviews(ids, &reviews).await
    }

    async fn reviews(
        &mut self,
        ids: &Ids,
        reviews: &[(usize, i64, i64)],
    ) -> Result<(), sqlx::Error> {
        let mut per_specialist = vec![0usize; SPECIALISTS.len()];
        for (n, &(index, appointment, patient)) in reviews.iter().enumerate() {
            if per_specialist[index] >= 3 {
                continue;
            }
            per_specialist[index] += 1;
            let (rating, text) = REVIEW_TEXTS[n % REVIEW_TEXTS.len()];
            self.exec(sqlx::query(
                "INSERT INTO reviews (patient_id, specialist_id, appointment_id, rating, comment, verified, status, moderated_at, created_at) \
                 VALUES ($1, $2, $3, $4, $5, 1, 'published', $6, $6)")
                .bind(patient).bind(ids.specialists[index]).bind(appointment).bind(rating).bind(text).bind(self.now)).await?;
        }
        // Derived rating: average of published reviews in hundredths, and their count.
        self.exec(sqlx::query(
            "UPDATE specialists SET \
               review_count = (SELECT COUNT(*) FROM reviews r WHERE r.specialist_id = specialists.id AND r.status = 'published'), \
               rating_x100 = COALESCE((SELECT CAST(ROUND(AVG(r.rating) * 100) AS BIGINT) FROM reviews r \
                                       WHERE r.specialist_id = specialists.id AND r.status = 'published'), 0)")).await
    }

    async fn pages(&mut self) -> Result<(), sqlx::Error> {
        for (slug, lang, title, body, seo) in PAGES {
            self.exec(sqlx::query(
                "INSERT INTO content_pages (slug, lang, title, body_md, seo_description, published, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, 1, $6)")
                .bind(slug).bind(lang).bind(title).bind(body).bind(seo).bind(self.now)).await?;
        }
        Ok(())
    }
}

/// Past visits are mostly completed with a few no-shows and cancellations; future ones are
/// scheduled or confirmed.
fn demo_status(start: i64, now: i64, n: usize) -> &'static str {
    match (start < now, n % 9) {
        (true, 0) => "no_show",
        (true, 4) => "cancelled",
        (true, _) => "completed",
        (false, 1 | 5) => "scheduled",
        (false, _) => "confirmed",
    }
}

fn local_date(now: i64) -> NaiveDate {
    chrono_tz::Europe::Moscow
        .timestamp_opt(now, 0)
        .single()
        .map(|t| t.date_naive())
        .unwrap_or_default()
}
