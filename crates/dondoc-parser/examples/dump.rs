//! Prints the parse of every .txt file in a folder as JSON lines (one per
//! document), for comparing the output before and after a change:
//! `cargo run --release -p dondoc-parser --example dump -- DIR > out.jsonl`.
#![allow(clippy::unwrap_used)]

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/corpus/docs".into());
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for p in paths {
        let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
        let parsed = dondoc_parser::parse(&text);
        println!(
            "{} {}",
            p.file_name().unwrap().to_string_lossy(),
            serde_json::to_string(&parsed).unwrap()
        );
    }
}
