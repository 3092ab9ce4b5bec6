//! `import activities`: `customer_email,action,occurred_at[,reference]` rows for points programs,
//! keyed by `reference` when given, else by a stable hash of the row.

use super::import::{self, Hooks, ImportError, Options, Summary, Tally};
use super::reader::{Field, RawRow, Row, RowError, Source};
use super::values;
use crate::core::time::to_db;
use crate::db::imports::{self as q, NewActivity};
use csv::ByteRecord;
use rusqlite::Connection;

pub const CUSTOMER_EMAIL: usize = 0;
pub const ACTION: usize = 1;
pub const OCCURRED_AT: usize = 2;
pub const REFERENCE: usize = 3;

pub static FIELDS: &[Field] = &[
    Field {
        name: "customer_email",
        required: true,
    },
    Field {
        name: "action",
        required: true,
    },
    Field {
        name: "occurred_at",
        required: true,
    },
    Field {
        name: "reference",
        required: false,
    },
];

/// Imports an activities file.
pub fn import(
    conn: &Connection,
    opts: &Options,
    hooks: &mut dyn Hooks,
) -> Result<Summary, ImportError> {
    let shown = opts.shown();
    let sha = values::sha256_file(&opts.path, &shown)?;
    let mut src = Source::open(&opts.path, &shown, FIELDS, &[], &opts.maps)?;
    let mut tally = Tally::new(opts, &src, "activities", hooks)?;
    tally.summary.sha256 = sha.clone();
    tally.summary.previous_import_id = q::previous_with_sha(conn, "activities", &sha)?.map(|p| p.0);
    q::tune_for_import(conn)?;
    let import_id = q::begin(
        conn,
        "activities",
        &import::file_name(&opts.path),
        "generic",
        false,
        &to_db(opts.now),
    )?;
    let mut raw = RawRow::Empty;
    while src.next(&mut raw)? {
        tally.progress(&src);
        let line = raw.line();
        let Some(rec) = tally.text_row(&src, &raw)? else {
            continue;
        };
        tally.summary.rows += 1;
        let bytes = rec.as_byte_record();
        if let Some(msg) = src.shape_error() {
            tally.reject(bytes, line, &msg)?;
            continue;
        }
        let row = src.view(rec);
        one(conn, &mut tally, opts, import_id, line, bytes, &row)?;
    }
    let summary = tally.finish()?;
    q::finish(conn, import_id, &sha, &import::counts(&summary))?;
    Ok(Summary {
        import_id: (!opts.dry_run).then_some(import_id),
        ..summary
    })
}

fn one(
    conn: &Connection,
    tally: &mut Tally,
    opts: &Options,
    import_id: i64,
    line: u64,
    rec: &ByteRecord,
    row: &Row,
) -> Result<(), ImportError> {
    let parsed = (|| -> Result<(String, &str, String), RowError> {
        let email = import::email(row, CUSTOMER_EMAIL)?;
        let action = row.required(ACTION)?;
        let at = import::instant(row, OCCURRED_AT, opts)?;
        let mut s = String::new();
        values::db_time(at, &mut s);
        Ok((email, action, s))
    })();
    let (email, action, occurred_at) = match parsed {
        Ok(v) => v,
        Err(e) => return tally.reject(rec, line, &e.0),
    };
    let action = action.to_lowercase();
    let reference = row.opt(REFERENCE);
    let key = match reference {
        Some(r) => r.to_string(),
        None => format!(
            "h:{}",
            values::stable_hash(&[&email, &action, &occurred_at])
        ),
    };
    if let Some(prev) = q::activity_by_key(conn, &key)? {
        if prev.import_id == import_id {
            let msg = format!(
                "activity {key} already appears on line {} of this file",
                prev.source_line
            );
            return tally.reject(rec, line, &msg);
        }
        if prev.customer_email == email
            && prev.action.eq_ignore_ascii_case(&action)
            && prev.occurred_at == occurred_at
        {
            tally.summary.duplicates += 1;
            return Ok(());
        }
        let msg = format!(
            "activity {key} already imported with different data (import #{}, line {}); the stored activity is kept",
            prev.import_id, prev.source_line
        );
        return tally.conflict(rec, line, &msg);
    }
    q::insert_activity(
        conn,
        &NewActivity {
            activity_key: &key,
            customer_email: &email,
            action: &action,
            occurred_at: &occurred_at,
            reference,
            import_id,
            source_line: line,
        },
    )?;
    tally.summary.inserted += 1;
    Ok(())
}
