//! Share links: the whole input (files, reference, options, prompt) as
//! deflated JSON in base64url, carried in the URL fragment. The fragment is
//! never sent to a server, so sharing sends nothing anywhere.

use crate::protocol::{PromptEdits, SourceText};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

/// Fragment key of a shared state: `#s=<base64url(deflate(json))>`.
pub const KEY: &str = "s=";

/// Largest inflated state accepted from a link (a hostile link cannot make
/// the page allocate without bound).
const MAX_INFLATED: usize = 32 * 1024 * 1024;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SharedState {
    /// Format version of this structure.
    pub v: u32,
    pub candidate: Vec<SourceText>,
    pub reference: Vec<SourceText>,
    pub profile: String,
    pub overrides: String,
    pub prompt: String,
    pub prompt_edits: PromptEdits,
}

/// What a URL fragment holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fragment {
    /// No shared state.
    None,
    /// A shared state that cannot be read (cut short, altered).
    Damaged,
    State(SharedState),
}

/// Reads a fragment (with or without the leading `#`).
#[must_use]
pub fn read(fragment: &str) -> Fragment {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if !fragment.split('&').any(|part| part.starts_with(KEY)) {
        return Fragment::None;
    }
    decode(fragment).map_or(Fragment::Damaged, Fragment::State)
}

/// `s=…` for the fragment.
#[must_use]
pub fn encode(state: &SharedState) -> String {
    let json = serde_json::to_vec(state).unwrap_or_default();
    let deflated = miniz_oxide::deflate::compress_to_vec(&json, 9);
    format!("{KEY}{}", URL_SAFE_NO_PAD.encode(deflated))
}

/// Reads a fragment (with or without the leading `#`); `None` when it holds
/// no shared state or the state is damaged.
#[must_use]
pub fn decode(fragment: &str) -> Option<SharedState> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let payload = fragment
        .split('&')
        .find_map(|part| part.strip_prefix(KEY))?;
    let deflated = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_INFLATED).ok()?;
    serde_json::from_slice(&json).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_survives_the_round_trip() {
        let state = SharedState {
            v: 1,
            candidate: vec![SourceText::new("main.tf", "resource \"a\" \"b\" {}\n")],
            profile: "strict".into(),
            ..SharedState::default()
        };
        assert_eq!(decode(&format!("#{}", encode(&state))), Some(state));
    }

    #[test]
    fn damaged_fragments_are_ignored() {
        assert_eq!(decode("#s=%%%"), None);
        assert_eq!(decode("#nothing"), None);
    }

    #[test]
    fn a_damaged_link_is_told_apart_from_no_link() {
        let state = SharedState {
            v: 1,
            prompt: "x".repeat(400),
            ..SharedState::default()
        };
        let link = encode(&state);
        assert_eq!(read(&format!("#{link}")), Fragment::State(state));
        assert_eq!(
            read(&format!("#{}", &link[..link.len() / 2])),
            Fragment::Damaged
        );
        assert_eq!(read("#s="), Fragment::Damaged);
        assert_eq!(read(""), Fragment::None);
        assert_eq!(read("#report-title"), Fragment::None);
    }
}
