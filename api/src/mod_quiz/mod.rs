//! mod_quiz: the quiz activity: its settings and what a student may do with it. Questions and
//! attempts are not on this site yet, so attempt lists are empty and grades come from the
//! gradebook (pushed by `core_grades_update_grades`).
use lmsgate_entities::quiz;

use crate::core_course::activities::{Activity, Instance};
use crate::framework::{ApiError, code};

crate::component! {
    /// Quizzes
    mod_quiz {
        get_quizzes_by_courses::GetQuizzesByCourses,
        get_quiz_access_information::GetQuizAccessInformation,
        get_quiz_required_qtypes::GetQuizRequiredQtypes,
        get_user_best_grade::GetUserBestGrade,
        get_attempt_access_information::GetAttemptAccessInformation,
        get_user_attempts::GetUserAttempts,
        view_quiz::ViewQuiz,
    }
}

/// The quiz record of an activity.
pub fn quiz_of(a: &Activity) -> Result<&quiz::Model, ApiError> {
    match &a.instance {
        Instance::Quiz(q) => Ok(q),
        _ => Err(code::INVALID_RECORD.with("quiz")),
    }
}

/// Why a student cannot start an attempt now (Moodle's open/close date rule), if they cannot.
pub fn closed_reason(q: &quiz::Model, t: i64) -> Option<String> {
    let date = |t: i64| {
        chrono::DateTime::from_timestamp(t, 0).map(|d| d.format("%A, %-d %B %Y, %-I:%M %p").to_string()).unwrap_or_default()
    };
    if q.timeopen > 0 && t < q.timeopen {
        Some(format!("The quiz is not available until {}", date(q.timeopen)))
    } else if q.timeclose > 0 && t > q.timeclose {
        Some(format!("This quiz closed on {}", date(q.timeclose)))
    } else {
        None
    }
}
