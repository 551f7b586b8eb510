//! The crm-canon command line: vendor records to canonical records and back.

// A panic would end the process with a signal-like exit instead of a one-line error.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unreachable,
    clippy::todo,
    clippy::unimplemented
)]

use crm_canon::changes::State;
use crm_canon::{Code, Error, Mode, Override, PageAt, Profile, ReadOptions, Reader, Redaction, WriteOptions};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::process::ExitCode;

const USAGE: &str = "usage:
  crm-canon to-canonical   --vendor V --object O [--fields LIST] [--vendor-object NAME] [--override FILE] [--profile FILE] [--explain] [--lenient] [--pretty]
                           [--redact pii|POINTER,...] [--redact-key KEY] [FILE|-]
  crm-canon from-canonical --vendor V --object O --mode create|update [--vendor-object NAME] [--override FILE] [--profile FILE] [--pretty] [FILE|-]
  crm-canon page           --vendor V --object O [--offset N] [--page N] [--fields LIST] [--profile FILE] [--pretty] [FILE|-]
  crm-canon changes        --vendor V --object O --state FILE [--complete] [--profile FILE] [--pretty] [PAGE|-]
  crm-canon webhook        --vendor V [--profile FILE] [--pretty] [FILE|-]
  crm-canon vendors [--json]
  crm-canon capabilities --vendor V --object O [--override FILE]
  crm-canon validate-table [--expanded] FILE

Input: one record, a JSON array, a vendor list envelope, or NDJSON (one record per line, streamed).
Objects: contact company deal lead event pipeline.
--redact pii masks personal data (names, emails, phones, street lines, free text, custom values, raw);
canonical JSON Pointers (/title) mask those fields too: --redact pii,/title. --redact-key keys the hash.";

struct Args {
    command: String,
    vendor: Option<String>,
    object: Option<String>,
    fields: Vec<String>,
    mode: Option<String>,
    vendor_object: Option<String>,
    override_file: Option<String>,
    profile_file: Option<String>,
    at: PageAt,
    state_file: Option<String>,
    complete: bool,
    file: Option<String>,
    pretty: bool,
    json: bool,
    lenient: bool,
    explain: bool,
    expanded: bool,
    redact: Redaction,
}

fn parse(mut raw: impl Iterator<Item = String>) -> Result<Args, String> {
    let command = raw.next().ok_or("missing command")?;
    let mut args = Args {
        command,
        vendor: None,
        object: None,
        fields: Vec::new(),
        mode: None,
        vendor_object: None,
        override_file: None,
        profile_file: None,
        at: PageAt::default(),
        state_file: None,
        complete: false,
        file: None,
        pretty: false,
        json: false,
        lenient: false,
        explain: false,
        expanded: false,
        redact: Redaction::default(),
    };
    while let Some(arg) = raw.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = || inline.clone().or_else(|| raw.next()).ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--vendor" => args.vendor = Some(value()?),
            "--object" => args.object = Some(value()?),
            "--fields" => {
                args.fields =
                    value()?.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect()
            }
            "--mode" => args.mode = Some(value()?),
            "--redact" => {
                let items: Vec<String> = value()?.split(',').map(str::to_owned).collect();
                let more = Redaction::from_items(&items);
                args.redact.pii |= more.pii;
                args.redact.paths.extend(more.paths);
            }
            "--redact-key" => args.redact.key = Some(value()?),
            "--vendor-object" => args.vendor_object = Some(value()?),
            "--override" => args.override_file = Some(value()?),
            "--profile" => args.profile_file = Some(value()?),
            "--state" => args.state_file = Some(value()?),
            "--complete" => args.complete = true,
            "--offset" => args.at.offset = Some(value()?.parse().map_err(|_| "--offset is a whole number")?),
            "--page" => args.at.page = Some(value()?.parse().map_err(|_| "--page is a whole number")?),
            "--pretty" => args.pretty = true,
            "--json" => args.json = true,
            "--lenient" => args.lenient = true,
            "--explain" => args.explain = true,
            "--expanded" => args.expanded = true,
            "-h" | "--help" => return Err(String::new()),
            f if f.starts_with("--") => return Err(format!("unknown option {f}")),
            _ if args.file.is_none() => args.file = Some(arg),
            _ => return Err("only one input file".into()),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => return usage(&message),
    };
    let result = match args.command.as_str() {
        "to-canonical" => to_canonical(&args),
        "from-canonical" => from_canonical(&args),
        "page" => page(&args),
        "changes" => changes(&args),
        "webhook" => webhook(&args),
        "vendors" => vendors(args.json),
        "capabilities" => capabilities(&args),
        "validate-table" => validate_table(&args),
        other => return usage(&format!("unknown command {other}")),
    };
    match result {
        Ok(code) => code,
        Err(err) if err.code == Code::Usage => usage(&err.message),
        Err(err) => {
            eprintln!(
                "error: {} {} {}",
                err.code,
                if err.path.is_empty() { "/" } else { &err.path },
                err.message
            );
            // A document's problems (a table, an override, a profile), one line each.
            for problem in &err.problems {
                eprintln!("  {problem}");
            }
            ExitCode::from(1)
        }
    }
}

fn usage(message: &str) -> ExitCode {
    if !message.is_empty() {
        eprintln!("error: {message}");
    }
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

fn required<'a>(value: &'a Option<String>, flag: &str) -> Result<&'a str, Error> {
    value.as_deref().ok_or_else(|| Error::new(Code::Usage, "", format!("{flag} is required")))
}

fn input(file: &Option<String>) -> Result<Box<dyn BufRead>, Error> {
    match file.as_deref() {
        None | Some("-") => Ok(Box::new(BufReader::new(io::stdin()))),
        Some(path) => std::fs::File::open(path)
            .map(|f| Box::new(BufReader::with_capacity(1 << 16, f)) as Box<dyn BufRead>)
            .map_err(|e| Error::new(Code::Io, "", format!("cannot open the input file ({})", e.kind()))),
    }
}

/// One warning line on stderr: `warning: [line N: ]code path message`.
fn warn(line: &str, w: &crm_canon::Warning) {
    eprintln!("warning: {line}{} {} {}", w.code, if w.path.is_empty() { "/" } else { &w.path }, w.message);
}

fn json_error(_: serde_json::Error) -> Error {
    Error::new(Code::Io, "", "could not write the output as JSON")
}

fn io_error(e: io::Error) -> Error {
    Error::new(Code::Io, "", format!("read or write failed ({})", e.kind()))
}

fn text(bytes: Vec<u8>) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|e| {
        Error::new(
            Code::InvalidUtf8,
            "",
            format!("input is not UTF-8 (byte {})", e.utf8_error().valid_up_to()),
        )
    })
}

/// Input split into documents: one whole document, or NDJSON lines streamed one at a time.
enum Documents {
    One(String),
    Lines { first: String, rest: Box<dyn BufRead> },
}

fn documents(mut reader: Box<dyn BufRead>) -> Result<Documents, Error> {
    let mut first = Vec::new();
    loop {
        first.clear();
        if reader.read_until(b'\n', &mut first).map_err(io_error)? == 0 || !first.trim_ascii().is_empty() {
            break;
        }
    }
    let first_is_whole = serde_json::from_slice::<serde::de::IgnoredAny>(&first).is_ok();
    let mut rest = Vec::new();
    if first_is_whole {
        let buffered = reader.fill_buf().map_err(io_error)?;
        let more = !buffered.trim_ascii().is_empty();
        if more {
            return Ok(Documents::Lines { first: text(first)?, rest: reader });
        }
    }
    reader.read_to_end(&mut rest).map_err(io_error)?;
    first.extend_from_slice(&rest);
    Ok(Documents::One(text(first)?))
}

fn pretty(json: &str) -> String {
    serde_json::from_str::<serde_json::Value>(json)
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or_else(|_| json.to_owned())
}

/// The `--override FILE`, parsed and checked (problems located inside the file).
fn layer(args: &Args) -> Result<Option<Override>, Error> {
    let Some(path) = &args.override_file else { return Ok(None) };
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::new(Code::Io, "", format!("cannot read the override ({})", e.kind())))?;
    Override::parse(&text).map(Some)
}

/// The `--profile FILE` for `vendor`, parsed (problems located inside the file).
fn profile(args: &Args, vendor: &str) -> Result<Option<Profile>, Error> {
    let Some(path) = &args.profile_file else { return Ok(None) };
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::new(Code::Io, "", format!("cannot read the profile ({})", e.kind())))?;
    Profile::parse(vendor, &text).map(Some)
}

/// The reader the read options of the command line ask for.
fn reader(args: &Args) -> Result<Reader, Error> {
    let (vendor, object) = (required(&args.vendor, "--vendor")?, required(&args.object, "--object")?);
    let options = ReadOptions {
        fields: args.fields.clone(),
        vendor_object: args.vendor_object.clone(),
        explain: args.explain,
        redact: args.redact.clone(),
        profile: profile(args, vendor)?,
    };
    match layer(args)? {
        Some(layer) => Reader::with_override(vendor, object, &options, &layer),
        None => Reader::new(vendor, object, &options),
    }
}

/// One list response as `{"records": [...], "next": <cursor or null>}`.
fn page(args: &Args) -> Result<ExitCode, Error> {
    let reader = reader(args)?;
    let mut text = String::new();
    input(&args.file)?.read_to_string(&mut text).map_err(io_error)?;
    let page = reader.read_page(&text, args.at)?;
    println!("{}", if args.pretty { pretty(&page) } else { page });
    Ok(ExitCode::SUCCESS)
}

/// The change events of one webhook payload, as a JSON array; events it does not map are warnings.
fn webhook(args: &Args) -> Result<ExitCode, Error> {
    let vendor = required(&args.vendor, "--vendor")?;
    let options = ReadOptions { profile: profile(args, vendor)?, ..Default::default() };
    let mut payload = String::new();
    input(&args.file)?.read_to_string(&mut payload).map_err(io_error)?;
    let (events, warnings) = crm_canon::changes::from_webhook(vendor, &payload, &options)?;
    warnings.iter().for_each(|w| warn("", w));
    let out = serde_json::to_string(&events).map_err(|_| Error::new(Code::Io, "", "events not written"))?;
    println!("{}", if args.pretty { pretty(&out) } else { out });
    Ok(ExitCode::SUCCESS)
}

/// Change events of one polled page against the `--state` file (absent: a first run), and the new
/// state: `{"events": [...], "state": {...}}`.
fn changes(args: &Args) -> Result<ExitCode, Error> {
    let reader = reader(args)?;
    let path = required(&args.state_file, "--state")?;
    let (vendor, object) = (required(&args.vendor, "--vendor")?, reader.object_name());
    let state = match std::fs::read_to_string(path) {
        Ok(text) => State::parse(&text, vendor, object)?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => State::new(vendor, object),
        Err(e) => return Err(Error::new(Code::Io, "", format!("cannot read the state ({})", e.kind()))),
    };
    let mut page = String::new();
    input(&args.file)?.read_to_string(&mut page).map_err(io_error)?;
    let (events, next) = crm_canon::changes::detect_changes(&reader, &page, &state, args.complete)?;
    let out = serde_json::json!({ "events": events, "state": next.to_json() }).to_string();
    println!("{}", if args.pretty { pretty(&out) } else { out });
    Ok(ExitCode::SUCCESS)
}

fn to_canonical(args: &Args) -> Result<ExitCode, Error> {
    let reader = reader(args)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match documents(input(&args.file)?)? {
        Documents::One(doc) => {
            let json = if args.lenient {
                let (json, warnings) = reader.read_json_lenient(&doc)?;
                warnings.iter().for_each(|w| warn("", w));
                json
            } else {
                reader.read_json(&doc)?
            };
            writeln!(out, "{}", if args.pretty { pretty(&json) } else { json }).map_err(io_error)?;
            Ok(ExitCode::SUCCESS)
        }
        Documents::Lines { first, mut rest } => {
            let mut failed = false;
            let mut line = first;
            let mut number = 1usize;
            let mut buffer = Vec::new();
            loop {
                if !line.trim().is_empty() {
                    let mut sink = |record: &str| {
                        out.write_all(record.as_bytes()).and_then(|_| out.write_all(b"\n")).map_err(io_error)
                    };
                    let result = if args.lenient {
                        let at = format!("line {number}: ");
                        reader.read_each_lenient(&line, &mut sink, &mut |w| warn(&at, &w))
                    } else {
                        reader.read_each(&line, &mut sink)
                    };
                    if let Err(err) = result {
                        failed = true;
                        eprintln!(
                            "error: line {number}: {} {} {}",
                            err.code,
                            if err.path.is_empty() { "/" } else { &err.path },
                            err.message
                        );
                    }
                }
                buffer.clear();
                if rest.read_until(b'\n', &mut buffer).map_err(io_error)? == 0 {
                    break;
                }
                number += 1;
                line = match text(std::mem::take(&mut buffer)) {
                    Ok(l) => l,
                    Err(err) => {
                        failed = true;
                        eprintln!("error: line {number}: {} / {}", err.code, err.message);
                        String::new()
                    }
                };
            }
            out.flush().map_err(io_error)?;
            Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
    }
}

fn from_canonical(args: &Args) -> Result<ExitCode, Error> {
    let vendor = required(&args.vendor, "--vendor")?;
    let object = required(&args.object, "--object")?;
    let mode: Mode = required(&args.mode, "--mode")?.parse()?;
    let options =
        WriteOptions { mode, vendor_object: args.vendor_object.clone(), profile: profile(args, vendor)? };
    let layer = layer(args)?;
    let write_one = |value: &serde_json::Value, at: &str| -> Result<serde_json::Value, Error> {
        let written = match &layer {
            Some(layer) => crm_canon::from_canonical_with_override(vendor, object, value, &options, layer),
            None => crm_canon::from_canonical(vendor, object, value, &options),
        }
        .map_err(|e| e.within(at))?;
        for w in &written.warnings {
            warn("", &crm_canon::Warning { path: format!("{at}{}", w.path), ..w.clone() });
        }
        Ok(written.body)
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let show = |v: &serde_json::Value| {
        if args.pretty {
            serde_json::to_string_pretty(v)
        } else {
            serde_json::to_string(v)
        }
    };
    match documents(input(&args.file)?)? {
        Documents::One(doc) => {
            let value: serde_json::Value =
                serde_json::from_str(&doc).map_err(|e| Error::from_json(&e, ""))?;
            let body = match &value {
                serde_json::Value::Array(items) => serde_json::Value::Array(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, v)| write_one(v, &format!("/{i}")))
                        .collect::<Result<_, _>>()?,
                ),
                one => write_one(one, "")?,
            };
            writeln!(out, "{}", show(&body).map_err(json_error)?).map_err(io_error)?;
            Ok(ExitCode::SUCCESS)
        }
        Documents::Lines { first, mut rest } => {
            let mut failed = false;
            let mut line = first;
            let mut number = 1;
            loop {
                if !line.trim().is_empty() {
                    let result = serde_json::from_str(&line)
                        .map_err(|e| Error::from_json(&e, ""))
                        .and_then(|v| write_one(&v, ""));
                    match result {
                        Ok(body) => writeln!(out, "{}", serde_json::to_string(&body).map_err(json_error)?)
                            .map_err(io_error)?,
                        Err(err) => {
                            failed = true;
                            eprintln!(
                                "error: line {number}: {} {} {}",
                                err.code,
                                if err.path.is_empty() { "/" } else { &err.path },
                                err.message
                            );
                        }
                    }
                }
                // Bytes, not `read_line`: a line that is not UTF-8 is that line's error, not the stream's.
                let mut buffer = Vec::new();
                if rest.read_until(b'\n', &mut buffer).map_err(io_error)? == 0 {
                    break;
                }
                number += 1;
                line = match text(buffer) {
                    Ok(l) => l,
                    Err(err) => {
                        failed = true;
                        eprintln!("error: line {number}: {} / {}", err.code, err.message);
                        String::new()
                    }
                };
            }
            Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
    }
}

fn vendors(json: bool) -> Result<ExitCode, Error> {
    let objects = crm_canon::model::schema::object_names();
    let mut rows = Vec::new();
    for vendor in crm_canon::vendors() {
        let mut cells = Vec::new();
        for object in &objects {
            let cell = match crm_canon::capabilities(vendor, object) {
                Ok(c) if c.writable => "read+write",
                Ok(_) => "read",
                Err(e) if e.code == Code::UnknownObject => "-",
                Err(e) => return Err(e),
            };
            cells.push(cell);
        }
        rows.push((vendor, cells));
    }
    if json {
        let value: serde_json::Value = rows
            .iter()
            .map(|(v, cells)| {
                let map: serde_json::Map<String, serde_json::Value> = objects
                    .iter()
                    .zip(cells)
                    .map(|(o, c)| (o.to_string(), serde_json::Value::from(*c)))
                    .collect();
                (v.to_string(), serde_json::Value::Object(map))
            })
            .collect::<serde_json::Map<_, _>>()
            .into();
        println!("{}", serde_json::to_string_pretty(&value).map_err(json_error)?);
    } else {
        print!("{:<12}", "vendor");
        for o in &objects {
            print!("{o:<12}");
        }
        println!();
        for (v, cells) in rows {
            print!("{v:<12}");
            for c in cells {
                print!("{c:<12}");
            }
            println!();
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn capabilities(args: &Args) -> Result<ExitCode, Error> {
    let (vendor, object) = (required(&args.vendor, "--vendor")?, required(&args.object, "--object")?);
    let caps = match layer(args)? {
        Some(layer) => crm_canon::capabilities_with_override(vendor, object, &layer)?,
        None => crm_canon::capabilities(vendor, object)?,
    };
    println!("{}", serde_json::to_string_pretty(&caps).map_err(json_error)?);
    Ok(ExitCode::SUCCESS)
}

fn validate_table(args: &Args) -> Result<ExitCode, Error> {
    let path = required(&args.file, "FILE")?;
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::new(Code::Io, "", format!("cannot read the table ({})", e.kind())))?;
    match crm_canon::validate_table(&text) {
        Ok(()) if args.expanded => {
            let expanded = crm_canon::expand_table(&text)
                .map_err(|_| Error::new(Code::InvalidTable, "", "the table does not expand"))?;
            println!("{}", serde_json::to_string_pretty(&expanded).map_err(json_error)?);
            Ok(ExitCode::SUCCESS)
        }
        Ok(()) => {
            println!("ok");
            Ok(ExitCode::SUCCESS)
        }
        Err(problems) => {
            // One line per problem: `<code> <json-pointer> <message>`.
            for p in &problems {
                println!("{p}");
            }
            eprintln!("{} problem{}", problems.len(), if problems.len() == 1 { "" } else { "s" });
            Ok(ExitCode::from(1))
        }
    }
}
