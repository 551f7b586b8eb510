//! Date-times in every vendor encoding, converted exactly to and from UTC milliseconds.
//!
//! No host time zone is ever consulted: a timestamp without a zone is UTC (Pipedrive v1's
//! `2016-10-13 15:20:06`), offsets (`+0000`, `+05:30`) are applied exactly, epoch numbers are read in the
//! unit the table names.

use crate::diagnostic::Object;
use crate::error::{Code, Error, Result};
use crate::scalar::{Reason, Scalar};
use serde_json::Value;

/// `{"fn": "datetime", "write": FORMAT, "epoch": "seconds" | "milliseconds"}`: reads every encoding
/// below (numbers and digit strings only with `epoch`, in its unit); writes `write` (default `iso_ms`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Datetime {
    pub write: Format,
    /// The unit of numbers (and digit strings), which are otherwise refused.
    pub epoch: Option<Epoch>,
}

pub const KEYS: &[&str] = &["write", "epoch"];

/// The names of the write formats.
pub const FORMATS: &[(&str, Format)] = &[
    ("iso_ms", Format::IsoMs),
    ("iso", Format::Iso),
    ("iso_offset", Format::IsoOffset),
    ("date", Format::Date),
    ("time", Format::Time),
    ("time_hm", Format::TimeHm),
    ("space", Format::Space),
    ("epoch_ms", Format::EpochMs),
    ("epoch_ms_string", Format::EpochMsString),
    ("epoch_s", Format::EpochS),
    ("mdy", Format::Mdy),
];

/// The names of the epoch units.
pub const EPOCHS: &[(&str, Epoch)] = &[("seconds", Epoch::Seconds), ("milliseconds", Epoch::Milliseconds)];

impl Datetime {
    pub fn params(m: &mut Object) -> Self {
        Datetime { write: m.name("write", FORMATS).unwrap_or_default(), epoch: m.name("epoch", EPOCHS) }
    }

    pub fn read(&self, value: &Scalar) -> std::result::Result<Millis, Reason> {
        parse(value, self.epoch)
    }

    /// The vendor's form of `ms`, and whether precision was lost.
    pub fn write(&self, ms: Millis) -> (Value, bool) {
        write(ms, self.write)
    }
}

#[cfg(test)]
pub const EXAMPLES: &[super::Example] = &[
    super::Example {
        transform: r#"{"fn": "datetime"}"#,
        kind: crate::model::schema::Kind::DateTime,
        vendor: r#""2024-01-15T16:00:00.000+05:30""#,
        canonical: r#""2024-01-15T10:30:00.000Z""#,
        writes: Some(r#""2024-01-15T10:30:00.000Z""#),
    },
    super::Example {
        transform: r#"{"fn": "datetime", "epoch": "milliseconds", "write": "epoch_ms"}"#,
        kind: crate::model::schema::Kind::DateTime,
        vendor: "1705314600000",
        canonical: r#""2024-01-15T10:30:00.000Z""#,
        writes: Some("1705314600000"),
    },
    super::Example {
        transform: r#"{"fn": "datetime", "write": "space"}"#,
        kind: crate::model::schema::Kind::DateTime,
        vendor: r#""2016-10-13 15:20:06""#,
        canonical: r#""2016-10-13T15:20:06.000Z""#,
        writes: Some(r#""2016-10-13 15:20:06""#),
    },
    super::Example {
        transform: r#"{"fn": "datetime", "write": "date"}"#,
        kind: crate::model::schema::Kind::DateTime,
        vendor: r#""2024-06-28""#,
        canonical: r#""2024-06-28T00:00:00.000Z""#,
        writes: Some(r#""2024-06-28""#),
    },
];

/// Write the canonical form of `ms` as a JSON string.
pub fn write_json(out: &mut String, ms: Millis) {
    out.push('"');
    write_canonical(out, ms);
    out.push('"');
}

/// A canonical date-time value of a record being written.
pub fn parse_canonical(value: &Value, at: &str) -> Result<Millis> {
    let text =
        value.as_str().ok_or_else(|| Error::new(Code::WrongType, at, "expected a date-time string"))?;
    parse(&Scalar::Str(text.into()), None).map_err(|r| Error::new(Code::InvalidValue, at, r))
}

/// Milliseconds since 1970-01-01T00:00:00Z.
pub type Millis = i64;

/// The unit of epoch numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Epoch {
    Seconds,
    Milliseconds,
}

/// How a date-time is written into a vendor body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// `2024-01-15T10:30:00.000Z`
    #[default]
    IsoMs,
    /// `2024-01-15T10:30:00Z`
    Iso,
    /// `2024-01-15T10:30:00+00:00`
    IsoOffset,
    /// `2024-01-15`
    Date,
    /// `10:30:00`
    Time,
    /// `10:30`
    TimeHm,
    /// `2024-01-15 10:30:00`
    Space,
    /// `1705314600000` as a JSON number
    EpochMs,
    /// `"1705314600000"` as a string
    EpochMsString,
    /// `1705314600` as a JSON number
    EpochS,
    /// `1/15/2024`
    Mdy,
}

const MIN: Millis = -62_135_596_800_000; // 0001-01-01T00:00:00Z
const MAX: Millis = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

/// Read a date-time from a vendor value. Numbers (and digit strings) need `epoch` to say their unit.
pub fn parse(value: &Scalar, epoch: Option<Epoch>) -> std::result::Result<Millis, Reason> {
    let ms = match value {
        Scalar::U64(n) => from_epoch(*n as f64, epoch)?,
        Scalar::I64(n) => from_epoch(*n as f64, epoch)?,
        Scalar::F64(n) => from_epoch(*n, epoch)?,
        Scalar::Str(s) => parse_text(s.trim(), epoch)?,
        _ => return Err("expected a date-time string or number"),
    };
    if (MIN..=MAX).contains(&ms) {
        Ok(ms)
    } else {
        Err("date-time out of range")
    }
}

fn from_epoch(n: f64, epoch: Option<Epoch>) -> std::result::Result<Millis, Reason> {
    let factor = match epoch {
        Some(Epoch::Milliseconds) => 1.0,
        Some(Epoch::Seconds) => 1000.0,
        None => return Err("a number is not a date-time here"),
    };
    let ms = (n * factor).round();
    if ms.is_finite() && ms.abs() < 1e16 {
        Ok(ms as Millis)
    } else {
        Err("date-time out of range")
    }
}

fn parse_text(text: &str, epoch: Option<Epoch>) -> std::result::Result<Millis, Reason> {
    if let Some(inner) = text.strip_prefix("/Date(").and_then(|t| t.strip_suffix(")/")) {
        // The number is UTC milliseconds; a trailing offset only says which zone to display in.
        let end = inner
            .char_indices()
            .skip(1)
            .find(|(_, c)| *c == '+' || *c == '-')
            .map_or(inner.len(), |(i, _)| i);
        let n: i64 = inner.get(..end).unwrap_or_default().parse().map_err(|_| "malformed /Date()/ value")?;
        return Ok(n);
    }
    let b = text.as_bytes();
    if !b.is_empty() && b.iter().enumerate().all(|(i, c)| c.is_ascii_digit() || (i == 0 && *c == b'-')) {
        let n = crate::decimal::decimal(text).ok_or("malformed epoch number")?;
        return from_epoch(n, epoch);
    }
    if text.contains('/') {
        return parse_mdy(text);
    }
    let mut p = Cursor { b, i: 0 };
    let year = p.digits(4)? as i64;
    p.expect(b'-')?;
    let month = p.digits(2)?;
    p.expect(b'-')?;
    let day = p.digits(2)?;
    check_date(year, month, day)?;
    let days = days_from_civil(year, month, day);
    if p.done() {
        return Ok(days * 86_400_000);
    }
    match p.next() {
        Some(b'T') | Some(b't') | Some(b' ') => {}
        _ => return Err("malformed date-time"),
    }
    let hour = p.digits(2)?;
    p.expect(b':')?;
    let minute = p.digits(2)?;
    let mut second = 0;
    let mut millis = 0;
    if p.peek() == Some(b':') {
        p.i += 1;
        second = p.digits(2)?;
        if p.peek() == Some(b'.') || p.peek() == Some(b',') {
            p.i += 1;
            let start = p.i;
            while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                p.i += 1;
            }
            let frac = text.get(start..p.i).unwrap_or_default();
            if frac.is_empty() {
                return Err("malformed fraction of a second");
            }
            let first3: String = frac.chars().chain("000".chars()).take(3).collect();
            millis = first3.parse::<i64>().map_err(|_| "malformed fraction of a second")?;
        }
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err("time out of range");
    }
    let offset_minutes = match p.next() {
        None => 0,
        Some(b'Z') | Some(b'z') => 0,
        Some(sign @ (b'+' | b'-')) => {
            let h = p.digits(2)? as i64;
            let m = if p.done() {
                0
            } else {
                if p.peek() == Some(b':') {
                    p.i += 1;
                }
                p.digits(2)? as i64
            };
            if h > 23 || m > 59 {
                return Err("offset out of range");
            }
            let total = h * 60 + m;
            if sign == b'-' {
                -total
            } else {
                total
            }
        }
        _ => return Err("malformed time zone"),
    };
    if !p.done() {
        return Err("trailing characters after date-time");
    }
    let local = days * 86_400_000 + (hour as i64 * 3600 + minute as i64 * 60 + second as i64) * 1000 + millis;
    Ok(local - offset_minutes * 60_000)
}

fn parse_mdy(text: &str) -> std::result::Result<Millis, Reason> {
    let mut parts = text.split('/');
    // Month and day have one or two digits, the year four (years before 1000 are zero-padded).
    let mut next = |widths: std::ops::RangeInclusive<usize>| -> std::result::Result<u32, Reason> {
        let part = parts.next().ok_or("malformed M/D/YYYY date")?;
        if !widths.contains(&part.len()) || !part.bytes().all(|c| c.is_ascii_digit()) {
            return Err("malformed M/D/YYYY date");
        }
        part.parse().map_err(|_| "malformed M/D/YYYY date")
    };
    let (month, day, year) = (next(1..=2)?, next(1..=2)?, next(4..=4)? as i64);
    if parts.next().is_some() {
        return Err("malformed M/D/YYYY date");
    }
    check_date(year, month, day)?;
    Ok(days_from_civil(year, month, day) * 86_400_000)
}

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn digits(&mut self, n: usize) -> std::result::Result<u32, Reason> {
        let end = self.i + n;
        let slice = self.b.get(self.i..end).ok_or("malformed date-time")?;
        if !slice.iter().all(u8::is_ascii_digit) {
            return Err("malformed date-time");
        }
        self.i = end;
        Ok(slice.iter().fold(0, |acc, d| acc * 10 + (d - b'0') as u32))
    }
    fn expect(&mut self, c: u8) -> std::result::Result<(), Reason> {
        if self.next() == Some(c) {
            Ok(())
        } else {
            Err("malformed date-time")
        }
    }
    fn next(&mut self) -> Option<u8> {
        let c = self.b.get(self.i).copied();
        self.i += 1;
        c
    }
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn done(&self) -> bool {
        self.i >= self.b.len()
    }
}

fn check_date(year: i64, month: u32, day: u32) -> std::result::Result<(), Reason> {
    if !(1..=9999).contains(&year)
        || !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
    {
        return Err("date out of range");
    }
    Ok(())
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d)
}

struct Parts {
    year: i64,
    month: u32,
    day: u32,
    hour: i64,
    minute: i64,
    second: i64,
    millis: i64,
}

fn parts(ms: Millis) -> Parts {
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    Parts {
        year,
        month,
        day,
        hour: rem / 3_600_000,
        minute: rem / 60_000 % 60,
        second: rem / 1000 % 60,
        millis: rem % 1000,
    }
}

/// The canonical form, like JavaScript's `toISOString()`: `2024-01-15T10:30:00.000Z`.
pub fn canonical(ms: Millis) -> String {
    let mut out = String::with_capacity(24);
    write_canonical(&mut out, ms);
    out
}

/// Append the canonical form of `ms` to `out`.
pub fn write_canonical(out: &mut String, ms: Millis) {
    let p = parts(ms);
    let mut buf = *b"0000-00-00T00:00:00.000Z";
    let mut put = |end: usize, width: usize, n: i64| {
        let mut n = n;
        for slot in buf.get_mut(end - width..end).into_iter().flatten().rev() {
            *slot = b'0' + (n % 10) as u8;
            n /= 10;
        }
    };
    put(4, 4, p.year);
    put(7, 2, p.month as i64);
    put(10, 2, p.day as i64);
    put(13, 2, p.hour);
    put(16, 2, p.minute);
    put(19, 2, p.second);
    put(23, 3, p.millis);
    // Years are within 1..=9999 (`MIN`, `MAX`), so every byte is an ASCII digit or separator.
    out.push_str(std::str::from_utf8(&buf).unwrap_or_default());
}

/// Write `ms` in a vendor format. The flag says whether precision was lost (a time dropped from a
/// date-only field, milliseconds from a seconds field).
pub fn write(ms: Millis, format: Format) -> (serde_json::Value, bool) {
    let p = parts(ms);
    let date = format!("{:04}-{:02}-{:02}", p.year, p.month, p.day);
    let hms = format!("{:02}:{:02}:{:02}", p.hour, p.minute, p.second);
    let has_time = ms.rem_euclid(86_400_000) != 0;
    let has_ms = p.millis != 0;
    let s = |t: String| serde_json::Value::String(t);
    match format {
        Format::IsoMs => (s(canonical(ms)), false),
        Format::Iso => (s(format!("{date}T{hms}Z")), has_ms),
        Format::IsoOffset => (s(format!("{date}T{hms}+00:00")), has_ms),
        Format::Date => (s(date), has_time),
        Format::Time => (s(hms), has_ms),
        Format::TimeHm => (s(format!("{:02}:{:02}", p.hour, p.minute)), has_ms || p.second != 0),
        Format::Space => (s(format!("{date} {hms}")), has_ms),
        Format::EpochMs => (serde_json::Value::from(ms), false),
        Format::EpochMsString => (s(ms.to_string()), false),
        Format::EpochS => (serde_json::Value::from(ms.div_euclid(1000)), has_ms),
        Format::Mdy => (s(format!("{}/{}/{:04}", p.month, p.day, p.year)), has_time),
    }
}

/// Split `ms` into its UTC day (midnight) and the milliseconds into that day.
pub fn split_day(ms: Millis) -> (Millis, Millis) {
    let day = ms.div_euclid(86_400_000) * 86_400_000;
    (day, ms - day)
}

/// Read a time of day (`16:00:00`, `16:00`) as milliseconds into the day.
pub fn parse_time(text: &str) -> std::result::Result<Millis, Reason> {
    let mut p = Cursor { b: text.trim().as_bytes(), i: 0 };
    let hour = p.digits(2)?;
    p.expect(b':')?;
    let minute = p.digits(2)?;
    let second = if p.done() {
        0
    } else {
        p.expect(b':')?;
        p.digits(2)?
    };
    if !p.done() || hour > 23 || minute > 59 || second > 59 {
        return Err("malformed time of day");
    }
    Ok((hour as i64 * 3600 + minute as i64 * 60 + second as i64) * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_examples() {
        use crate::transform::datetime;

        let read = |s: &str| canonical(datetime::parse(&Scalar::Str(s.into()), None).unwrap());
        assert_eq!(read("2024-01-15T10:30:00.000+0000"), "2024-01-15T10:30:00.000Z");
        assert_eq!(read("2024-01-15T16:00:00+05:30"), "2024-01-15T10:30:00.000Z");
        assert_eq!(read("2016-10-13 15:20:06"), "2016-10-13T15:20:06.000Z");
        assert_eq!(read("2024-06-28"), "2024-06-28T00:00:00.000Z");
        assert_eq!(read("2024-03-05T17:00:00.123456+00:00"), "2024-03-05T17:00:00.123Z");
        assert_eq!(read("/Date(1705314600000)/"), "2024-01-15T10:30:00.000Z");
        assert_eq!(read("1/15/2024"), "2024-01-15T00:00:00.000Z");
        assert_eq!(read("12/31/0999"), "0999-12-31T00:00:00.000Z");
        assert!(datetime::parse(&Scalar::Str("1/15/18".into()), None).is_err()); // a two-digit year
        let ms = datetime::parse(&Scalar::Str("1705314600000".into()), Some(Epoch::Milliseconds)).unwrap();
        assert_eq!(canonical(ms), "2024-01-15T10:30:00.000Z");
        let s = datetime::parse(&Scalar::U64(1705314600), Some(Epoch::Seconds)).unwrap();
        assert_eq!(canonical(s), "2024-01-15T10:30:00.000Z");
        assert!(datetime::parse(&Scalar::Str("2024-02-30".into()), None).is_err());
        assert!(datetime::parse(&Scalar::U64(1705314600), None).is_err());
    }

    #[test]
    fn write_examples() {
        let ms = 1_705_314_600_123;
        assert_eq!(write(ms, Format::IsoMs).0, "2024-01-15T10:30:00.123Z");
        assert_eq!(write(ms, Format::Space), ("2024-01-15 10:30:00".into(), true));
        assert_eq!(write(ms, Format::EpochMs).0, serde_json::json!(1705314600123u64));
        assert_eq!(write(1_705_276_800_000, Format::Date), ("2024-01-15".into(), false));
        assert_eq!(write(1_705_276_800_000, Format::Mdy).0, "1/15/2024");
        assert_eq!(write(-30_610_310_400_000, Format::Mdy).0, "12/31/0999"); // read back as written
    }

    #[test]
    fn parse_time_examples() {
        assert_eq!(parse_time("16:00:00"), Ok(57_600_000));
        assert_eq!(parse_time("10:00"), Ok(36_000_000));
        assert!(parse_time("25:00").is_err());
    }
}
