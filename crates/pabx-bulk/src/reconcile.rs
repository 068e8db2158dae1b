//! Writes whose outcome is unknown (the request left, no trustworthy answer came back) are settled
//! here, by looking the record up by its natural key; never by sending it again blindly. The one
//! place that decides what "unknown" means.

use pabx_api::{Client, Error, ErrorKind};

use crate::entity::BulkEntity;

/// Whether the server may have applied a write that returned `error`. Refused input, wrong
/// credentials or a missing record were answered before anything changed; a timeout, a cut
/// connection, a 5xx or an unreadable answer may come after the change.
pub fn outcome_unknown(error: &Error) -> bool {
    match error.kind() {
        ErrorKind::Timeout
        | ErrorKind::Connect
        | ErrorKind::Server
        | ErrorKind::MalformedResponse
        | ErrorKind::ResponseTooLarge
        | ErrorKind::OutcomeUnknown => true,
        // A refused redirect never reached the platform.
        ErrorKind::Redirect
        | ErrorKind::InvalidInput
        | ErrorKind::InvalidUrl
        | ErrorKind::Dns
        | ErrorKind::Tls
        | ErrorKind::Unauthorized
        | ErrorKind::Validation
        | ErrorKind::NotFound => false,
    }
}

/// The live record with this natural key, if any (reads are retried by the client).
pub async fn lookup<E: BulkEntity>(client: &Client, cliente_id: i64, key: &str) -> pabx_api::Result<Option<E::Record>> {
    let records = E::list(client, cliente_id).await?;
    Ok(records.into_iter().find(|r| E::natural_key(r) == key && (!E::SCOPED || E::cliente_id(r) == cliente_id)))
}
