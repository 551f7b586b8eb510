//! Ids written inside a fixed text and read back out of it: Dataverse binds a lookup by writing
//! `"/accounts(<id>)"` under `parentcustomerid_account@odata.bind`.

/// The text between `prefix` and `suffix`, or `Err` when `text` is not wrapped in them.
///
/// ```
/// use crm_canon::transform::affix::strip;
/// assert_eq!(strip("/accounts(0a1b)", "/accounts(", ")"), Ok("0a1b"));
/// assert!(strip("/contacts(0a1b)", "/accounts(", ")").is_err());
/// assert!(strip("/accounts(", "/accounts(", ")").is_err());
/// assert_eq!(strip("plain", "", ""), Ok("plain"));
/// ```
pub fn strip<'a>(text: &'a str, prefix: &str, suffix: &str) -> Result<&'a str, &'static str> {
    text.strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix(suffix))
        .ok_or("not of the form the table's prefix and suffix give")
}

/// `text` wrapped in `prefix` and `suffix`.
///
/// ```
/// assert_eq!(crm_canon::transform::affix::wrap("0a1b", "/accounts(", ")"), "/accounts(0a1b)");
/// ```
pub fn wrap(text: &str, prefix: &str, suffix: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + text.len() + suffix.len());
    out.push_str(prefix);
    out.push_str(text);
    out.push_str(suffix);
    out
}
