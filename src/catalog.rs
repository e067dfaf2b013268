//! The shared catalog as management edits it: specializations, the service-category tree and
//! the addresses (slugs) of new clinics, services, specialists and categories.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Longest name, in characters.
pub const MAX_NAME_CHARS: usize = 120;
/// Longest description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 2000;
/// Longest slug, in bytes (ASCII).
pub const MAX_SLUG_LEN: usize = 60;
/// How deep the category tree may go (a root is level 1).
pub const MAX_CATEGORY_DEPTH: usize = 4;
/// The icons a specialization may show (drawn by the app's icon component).
pub const ICONS: [&str; 6] = ["leaf", "hands", "pulse", "bone", "brain", "spine"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum CatalogError {
    #[error("the name must be 1–{MAX_NAME_CHARS} characters")]
    Name,
    #[error("the description must be at most {MAX_DESCRIPTION_CHARS} characters")]
    Description,
    #[error("not one of the icons")]
    Icon,
    #[error("the order is a whole number from -1000 to 1000")]
    Order,
    #[error("no such parent category")]
    NoParent,
    #[error("a category cannot sit inside itself or its own subcategory")]
    Cycle,
    #[error("the tree would be deeper than {MAX_CATEGORY_DEPTH} levels")]
    TooDeep,
    #[error("the name has no letters or digits to make an address of")]
    Slug,
}

/// Bad fields of a form, each named as in the form.
pub type FieldFaults = Vec<(&'static str, CatalogError)>;

/// A trimmed name of 1–[`MAX_NAME_CHARS`] characters.
pub fn checked_name(text: &str) -> Result<String, CatalogError> {
    let text = text.trim();
    let chars = text.chars().count();
    if chars == 0 || chars > MAX_NAME_CHARS {
        Err(CatalogError::Name)
    } else {
        Ok(text.to_string())
    }
}

fn checked_description(text: &str) -> Result<String, CatalogError> {
    let text = text.trim();
    if text.chars().count() > MAX_DESCRIPTION_CHARS {
        Err(CatalogError::Description)
    } else {
        Ok(text.to_string())
    }
}

/// Collects each field's check, so a form learns about every bad field at once.
#[derive(Default)]
struct Checks(FieldFaults);

impl Checks {
    fn take<T>(&mut self, field: &'static str, result: Result<T, CatalogError>) -> Option<T> {
        result.map_err(|e| self.0.push((field, e))).ok()
    }
}

/// The form's fields for a specialization.
#[derive(Debug, Clone, Default)]
pub struct SpecializationRaw<'a> {
    pub name: &'a str,
    pub name_en: &'a str,
    pub description: &'a str,
    pub description_en: &'a str,
    pub icon: &'a str,
    /// Shown on the site and offered in forms.
    pub active: bool,
}

/// A checked specialization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Specialization {
    pub name: String,
    pub name_en: String,
    pub description: String,
    pub description_en: String,
    pub icon: &'static str,
    pub active: bool,
}

impl Specialization {
    pub fn new(raw: SpecializationRaw<'_>) -> Result<Self, FieldFaults> {
        let mut c = Checks::default();
        let name = c.take("name", checked_name(raw.name));
        let name_en = c.take("name_en", checked_name(raw.name_en));
        let description = c.take("description", checked_description(raw.description));
        let description_en = c.take("description_en", checked_description(raw.description_en));
        let icon = c.take(
            "icon",
            ICONS
                .iter()
                .find(|i| **i == raw.icon.trim())
                .copied()
                .ok_or(CatalogError::Icon),
        );
        match (name, name_en, description, description_en, icon) {
            (Some(name), Some(name_en), Some(description), Some(description_en), Some(icon)) => {
                Ok(Specialization {
                    name,
                    name_en,
                    description,
                    description_en,
                    icon,
                    active: raw.active,
                })
            }
            _ => Err(c.0),
        }
    }
}

/// The form's fields for a service category; `parent` is an id or empty (a root).
#[derive(Debug, Clone, Default)]
pub struct CategoryRaw<'a> {
    pub name: &'a str,
    pub name_en: &'a str,
    pub parent: &'a str,
    pub sort_order: &'a str,
    /// Shown on the site, with its services and subsections.
    pub active: bool,
}

/// A checked category; its place in the tree is checked by [`check_parent`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub name: String,
    pub name_en: String,
    pub parent: Option<i64>,
    pub sort_order: i64,
    pub active: bool,
}

impl Category {
    pub fn new(raw: CategoryRaw<'_>) -> Result<Self, FieldFaults> {
        let mut c = Checks::default();
        let name = c.take("name", checked_name(raw.name));
        let name_en = c.take("name_en", checked_name(raw.name_en));
        let parent = c.take(
            "parent",
            match raw.parent.trim() {
                "" => Ok(None),
                id => id.parse().map(Some).map_err(|_| CatalogError::NoParent),
            },
        );
        let order = raw.sort_order.trim();
        let sort_order = c.take(
            "sort_order",
            if order.is_empty() {
                Ok(0)
            } else {
                order
                    .parse::<i64>()
                    .ok()
                    .filter(|o| (-1000..=1000).contains(o))
                    .ok_or(CatalogError::Order)
            },
        );
        match (name, name_en, parent, sort_order) {
            (Some(name), Some(name_en), Some(parent), Some(sort_order)) => Ok(Category {
                name,
                name_en,
                parent,
                sort_order,
                active: raw.active,
            }),
            _ => Err(c.0),
        }
    }
}

/// May category `id` (`None`: a new one) sit under `parent`, given every category's
/// `(id, parent)`? The parent must exist, must not be the category or one of its
/// subcategories, and the tree must stay at most [`MAX_CATEGORY_DEPTH`] levels deep.
pub fn check_parent(
    tree: &[(i64, Option<i64>)],
    id: Option<i64>,
    parent: Option<i64>,
) -> Result<(), CatalogError> {
    let parent_of = |c: i64| tree.iter().find(|(i, _)| *i == c).map(|(_, p)| *p);
    // Levels from the new parent up to its root; a cycle already stored ends the walk.
    let mut above = 0;
    let mut at = parent;
    while let Some(c) = at {
        if Some(c) == id {
            return Err(CatalogError::Cycle);
        }
        at = parent_of(c).ok_or(CatalogError::NoParent)?;
        above += 1;
        if above > tree.len() {
            return Err(CatalogError::Cycle);
        }
    }
    if above + 1 + id.map_or(0, |id| height(tree, id)) > MAX_CATEGORY_DEPTH {
        return Err(CatalogError::TooDeep);
    }
    Ok(())
}

/// Levels below category `id` (0 for a leaf).
fn height(tree: &[(i64, Option<i64>)], id: i64) -> usize {
    fn walk(tree: &[(i64, Option<i64>)], id: i64, budget: usize) -> usize {
        if budget == 0 {
            return 0;
        }
        tree.iter()
            .filter(|(_, p)| *p == Some(id))
            .map(|(child, _)| 1 + walk(tree, *child, budget - 1))
            .max()
            .unwrap_or(0)
    }
    walk(tree, id, tree.len())
}

/// A page address made of `text`: Cyrillic spelled in Latin letters, lower case, words joined
/// by hyphens, at most [`MAX_SLUG_LEN`] bytes; `None` when nothing usable is left.
pub fn slugify(text: &str) -> Option<String> {
    let mut slug = String::new();
    let mut gap = false;
    for ch in text.chars().flat_map(char::to_lowercase) {
        let latin = transliterate(ch);
        if latin == Some("") {
            continue; // hard and soft signs vanish
        }
        if latin.is_none() && !ch.is_ascii_alphanumeric() {
            gap = !slug.is_empty();
            continue;
        }
        if gap {
            slug.push('-');
            gap = false;
        }
        match latin {
            Some(latin) => slug.push_str(latin),
            None => slug.push(ch),
        }
    }
    if slug.len() > MAX_SLUG_LEN {
        slug.truncate(MAX_SLUG_LEN);
        while slug.ends_with('-') {
            slug.pop();
        }
    }
    (!slug.is_empty()).then_some(slug)
}

/// The `n`-th address tried for `base` when earlier ones are taken: `base`, `base-2`, ….
pub fn numbered_slug(base: &str, n: u32) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        let suffix = format!("-{n}");
        let mut head = base.to_string();
        head.truncate(MAX_SLUG_LEN.saturating_sub(suffix.len()));
        format!("{}{suffix}", head.trim_end_matches('-'))
    }
}

/// A Russian letter in Latin (the passport rules of 2014); `None` for any other character.
fn transliterate(ch: char) -> Option<&'static str> {
    Some(match ch {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'э' => "e",
        'ё' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'й' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ы' => "y",
        'ю' => "iu",
        'я' => "ia",
        'ъ' | 'ь' => "",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_spell_russian_in_latin() {
        assert_eq!(slugify("Иванова Анна").as_deref(), Some("ivanova-anna"));
        assert_eq!(
            slugify("  Лечебный массаж спины  ").as_deref(),
            Some("lechebnyi-massazh-spiny")
        );
        assert_eq!(
            slugify("Приём на Чистых прудах").as_deref(),
            Some("priem-na-chistykh-prudakh")
        );
        assert_eq!(slugify("Щукин Юрий").as_deref(), Some("shchukin-iurii"));
        assert_eq!(
            slugify("Sports massage, 60 min").as_deref(),
            Some("sports-massage-60-min")
        );
        assert_eq!(slugify("Подъезд").as_deref(), Some("podezd"));
        assert_eq!(slugify("— ! —"), None);
        assert_eq!(slugify("日本"), None);
    }

    #[test]
    fn slugs_stay_short_and_never_end_with_a_hyphen() {
        let long = "слово ".repeat(30);
        let slug = slugify(&long).expect("slug");
        assert!(slug.len() <= MAX_SLUG_LEN);
        assert!(!slug.ends_with('-'));
        assert_eq!(numbered_slug("massage", 1), "massage");
        assert_eq!(numbered_slug("massage", 3), "massage-3");
        let numbered = numbered_slug(&slug, 12);
        assert!(numbered.len() <= MAX_SLUG_LEN && numbered.ends_with("-12"));
    }

    #[test]
    fn a_specialization_names_every_bad_field() {
        let ok = Specialization::new(SpecializationRaw {
            name: " Остеопатия ",
            name_en: "Osteopathy",
            description: "",
            description_en: "",
            icon: "spine",
            active: true,
        })
        .expect("valid");
        assert_eq!(ok.name, "Остеопатия");
        assert_eq!(ok.icon, "spine");
        let long = "д".repeat(MAX_DESCRIPTION_CHARS + 1);
        let bad = Specialization::new(SpecializationRaw {
            name: " ",
            name_en: "Osteopathy",
            description: &long,
            description_en: "",
            icon: "<script>",
            active: true,
        })
        .expect_err("invalid");
        assert_eq!(
            bad,
            vec![
                ("name", CatalogError::Name),
                ("description", CatalogError::Description),
                ("icon", CatalogError::Icon)
            ]
        );
    }

    #[test]
    fn a_category_parses_parent_and_order() {
        let raw = |parent, order| CategoryRaw {
            name: "Массаж",
            name_en: "Massage",
            parent,
            sort_order: order,
            active: true,
        };
        let root = Category::new(raw("", "")).expect("root");
        assert_eq!((root.parent, root.sort_order), (None, 0));
        let child = Category::new(raw("7", "-3")).expect("child");
        assert_eq!((child.parent, child.sort_order), (Some(7), -3));
        assert_eq!(
            Category::new(raw("x", "1001")).expect_err("bad"),
            vec![
                ("parent", CatalogError::NoParent),
                ("sort_order", CatalogError::Order)
            ]
        );
    }

    #[test]
    fn the_tree_refuses_cycles_missing_parents_and_depth() {
        // 1 ─ 2 ─ 3 ─ 4, and 5 ─ 6.
        let tree = [
            (1, None),
            (2, Some(1)),
            (3, Some(2)),
            (4, Some(3)),
            (5, None),
            (6, Some(5)),
        ];
        assert_eq!(check_parent(&tree, None, None), Ok(()));
        assert_eq!(check_parent(&tree, None, Some(3)), Ok(()));
        assert_eq!(
            check_parent(&tree, None, Some(4)),
            Err(CatalogError::TooDeep)
        );
        assert_eq!(
            check_parent(&tree, None, Some(9)),
            Err(CatalogError::NoParent)
        );
        assert_eq!(
            check_parent(&tree, Some(1), Some(1)),
            Err(CatalogError::Cycle)
        );
        assert_eq!(
            check_parent(&tree, Some(2), Some(4)),
            Err(CatalogError::Cycle)
        );
        // 2 with 3 and 4 below fits under 5 (four levels), not under 6 (five).
        assert_eq!(check_parent(&tree, Some(2), Some(5)), Ok(()));
        assert_eq!(
            check_parent(&tree, Some(2), Some(6)),
            Err(CatalogError::TooDeep)
        );
        assert_eq!(check_parent(&tree, Some(3), Some(6)), Ok(()));
        assert_eq!(check_parent(&tree, Some(4), None), Ok(()));
        // A cycle already stored does not hang the check.
        let broken = [(1, Some(2)), (2, Some(1)), (3, None)];
        assert_eq!(
            check_parent(&broken, Some(3), Some(1)),
            Err(CatalogError::Cycle)
        );
    }
}
