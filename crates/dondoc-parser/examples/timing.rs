//! Corpus throughput and per-document latency, slowest documents first:
//! `cargo run --release -p dondoc-parser --example timing -- ../shared/corpus/docs [PASSES]`.
//!
//! Runs PASSES passes over the whole folder after a warm-up pass. Prints the
//! mean and the best pass (MB/s): on a shared machine the best pass is the
//! one least disturbed by other work. Latencies are each document's best.
#![allow(clippy::unwrap_used)]

use std::time::Instant;

/// mimalloc, the allocator of the dondoc binary, which parses uploads (see the workspace Cargo.toml).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/corpus/docs".into());
    let passes: usize = std::env::args()
        .nth(2)
        .and_then(|p| p.parse().ok())
        .unwrap_or(5)
        .max(1);
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
    let total_bytes: usize = docs.iter().map(|(t, _)| t.len()).sum();
    let mut best_doc = vec![u128::MAX; docs.len()];
    let mut pass_secs = Vec::with_capacity(passes);
    for _ in 0..passes {
        let start = Instant::now();
        for (i, (text, _)) in docs.iter().enumerate() {
            let t = Instant::now();
            std::hint::black_box(dondoc_parser::parse(text));
            best_doc[i] = best_doc[i].min(t.elapsed().as_micros());
        }
        pass_secs.push(start.elapsed().as_secs_f64());
    }
    let mut rows: Vec<(u128, String, usize)> = docs
        .iter()
        .zip(&best_doc)
        .map(|((t, p), us)| {
            (
                *us,
                p.file_name().unwrap().to_string_lossy().to_string(),
                t.len(),
            )
        })
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    for (us, name, len) in rows.iter().take(10) {
        println!("{name:>8} {len:>7} B {us:>8} µs");
    }
    let mean = pass_secs.iter().sum::<f64>() / passes as f64;
    let best = pass_secs.iter().copied().fold(f64::MAX, f64::min);
    let mb = total_bytes as f64 / 1e6;
    println!(
        "total {total_bytes} B, {passes} passes: mean {:.1} ms = {:.1} MB/s, best {:.1} ms = {:.1} MB/s",
        mean * 1e3,
        mb / mean,
        best * 1e3,
        mb / best
    );
    // Each document's best time, summed: the corpus time least disturbed
    // by other work on the machine.
    let best_sum = best_doc.iter().sum::<u128>() as f64 / 1e6;
    println!(
        "sum of per-document best times: {:.1} ms = {:.1} MB/s",
        best_sum * 1e3,
        mb / best_sum
    );
    let mut lat: Vec<u128> = best_doc.clone();
    lat.sort_unstable();
    if !lat.is_empty() {
        println!(
            "per-document latency µs (best of {passes}): min {} median {} max {}",
            lat[0],
            lat[lat.len() / 2],
            lat[lat.len() - 1]
        );
    }
}
