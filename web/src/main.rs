//! Mounts the tfgrade page; the application itself lives in the library.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(tfgrade_web::App);
}
