//! ALN: Task Understanding — alignment with the prompt or the reference.

pub mod reference_overlap;
pub mod requested_file_layout;
pub mod required_services_present;
pub mod required_settings_honored;
