//! Per-document parse time over a folder of .txt files, slowest first:
//! `cargo run --release -p dondoc-parser --example timing -- ../shared/corpus/docs`.
#![allow(clippy::unwrap_used)]

use std::time::Instant;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/corpus/docs".into());
    let passes: usize = std::env::args()
        .nth(2)
        .and_then(|p| p.parse().ok())
        .unwrap_or(5);
    let mut docs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (std::fs::read_to_string(&p).unwrap(), p))
        .collect();
    docs.sort_by(|a, b| a.1.cmp(&b.1));
    // Warm-up: the first parse compiles the lazily built regexes.
    for (text, _) in &docs {
        std::hint::black_box(dondoc_parser::parse(text));
    }
    let mut rows = Vec::new();
    let mut total_bytes = 0usize;
    let start_all = Instant::now();
    for (text, p) in &docs {
        let t = Instant::now();
        for _ in 0..passes {
            std::hint::black_box(dondoc_parser::parse(text));
        }
        let us = t.elapsed().as_micros() / passes as u128;
        total_bytes += text.len();
        rows.push((
            us,
            p.file_name().unwrap().to_string_lossy().to_string(),
            text.len(),
        ));
    }
    let secs = start_all.elapsed().as_secs_f64() / passes as f64;
    let mut lat: Vec<u128> = rows.iter().map(|r| r.0).collect();
    lat.sort_unstable();
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    for (us, name, len) in rows.iter().take(10) {
        println!("{name:>8} {len:>7} B {us:>8} µs");
    }
    println!(
        "total {total_bytes} B in {secs:.3} s = {:.1} MB/s",
        total_bytes as f64 / 1e6 / secs
    );
    if !lat.is_empty() {
        println!(
            "per-document latency µs: min {} median {} max {}",
            lat[0],
            lat[lat.len() / 2],
            lat[lat.len() - 1]
        );
    }
}
