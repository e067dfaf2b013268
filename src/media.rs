//! Uploaded images: only JPEG, PNG or WebP, recognised by their first bytes (never by the
//! name or the browser's word), and at most [`MAX_PHOTO_BYTES`].

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Largest photo accepted: 2 MiB is plenty for a 1200 px portrait.
pub const MAX_PHOTO_BYTES: usize = 2 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImageKind {
    Jpeg,
    Png,
    Webp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum ImageError {
    #[error("no file was chosen")]
    Empty,
    #[error("the file is larger than {MAX_PHOTO_BYTES} bytes")]
    TooLarge,
    #[error("the file is not a JPEG, PNG or WebP image")]
    NotImage,
}

impl ImageKind {
    pub fn content_type(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Png => "image/png",
            ImageKind::Webp => "image/webp",
        }
    }

    pub fn from_content_type(text: &str) -> Option<ImageKind> {
        [ImageKind::Jpeg, ImageKind::Png, ImageKind::Webp]
            .into_iter()
            .find(|k| k.content_type() == text)
    }

    /// The kind the bytes say they are.
    pub fn sniff(bytes: &[u8]) -> Option<ImageKind> {
        match bytes {
            [0xFF, 0xD8, 0xFF, ..] => Some(ImageKind::Jpeg),
            [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some(ImageKind::Png),
            [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => {
                Some(ImageKind::Webp)
            }
            _ => None,
        }
    }
}

/// Checks an uploaded photo: present, not too large, and really an image of an allowed kind.
pub fn check_photo(bytes: &[u8]) -> Result<ImageKind, ImageError> {
    if bytes.is_empty() {
        return Err(ImageError::Empty);
    }
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(ImageError::TooLarge);
    }
    ImageKind::sniff(bytes).ok_or(ImageError::NotImage)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    #[test]
    fn kinds_are_told_by_their_first_bytes() {
        assert_eq!(
            check_photo(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16]),
            Ok(ImageKind::Jpeg)
        );
        assert_eq!(check_photo(PNG), Ok(ImageKind::Png));
        assert_eq!(check_photo(b"RIFF\x24\0\0\0WEBPVP8 "), Ok(ImageKind::Webp));
        assert_eq!(check_photo(b"GIF89a"), Err(ImageError::NotImage));
        assert_eq!(
            check_photo(b"<svg onload=alert(1)>"),
            Err(ImageError::NotImage)
        );
        assert_eq!(
            check_photo(b"RIFF\x24\0\0\0WAVEfmt "),
            Err(ImageError::NotImage)
        );
    }

    #[test]
    fn empty_and_oversized_files_are_refused() {
        assert_eq!(check_photo(&[]), Err(ImageError::Empty));
        let mut big = PNG.to_vec();
        big.resize(MAX_PHOTO_BYTES + 1, 0);
        assert_eq!(check_photo(&big), Err(ImageError::TooLarge));
        big.truncate(MAX_PHOTO_BYTES);
        assert_eq!(check_photo(&big), Ok(ImageKind::Png));
    }

    #[test]
    fn content_types_round_trip() {
        for kind in [ImageKind::Jpeg, ImageKind::Png, ImageKind::Webp] {
            assert_eq!(
                ImageKind::from_content_type(kind.content_type()),
                Some(kind)
            );
        }
        assert_eq!(ImageKind::from_content_type("image/svg+xml"), None);
    }
}
