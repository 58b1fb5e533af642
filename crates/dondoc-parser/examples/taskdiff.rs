//! Prints every matched lead whose number of duties differs from the gold
//! count, with the duties the parser read, for studying task-count misses:
//! `cargo run --release -p dondoc-parser --example taskdiff -- ../shared/corpus`.
#![allow(clippy::unwrap_used)]

use std::path::Path;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/corpus".into());
    let mut names: Vec<_> = std::fs::read_dir(Path::new(&dir).join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for p in names {
        let stem = p.file_stem().unwrap().to_string_lossy().to_string();
        let g = Path::new(&dir).join("gold").join(format!("{stem}.json"));
        let Ok(gtext) = std::fs::read_to_string(&g) else {
            continue;
        };
        let gold: serde_json::Value = serde_json::from_str(&gtext).unwrap();
        let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
        let parsed = dondoc_parser::parse(&text);
        for a in gold["assignments"].as_array().into_iter().flatten() {
            let Some(lead) = a["lead"].as_str() else {
                continue;
            };
            let key = dondoc_parser::normalize::compare_key(lead);
            let ours: Vec<_> = parsed
                .document
                .assignments
                .iter()
                .filter(|x| dondoc_parser::normalize::compare_key(&x.lead) == key)
                .collect();
            if ours.is_empty() {
                continue;
            }
            let got: usize = ours.iter().map(|x| x.tasks.len()).sum();
            let want = a["tasks"].as_u64().unwrap_or(0) as usize;
            if got == want {
                continue;
            }
            println!("== {stem} | {lead} | got {got}, want {want}");
            for x in ours {
                println!("  [entry at {}]", x.span.start);
                for t in &x.tasks {
                    let short: String = t.chars().take(200).collect();
                    println!("    - {short}");
                }
            }
        }
    }
}
