//! `fairfloor sync`, `fairfloor purge --synced` and `fairfloor doctor`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use chrono::Utc;

use super::out::{say, say_text, tell};
use crate::doctor::{changes, grouped};
use crate::service;
use crate::store::purge::PurgeError;
use crate::store::{Actor, Store};
use crate::sync::client::{self, SyncEvent, SyncOptions};

/// What `fairfloor sync` was given.
#[derive(Debug, clap::Args)]
pub struct SyncArgs {
    /// The central service, e.g. https://central.example.org [default: the one used last time]
    #[arg(long, value_name = "URL")]
    pub central: Option<String>,
    /// This laptop's device token (from fairfloor central add-device) [default: the one used last time]
    #[arg(
        long,
        env = "FAIRFLOOR_SYNC_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN"
    )]
    pub token: Option<String>,
    /// Changes per request
    #[arg(long, default_value_t = 2000, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub batch_size: u32,
    /// Tries per request before giving up when the centre cannot be reached
    #[arg(long, default_value_t = 8, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=100))]
    pub attempts: u32,
    /// A PEM file of certificate authorities to trust besides the system's: the centre's private CA, or the root of a proxy or firewall that inspects TLS [default: the one used last time]
    #[arg(long, value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
    /// An HTTP proxy to go through, e.g. http://proxy.example.org:8080, or `direct` for none [default: the one used last time, else the system's (HTTPS_PROXY, ALL_PROXY, HTTP_PROXY)]
    #[arg(long, env = "FAIRFLOOR_PROXY", value_name = "URL|direct")]
    pub proxy: Option<String>,
}

/// What `fairfloor purge` was given.
#[derive(Debug, clap::Args)]
pub struct PurgeArgs {
    /// Purge only what is synced (required: nothing is purged while changes wait to sync)
    #[arg(long)]
    pub synced: bool,
    /// Only candidates registered more than this long ago: 7d, 12h, 30m
    #[arg(long, value_name = "AGE")]
    pub older_than: Option<String>,
}

fn existing(db: &Path) -> Result<Store> {
    require_file(db)?;
    Ok(Store::open(db)?)
}

pub(super) fn require_file(db: &Path) -> Result<()> {
    if !db.exists() {
        bail!(
            "there is no database at {}. Give this laptop's database with --db PATH",
            db.display()
        );
    }
    Ok(())
}

/// `fairfloor sync`: exit 0 when everything is synced, 1 (with the reason) otherwise.
pub fn sync(db: &Path, args: SyncArgs) -> Result<ExitCode> {
    let mut store = existing(db)?;
    let remembered = service::sync::central_settings(&store)?;
    let url = args.central.or(remembered.url).context(
        "no central service given: add --central URL (the coordinator has it); it is remembered after the first sync",
    )?;
    let token = args.token.or(remembered.token).context(
        "no device token given: add --token TOKEN (or set FAIRFLOOR_SYNC_TOKEN). The coordinator makes one with: fairfloor central add-device --label \"LAPTOP NAME\"",
    )?;
    let url = client::normalise_url(&url)?;
    let proxy = match args.proxy.as_deref().or(remembered.proxy.as_deref()) {
        Some(given) => client::ProxyChoice::parse(given)?,
        None => client::ProxyChoice::FromSystem,
    };
    // Remembered for the dashboard's sync key, which may start in another folder.
    let ca_cert = match args.ca_cert {
        Some(path) => Some(std::path::absolute(&path).unwrap_or(path)),
        None => remembered.ca_cert,
    };
    let options = SyncOptions {
        batch_size: args.batch_size as usize,
        attempts: args.attempts,
        ca_cert,
        proxy,
        remember: true,
        ..SyncOptions::default()
    };
    say!("Syncing {} with {url}", store.path().display());
    let mut on_event = |event: &SyncEvent| match event {
        SyncEvent::Connected { .. } => {}
        SyncEvent::Progress { sent, total } => {
            say!(
                "sent {} of {}",
                grouped(*sent as i64),
                changes(*total as i64)
            );
        }
        SyncEvent::Retrying {
            attempt,
            attempts,
            delay,
            reason,
        } => tell!(
            "{reason}; trying again in {} (try {} of {attempts})",
            seconds(*delay),
            attempt + 1
        ),
        SyncEvent::Reidentified(done) => {
            say!("{}", crate::doctor::reidentified_text(done));
        }
    };
    let service::sync::Synced {
        report,
        outbox: status,
    } = service::sync::sync(&mut store, &url, &token, &options, &mut on_event)?;
    if report.sent == 0 {
        say!("Nothing to sync: the central service has every change from this laptop.");
    } else {
        say!(
            "Synced {} to {url} in {} request{}.",
            changes(report.sent as i64),
            report.batches,
            if report.batches == 1 { "" } else { "s" }
        );
    }
    if status.rejected > 0 {
        say!(
            "The central service rejected {} (kept on this laptop with the reasons): run fairfloor doctor to see them.",
            changes(status.rejected)
        );
    }
    if status.waiting > 0 {
        // Written while the sync ran (another fairfloor on this laptop); the next sync takes them.
        say!(
            "{} made during the sync will go next time.",
            changes(status.waiting)
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn seconds(delay: Duration) -> String {
    format!("{:.1} s", delay.as_secs_f64())
}

/// `fairfloor purge --synced [--older-than AGE]`.
pub fn purge(db: &Path, args: PurgeArgs) -> Result<ExitCode> {
    let older_than = args.older_than.as_deref();
    if !args.synced {
        bail!(
            "purge removes only data the central service already holds: run fairfloor purge --synced (optionally --older-than 7d)"
        );
    }
    let age = older_than
        .map(crate::store::purge::parse_age)
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let mut store = existing(db)?;
    let now = Utc::now();
    let cutoff = age.map(|age| now - age);
    let report = match service::purge::purge_synced(&mut store, cutoff, &Actor::new("cli", now)) {
        Err(unsynced @ PurgeError::Unsynced { .. }) => {
            bail!("{unsynced}. Run fairfloor sync, then purge again")
        }
        other => other?,
    };
    let people = |n: usize| {
        if n == 1 {
            "1 candidate".to_string()
        } else {
            format!("{} candidates", grouped(n as i64))
        }
    };
    if report.candidates == 0 {
        say!(
            "Nothing to purge: no synced candidates{} still hold personal data.",
            older_than
                .map(|age| format!(" registered more than {} ago", age.trim()))
                .unwrap_or_default()
        );
    } else {
        say!(
            "Removed the personal data of {} ({} equality answers, {} synced copies in the outbox). The day's figures are unchanged.",
            people(report.candidates),
            grouped(report.equality_answers as i64),
            grouped(report.outbox_payloads as i64)
        );
    }
    if report.kept_for_review > 0 {
        say!(
            "Kept {} whole because the central service rejected one of their records: run fairfloor doctor.",
            people(report.kept_for_review)
        );
    }
    if !report.file_cleared {
        tell!(
            "Old copies of the removed data may remain in the database file, because another fairfloor (a kiosk or the staff screens) has it open. Close every fairfloor on this laptop and run fairfloor purge --synced again."
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// `fairfloor doctor`: exit 1 when something needs attention.
pub fn doctor(db: &Path, json: bool) -> Result<ExitCode> {
    require_file(db)?;
    // Not `Store::open`: that refuses a damaged file, and this is where one gets its report.
    let findings = service::doctor::examine_path(db)?;
    if json {
        let report = serde_json::json!({
            "attention": findings.attention(),
            "findings": findings,
        });
        say!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        say_text!("{}", findings.to_text());
    }
    Ok(if findings.attention().is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
