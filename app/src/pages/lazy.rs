//! Lazily loaded routes. With `cargo leptos build --split` each one's code is a separate
//! download, fetched when someone first opens that page (and before it hydrates). Only the
//! patient's main path (home, specialists, profile, booking) is in the bundle every page loads;
//! the back office and the patient's cabinet, sign-in and smaller pages come when needed.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

use super::{
    account::AccountPage,
    admin_api_keys::AdminApiKeysPage,
    admin_audit::AdminAuditPage,
    admin_users::AdminUsersPage,
    auth::{RegisterPage, SignInPage},
    clinic::ClinicPageView,
    content::ContentPageView,
    content_editor::{ContentEditPage, ContentPagesPage},
    front_desk::{DeskBookPage, DeskMovePage, DeskVisitPage, DeskVisitsPage, FrontDeskPage},
    manage::{DashboardPage, ManageServicesPage},
    manage_catalog::ManageCatalogPage,
    manage_clinics::ManageClinicsPage,
    manage_service::ManageServicePage,
    manage_specialists::ManageSpecialistsPage,
    notices::{AdminOutboxPage, NoticesPage},
    password::{ForgotPasswordPage, ResetPasswordPage},
    reviews::{ReviewPage, ReviewQueuePage},
    services::ServicesPage,
    specialist_desk::{DeskHoursPage, DeskSchedulePage},
    specialist_invite::SpecialistInvitePage,
    visits::{BookedPage, MoveVisitPage, MyVisitsPage},
};

/// A route whose view is the page component; each page loads its own data.
macro_rules! lazy_pages {
    ($($route:ident => $page:ident),* $(,)?) => {$(
        #[doc = concat!("[`", stringify!($page), "`], loaded on first use.")]
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }
    )*};
}

// Public pages off the main path, and the patient's cabinet.
lazy_pages! {
    Clinic => ClinicPageView,
    Services => ServicesPage,
    Content => ContentPageView,
    SignIn => SignInPage,
    Register => RegisterPage,
    Account => AccountPage,
    Notices => NoticesPage,
    ForgotPassword => ForgotPasswordPage,
    ResetPassword => ResetPasswordPage,
    SpecialistInvite => SpecialistInvitePage,
    Booked => BookedPage,
    MyVisits => MyVisitsPage,
    MoveVisit => MoveVisitPage,
    Review => ReviewPage,
}

// The back office.
lazy_pages! {
    AdminUsers => AdminUsersPage,
    AdminApiKeys => AdminApiKeysPage,
    AdminOutbox => AdminOutboxPage,
    AdminAudit => AdminAuditPage,
    DeskSchedule => DeskSchedulePage,
    DeskHours => DeskHoursPage,
    ReviewQueue => ReviewQueuePage,
    FrontDesk => FrontDeskPage,
    DeskBook => DeskBookPage,
    DeskVisits => DeskVisitsPage,
    DeskVisit => DeskVisitPage,
    DeskMove => DeskMovePage,
    ManageServices => ManageServicesPage,
    ManageService => ManageServicePage,
    ManageCatalog => ManageCatalogPage,
    Dashboard => DashboardPage,
    ManageClinics => ManageClinicsPage,
    ManageSpecialists => ManageSpecialistsPage,
    ContentPages => ContentPagesPage,
    ContentEdit => ContentEditPage,
}
