//! `fairfloor central …`: the central service and its device tokens.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};

use super::out::{say, say_text, tell};
use crate::central::{db, devices, export, query, server};
use crate::export::{ExportError, write_atomically};

#[derive(Debug, Subcommand)]
pub enum CentralCommand {
    /// Run the HTTP service that laptops sync to (applies its migrations first).
    Serve {
        // Each option also reads an environment variable, so a systemd unit can take its
        // settings from an EnvironmentFile (the package's /etc/default/fairfloor-central).
        /// Address and port to listen on (port 0 picks a free one)
        #[arg(
            long,
            env = "FAIRFLOOR_CENTRAL_LISTEN",
            default_value = "127.0.0.1:8080",
            value_name = "ADDR:PORT"
        )]
        listen: String,
        #[command(flatten)]
        database: DatabaseArg,
        /// Serve HTTPS with this certificate chain (PEM); needs --tls-key
        #[arg(
            long,
            env = "FAIRFLOOR_CENTRAL_TLS_CERT",
            value_name = "PEM",
            requires = "tls_key"
        )]
        tls_cert: Option<PathBuf>,
        /// The certificate's private key (PEM); needs --tls-cert
        #[arg(
            long,
            env = "FAIRFLOOR_CENTRAL_TLS_KEY",
            value_name = "PEM",
            requires = "tls_cert"
        )]
        tls_key: Option<PathBuf>,
    },
    /// Enrol a laptop: prints its new token on the last line (shown once, stored only hashed).
    AddDevice {
        #[command(flatten)]
        database: DatabaseArg,
        /// A name for the laptop, e.g. "Laptop B"
        #[arg(long)]
        label: String,
    },
    /// Revoke a laptop's token: its syncs are refused from then on.
    RevokeDevice {
        #[command(flatten)]
        database: DatabaseArg,
        /// The laptop's label, as central devices lists it
        #[arg(long)]
        label: String,
    },
    /// List enrolled laptops: label, created, last seen, revoked, bound device id.
    Devices {
        #[command(flatten)]
        database: DatabaseArg,
        /// Print the list as JSON, for a script
        #[arg(long)]
        json: bool,
    },
    /// Export the day's records across all laptops.
    Export {
        #[command(subcommand)]
        what: CentralExport,
    },
}

#[derive(Debug, Subcommand)]
pub enum CentralExport {
    /// Offers made on a day (each in its event's local time), from every laptop.
    Offers {
        #[command(flatten)]
        database: DatabaseArg,
        /// The day, YYYY-MM-DD
        #[arg(long)]
        date: String,
        /// csv, xlsx or jsonl (JSON Lines)
        #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
        format: ExportFormat,
        /// Write to this file instead of standard output (`-` is standard output too)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Xlsx,
    Jsonl,
}

#[derive(Debug, Args)]
pub struct DatabaseArg {
    /// The central PostgreSQL database, postgres://USER:PASSWORD@HOST:5432/DATABASE
    #[arg(long, env = "FAIRFLOOR_CENTRAL_DATABASE", value_name = "URL")]
    database: String,
}

pub fn run(command: CentralCommand) -> Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async move {
        match command {
            CentralCommand::Serve {
                listen,
                database,
                tls_cert,
                tls_key,
            } => serve(&listen, &database.database, tls_cert.zip(tls_key)).await,
            CentralCommand::AddDevice { database, label } => {
                let client = connect_migrated(&database.database).await?;
                let token = devices::add(&client, &label).await?;
                say!("Enrolled '{}'. Its device token (shown only now; give it to that laptop's fairfloor sync):", label.trim());
                say!("{token}");
                Ok(())
            }
            CentralCommand::RevokeDevice { database, label } => {
                let client = connect_migrated(&database.database).await?;
                devices::revoke(&client, &label).await?;
                say!("Revoked '{}': its syncs are refused from now on.", label.trim());
                Ok(())
            }
            CentralCommand::Devices { database, json } => {
                let client = connect_migrated(&database.database).await?;
                let devices = devices::list(&client).await?;
                if json {
                    say!("{}", serde_json::to_string_pretty(&devices)?);
                } else {
                    say_text!("{}", devices_table(&devices));
                }
                Ok(())
            }
            CentralCommand::Export {
                what:
                    CentralExport::Offers {
                        database,
                        date,
                        format,
                        out,
                    },
            } => export_offers(&database.database, &date, format, out.as_deref()).await,
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Connects and brings the schema up to date, so every command works on a fresh database.
async fn connect_migrated(url: &str) -> Result<tokio_postgres::Client> {
    let config = db::parse_url(url)?;
    let mut client = db::connect(&config).await?;
    db::migrate(&mut client).await?;
    Ok(client)
}

async fn serve(listen: &str, url: &str, tls: Option<(PathBuf, PathBuf)>) -> Result<()> {
    let config = db::parse_url(url)?;
    // Migrate before listening, so a laptop never meets a half-made schema.
    let mut client = db::connect(&config).await?;
    let applied = db::migrate(&mut client).await?;
    drop(client);
    if !applied.is_empty() {
        tell!(
            "Applied database migrations {:?} to {}.",
            applied,
            db::describe(&config)
        );
    }
    let tls_config = match &tls {
        Some((cert, key)) => Some(server::tls_config(cert, key).await.with_context(|| {
            format!(
                "cannot use the TLS certificate {} and key {}: give PEM files (a certificate chain and its private key)",
                cert.display(),
                key.display()
            )
        })?),
        None => None,
    };
    let pool = db::pool(config, 16)?;
    let listener = std::net::TcpListener::bind(listen).with_context(|| {
        format!("cannot listen on {listen}: is another service using it? Give another with --listen ADDR:PORT")
    })?;
    let shutdown = server::shutdown_signal().context("cannot listen for Ctrl-C and SIGTERM")?;
    let address = listener.local_addr()?;
    let scheme = if tls_config.is_some() {
        "https"
    } else {
        "http"
    };
    // Tests and scripts wait for exactly this line.
    say!("listening on {scheme}://{address}");
    std::io::stdout().flush()?;
    server::serve(listener, pool, tls_config, shutdown)
        .await
        .context("the HTTP service stopped")?;
    tell!("Stopped.");
    Ok(())
}

async fn export_offers(
    url: &str,
    date: &str,
    format: ExportFormat,
    out: Option<&std::path::Path>,
) -> Result<()> {
    let day = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").map_err(|_| {
        anyhow::anyhow!("'{date}' is not a date in the form YYYY-MM-DD: give the fair's day, like --date 2026-03-14")
    })?;
    // `--out -` means standard output, as for the laptop's `fairfloor export`.
    let out = out.filter(|path| path.as_os_str() != "-");
    if format == ExportFormat::Xlsx && out.is_none() {
        anyhow::bail!("a spreadsheet is not for the terminal: add --out offers.xlsx");
    }
    let format = match format {
        ExportFormat::Csv => crate::export::Format::Csv,
        ExportFormat::Xlsx => crate::export::Format::Xlsx,
        ExportFormat::Jsonl => crate::export::Format::Jsonl,
    };
    let content = crate::content::Content::load().context("the built-in assets are broken")?;
    let client = connect_migrated(url).await?;
    let rows = query::offers_of_day(&client, day, &content.roles).await?;
    let table_error = |error| ExportError::Table { format, error };
    match out {
        Some(path) => {
            // The laptop's export's way: beside the target, then renamed, so a failed export
            // (a full disk, a missing folder) never leaves half a file.
            let written = write_atomically(path, |file| {
                export::write(rows, format, file).map_err(table_error)
            })?;
            tell!(
                "Wrote {written} offers made on {day} to {}.",
                path.display()
            );
        }
        None => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout());
            export::write(rows, format, &mut stdout).map_err(table_error)?;
            stdout.flush()?;
        }
    }
    Ok(())
}

fn devices_table(devices: &[devices::Device]) -> String {
    if devices.is_empty() {
        return "No devices enrolled yet: fairfloor central add-device --label \"Laptop A\"\n"
            .into();
    }
    let when = |at: Option<chrono::DateTime<chrono::Utc>>| {
        at.map_or_else(
            || "-".to_string(),
            |at| at.format("%Y-%m-%d %H:%M UTC").to_string(),
        )
    };
    let mut rows = vec![[
        "LABEL".to_string(),
        "CREATED".into(),
        "LAST SEEN".into(),
        "REVOKED".into(),
        "DEVICE ID".into(),
    ]];
    for device in devices {
        rows.push([
            device.label.clone(),
            when(Some(device.created_at)),
            when(device.last_seen_at),
            when(device.revoked_at),
            device.device_id.clone().unwrap_or_else(|| "-".into()),
        ]);
    }
    let mut widths = [0_usize; 5];
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in &rows {
        let line: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}
