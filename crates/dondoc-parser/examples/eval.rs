//! Runs the evaluation on a corpus folder (`docs/` + `gold/`) without the
//! main binary: `cargo run -p dondoc-parser --example eval -- ../shared/corpus`.
#![allow(clippy::unwrap_used)]

#[path = "common/corpus.rs"]
mod corpus;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/corpus".into());
    let items = corpus::read(&dir);
    print!("{}", dondoc_parser::eval::evaluate(&items).render());
}
