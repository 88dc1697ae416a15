//! How a file resource is shown, as Moodle caches it in the course page's `customdata`: the
//! final display type and the display options with the main file's details (PHP-serialized, as
//! the app unserializes them).
use serde::{Deserialize, Serialize};

use lmsgate_entities::{files, resource};

/// Moodle's RESOURCELIB_DISPLAY_* values.
const EMBED: i32 = 1;
const DOWNLOAD: i32 = 4;
const OPEN: i32 = 5;

/// A resource's display options (`resource.displayoptions`), with Moodle's `filedetails`.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Options {
    #[serde(skip_serializing_if = "Option::is_none")]
    printintro: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    showsize: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    showtype: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    filedetails: Option<FileDetails>,
}

/// Moodle's `resource_get_file_details`: the size of all files, the main file's type.
#[derive(Debug, Serialize, Deserialize)]
struct FileDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<i64>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mimetype: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extension: Option<String>,
}

/// The main file: the one with sortorder 1, else the first.
pub fn main_file(stored: &[files::Model]) -> Option<&files::Model> {
    stored.iter().max_by_key(|f| (f.sortorder, std::cmp::Reverse(f.id)))
}

/// Moodle's `resource_get_final_display_type`: "automatic" made concrete by the main file's type.
pub fn final_display(r: &resource::Model, main: Option<&files::Model>) -> i32 {
    if r.display != 0 {
        return r.display;
    }
    let Some(mimetype) = main.and_then(|f| f.mimetype.as_deref()) else { return DOWNLOAD };
    match mimetype {
        "application/zip" | "application/x-tar" | "application/gzip" | "application/x-7z-compressed" => DOWNLOAD,
        "text/html" => EMBED,
        m if m.starts_with("image/") || m.starts_with("video/") || m.starts_with("audio/") => EMBED,
        _ => OPEN,
    }
}

/// The course page's `customdata` of a resource, keys in Moodle's order.
pub fn customdata(r: &resource::Model, stored: &[files::Model]) -> String {
    let main = main_file(stored);
    let mut options: Options = php_serde::from_bytes(r.displayoptions.as_bytes()).unwrap_or_default();
    let (showsize, showtype) = (options.showsize.unwrap_or(0) != 0, options.showtype.unwrap_or(0) != 0);
    let displayoptions = match showsize || showtype {
        true => {
            options.filedetails = Some(FileDetails {
                size: showsize.then(|| stored.iter().map(|f| f.filesize).sum()),
                kind: showtype.then(|| main.map(description).unwrap_or_default()),
                mimetype: main.filter(|_| showtype).and_then(|f| f.mimetype.clone()),
                extension: main.filter(|_| showtype).map(|f| extension(&f.filename)),
            });
            php_serde::to_vec(&options).map(|v| String::from_utf8_lossy(&v).into_owned()).unwrap_or_default()
        }
        false => r.displayoptions.clone(),
    };
    serde_json::json!({"filtericon": true, "displayoptions": displayoptions, "display": final_display(r, main)})
        .to_string()
}

/// A file's extension in capitals, as Moodle shows it ("PDF").
fn extension(filename: &str) -> String {
    filename.rsplit_once('.').map(|(_, ext)| ext.to_uppercase()).unwrap_or_default()
}

/// Moodle's `get_mimetype_description` (lang/en/mimetypes.php) for the types lmsgate stores;
/// empty for an unknown type, as resources show it.
fn description(f: &files::Model) -> String {
    let text = match f.mimetype.as_deref().unwrap_or("") {
        "application/pdf" => "PDF document",
        "text/plain" => "Text file",
        "text/html" => "HTML document",
        "text/csv" => "Comma-separated values",
        "image/png" => "Image (PNG)",
        "image/jpeg" => "Image (JPEG)",
        "image/gif" => "Image (GIF)",
        "image/svg+xml" => "Image (SVG)",
        "application/zip" => "Archive (ZIP)",
        "application/msword" => "Word document",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "Word 2007 document",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation" => "Powerpoint 2007 presentation",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "Excel 2007 spreadsheet",
        "audio/mp3" | "audio/mpeg" => "Audio file (MP3)",
        "video/mp4" => "Video file (MP4)",
        _ => "",
    };
    text.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(id: i64, name: &str, mimetype: &str, size: i64, sortorder: i32) -> files::Model {
        files::Model {
            filename: name.into(),
            mimetype: Some(mimetype.into()),
            filesize: size,
            sortorder,
            id,
            ..Default::default()
        }
    }

    #[test]
    fn a_pdf_resource_opens_and_tells_its_size_and_type_as_moodle_caches_it() {
        let r = resource::Model {
            display: 0,
            displayoptions: r#"a:2:{s:8:"showsize";i:1;s:8:"showtype";i:1;}"#.into(),
            ..Default::default()
        };
        let stored = [file(1, "notes.txt", "text/plain", 5, 0), file(2, "syllabus.pdf", "application/pdf", 601, 1)];
        assert_eq!(
            customdata(&r, &stored),
            r#"{"filtericon":true,"displayoptions":"a:3:{s:8:\"showsize\";i:1;s:8:\"showtype\";i:1;s:11:\"filedetails\";a:4:{s:4:\"size\";i:606;s:4:\"type\";s:12:\"PDF document\";s:8:\"mimetype\";s:15:\"application/pdf\";s:9:\"extension\";s:3:\"PDF\";}}","display":5}"#
        );
    }

    #[test]
    fn without_details_the_options_stay_as_stored() {
        let r = resource::Model { display: 0, displayoptions: "a:1:{s:10:\"printintro\";i:1;}".into(), ..Default::default() };
        let stored = [file(1, "photo.png", "image/png", 9, 1)];
        assert_eq!(customdata(&r, &stored), r#"{"filtericon":true,"displayoptions":"a:1:{s:10:\"printintro\";i:1;}","display":1}"#);
        assert_eq!(final_display(&r, None), DOWNLOAD);
    }
}
