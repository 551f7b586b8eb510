//! Stable snake_case slugs of field display names.

/// `"Customer tier (2024)"` -> `customer_tier_2024`: letters and digits lowercased, every other run
/// of characters one `_`, none at either end.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut gap = false;
    for c in name.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_are_snake_case_of_letters_and_digits() {
        assert_eq!(slug("Customer tier"), "customer_tier");
        assert_eq!(slug("  Renewal date (2024) "), "renewal_date_2024");
        assert_eq!(slug("Größe / Size"), "größe_size");
        assert_eq!(slug("NPS-Score"), "nps_score");
        assert_eq!(slug("—"), "");
    }
}
