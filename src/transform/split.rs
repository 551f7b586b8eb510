//! Lists packed into one string (`"a;b;c"`, `"2,7"`) and back.

/// Split on `separator`, trimming pieces and dropping empty ones.
///
/// ```
/// use crm_canon::transform::split::split;
/// assert_eq!(split("gold;priority_support", ";"), vec!["gold", "priority_support"]);
/// assert_eq!(split(" 2, 7 ,", ","), vec!["2", "7"]);
/// assert!(split("", ";").is_empty());
/// ```
pub fn split<'a>(text: &'a str, separator: &str) -> Vec<&'a str> {
    text.split(separator).map(str::trim).filter(|piece| !piece.is_empty()).collect()
}

/// Join pieces with `separator`.
///
/// ```
/// assert_eq!(crm_canon::transform::split::join(&["a", "b"], ";"), "a;b");
/// ```
pub fn join<S: AsRef<str>>(pieces: &[S], separator: &str) -> String {
    let mut out = String::new();
    for (i, piece) in pieces.iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(piece.as_ref());
    }
    out
}
