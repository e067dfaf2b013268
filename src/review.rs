//! Reviews: a rating of 1–5 with an optional comment, allowed once for a completed visit of
//! one's own; and a specialist's rating as the mean of the published ones.

use crate::status::AppointmentStatus;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Longest comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 2000;

/// Stars, 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Rating(u8);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum ReviewError {
    #[error("the rating must be a whole number from 1 to 5")]
    Rating,
    #[error("the comment is longer than {0} characters")]
    TooLong(usize),
}

impl Rating {
    pub fn parse(text: &str) -> Result<Rating, ReviewError> {
        match text.trim().parse::<u8>() {
            Ok(n @ 1..=5) => Ok(Rating(n)),
            _ => Err(ReviewError::Rating),
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

/// A comment: trimmed, at most [`MAX_COMMENT_CHARS`] characters (may be empty).
pub fn review_comment(text: &str) -> Result<String, ReviewError> {
    let text = text.trim();
    if text.chars().count() > MAX_COMMENT_CHARS {
        return Err(ReviewError::TooLong(MAX_COMMENT_CHARS));
    }
    Ok(text.to_string())
}

/// Why a visit cannot be reviewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum ReviewRefusal {
    #[error("only a visit that took place can be reviewed")]
    NotCompleted,
    #[error("this visit has been reviewed already")]
    AlreadyReviewed,
}

/// A patient's own visit may be reviewed once, after it was marked completed.
pub fn can_review(status: AppointmentStatus, reviewed_before: bool) -> Result<(), ReviewRefusal> {
    if status != AppointmentStatus::Completed {
        return Err(ReviewRefusal::NotCompleted);
    }
    if reviewed_before {
        return Err(ReviewRefusal::AlreadyReviewed);
    }
    Ok(())
}

/// A specialist's rating ×100 (rounded half up) and review count from published ratings.
pub fn aggregate(ratings: &[u8]) -> (i64, i64) {
    let count = ratings.len() as i64;
    if count == 0 {
        return (0, 0);
    }
    let sum: i64 = ratings.iter().map(|&r| i64::from(r)).sum();
    ((sum * 100 + count / 2) / count, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_are_one_to_five() {
        assert_eq!(Rating::parse("5").map(Rating::get), Ok(5));
        assert_eq!(Rating::parse(" 1 ").map(Rating::get), Ok(1));
        for bad in ["0", "6", "-1", "4.5", "", "five"] {
            assert_eq!(Rating::parse(bad), Err(ReviewError::Rating), "{bad}");
        }
    }

    #[test]
    fn comments_are_trimmed_and_bounded() {
        assert_eq!(review_comment("  Спасибо!  ").as_deref(), Ok("Спасибо!"));
        let long = "я".repeat(MAX_COMMENT_CHARS + 1);
        assert_eq!(
            review_comment(&long),
            Err(ReviewError::TooLong(MAX_COMMENT_CHARS))
        );
        assert!(review_comment(&"я".repeat(MAX_COMMENT_CHARS)).is_ok());
    }

    #[test]
    fn only_completed_visits_are_reviewed_and_only_once() {
        use AppointmentStatus::*;
        assert_eq!(can_review(Completed, false), Ok(()));
        assert_eq!(
            can_review(Completed, true),
            Err(ReviewRefusal::AlreadyReviewed)
        );
        for status in [Scheduled, Confirmed, Cancelled, NoShow] {
            assert_eq!(can_review(status, false), Err(ReviewRefusal::NotCompleted));
        }
    }

    #[test]
    fn rating_is_the_rounded_mean() {
        assert_eq!(aggregate(&[]), (0, 0));
        assert_eq!(aggregate(&[5]), (500, 1));
        assert_eq!(aggregate(&[5, 4]), (450, 2));
        assert_eq!(aggregate(&[5, 4, 4]), (433, 3));
        assert_eq!(aggregate(&[5, 5, 4]), (467, 3));
    }
}
