//! Runs the evaluation on a corpus folder (`docs/` + `gold/`) without the
//! main binary: `cargo run -p dondoc-parser --example eval -- ../shared/corpus`.
#![allow(clippy::unwrap_used)]

use std::path::Path;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/corpus".into());
    let docs = Path::new(&dir).join("docs");
    let gold = Path::new(&dir).join("gold");
    let mut items = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(&docs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for p in names {
        let stem = p.file_stem().unwrap().to_string_lossy().to_string();
        let g = gold.join(format!("{stem}.json"));
        let Ok(gtext) = std::fs::read_to_string(&g) else {
            continue;
        };
        let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).to_string();
        items.push((
            p.file_name().unwrap().to_string_lossy().to_string(),
            text,
            gtext,
        ));
    }
    print!("{}", dondoc_parser::eval::evaluate(&items).render());
}
