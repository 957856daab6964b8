//! The raw input: named byte buffers, as a user drops or the CLI reads them.

use serde::Deserialize;

/// One file as given: a relative path and its bytes (not yet decoded).
#[derive(Debug, Clone, Deserialize)]
pub struct InputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A set of files analysed together (a candidate, or a reference).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct InputSet {
    pub files: Vec<InputFile>,
}

impl InputSet {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> &mut Self {
        self.files.push(InputFile { path: path.into(), bytes: bytes.into() });
        self
    }
}
