//! Decimal text reads to the double `str::parse::<f64>` gives, through `decimal::decimal`
//! (serde_json's float parser, the one the wasm keeps).
use crate::decimal::decimal;
use proptest::prelude::*;

fn same(text: &str) -> Result<(), TestCaseError> {
    let expected = text.parse::<f64>().ok().map(f64::to_bits);
    prop_assert_eq!(decimal(text).map(f64::to_bits), expected, "{}", text);
    Ok(())
}

#[test]
fn edge_cases_read_as_str_parse_reads_them() {
    for text in [
        "0",
        "-0",
        "+0",
        "00",
        "0.0",
        "-0.0",
        ".5",
        "5.",
        "+.5",
        "-.5",
        "007.50",
        "1e5",
        "1E+5",
        "1e-5",
        "1e05",
        ".e1",
        "e1",
        "1e",
        "1e+",
        "+",
        "-",
        ".",
        "",
        "1..2",
        "1.2.3",
        "--1",
        "+-1",
        "1e1e1",
        "1-2",
        "1e400",
        "-1e400",
        "1e-400",
        "4.9e-324",
        "2.4703282292062327e-324",
        "2.4703282292062328e-324",
        "1.7976931348623157e308",
        "1.7976931348623158e308",
        "1.7976931348623159e308",
        "9007199254740993",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775809",
        "0.1",
        "0.30000000000000004",
        "1e99999999999999999999",
        "1e-99999999999999999999",
        "0e99999",
        "48000.50",
        "754000",
        "0000.0000",
        "123456789012345678901234567890e-30",
    ] {
        same(text).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 20_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn decimal_text_reads_as_str_parse_reads_it(text in "[+-]?[0-9]{0,30}(\\.[0-9]{0,30})?([eE][+-]?[0-9]{1,4})?") {
        same(&text)?;
    }

    #[test]
    fn every_double_written_out_reads_back_the_same(bits in any::<u64>(), digits in 0usize..25) {
        let value = f64::from_bits(bits);
        prop_assume!(value.is_finite());
        same(&format!("{value:e}"))?;
        same(&format!("{value:.digits$e}"))?;
        same(&format!("{value}"))?;
    }
}

/// The exact decimal of `(2m + 1) × 2^(e - 1)`, halfway between the doubles `m × 2^e` and
/// `(m + 1) × 2^e`: where a parser's rounding (to even) shows.
fn halfway(m: u64, e: i32) -> String {
    let mut limbs: Vec<u64> = vec![
        (2 * m + 1) % 1_000_000_000,
        (2 * m + 1) / 1_000_000_000 % 1_000_000_000,
        (2 * m + 1) / 1_000_000_000_000_000_000,
    ];
    let (factor, times) = if e >= 1 { (2, e - 1) } else { (5, 1 - e) };
    for _ in 0..times {
        let mut carry = 0;
        for limb in &mut limbs {
            let product = *limb * factor + carry;
            *limb = product % 1_000_000_000;
            carry = product / 1_000_000_000;
        }
        if carry > 0 {
            limbs.push(carry);
        }
    }
    let mut text =
        limbs.iter().rev().map(|l| format!("{l:09}")).collect::<String>().trim_start_matches('0').to_owned();
    if e < 1 {
        text.push_str(&format!("e{}", e - 1));
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn halfway_between_two_doubles_rounds_as_str_parse_rounds(m in (1u64 << 52)..(1u64 << 53), e in -1074i32..971) {
        let text = halfway(m, e);
        same(&text)?;
        let (digits, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let exponent: i32 = exponent.parse().unwrap();
        // Just above and just below halfway.
        same(&format!("{digits}000001e{}", exponent - 6))?;
        if let Some(head) = digits.strip_suffix('5') {
            same(&format!("{head}4999999e{}", exponent - 6))?;
        }
    }
}
