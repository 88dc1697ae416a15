//! `theme/image.php/<theme>/<component>/<revision>/<image>`: the icons and default pictures the
//! app shows (a user without a picture, an activity's icon, a notification's marker). lmsgate
//! serves its own small SVGs for them, cacheable for a year (the revision is in the URL).
use poem::http::{StatusCode, header};
use poem::web::Path;
use poem::{Response, handler};

/// Light grey silhouette on a round tile: a user without a picture (`u/f1`, `u/f2`, `u/f3`).
const USER: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100"><rect width="100" height="100" rx="50" fill="#ced4da"/><circle cx="50" cy="38" r="18" fill="#f8f9fa"/><path d="M18 86c4-18 18-28 32-28s28 10 32 28" fill="#f8f9fa"/></svg>"##;
/// An activity's icon: a page with lines.
const ACTIVITY: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24"><path d="M6 2h9l5 5v15H6z" fill="none" stroke="#343a40" stroke-width="2" stroke-linejoin="round"/><path d="M9 12h8M9 16h8" stroke="#343a40" stroke-width="2"/></svg>"##;
/// Any other core icon (e.g. a notification's `i/marker`): a dot.
const MARKER: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24"><circle cx="12" cy="12" r="6" fill="#0f6cbf"/></svg>"##;

/// The image for a path, or none when the path is not theme/component/revision/image.
fn image(path: &str) -> Option<&'static str> {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let [_theme, component, _revision, image @ ..] = parts.as_slice() else { return None };
    if image.is_empty() {
        return None;
    }
    Some(match (*component, image.join("/").as_str()) {
        ("core", "u/f1" | "u/f2" | "u/f3") => USER,
        ("core", _) => MARKER,
        _ => ACTIVITY,
    })
}

#[handler]
pub fn image_php(Path(path): Path<String>) -> Response {
    match image(&path) {
        Some(svg) => Response::builder()
            .header(header::CONTENT_TYPE, "image/svg+xml")
            .header(header::CACHE_CONTROL, "public, max-age=31536000, immutable")
            .body(svg),
        None => Response::builder().status(StatusCode::NOT_FOUND).body("Image not found"),
    }
}

#[cfg(test)]
mod tests {
    use super::{ACTIVITY, MARKER, USER, image};

    #[test]
    fn paths_name_their_image() {
        assert_eq!(image("boost/core/1/u/f1"), Some(USER));
        assert_eq!(image("boost/core/1795887508/i/marker"), Some(MARKER));
        assert_eq!(image("boost/assign/1795887508/monologo"), Some(ACTIVITY));
        assert_eq!(image("boost/core/1"), None);
    }
}
