//! The account store against the real Secret Service (run under scripts/with-keyring.sh): the
//! token lives only in the keyring, never in the accounts file or in what commands return.

mod common;

use common::{input, keyring_value, unique_secrets};
use pabx_api::Dialeto;
use pabx_desktop::accounts::{service_name, AccountStore, DEV_SERVICE, RELEASE_SERVICE};
use pabx_desktop::{CommandErrorKind, SecretStore};

const TOKEN: &str = "tok-ultra-secreto-8f3a1c";

#[tokio::test]
async fn token_lives_only_in_the_keyring() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = unique_secrets();
    let store = AccountStore::new(dir.path(), secrets.clone());

    let account = store.save(None, &input("Revenda A", "https://pabx.example.com", "revenda", Some(TOKEN))).await.unwrap();
    assert_eq!(keyring_value(secrets.service(), &account.id).as_deref(), Some(TOKEN));
    assert_eq!(store.token(&account.id).await.unwrap().expose(), TOKEN);

    let file = std::fs::read_to_string(store.path()).unwrap();
    assert!(file.contains("Revenda A") && file.contains("pabx.example.com"), "{file}");
    assert!(!file.contains(TOKEN), "the accounts file holds the token: {file}");
    assert!(!file.contains("token"), "the accounts file has a token key: {file}");
    let shown = serde_json::to_string(&account).unwrap();
    assert!(!shown.contains(TOKEN) && !shown.contains("token"), "{shown}");
    assert!(!format!("{:?}", input("x", "https://h", "u", Some(TOKEN))).contains(TOKEN));

    // The first account becomes the active one.
    assert_eq!(store.active().unwrap().map(|a| a.id), Some(account.id.clone()));

    // Edit without a token (null or blank) keeps the stored one.
    let edited = store.save(Some(&account.id), &input("Revenda A2", "https://pabx2.example.com", "revenda", None)).await.unwrap();
    assert_eq!((edited.id.as_str(), edited.label.as_str()), (account.id.as_str(), "Revenda A2"));
    store.save(Some(&account.id), &input("Revenda A2", "https://pabx2.example.com", "revenda", Some("  "))).await.unwrap();
    assert_eq!(keyring_value(secrets.service(), &account.id).as_deref(), Some(TOKEN));

    // A new token replaces it.
    store.save(Some(&account.id), &input("Revenda A2", "https://pabx2.example.com", "revenda", Some("novo-token-999"))).await.unwrap();
    assert_eq!(keyring_value(secrets.service(), &account.id).as_deref(), Some("novo-token-999"));

    // Remove deletes the keyring entry and the record; no active account is left.
    store.remove(&account.id).await.unwrap();
    assert_eq!(keyring_value(secrets.service(), &account.id), None);
    assert!(store.list().unwrap().is_empty());
    assert_eq!(store.active().unwrap(), None);
    let error = store.remove(&account.id).await.unwrap_err();
    assert_eq!(error.kind, CommandErrorKind::NO_ACCOUNT);
}

#[tokio::test]
async fn new_account_needs_every_field_and_nothing_is_stored_when_invalid() {
    let dir = tempfile::tempdir().unwrap();
    let store = AccountStore::new(dir.path(), unique_secrets());
    let error = store.save(None, &input(" ", "http://pabx.example.com", "", None)).await.unwrap_err();
    assert_eq!(error.kind, CommandErrorKind::Api(pabx_api::ErrorKind::InvalidInput));
    let mut fields: Vec<_> = error.field_errors.iter().map(|e| e.field.as_str()).collect();
    fields.sort_unstable();
    assert_eq!(fields, ["base_url", "label", "token", "usuario"]);
    assert!(error.field_errors.iter().all(|e| !e.message.is_empty()));
    assert!(!store.path().exists(), "nothing written for an invalid account");
}

#[tokio::test]
async fn active_account_moves_when_removed() {
    let dir = tempfile::tempdir().unwrap();
    let store = AccountStore::new(dir.path(), unique_secrets());
    let a = store.save(None, &input("A", "https://a.example.com", "u", Some("token-a-123"))).await.unwrap();
    let b = store.save(None, &input("B", "https://b.example.com", "u", Some("token-b-123"))).await.unwrap();
    assert_eq!(store.active().unwrap().unwrap().id, a.id);
    store.set_active(&b.id).await.unwrap();
    assert_eq!(store.active().unwrap().unwrap().id, b.id);
    store.remove(&b.id).await.unwrap();
    assert_eq!(store.active().unwrap().unwrap().id, a.id);
    // A second store over the same file sees the same state (it is on disk).
    let again = AccountStore::new(dir.path(), store.secrets().clone());
    assert_eq!(again.list().unwrap(), vec![a.clone()]);
    store.remove(&a.id).await.unwrap();
}

#[tokio::test]
async fn dev_and_release_builds_use_different_keyring_services() {
    assert_ne!(service_name(true), service_name(false));
    assert_eq!(service_name(true), DEV_SERVICE);
    assert_eq!(service_name(false), RELEASE_SERVICE);
    let this_build = SecretStore::for_build();
    assert_eq!(this_build.service(), service_name(cfg!(debug_assertions)));

    let dir = tempfile::tempdir().unwrap();
    let store = AccountStore::new(dir.path(), this_build.clone());
    let account = store.save(None, &input("Build", "https://pabx.example.com", "u", Some(TOKEN))).await.unwrap();
    let other = service_name(!cfg!(debug_assertions));
    assert_eq!(keyring_value(this_build.service(), &account.id).as_deref(), Some(TOKEN));
    assert_eq!(keyring_value(other, &account.id), None, "the other build's namespace must not see the token");
    store.remove(&account.id).await.unwrap();
}

#[tokio::test]
async fn corrupt_accounts_file_is_a_storage_error_with_advice() {
    let dir = tempfile::tempdir().unwrap();
    let store = AccountStore::new(dir.path(), unique_secrets());
    std::fs::write(store.path(), "{ não é json").unwrap();
    let error = store.list().unwrap_err();
    assert_eq!(error.kind, CommandErrorKind::STORAGE);
    assert!(error.message.contains("corrompido"), "{}", error.message);
}

#[tokio::test]
async fn dialeto_is_stored_and_older_files_read_as_legado() {
    let dir = tempfile::tempdir().unwrap();
    let store = AccountStore::new(dir.path(), unique_secrets());
    // A file written before accounts had a dialect.
    std::fs::write(
        store.path(),
        r#"{"active":"acc-old","accounts":[{"id":"acc-old","label":"Antiga","base_url":"https://pabx.example.com","usuario":"u","is_sandbox":false}]}"#,
    )
    .unwrap();
    let old = store.get("acc-old").unwrap();
    assert_eq!(old.dialeto, Dialeto::Legado);
    assert_eq!(store.active().unwrap().map(|a| a.dialeto), Some(Dialeto::Legado));

    // An input without the field (an older UI) is legado too; suite is written as "suite".
    assert_eq!(input("x", "https://h", "u", None).dialeto, Dialeto::Legado);
    let mut typed = input("Suite", "https://suite.example.com", "u", Some(TOKEN));
    typed.dialeto = Dialeto::Suite;
    let account = store.save(None, &typed).await.unwrap();
    assert_eq!(account.dialeto, Dialeto::Suite);
    let file: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(store.path()).unwrap()).unwrap();
    let saved = file["accounts"].as_array().unwrap().iter().find(|a| a["id"] == account.id.as_str()).unwrap();
    assert_eq!(saved["dialeto"], "suite");

    // Editing changes it; a second store reads it back from disk.
    typed.dialeto = Dialeto::Legado;
    typed.token = None;
    assert_eq!(store.save(Some(&account.id), &typed).await.unwrap().dialeto, Dialeto::Legado);
    typed.dialeto = Dialeto::Suite;
    store.save(Some(&account.id), &typed).await.unwrap();
    let again = AccountStore::new(dir.path(), store.secrets().clone());
    assert_eq!(again.get(&account.id).unwrap().dialeto, Dialeto::Suite);
    assert_eq!(again.get("acc-old").unwrap().dialeto, Dialeto::Legado);
    store.remove(&account.id).await.unwrap();
}
