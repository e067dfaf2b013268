//! One module per page.

pub mod account;
pub mod admin_audit;
pub mod admin_users;
pub mod auth;
pub mod booking;
pub mod clinic;
pub mod content;
pub mod content_editor;
pub mod forbidden;
pub mod front_desk;
pub mod home;
pub mod lazy;
pub mod manage;
pub mod manage_catalog;
pub mod manage_clinics;
pub mod manage_service;
pub mod manage_specialists;
pub mod not_found;
pub mod notices;
pub mod password;
pub mod reviews;
pub mod services;
pub mod specialist_desk;
pub mod specialist_invite;
pub mod specialists;
pub mod visits;
