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
    let mut rows = Vec::new();
    let mut total_bytes = 0usize;
    let start_all = Instant::now();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        let t = Instant::now();
        for _ in 0..passes {
            std::hint::black_box(dondoc_parser::parse(&text));
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
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    for (us, name, len) in rows.iter().take(10) {
        println!("{name:>8} {len:>7} B {us:>8} µs");
    }
    println!(
        "total {total_bytes} B in {secs:.3} s = {:.1} MB/s",
        total_bytes as f64 / 1e6 / secs
    );
}
