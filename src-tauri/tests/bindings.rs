//! ui/src/bindings.ts must be what the commands generate today. `UPDATE_BINDINGS=1` rewrites it
//! (as does `cargo run -p pabx-desktop --example export_bindings` or any debug run of the app).

#[test]
fn committed_bindings_match_the_commands() {
    let fresh = pabx_desktop::render_bindings().expect("bindings render");
    let path = pabx_desktop::bindings_path();
    if std::env::var("UPDATE_BINDINGS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &fresh).expect("write bindings");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} está desatualizado: rode `UPDATE_BINDINGS=1 cargo test -p pabx-desktop --test bindings` e faça commit",
        path.display()
    );
    // i64 is a plain number for the UI, and no command hands out a token.
    assert!(!fresh.contains("bigint"), "i64 must export as number");
    let account = fresh.split("export type Account = {").nth(1).and_then(|s| s.split("};").next()).unwrap_or("");
    assert!(!account.is_empty() && !account.contains("token"), "Account must have no token field");
}
