//! Generating and rendering an onboarding QR code.
//!
//! One op: encode a realistic onboarding link (base URL + 22-character token, 128 bits) at
//! level M and draw the widget into an 80×40 buffer. The floor, measured in the same run: filling
//! the same buffer with a screenful of plain text. Also shown, for information: each renderer
//! (ANSI, SVG, PNG) on its own.
//! Target: under 2 ms per op.
//!
//! Run: `cargo bench --bench qr`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use fairfloor::qr::{QrMatrix, QrWidget};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

const TARGET: Duration = Duration::from_millis(2);
const ROUNDS: usize = 500;
const BASE: &str = "https://onboarding.example.nhs.uk/start/";
const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A different 22-character URL-safe token each round, so nothing is cached between rounds.
fn link(round: usize) -> String {
    let mut state = (round as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let token: String = (0..22)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            char::from(ALPHABET[(state % 64) as usize])
        })
        .collect();
    format!("{BASE}{token}")
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time(mut op: impl FnMut(usize)) -> Duration {
    for round in 0..20 {
        op(round); // warm-up
    }
    let samples = (0..ROUNDS)
        .map(|round| {
            let start = Instant::now();
            op(round);
            start.elapsed()
        })
        .collect();
    median(samples)
}

fn main() {
    let area = Rect::new(0, 0, 80, 40);
    let links: Vec<String> = (0..ROUNDS + 20).map(link).collect();
    let text = "Amara Okafor  A-001  Healthcare support worker  offer  B-042  12:04";

    // Encode and draw, interleaved with the floor so both see the same machine state.
    let mut buffer = Buffer::empty(area);
    let ours = time(|round| {
        buffer.reset();
        let matrix = QrMatrix::encode(&links[round]).expect("a realistic link encodes");
        QrWidget { matrix: &matrix }.render(area, &mut buffer);
        black_box(&buffer);
    });
    let mut floor_buffer = Buffer::empty(area);
    let floor = time(|round| {
        floor_buffer.reset();
        for y in 0..area.height {
            floor_buffer.set_string(0, y, text, Style::default());
        }
        black_box((&floor_buffer, round));
    });

    let matrix = QrMatrix::encode(&links[0]).expect("a realistic link encodes");
    let encode = time(|round| {
        black_box(QrMatrix::encode(&links[round]).expect("encodes"));
    });
    let ansi = time(|_| {
        black_box(matrix.to_ansi());
    });
    let svg = time(|_| {
        black_box(matrix.to_svg(8));
    });
    let png = time(|_| {
        black_box(matrix.to_png(8).expect("png"));
    });

    let ratio = ours.as_secs_f64() / floor.as_secs_f64();
    println!(
        "qr: {} modules per side ({} x {} cells with the quiet zone), {ROUNDS} rounds, medians",
        matrix.width(),
        matrix.terminal_size().0,
        matrix.terminal_size().1
    );
    println!(
        "  encode + draw widget (80x40): {:>9.1} us   floor (80x40 plain text): {:>7.1} us   ratio {ratio:.1}x",
        micros(ours),
        micros(floor)
    );
    println!("  of which encode:              {:>9.1} us", micros(encode));
    println!(
        "  to_ansi {:.1} us, to_svg(8) {:.1} us, to_png(8) {:.1} us",
        micros(ansi),
        micros(svg),
        micros(png)
    );
    if ours < TARGET {
        println!(
            "  OK: {:.3} ms per code is under the {} ms target",
            ours.as_secs_f64() * 1e3,
            TARGET.as_millis()
        );
    } else {
        println!(
            "  OVER TARGET: {:.3} ms per code; the target is under {} ms",
            ours.as_secs_f64() * 1e3,
            TARGET.as_millis()
        );
    }
}

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}
