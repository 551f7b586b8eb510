//! Full names from parts and parts from full names.

/// Join name parts with `separator`, skipping missing and blank parts (never `"Maria undefined"`).
///
/// ```
/// use crm_canon::transform::names::join;
/// assert_eq!(join(&[Some("Maria"), Some("Okafor")], " "), Some("Maria Okafor".to_owned()));
/// assert_eq!(join(&[Some("Maria"), None], " "), Some("Maria".to_owned()));
/// assert_eq!(join(&[Some(" "), None], " "), None);
/// ```
pub fn join(parts: &[Option<&str>], separator: &str) -> Option<String> {
    let kept: Vec<&str> = parts.iter().flatten().map(|p| p.trim()).filter(|p| !p.is_empty()).collect();
    if kept.is_empty() {
        None
    } else {
        Some(kept.join(separator))
    }
}

/// Split a full name into `(first, last)`: the last word is the last name, the rest the first name.
/// A single word is a last name only, since vendors require the last name.
///
/// ```
/// use crm_canon::transform::names::split;
/// assert_eq!(split("Maria Okafor"), (Some("Maria".to_owned()), Some("Okafor".to_owned())));
/// assert_eq!(split("Anna Maria van Berg"), (Some("Anna Maria van".to_owned()), Some("Berg".to_owned())));
/// assert_eq!(split("Cher"), (None, Some("Cher".to_owned())));
/// assert_eq!(split("  "), (None, None));
/// ```
pub fn split(full: &str) -> (Option<String>, Option<String>) {
    let trimmed = full.trim();
    match trimmed.rsplit_once(char::is_whitespace) {
        Some((first, last)) => (Some(first.trim_end().to_owned()), Some(last.to_owned())),
        None if trimmed.is_empty() => (None, None),
        None => (None, Some(trimmed.to_owned())),
    }
}
