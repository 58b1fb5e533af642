//! The storage conformance suite against SQLite (a fresh temporary file per test).

use dondoc_store::Store;
use dondoc_store_sqlite::SqliteStore;
use std::sync::Arc;

async fn fresh() -> Option<Arc<dyn Store>> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.keep().join("test.db");
    let store = SqliteStore::open(&format!("sqlite://{}", path.display()))
        .await
        .expect("open sqlite");
    Some(Arc::new(store))
}

dondoc_store_conformance::conformance_tests!(fresh);

#[tokio::test]
async fn integrity_check_passes_on_a_fresh_file() {
    let dir = tempfile::tempdir().unwrap();
    let s = SqliteStore::open(&format!("sqlite://{}", dir.path().join("x.db").display()))
        .await
        .unwrap();
    s.integrity_check().await.unwrap();
    // Reopening applies no migration twice.
    drop(s);
    SqliteStore::open(&format!("sqlite://{}", dir.path().join("x.db").display()))
        .await
        .unwrap();
}
