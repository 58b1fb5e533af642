//! Rebuilds the crate when a migration is added: `sqlx::migrate!` embeds the files of
//! `migrations/` at compile time, and without this cargo does not notice a new file
//! (what `sqlx migrate build-script` generates).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
