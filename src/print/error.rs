//! What can go wrong when printing, in words a recruiter can act on.
//!
//! Every message that follows a failed print says the offer is already saved: printing never
//! touches the store, so a failed print loses nothing.

use std::path::PathBuf;

/// The reminder that ends every "the printer did not take it" message.
const SAFE: &str = "the offer is saved and can be printed again with";

/// Why a slip could not be printed or a printer target not understood.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    /// A `--to` value that is not one of the accepted forms.
    #[error(
        "'{given}' is not a printer fairfloor can use: {problem}. Use one of cups:QUEUE (e.g. cups:front-desk), escpos:/dev/usb/lp0, escpos:tcp://192.168.1.50:9100 (port 9100 if left out), file:slip.pdf or file:slip.png"
    )]
    InvalidTarget {
        /// What was typed.
        given: String,
        /// What is wrong with it.
        problem: String,
    },

    /// The slip is missing something it cannot be printed without.
    #[error("this offer slip cannot be printed: {0}")]
    IncompleteSlip(String),

    /// The onboarding link could not be turned into a QR code.
    #[error("the onboarding link cannot be made into a QR code: {0}")]
    Qr(String),

    /// Building the PDF or PNG failed.
    #[error("could not draw the offer slip as {format}: {detail}")]
    Render {
        /// "PDF" or "PNG".
        format: &'static str,
        /// What the renderer said.
        detail: String,
    },

    /// No font on this machine has some characters of the slip: they were printed in Latin
    /// letters instead. Not a failure (the slip is printed); said with the print result.
    #[error(
        "no font on this computer can show \"{text}\", so the PDF slip spells it \"{spelt}\": install fonts for it (sudo apt-get install {package} fontconfig) and print again to show it as written"
    )]
    NoFont {
        /// The text as the candidate gave it.
        text: String,
        /// What was printed instead.
        spelt: String,
        /// The Debian package with a font for it, e.g. fonts-noto-cjk.
        package: &'static str,
    },

    /// A receipt printer on the network refused or did not answer.
    #[error(
        "printer at {host}:{port} is not answering ({reason}): check it is switched on and on the same network; {SAFE} fairfloor print {reference} --to {target}"
    )]
    NotAnswering {
        /// Host name or address as given.
        host: String,
        /// TCP port, usually 9100.
        port: u16,
        /// "connection refused", "timed out after 3 s", ...
        reason: String,
        /// The slip's reference, for the reprint command.
        reference: String,
        /// The target as typed, for the reprint command.
        target: String,
    },

    /// The printer's host name does not resolve.
    #[error(
        "cannot find a printer called '{host}' on the network ({reason}): check the address in the printer settings (an IP address such as 192.168.1.50 is safest); {SAFE} fairfloor print {reference} --to {target}"
    )]
    UnknownHost {
        /// Host name as given.
        host: String,
        /// What the resolver said.
        reason: String,
        /// The slip's reference, for the reprint command.
        reference: String,
        /// The target as typed, for the reprint command.
        target: String,
    },

    /// The connection or device broke while the slip was being sent.
    #[error(
        "the printer at {place} stopped taking the slip part way ({reason}): check it has paper and is switched on, then print again; {SAFE} fairfloor print {reference} --to {target}"
    )]
    SendFailed {
        /// "HOST:PORT" or the device path.
        place: String,
        /// The I/O error.
        reason: String,
        /// The slip's reference, for the reprint command.
        reference: String,
        /// The target as typed, for the reprint command.
        target: String,
    },

    /// The receipt printer's device file does not exist.
    #[error(
        "no printer at {}: check the printer is plugged in and switched on (ls /dev/usb lists USB printers); {SAFE} fairfloor print {reference} --to {target}",
        path.display()
    )]
    DeviceMissing {
        /// The device file, e.g. /dev/usb/lp0.
        path: PathBuf,
        /// The slip's reference, for the reprint command.
        reference: String,
        /// The target as typed, for the reprint command.
        target: String,
    },

    /// The device file exists but this user may not write to it.
    #[error(
        "not allowed to write to the printer at {}: add this user to the group that owns it (on Linux usually: sudo usermod -aG lp $USER, then sign out and in again); {SAFE} fairfloor print {reference} --to {target}",
        path.display()
    )]
    DevicePermission {
        /// The device file.
        path: PathBuf,
        /// The slip's reference, for the reprint command.
        reference: String,
        /// The target as typed, for the reprint command.
        target: String,
    },

    /// Any other failure opening the device file.
    #[error(
        "cannot open the printer at {} ({reason}); {SAFE} fairfloor print {reference} --to {target}",
        path.display()
    )]
    DeviceOpen {
        /// The device file.
        path: PathBuf,
        /// The I/O error.
        reason: String,
        /// The slip's reference, for the reprint command.
        reference: String,
        /// The target as typed, for the reprint command.
        target: String,
    },

    /// `lp` is not on this machine.
    #[error(
        "lp is not installed: install CUPS (apt-get install cups-client) or print to file:slip.pdf; {SAFE} fairfloor print {reference} --to cups:QUEUE"
    )]
    LpNotInstalled {
        /// The slip's reference, for the reprint command.
        reference: String,
    },

    /// CUPS has no queue of that name.
    #[error(
        "no CUPS queue called '{queue}': lpstat -p lists the printers; {SAFE} fairfloor print {reference} --to cups:QUEUE"
    )]
    NoSuchQueue {
        /// The queue as given.
        queue: String,
        /// The slip's reference, for the reprint command.
        reference: String,
    },

    /// The CUPS scheduler is not running or not reachable.
    #[error(
        "the CUPS print service is not running ({detail}): start it (sudo systemctl start cups) or print to file:slip.pdf; {SAFE} fairfloor print {reference} --to cups:{queue}"
    )]
    CupsNotRunning {
        /// The queue as given.
        queue: String,
        /// What lp said.
        detail: String,
        /// The slip's reference, for the reprint command.
        reference: String,
    },

    /// `lp` failed for another reason.
    #[error(
        "lp could not print to CUPS queue '{queue}' ({detail}); {SAFE} fairfloor print {reference} --to cups:{queue}"
    )]
    LpFailed {
        /// The queue as given.
        queue: String,
        /// lp's exit status and what it wrote on stderr.
        detail: String,
        /// The slip's reference, for the reprint command.
        reference: String,
    },

    /// Writing a file target, or the temporary file for CUPS, failed.
    #[error("cannot write {} ({reason}): check the folder exists and there is space on the disk", path.display())]
    WriteFile {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        reason: String,
    },
}
