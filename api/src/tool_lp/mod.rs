//! tool_lp: learning plans (competencies). lmsgate keeps no learning plans, so every user has
//! none.

crate::component! {
    /// Learning plans (none are kept on lmsgate sites)
    tool_lp {
        data_for_plans_page::DataForPlansPage,
    }
}
