//! Printing tests: the ESC/POS command stream walked by a parser, real sockets, real files,
//! real PNG and PDF decoders, QR codes read back with a real decoder, and `lp` (a stand-in on a
//! PATH, and the real one against a running CUPS when this machine has it).

use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::send::Lp;
use super::*;
use crate::qr::{QUIET_ZONE, QrMatrix};

pub(super) const LINK: &str = "https://onboarding.example.nhs.uk/o/Xq3vT9kLm2Pz7RbWc4YhNA";

pub(super) fn slip() -> Slip {
    Slip {
        demo: false,
        candidate_name: "Zoë O’Brien".into(),
        employer_name: None,
        employer_phone: None,
        role_title: "Healthcare support worker".into(),
        band: "Band 3".into(),
        pay: None,
        hours: "37.5 hours a week (£24,071 a year)".into(),
        site: "St Thomas’ Hospital – Ward 7".into(),
        contract: "Permanent".into(),
        conditions: vec![
            "Identity check".into(),
            "Right to work check".into(),
            "Employment history and references".into(),
            "Criminal record check (enhanced DBS)".into(),
            "Work health assessment".into(),
        ],
        done: vec!["Identity check".into(), "Right to work check".into()],
        what_next: vec![
            "Scan the code today to start your online checks.".into(),
            "We will email you to book the health assessment.".into(),
        ],
        link: LINK.into(),
        reference: "B-042-7K3Q".into(),
        recruiter: "Amaka Mensah".into(),
        date: "Monday 23 November 2026".into(),
        expires: "Offer open until Monday 7 December 2026".into(),
    }
}

/// When the sample slip is made: a fixed time, so the PDF says the same every run.
pub(super) fn made_at() -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone as _;
    chrono::Utc
        .with_ymd_and_hms(2026, 11, 23, 11, 5, 0)
        .unwrap()
}

// ---------------------------------------------------------------------------------------------
// A small ESC/POS parser: every byte of the stream must belong to a known command or be
// printable text, so anything unexpected (a stray control byte from a name) fails the test.

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Cmd {
    Init,
    CodePage(u8),
    Align(u8),
    Bold(u8),
    CharSize(u8),
    FeedLines(u8),
    /// `GS ( k pL pH cn fn params`, with the length as declared by pL pH.
    Qr {
        declared_len: usize,
        cn: u8,
        func: u8,
        params: Vec<u8>,
    },
    Raster {
        mode: u8,
        row_bytes: usize,
        rows: usize,
        data: Vec<u8>,
    },
    Cut {
        mode: u8,
        n: u8,
    },
    Text(Vec<u8>),
    Lf,
}

impl Cmd {
    /// A raster image's bytes per row, rows and dots (bit 7 leftmost, 1 prints).
    pub(super) fn raster(&self) -> Option<(usize, usize, Vec<u8>)> {
        match self {
            Cmd::Raster {
                row_bytes,
                rows,
                data,
                ..
            } => Some((*row_bytes, *rows, data.clone())),
            _ => None,
        }
    }
}

pub(super) fn parse(bytes: &[u8]) -> Result<Vec<Cmd>, String> {
    let mut cmds = Vec::new();
    let mut i = 0;
    let take = |i: usize, n: usize| -> Result<&[u8], String> {
        bytes
            .get(i..i + n)
            .ok_or_else(|| format!("command at byte {i} runs past the end"))
    };
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            0x1b => {
                let op = take(i + 1, 1)?[0];
                match op {
                    b'@' => {
                        cmds.push(Cmd::Init);
                        i += 2;
                    }
                    b't' | b'a' | b'E' | b'd' => {
                        let n = take(i + 2, 1)?[0];
                        cmds.push(match op {
                            b't' => Cmd::CodePage(n),
                            b'a' => Cmd::Align(n),
                            b'E' => Cmd::Bold(n),
                            _ => Cmd::FeedLines(n),
                        });
                        i += 3;
                    }
                    other => return Err(format!("unknown ESC {other:#04x} at byte {i}")),
                }
            }
            0x1d => {
                let op = take(i + 1, 1)?[0];
                match op {
                    b'!' => {
                        cmds.push(Cmd::CharSize(take(i + 2, 1)?[0]));
                        i += 3;
                    }
                    b'(' => {
                        let head = take(i + 2, 3)?;
                        if head[0] != b'k' {
                            return Err(format!("unknown GS ( {:#04x} at byte {i}", head[0]));
                        }
                        let len = usize::from(head[1]) | usize::from(head[2]) << 8;
                        let body = take(i + 5, len)?;
                        cmds.push(Cmd::Qr {
                            declared_len: len,
                            cn: body[0],
                            func: body[1],
                            params: body[2..].to_vec(),
                        });
                        i += 5 + len;
                    }
                    b'v' => {
                        let head = take(i + 2, 6)?;
                        if head[0] != b'0' {
                            return Err(format!("unknown GS v {:#04x}", head[0]));
                        }
                        let row_bytes = usize::from(head[2]) | usize::from(head[3]) << 8;
                        let rows = usize::from(head[4]) | usize::from(head[5]) << 8;
                        let data = take(i + 8, row_bytes * rows)?.to_vec();
                        cmds.push(Cmd::Raster {
                            mode: head[1],
                            row_bytes,
                            rows,
                            data,
                        });
                        i += 8 + row_bytes * rows;
                    }
                    b'V' => {
                        let mode = take(i + 2, 1)?[0];
                        if mode == 65 || mode == 66 {
                            cmds.push(Cmd::Cut {
                                mode,
                                n: take(i + 3, 1)?[0],
                            });
                            i += 4;
                        } else {
                            cmds.push(Cmd::Cut { mode, n: 0 });
                            i += 3;
                        }
                    }
                    other => return Err(format!("unknown GS {other:#04x} at byte {i}")),
                }
            }
            0x0a => {
                cmds.push(Cmd::Lf);
                i += 1;
            }
            0x20..=0x7e | 0x9c => {
                let start = i;
                while i < bytes.len() && matches!(bytes[i], 0x20..=0x7e | 0x9c) {
                    i += 1;
                }
                cmds.push(Cmd::Text(bytes[start..i].to_vec()));
            }
            other => return Err(format!("stray byte {other:#04x} at byte {i}")),
        }
    }
    Ok(cmds)
}

/// The text lines of a command stream, CP437 £ shown as £.
pub(super) fn text_lines(cmds: &[Cmd]) -> Vec<String> {
    let mut lines = vec![String::new()];
    for cmd in cmds {
        match cmd {
            Cmd::Text(t) => {
                if let Some(last) = lines.last_mut() {
                    last.extend(t.iter().map(|&b| if b == 0x9c { '£' } else { b as char }));
                }
            }
            Cmd::Lf => lines.push(String::new()),
            _ => {}
        }
    }
    lines
}

fn qr_cmds(cmds: &[Cmd]) -> Vec<&Cmd> {
    cmds.iter()
        .filter(|c| matches!(c, Cmd::Qr { .. }))
        .collect()
}

/// Decodes every QR code in a greyscale image.
pub(super) fn decode_qr(
    width: usize,
    height: usize,
    pixel: impl Fn(usize, usize) -> u8,
) -> Vec<String> {
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, pixel);
    image
        .detect_grids()
        .into_iter()
        .filter_map(|grid| grid.decode().ok().map(|(_, text)| text))
        .collect()
}

pub(super) fn decode_png(bytes: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("buffer size")];
    let info = reader.next_frame(&mut buf).expect("PNG frame");
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    buf.truncate(info.buffer_size());
    let grey = match info.color_type {
        png::ColorType::Grayscale => buf,
        png::ColorType::GrayscaleAlpha => buf.chunks(2).map(|p| p[0]).collect(),
        png::ColorType::Rgb => buf.chunks(3).map(|p| p[1]).collect(),
        png::ColorType::Rgba => buf.chunks(4).map(|p| p[1]).collect(),
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    (info.width as usize, info.height as usize, grey)
}

// ---------------------------------------------------------------------------------------------
// ESC/POS

#[test]
fn escpos_native_qr_command_structure() {
    let bytes = escpos_bytes(&slip(), PrintOptions::default()).expect("escpos");
    assert_eq!(&bytes[..2], &[0x1b, b'@'], "starts with ESC @");
    assert_eq!(
        &bytes[bytes.len() - 4..],
        &[0x1d, b'V', 66, 0],
        "ends with the cut"
    );

    let cmds = parse(&bytes).expect("every byte is a known command or text");
    assert_eq!(cmds[0], Cmd::Init);
    assert_eq!(cmds[1], Cmd::CodePage(0), "code page 437 chosen explicitly");
    assert_eq!(cmds.last(), Some(&Cmd::Cut { mode: 66, n: 0 }));
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::Raster { .. })));

    // The five QR functions, in order, with their declared lengths.
    let module = QrMatrix::encode(LINK).map(|m| {
        u8::try_from((escpos::QR_MAX_DOTS / (m.width() + 2 * QUIET_ZONE)).min(8)).expect("small")
    });
    let module = module.expect("link encodes");
    let qr = qr_cmds(&cmds);
    let expected = [
        (4, 49, 65, vec![50, 0]),  // fn 165: model 2
        (3, 49, 67, vec![module]), // fn 167: module size
        (3, 49, 69, vec![49]),     // fn 169: error correction M
        (LINK.len() + 3, 49, 80, {
            let mut p = vec![48];
            p.extend_from_slice(LINK.as_bytes());
            p
        }), // fn 180: store
        (3, 49, 81, vec![48]),     // fn 181: print
    ];
    assert_eq!(qr.len(), expected.len(), "{qr:?}");
    for (cmd, (len, cn, func, params)) in qr.iter().zip(expected) {
        assert_eq!(
            **cmd,
            Cmd::Qr {
                declared_len: len,
                cn,
                func,
                params
            }
        );
    }
    // And byte for byte, pL pH little-endian.
    let n = LINK.len() + 3;
    let mut store = vec![
        0x1d,
        b'(',
        b'k',
        (n & 0xff) as u8,
        (n >> 8) as u8,
        49,
        80,
        48,
    ];
    store.extend_from_slice(LINK.as_bytes());
    assert!(bytes.windows(store.len()).any(|w| w == store.as_slice()));
    for seq in [
        &[0x1d, b'(', b'k', 4, 0, 49, 65, 50, 0][..],
        &[0x1d, b'(', b'k', 3, 0, 49, 67, module][..],
        &[0x1d, b'(', b'k', 3, 0, 49, 69, 49][..],
        &[0x1d, b'(', b'k', 3, 0, 49, 81, 48][..],
    ] {
        assert!(bytes.windows(seq.len()).any(|w| w == seq), "{seq:?}");
    }
    // The QR code is centred and printed between text, not at the very end.
    let qr_at = cmds
        .iter()
        .position(|c| matches!(c, Cmd::Qr { func: 81, .. }))
        .expect("print QR");
    assert_eq!(cmds[qr_at - 5], Cmd::Align(1));
}

#[test]
fn escpos_long_link_uses_two_byte_length() {
    let mut s = slip();
    s.link = format!("https://onboarding.example.nhs.uk/o/{}", "a".repeat(300));
    let bytes = escpos_bytes(&s, PrintOptions::default()).expect("escpos");
    let cmds = parse(&bytes).expect("parses");
    let store = qr_cmds(&cmds)
        .into_iter()
        .find(|c| matches!(c, Cmd::Qr { func: 80, .. }))
        .cloned()
        .expect("store");
    let Cmd::Qr {
        declared_len,
        params,
        ..
    } = store
    else {
        unreachable!()
    };
    assert_eq!(declared_len, s.link.len() + 3);
    assert!(declared_len > 255, "pH is used");
    assert_eq!(&params[1..], s.link.as_bytes());
}

/// Issue 13: a demo event's slip must not pass for a real offer.
#[test]
fn a_demo_slip_says_so_before_anything_else() {
    let demo = Slip {
        demo: true,
        ..slip()
    };
    let bytes = escpos_bytes(&demo, PrintOptions::default()).expect("escpos");
    let lines = text_lines(&parse(&bytes).expect("parses"));
    let first = lines.iter().find(|l| !l.trim().is_empty()).unwrap();
    assert!(first.contains("DEMO"), "{lines:?}");
    let real = escpos_bytes(&slip(), PrintOptions::default()).expect("escpos");
    assert!(
        !text_lines(&parse(&real).unwrap())
            .join("\n")
            .contains("DEMO")
    );
}

#[test]
fn escpos_text_is_transliterated_and_lists_what_is_still_needed() {
    let bytes = escpos_bytes(&slip(), PrintOptions::default()).expect("escpos");
    let cmds = parse(&bytes).expect("parses");
    let lines = text_lines(&cmds);
    let all = lines.join("\n");
    assert!(
        lines.iter().all(|l| l.chars().count() <= escpos::COLUMNS),
        "{all}"
    );
    for expected in [
        "Conditional job",
        "Zoe O'Brien",
        "Site: St Thomas' Hospital - Ward 7",
        "Hours: 37.5 hours a week (£24,071 a year)",
        "[ ] Employment history and references",
        "[ ] Work health assessment",
        "[x] Identity check",
        "[x] Right to work check",
        "- Scan the code today to start your",
        "Reference: B-042-7K3Q",
        "Recruiter: Amaka Mensah",
        "Date: Monday 23 November 2026",
        "Offer open until Monday 7 December 2026",
    ] {
        assert!(all.contains(expected), "missing {expected:?} in\n{all}");
    }
    assert!(
        !all.contains("[ ] Identity check"),
        "done checks are not to-dos"
    );
    // The link is written out in full (cut across lines, never altered).
    assert!(all.replace('\n', "").contains(LINK), "{all}");
    // The title is bold and double size, then back to normal.
    let title = cmds
        .iter()
        .position(|c| matches!(c, Cmd::Text(t) if t.starts_with(b"Conditional")))
        .expect("title");
    assert_eq!(
        &cmds[title - 3..title],
        &[Cmd::Align(1), Cmd::Bold(1), Cmd::CharSize(0x11)]
    );
    assert!(cmds[title..].contains(&Cmd::CharSize(0)));
    // £ is CP437's 0x9C; no UTF-8 leaks through.
    assert!(bytes.contains(&0x9c));
    assert!(!bytes.windows(2).any(|w| w == [0xc2, 0xa3]));
}

#[test]
fn escpos_control_characters_in_names_cannot_become_commands() {
    let mut s = slip();
    s.candidate_name = "Ann\u{1b}@\u{1d}V\u{42}\u{0} Lee\u{9b}".into();
    s.recruiter = "Bob\r\nSmith\t".into();
    let bytes = escpos_bytes(&s, PrintOptions::default()).expect("escpos");
    let cmds = parse(&bytes).expect("parses: no stray control bytes");
    assert_eq!(cmds.iter().filter(|c| **c == Cmd::Init).count(), 1);
    assert_eq!(
        cmds.iter().filter(|c| matches!(c, Cmd::Cut { .. })).count(),
        1
    );
    let all = text_lines(&cmds).join("\n");
    assert!(all.contains("Ann?@?VB? Lee?"), "{all}");
    assert!(all.contains("Recruiter: Bob Smith"), "{all}");
}

#[test]
fn escpos_raster_qr_is_the_code_with_its_quiet_zone() {
    let options = PrintOptions {
        escpos_raster_qr: true,
        ..PrintOptions::default()
    };
    let bytes = escpos_bytes(&slip(), options).expect("escpos");
    let cmds = parse(&bytes).expect("parses");
    assert_eq!(cmds[0], Cmd::Init);
    assert_eq!(cmds.last(), Some(&Cmd::Cut { mode: 66, n: 0 }));
    assert!(qr_cmds(&cmds).is_empty(), "no GS ( k in raster mode");
    assert!(!bytes.windows(3).any(|w| w == [0x1d, b'(', b'k']));

    let rasters: Vec<_> = cmds
        .iter()
        .filter_map(|c| match c {
            Cmd::Raster {
                mode,
                row_bytes,
                rows,
                data,
            } => Some((*mode, *row_bytes, *rows, data.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(rasters.len(), 1);
    let (mode, row_bytes, rows, data) = rasters[0].clone();
    assert_eq!(mode, 0, "normal density");

    let matrix = QrMatrix::encode(LINK).expect("encodes");
    let size = matrix.width() + 2 * QUIET_ZONE;
    assert_eq!(rows % size, 0, "whole dots per module");
    let module = rows / size;
    assert!((1..=escpos::QR_MAX_MODULE).contains(&module));
    assert!(rows <= escpos::QR_MAX_DOTS);
    assert_eq!(
        row_bytes,
        (size * module).div_ceil(8),
        "width matches height"
    );

    let dot = |x: usize, y: usize| data[y * row_bytes + x / 8] & (0x80 >> (x % 8)) != 0;
    // Every module matches the matrix, quiet zone light.
    for my in 0..size {
        for mx in 0..size {
            let expected = mx >= QUIET_ZONE
                && my >= QUIET_ZONE
                && matrix.is_dark(mx - QUIET_ZONE, my - QUIET_ZONE);
            for (x, y) in [
                (mx * module, my * module),
                (mx * module + module - 1, my * module + module - 1),
            ] {
                assert_eq!(dot(x, y), expected, "module ({mx}, {my})");
            }
        }
    }
    // And a real decoder reads it.
    let decoded = decode_qr(row_bytes * 8, rows, |x, y| if dot(x, y) { 0 } else { 255 });
    assert_eq!(decoded, vec![LINK.to_string()]);
}

#[test]
fn slips_without_a_link_or_reference_are_refused() {
    let mut s = slip();
    s.link = "  ".into();
    for result in [
        escpos_bytes(&s, PrintOptions::default()).map(|_| ()),
        pdf_bytes(&s, made_at()).map(|_| ()),
        png_bytes(&s).map(|_| ()),
    ] {
        let e = result.expect_err("no link");
        assert!(e.to_string().contains("no onboarding link"), "{e}");
    }
    let mut s = slip();
    s.reference.clear();
    assert!(matches!(
        escpos_bytes(&s, PrintOptions::default()),
        Err(PrintError::IncompleteSlip(_))
    ));
    let mut s = slip();
    s.link = format!("https://x.example/{}", "a".repeat(3000));
    let e = pdf_bytes(&s, made_at()).expect_err("too long");
    assert!(matches!(e, PrintError::Qr(_)), "{e:?}");
    assert!(e.to_string().contains("shorter onboarding base URL"), "{e}");
}

#[test]
fn file_targets_write_pdf_and_png() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = dir.path().join("slip.pdf");
    let target: Target = format!("file:{}", pdf.display()).parse().expect("target");
    let said = print(&slip(), &target, PrintOptions::default()).expect("prints");
    assert_eq!(said, format!("written to {}", pdf.display()));
    assert!(std::fs::read(&pdf).expect("pdf").starts_with(b"%PDF"));

    let png_path = dir.path().join("SLIP.PNG");
    let target: Target = format!("file:{}", png_path.display())
        .parse()
        .expect("target");
    print(&slip(), &target, PrintOptions::default()).expect("prints");
    let (width, _, _) = decode_png(&std::fs::read(&png_path).expect("png"));
    assert_eq!(width, 576);

    let missing = dir.path().join("no-such-folder/slip.pdf");
    let e = print(
        &slip(),
        &Target::File { path: missing },
        PrintOptions::default(),
    )
    .expect_err("no folder");
    assert!(matches!(e, PrintError::WriteFile { .. }), "{e:?}");
    assert!(e.to_string().contains("check the folder exists"), "{e}");

    let e = print(
        &slip(),
        &Target::File {
            path: dir.path().join("slip.doc"),
        },
        PrintOptions::default(),
    )
    .expect_err("doc");
    assert!(e.to_string().contains(".pdf or .png"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// Receipt printers: TCP and device files

#[test]
fn tcp_printer_receives_exactly_the_escpos_bytes() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let printer = std::thread::spawn(move || {
        let (mut socket, _) = listener.accept().expect("accept");
        socket
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let mut got = Vec::new();
        socket.read_to_end(&mut got).expect("read");
        got
    });
    let target: Target = format!("escpos:tcp://127.0.0.1:{port}")
        .parse()
        .expect("target");
    let said = print(&slip(), &target, PrintOptions::default()).expect("prints");
    assert_eq!(
        said,
        format!("sent to the receipt printer at 127.0.0.1:{port}")
    );
    let got = printer.join().expect("printer thread");
    assert_eq!(
        got,
        escpos_bytes(&slip(), PrintOptions::default()).expect("bytes")
    );
}

#[test]
fn tcp_printer_that_is_off_gives_not_answering_quickly() {
    // A port that was just free and is now closed: connection refused.
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let target = Target::EscposTcp {
        host: "127.0.0.1".into(),
        port,
    };
    let started = Instant::now();
    let e = print(&slip(), &target, PrintOptions::default()).expect_err("nobody listening");
    assert!(started.elapsed() < send::CONNECT_TIMEOUT + Duration::from_millis(500));
    assert!(matches!(e, PrintError::NotAnswering { .. }), "{e:?}");
    let message = e.to_string();
    assert!(
        message.starts_with(&format!(
            "printer at 127.0.0.1:{port} is not answering (connection refused): check it is switched on and on the same network; the offer is saved and can be printed again with fairfloor print B-042-7K3Q --to escpos:tcp://127.0.0.1:{port}"
        )),
        "{message}"
    );
}

#[test]
fn unknown_printer_host_names_the_host() {
    let target: Target = "escpos:tcp://printer.invalid".parse().expect("target");
    let e = print(&slip(), &target, PrintOptions::default()).expect_err("no such host");
    assert!(matches!(e, PrintError::UnknownHost { .. }), "{e:?}");
    assert!(e.to_string().contains("'printer.invalid'"), "{e}");
}

#[test]
fn device_file_receives_the_bytes() {
    let device = tempfile::NamedTempFile::new().expect("temp file");
    let target: Target = format!("escpos:{}", device.path().display())
        .parse()
        .expect("target");
    let options = PrintOptions {
        escpos_raster_qr: true,
        ..PrintOptions::default()
    };
    let said = print(&slip(), &target, options.clone()).expect("prints");
    assert_eq!(
        said,
        format!("sent to the receipt printer at {}", device.path().display())
    );
    assert_eq!(
        std::fs::read(device.path()).expect("read"),
        escpos_bytes(&slip(), options).expect("bytes")
    );
}

#[test]
fn missing_device_gives_a_clear_error_and_creates_nothing() {
    let path = PathBuf::from("/dev/usb/fairfloor-test-no-such-lp9");
    let target = Target::EscposDevice { path: path.clone() };
    let e = print(&slip(), &target, PrintOptions::default()).expect_err("missing");
    assert!(matches!(e, PrintError::DeviceMissing { .. }), "{e:?}");
    assert!(
        e.to_string().starts_with(
            "no printer at /dev/usb/fairfloor-test-no-such-lp9: check the printer is plugged in and switched on"
        ),
        "{e}"
    );
    assert!(e.to_string().contains("the offer is saved"), "{e}");
    assert!(!path.exists());

    // A missing device in a folder that does exist must not be created as a plain file.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("lp0");
    let e = print(
        &slip(),
        &Target::EscposDevice { path: path.clone() },
        PrintOptions::default(),
    )
    .expect_err("missing");
    assert!(matches!(e, PrintError::DeviceMissing { .. }), "{e:?}");
    assert!(!path.exists());

    // A folder is not a printer.
    let e = print(
        &slip(),
        &Target::EscposDevice {
            path: dir.path().to_path_buf(),
        },
        PrintOptions::default(),
    )
    .expect_err("a folder");
    assert!(matches!(e, PrintError::DeviceOpen { .. }), "{e:?}");
}

// ---------------------------------------------------------------------------------------------
// CUPS

#[test]
fn cups_without_lp_says_to_install_it() {
    let empty = tempfile::tempdir().expect("tempdir");
    let lp = Lp {
        program: "lp".into(),
        path_env: Some(empty.path().as_os_str().to_owned()),
    };
    let target = Target::Cups { queue: "x".into() };
    let e = print_with(
        &Document::slip(&slip()).unwrap(),
        &target,
        PrintOptions::default(),
        &lp,
    )
    .expect_err("no lp");
    assert!(matches!(e, PrintError::LpNotInstalled { .. }), "{e:?}");
    assert!(
        e.to_string().starts_with(
            "lp is not installed: install CUPS (apt-get install cups-client) or print to file:slip.pdf"
        ),
        "{e}"
    );
}

/// Writes an executable shell script `name` into `dir`.
#[cfg(unix)]
fn script(dir: &Path, name: &str, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("write script");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

#[cfg(unix)]
fn fake_lp(body: &str) -> (tempfile::TempDir, Lp) {
    let dir = tempfile::tempdir().expect("tempdir");
    script(dir.path(), "lp", body);
    let path = format!("{}:/usr/bin:/bin", dir.path().display());
    let lp = Lp {
        program: "lp".into(),
        path_env: Some(path.into()),
    };
    (dir, lp)
}

/// lp's arguments and the file it was given, as a stand-in lp saw them.
#[cfg(unix)]
#[test]
fn cups_runs_lp_with_queue_title_and_pdf_and_reads_the_job_id() {
    let (dir, lp) = fake_lp(
        r#"d="$(dirname "$0")"
for a in "$@"; do printf '%s\n' "$a"; done > "$d/args"
for a in "$@"; do last="$a"; done
cp "$last" "$d/job.pdf"
echo "request id is front-desk-12 (1 file(s))""#,
    );
    let target: Target = "cups:front-desk".parse().expect("target");
    let said = print_with(
        &Document::slip(&slip()).unwrap(),
        &target,
        PrintOptions::default(),
        &lp,
    )
    .expect("prints");
    assert_eq!(said, "sent to CUPS queue 'front-desk' as job front-desk-12");

    let args = std::fs::read_to_string(dir.path().join("args")).expect("args");
    let args: Vec<&str> = args.lines().collect();
    assert_eq!(
        args[..4],
        ["-d", "front-desk", "-t", "fairfloor offer B-042-7K3Q"]
    );
    assert_eq!(args.len(), 5);
    assert!(args[4].ends_with(".pdf"));
    assert!(!Path::new(args[4]).exists(), "the temporary PDF is removed");
    let job = std::fs::read(dir.path().join("job.pdf")).expect("job");
    assert!(job.starts_with(b"%PDF"));
}

#[cfg(unix)]
#[test]
fn cups_errors_from_lp_are_explained() {
    // No such queue, with the scheduler running.
    let (dir, lp) = fake_lp("echo 'lp: Error - The printer or class does not exist.' >&2; exit 1");
    script(dir.path(), "lpstat", "echo 'scheduler is running'");
    let target = Target::Cups {
        queue: "back-office".into(),
    };
    let e = print_with(
        &Document::slip(&slip()).unwrap(),
        &target,
        PrintOptions::default(),
        &lp,
    )
    .expect_err("no queue");
    assert!(matches!(e, PrintError::NoSuchQueue { .. }), "{e:?}");
    assert!(
        e.to_string()
            .starts_with("no CUPS queue called 'back-office': lpstat -p lists the printers"),
        "{e}"
    );

    // The same words from lp when CUPS is not running at all.
    script(dir.path(), "lpstat", "echo 'scheduler is not running'");
    let e = print_with(
        &Document::slip(&slip()).unwrap(),
        &target,
        PrintOptions::default(),
        &lp,
    )
    .expect_err("stopped");
    assert!(matches!(e, PrintError::CupsNotRunning { .. }), "{e:?}");
    assert!(e.to_string().contains("sudo systemctl start cups"), "{e}");

    // Anything else: lp's own words and exit status.
    let (_dir, lp) = fake_lp("echo 'lp: Error - out of paper' >&2; exit 3");
    let e = print_with(
        &Document::slip(&slip()).unwrap(),
        &target,
        PrintOptions::default(),
        &lp,
    )
    .expect_err("fails");
    assert!(matches!(e, PrintError::LpFailed { .. }), "{e:?}");
    assert!(
        e.to_string()
            .contains("exit status 3: Error - out of paper"),
        "{e}"
    );
}

/// The real `lp` and CUPS, when this machine has them. With FAIRFLOOR_TEST_CUPS_QUEUE naming a
/// queue (CI creates one that prints to /dev/null), a slip is really printed there.
#[test]
fn cups_with_the_real_lp() {
    let lpstat = std::process::Command::new("lpstat")
        .arg("-r")
        .env("LC_ALL", "C")
        .output();
    let Ok(lpstat) = lpstat else {
        eprintln!("skipped: lpstat is not installed (apt-get install cups cups-client)");
        return;
    };
    let running = String::from_utf8_lossy(&lpstat.stdout).contains("scheduler is running");
    let nowhere = Target::Cups {
        queue: "fairfloor-test-no-such-queue".into(),
    };
    let e = print(&slip(), &nowhere, PrintOptions::default()).expect_err("no such queue");
    if running {
        assert!(matches!(e, PrintError::NoSuchQueue { .. }), "{e:?}");
    } else {
        assert!(matches!(e, PrintError::CupsNotRunning { .. }), "{e:?}");
    }
    match std::env::var("FAIRFLOOR_TEST_CUPS_QUEUE") {
        Ok(queue) if running => {
            let target = Target::Cups {
                queue: queue.clone(),
            };
            let said = print(&slip(), &target, PrintOptions::default()).expect("real CUPS print");
            assert!(
                said.starts_with(&format!("sent to CUPS queue '{queue}' as job {queue}-")),
                "{said}"
            );
        }
        Ok(queue) => {
            panic!("FAIRFLOOR_TEST_CUPS_QUEUE={queue} is set but the CUPS scheduler is not running")
        }
        Err(_) => eprintln!(
            "real CUPS job not sent: set FAIRFLOOR_TEST_CUPS_QUEUE to a queue on a running CUPS"
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Targets

#[test]
fn every_accepted_target_form_parses_and_prints_back() {
    let cases = [
        (
            "cups:front-desk",
            Target::Cups {
                queue: "front-desk".into(),
            },
        ),
        (
            "escpos:/dev/usb/lp0",
            Target::EscposDevice {
                path: "/dev/usb/lp0".into(),
            },
        ),
        (
            "escpos:tcp://192.168.1.50:9100",
            Target::EscposTcp {
                host: "192.168.1.50".into(),
                port: 9100,
            },
        ),
        (
            "escpos:tcp://receipt-1.local:9101",
            Target::EscposTcp {
                host: "receipt-1.local".into(),
                port: 9101,
            },
        ),
        (
            "escpos:tcp://[fd00::5]:9100",
            Target::EscposTcp {
                host: "fd00::5".into(),
                port: 9100,
            },
        ),
        (
            "file:slip.png",
            Target::File {
                path: "slip.png".into(),
            },
        ),
        (
            "file:/tmp/offers/B-042.pdf",
            Target::File {
                path: "/tmp/offers/B-042.pdf".into(),
            },
        ),
    ];
    for (text, expected) in cases {
        let parsed: Target = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(parsed, expected, "{text}");
        assert_eq!(parsed.to_string(), text, "round trip");
    }
    // Port 9100 when none is given; upper-case extensions and kinds are fine.
    assert_eq!(
        "escpos:tcp://printer.local"
            .parse::<Target>()
            .expect("no port"),
        Target::EscposTcp {
            host: "printer.local".into(),
            port: DEFAULT_ESCPOS_PORT
        }
    );
    assert_eq!(DEFAULT_ESCPOS_PORT, 9100);
    assert_eq!(
        " FILE:Slip.PDF ".parse::<Target>().expect("case"),
        Target::File {
            path: "Slip.PDF".into()
        }
    );
}

#[test]
fn bad_targets_say_what_is_wrong_and_list_the_forms() {
    for (text, problem) in [
        ("usb", "does not say what kind of printer"),
        ("usb:lp0", "'usb' is not a kind of printer"),
        ("file:slip.doc", "must end in .pdf or .png"),
        ("file:slip", "must end in .pdf or .png"),
        ("file:", "names no file"),
        ("cups:", "names no CUPS queue"),
        ("cups:front desk", "cannot contain ' '"),
        ("cups:-o", "cannot start with '-'"),
        ("escpos:", "names no device file"),
        ("escpos:tcp://", "names no printer address"),
        ("escpos:tcp://host:", "'' is not a port number"),
        ("escpos:tcp://host:99999", "'99999' is not a port number"),
        ("escpos:tcp://host:0", "'0' is not a port number"),
        ("escpos:tcp://fd00::5", "IPv6 address in brackets"),
        ("escpos:tcp://[fd00::5", "closing ']'"),
        ("escpos:http://host:9100", "escpos:tcp://HOST:PORT"),
        ("escpos:tcp://ho st:9100", "cannot contain ' '"),
    ] {
        let e = text.parse::<Target>().expect_err(text);
        let message = e.to_string();
        assert!(message.contains(problem), "{text}: {message}");
        assert!(
            message.contains(&format!("'{text}' is not a printer fairfloor can use")),
            "{message}"
        );
        assert!(
            message.ends_with(
                "Use one of cups:QUEUE (e.g. cups:front-desk), escpos:/dev/usb/lp0, escpos:tcp://192.168.1.50:9100 (port 9100 if left out), file:slip.pdf or file:slip.png"
            ),
            "{message}"
        );
    }
}

#[test]
#[ignore = "writes the sample slip to the temp folder for a person to look at"]
fn write_samples() {
    let dir = std::env::temp_dir();
    let escpos = escpos_bytes(&slip(), PrintOptions::default()).expect("escpos");
    std::fs::write(
        dir.join("fairfloor-slip.pdf"),
        pdf_bytes(&slip(), made_at()).expect("pdf"),
    )
    .expect("w");
    std::fs::write(
        dir.join("fairfloor-slip.png"),
        png_bytes(&slip()).expect("png"),
    )
    .expect("w");
    std::fs::write(dir.join("fairfloor-slip.escpos"), escpos).expect("w");
}
