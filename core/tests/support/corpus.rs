//! Where the shared corpus is: `TFGRADE_CORPUS`, else
//! `<CARGO_MANIFEST_DIR>/../../shared/corpus`. A missing corpus fails the
//! test rather than skipping it.

use std::path::{Path, PathBuf};

pub fn corpus_dir() -> PathBuf {
    let dir = std::env::var_os("TFGRADE_CORPUS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"),
        PathBuf::from,
    );
    assert!(
        dir.is_dir(),
        "corpus not found at {} (set TFGRADE_CORPUS)",
        dir.display()
    );
    dir
}
