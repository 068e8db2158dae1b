//! The account store after a failure, against the real Secret Service (scripts/with-keyring.sh):
//! the file write fails for real (a folder sits where its temporary file goes), keyring
//! failures are injected per operation. After any one failure the file and the keyring agree,
//! and nothing the file holds is lost: keys and entries of a newer version, a damaged file.

mod common;

use common::{input, keyring_value, unique_secrets};
use pabx_desktop::{AccountStore, CommandErrorKind, SecretFault, SecretOp};
use serde_json::{json, Value};

const OLD: &str = "token-antigo-111";
const NEW: &str = "token-novo-222";

/// The next write of the accounts file fails (until `unblock`): its temporary file cannot be created.
fn block_writes(store: &AccountStore) {
    std::fs::create_dir_all(store.temp_path()).unwrap();
}

fn unblock(store: &AccountStore) {
    std::fs::remove_dir_all(store.temp_path()).unwrap();
}

fn file_json(store: &AccountStore) -> Value {
    serde_json::from_str(&std::fs::read_to_string(store.path()).unwrap()).unwrap()
}

#[tokio::test]
async fn a_failed_file_write_puts_the_previous_token_back() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = unique_secrets();
    let store = AccountStore::new(dir.path(), secrets.clone());
    let account = store.save(None, &input("A", "https://a.example.com", "u", Some(OLD))).await.unwrap();

    // Edit: new address and token; the keyring takes the token, then the file fails.
    block_writes(&store);
    let error = store.save(Some(&account.id), &input("A", "https://b.example.com", "u", Some(NEW))).await.unwrap_err();
    assert_eq!(error.kind, CommandErrorKind::STORAGE);
    assert!(error.message.contains("nada foi alterado"), "{}", error.message);
    assert_eq!(keyring_value(secrets.service(), &account.id).as_deref(), Some(OLD), "the old token is back");
    assert_eq!(store.get(&account.id).unwrap().base_url, "https://a.example.com", "the old address stays");

    // A new account whose file write fails leaves no token behind.
    let error = store.save(None, &input("B", "https://b.example.com", "u", Some(NEW))).await.unwrap_err();
    assert_eq!(error.kind, CommandErrorKind::STORAGE);
    assert_eq!(store.list().unwrap().len(), 1);
    unblock(&store);
    assert!(!dir.path().read_dir().unwrap().any(|e| e.unwrap().file_name().to_string_lossy().ends_with(".tmp")));
    store.remove(&account.id).await.unwrap();
}

#[tokio::test]
async fn a_locked_keyring_stores_nothing_and_says_to_unlock_it() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = unique_secrets();
    let store = AccountStore::new(dir.path(), secrets.clone());
    secrets.inject(SecretOp::Set, Some(SecretFault::Locked));
    let error = store.save(None, &input("A", "https://a.example.com", "u", Some(NEW))).await.unwrap_err();
    assert_eq!(error.kind, CommandErrorKind::KEYRING);
    assert!(error.message.contains("Desbloqueie o chaveiro"), "{}", error.message);
    assert!(!error.message.contains("Instale"), "a locked keyring is not a missing one: {}", error.message);
    assert!(!store.path().exists(), "no account without its token");

    // An edit with a new token: neither the file nor the keyring change.
    secrets.inject(SecretOp::Set, None);
    let account = store.save(None, &input("A", "https://a.example.com", "u", Some(OLD))).await.unwrap();
    secrets.inject(SecretOp::Set, Some(SecretFault::Locked));
    store.save(Some(&account.id), &input("A2", "https://b.example.com", "u", Some(NEW))).await.unwrap_err();
    assert_eq!(store.get(&account.id).unwrap().label, "A");
    assert_eq!(keyring_value(secrets.service(), &account.id).as_deref(), Some(OLD));
    secrets.inject(SecretOp::Set, None);
    store.remove(&account.id).await.unwrap();
}

#[tokio::test]
async fn removing_works_without_a_keyring_and_warns_the_token_may_remain() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = unique_secrets();
    let store = AccountStore::new(dir.path(), secrets.clone());
    let a = store.save(None, &input("A", "https://a.example.com", "u", Some(OLD))).await.unwrap();
    let b = store.save(None, &input("B", "https://b.example.com", "u", Some(NEW))).await.unwrap();

    // The file cannot be written: the account stays, with its token.
    block_writes(&store);
    let error = store.remove(&a.id).await.unwrap_err();
    assert_eq!(error.kind, CommandErrorKind::STORAGE);
    unblock(&store);
    assert_eq!(store.list().unwrap().len(), 2);
    assert_eq!(keyring_value(secrets.service(), &a.id).as_deref(), Some(OLD));

    // No keyring: the account goes, and the user is told its token may remain.
    secrets.inject(SecretOp::Delete, Some(SecretFault::Unreachable));
    let aviso = store.remove(&a.id).await.unwrap().expect("a warning");
    assert!(aviso.contains("pode ter ficado no chaveiro"), "{aviso}");
    assert!(!aviso.contains(OLD));
    assert_eq!(store.list().unwrap().iter().map(|x| x.id.clone()).collect::<Vec<_>>(), std::slice::from_ref(&b.id));
    assert_eq!(store.active().unwrap().map(|x| x.id), Some(b.id.clone()), "the active account moved");

    secrets.inject(SecretOp::Delete, None);
    assert_eq!(store.remove(&b.id).await.unwrap(), None);
    assert_eq!(keyring_value(secrets.service(), &b.id), None);
    // The injected fault left A's real keyring entry in place, as the warning said.
    assert_eq!(keyring_value(secrets.service(), &a.id).as_deref(), Some(OLD));
    keyring::Entry::new(secrets.service(), &a.id).unwrap().delete_credential().unwrap();
}

#[tokio::test]
async fn a_newer_file_keeps_what_this_version_does_not_know() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = unique_secrets();
    let store = AccountStore::new(dir.path(), secrets.clone());
    let newer = json!({
        "versao": 3,
        "active": "acc-novo",
        "preferencias": { "tema": "escuro" },
        "accounts": [
            { "id": "acc-velho", "label": "Velha", "base_url": "https://a.example.com", "usuario": "u",
              "is_sandbox": false, "dialeto": "legado", "cor": "azul" },
            { "id": "acc-novo", "label": "Nova", "base_url": "https://n.example.com", "usuario": "u",
              "is_sandbox": false, "dialeto": "grpc" },
            { "id": "acc-estranha", "label": 42 }
        ]
    });
    std::fs::write(store.path(), serde_json::to_vec_pretty(&newer).unwrap()).unwrap();

    // Only the readable account is listed; the active one cannot be read, so none is active.
    let listed = store.list().unwrap();
    assert_eq!(listed.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["acc-velho"]);
    assert_eq!(store.active().unwrap(), None);
    let error = store.get("acc-novo").unwrap_err();
    assert_eq!(error.kind, CommandErrorKind::STORAGE);
    assert!(error.message.contains("\"Nova\" não pode ser usada nesta versão"), "{}", error.message);
    assert!(error.message.contains("grpc"), "{}", error.message);

    // A change rewrites the file: every unknown key and entry is still there.
    store.save(Some("acc-velho"), &input("Velha 2", "https://a.example.com", "u", None)).await.unwrap();
    let added = store.save(None, &input("C", "https://c.example.com", "u", Some(NEW))).await.unwrap();
    let file = file_json(&store);
    assert_eq!((file["versao"].clone(), file["preferencias"].clone()), (json!(3), newer["preferencias"].clone()));
    assert_eq!(file["active"], "acc-novo", "the newer version's choice is kept");
    let accounts = file["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 4);
    assert_eq!((accounts[0]["label"].clone(), accounts[0]["cor"].clone()), (json!("Velha 2"), json!("azul")));
    assert_eq!(accounts[1], newer["accounts"][1]);
    assert_eq!(accounts[2], newer["accounts"][2]);

    // An unusable entry can still be removed.
    store.remove("acc-estranha").await.unwrap();
    assert_eq!(file_json(&store)["accounts"].as_array().unwrap().len(), 3);
    store.remove(&added.id).await.unwrap();
}

#[tokio::test]
async fn a_torn_file_is_reported_and_never_written_over() {
    let dir = tempfile::tempdir().unwrap();
    let store = AccountStore::new(dir.path(), unique_secrets());
    let torn = br#"{ "active": "acc-1", "accounts": [ { "id": "acc-1", "label": "Revenda", "base_u"#;
    std::fs::write(store.path(), torn).unwrap();

    let error = store.list().unwrap_err();
    assert_eq!(error.kind, CommandErrorKind::STORAGE);
    assert!(error.message.contains("está corrompido") && error.message.contains("não foi alterado"), "{}", error.message);
    assert!(error.message.contains(&store.path().display().to_string()), "names the file: {}", error.message);
    for attempt in [
        store.save(None, &input("B", "https://b.example.com", "u", Some(NEW))).await.map(|_| ()),
        store.activate_sandbox("http://127.0.0.1:1/pabx/api.php", "demo").await.map(|_| ()),
        store.remove("acc-1").await.map(|_| ()),
    ] {
        assert_eq!(attempt.unwrap_err().kind, CommandErrorKind::STORAGE);
    }
    assert_eq!(std::fs::read(store.path()).unwrap(), torn, "the damaged file is as it was");
}
