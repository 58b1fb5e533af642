//! Prints every matched lead whose number of duties differs from the gold
//! count, with the duties the parser read, for studying task-count misses:
//! `cargo run --release -p dondoc-parser --example taskdiff -- ../shared/corpus`.
#![allow(clippy::unwrap_used)]

#[path = "common/corpus.rs"]
mod corpus;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/corpus".into());
    for (name, text, gtext) in corpus::read(&dir) {
        let stem = name.trim_end_matches(".txt");
        let gold: serde_json::Value = serde_json::from_str(&gtext).unwrap();
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
