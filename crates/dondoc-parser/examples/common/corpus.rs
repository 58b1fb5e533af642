//! The corpus read by the examples: `(file name, text, gold json)` for every
//! document of `DIR/docs` that has a `DIR/gold/<stem>.json`, in file-name order
//! (the triples `dondoc_parser::eval::evaluate` takes).

use std::path::Path;

pub fn read(dir: &str) -> Vec<(String, String, String)> {
    let docs = Path::new(dir).join("docs");
    let gold = Path::new(dir).join("gold");
    let mut names: Vec<_> = std::fs::read_dir(&docs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let mut items = Vec::new();
    for p in names {
        let stem = p.file_stem().unwrap().to_string_lossy().to_string();
        let Ok(gtext) = std::fs::read_to_string(gold.join(format!("{stem}.json"))) else {
            continue;
        };
        let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).to_string();
        items.push((
            p.file_name().unwrap().to_string_lossy().to_string(),
            text,
            gtext,
        ));
    }
    items
}
