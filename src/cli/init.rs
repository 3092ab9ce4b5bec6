//! `rewards init`: create the database and record the shop's currency and time zone.

use super::{Ctx, Outcome, usage};
use crate::core::money::Currency;
use crate::core::time;
use serde::Serialize;

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The shop's default currency (ISO 4217 code); none until set, and programs need one
    #[arg(long, value_name = "CUR")]
    pub currency: Option<String>,
    /// The shop's time zone (IANA name), UTC until set; naive timestamps in CSV files are read
    /// in it
    #[arg(long, value_name = "ZONE")]
    pub timezone: Option<String>,
}

#[derive(Serialize)]
struct InitReport {
    database: String,
    currency: Option<String>,
    timezone: String,
    schema_version: i64,
}

pub fn run(ctx: &Ctx, args: InitArgs) -> anyhow::Result<Outcome> {
    // Validate before touching the file, so a typo creates nothing.
    let currency = match &args.currency {
        Some(c) => Some(Currency::from_code(c).map_err(|e| usage(e.to_string()))?),
        None => None,
    };
    let zone = match &args.timezone {
        Some(z) => Some(time::parse_zone(z).map_err(|e| usage(e.to_string()))?),
        None => None,
    };
    let mut s = ctx.open()?;
    let tx = s
        .conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    // Stored amounts, naive CSV times, calendar months and dates given as days were read in
    // the shop's currency and zone: once the shop holds anything, they stay.
    let settled_in = |key: &str, wanted: Option<&str>| -> anyhow::Result<()> {
        let Some(wanted) = wanted else { return Ok(()) };
        if let Some(now) = crate::db::setting(&tx, key)?.filter(|v| v != wanted)
            && crate::db::has_shop_data(&tx)?
        {
            return Err(usage(format!(
                "the shop's {key} is {now}; it cannot change to {wanted} once it has programs, \
                 members or orders (what is stored was read in {now})"
            )));
        }
        Ok(())
    };
    settled_in("currency", currency.map(|c| c.code()))?;
    settled_in("timezone", zone.map(|z| z.name()))?;
    if let Some(c) = currency {
        crate::db::set_setting(&tx, "currency", c.code())?;
    }
    if let Some(z) = zone {
        crate::db::set_setting(&tx, "timezone", z.name())?;
    } else if crate::db::setting(&tx, "timezone")?.is_none() {
        crate::db::set_setting(&tx, "timezone", "UTC")?;
    }
    let report = InitReport {
        database: ctx.db_path.display().to_string(),
        currency: crate::db::setting(&tx, "currency")?,
        timezone: crate::db::setting(&tx, "timezone")?.unwrap_or_else(|| "UTC".into()),
        schema_version: crate::db::latest_version(),
    };
    tx.commit()?;
    ctx.status(format!("initialised {}", report.database));
    ctx.emit(&report)?;
    Ok(Outcome::Done)
}
