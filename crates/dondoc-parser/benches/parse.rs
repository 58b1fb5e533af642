//! Throughput over the whole corpus (MB/s) and per-document latency.
//! `cargo bench -p dondoc-parser` (needs ../shared/corpus beside the repo).
#![allow(clippy::unwrap_used)]

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// mimalloc, the allocator of the dondoc binary, which parses uploads (see the workspace Cargo.toml).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn corpus() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/docs");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        eprintln!("SKIPPED: corpus not found at {}", dir.display());
        return Vec::new();
    };
    let mut docs: Vec<(String, String)> = rd
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    docs.sort();
    docs
}

fn bench(c: &mut Criterion) {
    let docs = corpus();
    if docs.is_empty() {
        return;
    }
    let total: usize = docs.iter().map(|(_, t)| t.len()).sum();
    let mut g = c.benchmark_group("corpus");
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function("parse_all", |b| {
        b.iter(|| {
            for (_, t) in &docs {
                std::hint::black_box(dondoc_parser::parse(t));
            }
        })
    });
    g.finish();
    // Per-document latency: the smallest, a median and the largest document.
    let mut by_size = docs.clone();
    by_size.sort_by_key(|(_, t)| t.len());
    let picks = [0, by_size.len() / 2, by_size.len() - 1];
    let mut g = c.benchmark_group("document");
    for i in picks {
        let (name, text) = &by_size[i];
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(format!("{name} ({} KB)", text.len() / 1024), |b| {
            b.iter(|| std::hint::black_box(dondoc_parser::parse(text)))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
