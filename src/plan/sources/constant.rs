//! `"const": V`: a fixed canonical value. Never written.

use crate::error::Result;
use crate::model::schema::Field;
use crate::plan::capture::Frame;
use crate::plan::compiling::{check_value, Compiling};
use crate::plan::head::Head;
use crate::plan::read::{Loc, Reader};
use crate::plan::rule::{self, Source, Visit};
use crate::plan::write::Writer;
use crate::transform::write_constant;
use serde_json::Value;

#[derive(Debug)]
pub struct Const {
    pub value: Value,
}

impl Const {
    pub fn compile(value: &Value, field: &Field, c: &mut dyn Compiling, at: &str) -> Const {
        check_value(c, value, field.kind, &format!("{at}/const"));
        Const { value: value.clone() }
    }
}

impl Source for Const {
    fn read(&self, head: &Head, _: &Reader, _: &Frame, _: &Loc, out: &mut String) -> Result<bool> {
        Ok(write_constant(&self.value, head.field.kind, out))
    }

    fn write(&self, _: &Head, _: &mut Writer, _: &mut Value, _: &Value, _: &str) -> Result<()> {
        Ok(())
    }

    fn writes(&self) -> bool {
        false
    }

    fn places(&self, _: &mut dyn Visit) {}

    fn kind(&self) -> rule::SourceKind<'_> {
        rule::SourceKind::Const
    }
}
