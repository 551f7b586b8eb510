//! `"date_time": {"date": P1, "time": P2}`: a date field and a UTC time-of-day field making one canonical
//! date-time; written split back (midnight on create is a day without a time: an all-day activity).

use crate::error::{Result, WarningCode};
use crate::model::schema::{Field, Kind};
use crate::plan::capture::{Cap, Frame, Trie};
use crate::plan::compiling::{kind_problem, scalar, Compiling};
use crate::plan::head::Head;
use crate::plan::read::{invalid, wrong, wrong_found, Loc, Reader};
use crate::plan::rule::{self, Place, Source, Visit};
use crate::plan::write::{Mode, Writer};
use crate::pointer::{self, Pointer};
use crate::scalar::Scalar;
use crate::transform::datetime;
use serde_json::Value;

#[derive(Debug)]
pub struct DateTime {
    pub date: Pointer,
    pub time: Pointer,
}

impl DateTime {
    pub fn compile(
        date: &Pointer,
        time: &Pointer,
        field: &Field,
        trie: &mut Trie,
        c: &mut dyn Compiling,
        at: &str,
    ) -> DateTime {
        if !matches!(field.kind, Kind::DateTime) {
            kind_problem(c, at, field, "`date_time` gives a date-time");
        }
        DateTime { date: scalar(date, trie), time: scalar(time, trie) }
    }
}

impl Source for DateTime {
    fn read(&self, _: &Head, r: &Reader, frame: &Frame, loc: &Loc, out: &mut String) -> Result<bool> {
        let (date, time) = (&self.date, &self.time);
        let day = match frame.get(date.node) {
            Cap::Scalar(s) if r.present(s) => {
                datetime::parse(s, None).map_err(|e| invalid(&loc.path(&date.text), e))?
            }
            Cap::Unexpected(found) => return Err(wrong_found(&loc.path(&date.text), "a date string", found)),
            _ => return Ok(false),
        };
        let (day, _) = datetime::split_day(day);
        let offset = match frame.get(time.node) {
            Cap::Scalar(Scalar::Str(t)) if !t.trim().is_empty() => {
                datetime::parse_time(t).map_err(|e| invalid(&loc.path(&time.text), e))?
            }
            Cap::Unexpected(found) => return Err(wrong_found(&loc.path(&time.text), "a time string", found)),
            Cap::Scalar(Scalar::Str(_)) | Cap::Scalar(Scalar::Null) | Cap::Absent => 0,
            _ => return Err(wrong(&loc.path(&time.text), "a time string")),
        };
        datetime::write_json(out, day + offset);
        r.source(&[], &|| {
            let timed = matches!(frame.get(time.node), Cap::Scalar(Scalar::Str(t)) if !t.trim().is_empty());
            let mut read = vec![loc.path(&date.text)];
            if timed {
                read.push(loc.path(&time.text));
            }
            read
        });
        Ok(true)
    }

    fn write(&self, head: &Head, w: &mut Writer, body: &mut Value, value: &Value, at: &str) -> Result<()> {
        let (date, time) = (&self.date, &self.time);
        if value.is_null() {
            pointer::set(body, &date.tokens, w.clear(head));
            pointer::set(body, &time.tokens, w.clear(head));
            return Ok(());
        }
        let ms = datetime::parse_canonical(value, at)?;
        let (day, offset) = datetime::split_day(ms);
        pointer::set(body, &date.tokens, datetime::write(day, datetime::Format::Date).0);
        let (t, lost) = datetime::write(ms, datetime::Format::Time);
        if lost {
            w.warn(WarningCode::PrecisionLost, at, "the vendor keeps whole seconds");
        }
        // Midnight on create is a day without a time (an all-day activity); on update the time is
        // always written so that no earlier time stays behind.
        if offset != 0 || w.mode == Mode::Update || pointer::get(body, &time.tokens).is_some() {
            pointer::set(body, &time.tokens, t);
        }
        Ok(())
    }

    fn places(&self, visit: &mut dyn Visit) {
        visit.place(Place { part: true, ..Place::value(&self.date) });
        visit.place(Place { part: true, written: false, ..Place::value(&self.time) });
    }

    fn kind(&self) -> rule::SourceKind<'_> {
        rule::SourceKind::DateTime
    }
}
