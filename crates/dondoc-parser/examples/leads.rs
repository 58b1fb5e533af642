//! Prints the assignments read from one file, with the paragraph each lead
//! was found in: `cargo run -p dondoc-parser --example leads -- FILE`.
#![allow(clippy::unwrap_used)]

fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
    let p = dondoc_parser::parse(&text);
    for a in &p.document.assignments {
        let src: String = p
            .text
            .get(a.span.start..a.span.end)
            .unwrap_or("")
            .chars()
            .take(160)
            .collect();
        println!(
            "▸ {} | tasks {} | dl {:?}\n    {}",
            a.lead,
            a.tasks.len(),
            a.deadlines
                .iter()
                .map(|d| d.date.clone())
                .collect::<Vec<_>>(),
            src.replace('\n', " ")
        );
    }
}
