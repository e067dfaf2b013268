//! The staff screens as lazily loaded routes. With `cargo leptos build --split` each one's code
//! is a separate download, fetched when a member of staff first opens it (and before that page
//! hydrates), so patients on the public pages never load the back office.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

use super::{
    admin_audit::AdminAuditPage,
    admin_users::AdminUsersPage,
    content_editor::{ContentEditPage, ContentPagesPage},
    desk::{DeskHoursPage, DeskSchedulePage},
    front_desk::{DeskBookPage, DeskMovePage, DeskVisitPage, DeskVisitsPage, FrontDeskPage},
    manage::{DashboardPage, ManageServicesPage},
    manage_catalog::ManageCatalogPage,
    manage_clinics::ManageClinicsPage,
    manage_service::ManageServicePage,
    manage_specialists::ManageSpecialistsPage,
    notices::AdminOutboxPage,
    reviews::ReviewQueuePage,
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

lazy_pages! {
    AdminUsers => AdminUsersPage,
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
