//! Rewrites ui/src/bindings.ts from the commands: `cargo run -p pabx-desktop --example export_bindings`.

fn main() {
    let path = pabx_desktop::bindings_path();
    match pabx_desktop::export_bindings(&path) {
        Ok(()) => println!("bindings escritos em {}", path.display()),
        Err(error) => {
            eprintln!("falha ao gerar os bindings: {error}");
            std::process::exit(1);
        }
    }
}
