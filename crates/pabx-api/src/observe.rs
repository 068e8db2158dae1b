//! The one hook on the write path: a [`WriteObserver`] installed on a [`Client`] sees every
//! write it sends (the CLI and the desktop app both write through `Client::write`), with the
//! record as it was before an alter or delete. The activity log (crate `pabx-activity`) is one.
//! An observer never changes or fails the write: what it reports goes back as a warning.

use std::future::Future;
use std::pin::Pin;

use serde_json::{Map, Value};

use crate::client::{Client, WriteOutcome};
use crate::error::Error;

/// A write as sent, and what came of it.
#[derive(Debug)]
pub struct WriteEvent<'a> {
    pub acao: &'static str,
    /// The action's keys as sent (without `autenticacao`).
    pub fields: &'a Map<String, Value>,
    /// The record before an alter or delete, when the observer fetched it.
    pub before: Option<Value>,
    pub result: std::result::Result<&'a WriteOutcome, &'a Error>,
}

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

pub trait WriteObserver: Send + Sync + std::fmt::Debug {
    /// Called before the write is sent: may read the current record (a failed read is `None`).
    fn before<'a>(&'a self, client: &'a Client, acao: &'static str, fields: &'a Map<String, Value>) -> BoxFuture<'a, Option<Value>>;
    /// Called once the write is done; an `Err` is a pt-BR warning for the user (the write stands).
    fn after(&self, event: WriteEvent<'_>) -> std::result::Result<(), String>;
}
