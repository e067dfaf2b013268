//! Words of the booking flow, the visit pages and the patient's visits.

use chrono::{Datelike, NaiveDate};
use priyom::{AppointmentStatus, BookingError, ChangeDenied};

pub struct BookingTexts {
    pub title: &'static str,
    pub lead: &'static str,
    pub step_service: &'static str,
    pub step_clinic: &'static str,
    pub step_specialist: &'static str,
    pub step_date: &'static str,
    pub step_time: &'static str,
    pub step_confirm: &'static str,
    pub change: &'static str,
    pub any_specialist: &'static str,
    pub any_specialist_detail: &'static str,
    pub no_clinics: &'static str,
    pub no_specialists: &'static str,
    pub prev_month: &'static str,
    pub next_month: &'static str,
    pub month_name: fn(u32) -> &'static str,
    pub weekday_short: [&'static str; 7],
    pub day_free: &'static str,
    pub day_busy: &'static str,
    pub calendar_hint: &'static str,
    pub no_free_days: &'static str,
    pub pick_day: &'static str,
    pub no_times: &'static str,
    pub morning: &'static str,
    pub afternoon: &'static str,
    pub evening: &'static str,
    pub with_specialist: &'static str,
    pub summary_service: &'static str,
    pub summary_specialist: &'static str,
    pub summary_clinic: &'static str,
    pub summary_when: &'static str,
    pub summary_price: &'static str,
    pub guest_lead: &'static str,
    pub signin_instead: &'static str,
    pub confirm_button: &'static str,
    pub booking_now: &'static str,
    pub taken_now: &'static str,
    pub slot_gone: &'static str,
    pub form_expired: &'static str,
    pub guest_limit: &'static str,
    pub booked_title: &'static str,
    pub booked_lead_confirmed: &'static str,
    pub booked_lead_scheduled: &'static str,
    pub add_to_calendar: &'static str,
    pub preparation: &'static str,
    pub my_visits: &'static str,
    pub to_my_visits: &'static str,
    pub book_another: &'static str,
    pub upcoming: &'static str,
    pub past: &'static str,
    pub no_upcoming: &'static str,
    pub no_past: &'static str,
    pub cancel: &'static str,
    pub cancel_reason: &'static str,
    pub cancel_reason_hint: &'static str,
    pub cancel_confirm: &'static str,
    pub cancelled_note: &'static str,
    pub reschedule: &'static str,
    pub reschedule_title: &'static str,
    pub reschedule_lead: &'static str,
    pub moved_note: &'static str,
    pub reason_too_long: &'static str,
    pub call_clinic: &'static str,
    long_date: fn(NaiveDate) -> String,
    /// Picks the Russian arm of the status and reason texts.
    ru: bool,
}

impl BookingTexts {
    /// "среда, 25 ноября 2026, 10:30" / "Wednesday, 25 November 2026, 10:30".
    pub fn long_date_time(&self, date: NaiveDate, time: &str) -> String {
        format!("{}, {time}", (self.long_date)(date))
    }

    pub fn long_date(&self, date: NaiveDate) -> String {
        (self.long_date)(date)
    }

    /// "Ноябрь 2026".
    pub fn month_title(&self, year: i32, month: u32) -> String {
        format!("{} {year}", (self.month_name)(month))
    }

    pub fn status(&self, status: AppointmentStatus) -> &'static str {
        use AppointmentStatus::*;
        let ru = self.ru;
        match (status, ru) {
            (Scheduled, true) => "ждёт подтверждения",
            (Confirmed, true) => "подтверждён",
            (Completed, true) => "состоялся",
            (Cancelled, true) => "отменён",
            (NoShow, true) => "неявка",
            (Scheduled, false) => "awaiting confirmation",
            (Confirmed, false) => "confirmed",
            (Completed, false) => "completed",
            (Cancelled, false) => "cancelled",
            (NoShow, false) => "no-show",
        }
    }

    /// Why the engine refused a time, for the patient.
    pub fn refused(&self, reason: BookingError) -> &'static str {
        use BookingError::*;
        let ru = self.ru;
        match (reason, ru) {
            (InPast, true) => "Это время уже прошло. Выберите другое.",
            (TooSoon, true) => "До этого времени осталось слишком мало: онлайн так близко записаться нельзя. Выберите время позже или позвоните в клинику.",
            (BeyondHorizon, true) => "На эту дату запись ещё не открыта.",
            (DayOff | OutsideWorkingHours, true) => "В это время специалист не принимает. Выберите другое время.",
            (Taken | RoomBusy | NoRoomAvailable, true) => "Это время уже занято. Выберите другое.",
            (NotAligned | OutOfRange, true) => "Такого времени нет в расписании. Выберите время из списка.",
            (InPast, false) => "This time has passed. Please choose another.",
            (TooSoon, false) => "This time is too soon to book online. Choose a later time or call the clinic.",
            (BeyondHorizon, false) => "Booking for this date is not open yet.",
            (DayOff | OutsideWorkingHours, false) => "The specialist does not see patients at this time. Please choose another.",
            (Taken | RoomBusy | NoRoomAvailable, false) => "This time is already taken. Please choose another.",
            (NotAligned | OutOfRange, false) => "This time is not in the schedule. Please pick one from the list.",
        }
    }

    /// Why a visit can no longer be cancelled or moved online.
    pub fn denied(&self, reason: ChangeDenied) -> &'static str {
        use ChangeDenied::*;
        let ru = self.ru;
        match (reason, ru) {
            (AlreadyCancelled, true) => "Визит уже отменён.",
            (AlreadyCompleted, true) => "Визит уже состоялся.",
            (NoShow, true) => "Визит отмечен как неявка.",
            (AlreadyStarted, true) => "Визит уже начался.",
            (InsideCancelWindow { .. }, true) => "До визита осталось слишком мало времени, чтобы изменить его онлайн. Позвоните в клинику.",
            (AlreadyCancelled, false) => "The visit is already cancelled.",
            (AlreadyCompleted, false) => "The visit has already taken place.",
            (NoShow, false) => "The visit was marked as a no-show.",
            (AlreadyStarted, false) => "The visit has already started.",
            (InsideCancelWindow { .. }, false) => "It is too close to the visit to change it online. Please call the clinic.",
        }
    }
}

const RU_MONTHS: [&str; 12] = [
    "Январь",
    "Февраль",
    "Март",
    "Апрель",
    "Май",
    "Июнь",
    "Июль",
    "Август",
    "Сентябрь",
    "Октябрь",
    "Ноябрь",
    "Декабрь",
];
const RU_MONTHS_GENITIVE: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const RU_WEEKDAYS: [&str; 7] = [
    "понедельник",
    "вторник",
    "среда",
    "четверг",
    "пятница",
    "суббота",
    "воскресенье",
];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const EN_WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn pick(names: &'static [&'static str], index: u32) -> &'static str {
    names.get(index as usize).copied().unwrap_or("")
}

fn ru_long_date(d: NaiveDate) -> String {
    format!(
        "{}, {} {} {}",
        pick(&RU_WEEKDAYS, d.weekday().num_days_from_monday()),
        d.day(),
        pick(&RU_MONTHS_GENITIVE, d.month0()),
        d.year()
    )
}

fn en_long_date(d: NaiveDate) -> String {
    format!(
        "{}, {} {} {}",
        pick(&EN_WEEKDAYS, d.weekday().num_days_from_monday()),
        d.day(),
        pick(&EN_MONTHS, d.month0()),
        d.year()
    )
}

pub static RU: BookingTexts = BookingTexts {
    title: "Запись на приём",
    lead: "Выберите услугу, клинику, специалиста и удобное время. Это займёт меньше минуты.",
    step_service: "Услуга",
    step_clinic: "Клиника",
    step_specialist: "Специалист",
    step_date: "День",
    step_time: "Время",
    step_confirm: "Подтверждение",
    change: "Изменить",
    any_specialist: "Любой свободный специалист",
    any_specialist_detail: "Покажем время всех, кто оказывает услугу",
    no_clinics: "Сейчас эту услугу не оказывает ни одна клиника.",
    no_specialists: "В этой клинике сейчас нет специалистов для этой услуги.",
    prev_month: "← Предыдущий месяц",
    next_month: "Следующий месяц →",
    month_name: |m| pick(&RU_MONTHS, m.saturating_sub(1)),
    weekday_short: ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"],
    day_free: "есть время",
    day_busy: "нет времени",
    calendar_hint:
        "Дни со свободным временем выделены. Стрелки переходят между днями, Enter выбирает день.",
    no_free_days: "В этом месяце свободного времени нет. Посмотрите следующий месяц.",
    pick_day: "Выберите день в календаре, чтобы увидеть время.",
    no_times: "На этот день свободного времени не осталось. Выберите другой день.",
    morning: "Утро",
    afternoon: "День",
    evening: "Вечер",
    with_specialist: "специалист",
    summary_service: "Услуга",
    summary_specialist: "Специалист",
    summary_clinic: "Клиника",
    summary_when: "Когда",
    summary_price: "Стоимость",
    guest_lead: "Оставьте имя и телефон: по ним клиника свяжется с вами, если что-то изменится.",
    signin_instead: "Уже есть аккаунт? Войдите",
    confirm_button: "Записаться",
    booking_now: "Записываем…",
    taken_now: "Это время только что заняли. Выберите другое — ниже свежее расписание.",
    slot_gone: "Это время уже недоступно. Выберите другое.",
    form_expired: "Форма устарела. Выберите время ещё раз.",
    guest_limit: "На этот номер уже записано несколько предстоящих визитов. Войдите в кабинет или позвоните в клинику, чтобы записаться ещё.",
    booked_title: "Вы записаны",
    booked_lead_confirmed: "Визит подтверждён. Ждём вас!",
    booked_lead_scheduled: "Заявка принята. Клиника подтвердит визит и сообщит вам.",
    add_to_calendar: "Добавить в календарь (.ics)",
    preparation: "Как подготовиться",
    my_visits: "Мои визиты",
    to_my_visits: "Перейти к моим визитам",
    book_another: "Записаться ещё",
    upcoming: "Предстоящие",
    past: "Прошедшие и отменённые",
    no_upcoming: "Предстоящих визитов нет.",
    no_past: "Здесь появятся прошедшие визиты.",
    cancel: "Отменить визит",
    cancel_reason: "Причина отмены",
    cancel_reason_hint: "Необязательно. Поможет клинике стать удобнее.",
    cancel_confirm: "Отменить визит",
    cancelled_note: "Визит отменён.",
    reschedule: "Перенести",
    reschedule_title: "Перенос визита",
    reschedule_lead: "Выберите новое время. Старое освободится, только когда новое будет за вами.",
    moved_note: "Визит перенесён.",
    reason_too_long: "Причина должна быть короче 500 символов.",
    call_clinic: "Позвонить в клинику",
    long_date: ru_long_date,
    ru: true,
};

pub static EN: BookingTexts = BookingTexts {
    title: "Book a visit",
    lead:
        "Choose a service, clinic, specialist and a time that suits you. It takes under a minute.",
    step_service: "Service",
    step_clinic: "Clinic",
    step_specialist: "Specialist",
    step_date: "Day",
    step_time: "Time",
    step_confirm: "Confirmation",
    change: "Change",
    any_specialist: "Any available specialist",
    any_specialist_detail: "Shows the times of everyone offering the service",
    no_clinics: "No clinic offers this service at the moment.",
    no_specialists: "No specialist offers this service at this clinic at the moment.",
    prev_month: "← Previous month",
    next_month: "Next month →",
    month_name: |m| pick(&EN_MONTHS, m.saturating_sub(1)),
    weekday_short: ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"],
    day_free: "free time",
    day_busy: "fully booked",
    calendar_hint: "Days with free time stand out. Arrow keys move between days, Enter picks one.",
    no_free_days: "No free time this month. Try the next month.",
    pick_day: "Pick a day in the calendar to see the times.",
    no_times: "No free time is left on this day. Please pick another day.",
    morning: "Morning",
    afternoon: "Afternoon",
    evening: "Evening",
    with_specialist: "specialist",
    summary_service: "Service",
    summary_specialist: "Specialist",
    summary_clinic: "Clinic",
    summary_when: "When",
    summary_price: "Price",
    guest_lead: "Leave your name and phone so the clinic can reach you if anything changes.",
    signin_instead: "Have an account? Sign in",
    confirm_button: "Book",
    booking_now: "Booking…",
    taken_now:
        "Someone has just taken this time. Please choose another: the schedule below is fresh.",
    slot_gone: "This time is no longer available. Please choose another.",
    form_expired: "This form has expired. Please choose the time again.",
    guest_limit: "This phone number already has several upcoming visits. Sign in or call the clinic to book more.",
    booked_title: "You are booked",
    booked_lead_confirmed: "Your visit is confirmed. See you soon!",
    booked_lead_scheduled: "Request received. The clinic will confirm the visit and let you know.",
    add_to_calendar: "Add to calendar (.ics)",
    preparation: "How to prepare",
    my_visits: "My visits",
    to_my_visits: "Go to my visits",
    book_another: "Book another visit",
    upcoming: "Upcoming",
    past: "Past and cancelled",
    no_upcoming: "No upcoming visits.",
    no_past: "Past visits will appear here.",
    cancel: "Cancel visit",
    cancel_reason: "Reason for cancelling",
    cancel_reason_hint: "Optional. It helps the clinic improve.",
    cancel_confirm: "Cancel visit",
    cancelled_note: "The visit is cancelled.",
    reschedule: "Reschedule",
    reschedule_title: "Reschedule the visit",
    reschedule_lead: "Choose a new time. The old one is released only once the new one is yours.",
    moved_note: "The visit has been moved.",
    reason_too_long: "The reason must be under 500 characters.",
    call_clinic: "Call the clinic",
    long_date: en_long_date,
    ru: false,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_dates_in_both_languages() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
        assert_eq!(
            RU.long_date_time(d, "10:30"),
            "среда, 25 ноября 2026, 10:30"
        );
        assert_eq!(
            EN.long_date_time(d, "10:30"),
            "Wednesday, 25 November 2026, 10:30"
        );
        assert_eq!(RU.month_title(2026, 11), "Ноябрь 2026");
    }
}
