//! The one paging engine: every page of a list, delivered in order as it arrives.
//!
//! The first page asks for the largest page ([`MAX_PAGE_SIZE`], or what this account's server
//! was seen to serve) and tells the total; the remaining pages are then fetched with bounded
//! concurrency ([`ClientConfig::list_concurrency`](crate::ClientConfig)) and handed over in
//! order. A server that gives no total is read one page at a time. Whatever the server does,
//! paging stops at the total, on an empty or short page, or on a page with nothing new (a
//! server that ignores the offset), and never hands over a record twice.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::ops::ControlFlow;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};

use futures_util::stream::{self, Stream, StreamExt};

use crate::actions::ListAction;
use crate::client::{Client, Progress};
use crate::envelope::Page;
use crate::error::{Error, Result};
use crate::Record;

/// The largest `quantidade` the platform documents.
pub const MAX_PAGE_SIZE: i64 = 1000;
/// Pages in flight at once, by default, once the first page gave a total.
pub const DEFAULT_CONCURRENCY: usize = 4;
/// A server that keeps sending pages without ever reaching its total is cut off here.
const MAX_PAGES: usize = 100_000;

/// What one account's server was seen to do with `quantidade`, per list action.
#[derive(Debug, Default)]
pub(crate) struct PageSizes(Mutex<HashMap<&'static str, Learned>>);

#[derive(Debug, Clone, Copy)]
struct Learned {
    /// The `quantidade` to send; None when the server refused it.
    ask: Option<i64>,
    /// The server serves exactly `ask` records while it has them, so a shorter page is the end.
    honoured: bool,
}

impl PageSizes {
    fn get(&self, acao: &'static str) -> Option<Learned> {
        self.0.lock().ok()?.get(acao).copied()
    }

    fn set(&self, acao: &'static str, learned: Learned) {
        if let Ok(mut map) = self.0.lock() {
            map.insert(acao, learned);
        }
    }
}

/// A list read page by page ([`Client::pages`]); the engine under [`Client::list_pages`] and
/// [`Client::list_all`].
pub struct Pages<'c, A: ListAction> {
    client: &'c Client,
    request: A,
    state: State<'c, A::Item>,
    pager: Pager,
    pages: usize,
}

/// The remaining pages in flight, handed over in order.
type InFlight<'c, T> = Pin<Box<dyn Stream<Item = Result<Page<T>>> + Send + 'c>>;

enum State<'c, T> {
    First,
    /// No total (or a concurrency of 1): the next offset comes from the pages received.
    OneByOne,
    Concurrent(InFlight<'c, T>),
    Done,
}

impl<'c, A> Pages<'c, A>
where
    A: ListAction + 'c,
    A::Item: Record + 'c,
{
    /// The next page's new records (possibly none); `None` after the last page. After an
    /// error, the list is over.
    pub async fn next(&mut self) -> Result<Option<Vec<A::Item>>> {
        let page = match self.fetch().await {
            Ok(Some(page)) => page,
            Ok(None) => return Ok(None),
            Err(error) => {
                self.state = State::Done;
                return Err(error);
            }
        };
        self.pages += 1;
        let (fresh, go_on) = self.pager.take(page);
        self.state = match std::mem::replace(&mut self.state, State::Done) {
            _ if !go_on || self.pages >= MAX_PAGES => State::Done,
            State::First => match self.pager.total {
                Some(total) if self.client.list_concurrency > 1 => State::Concurrent(self.in_flight(total)),
                _ => State::OneByOne,
            },
            other => other,
        };
        Ok(Some(fresh))
    }

    /// Records handed over so far and the server's total, when it sent one.
    pub fn progress(&self) -> Progress {
        self.pager.progress()
    }

    /// `qtd_total_resultados` of the last page that had one.
    pub fn total(&self) -> Option<u64> {
        self.pager.total
    }

    async fn fetch(&mut self) -> Result<Option<Page<A::Item>>> {
        match &mut self.state {
            State::Done => Ok(None),
            State::First => {
                let start = self.request.offset_mut().map(|offset| *offset);
                let (page, honoured) = self.client.first_page(&mut self.request).await?;
                self.pager = Pager::new(start.unwrap_or(0), page.records.len(), honoured);
                if start.is_none() {
                    // Not paged: one request is the whole list.
                    self.pager.page_len = usize::MAX;
                }
                Ok(Some(page))
            }
            State::OneByOne => {
                set_offset(&mut self.request, self.pager.next_offset);
                Ok(Some(self.client.list(&self.request).await?))
            }
            State::Concurrent(pages) => pages.next().await.transpose(),
        }
    }

    /// The pages after the first, `list_concurrency` at a time, at offsets known from the
    /// first page's length. Each is a task of its own, so pages arrive and decode while the
    /// caller is busy with the one before (writing it out, sending it to a window).
    fn in_flight(&self, total: u64) -> InFlight<'c, A::Item> {
        let (client, request) = (self.client.clone(), self.request.clone());
        let concurrency = client.list_concurrency;
        let (from, step) = (self.pager.next_offset, i64::try_from(self.pager.page_len).unwrap_or(i64::MAX));
        let offsets = (0..MAX_PAGES as i64)
            .map(move |k| from.saturating_add(k.saturating_mul(step)))
            .take_while(move |offset| u64::try_from(*offset).is_ok_and(|offset| offset < total));
        let pages = stream::iter(offsets)
            .map(move |offset| {
                let mut request = request.clone();
                set_offset(&mut request, offset);
                let client = client.clone();
                Task(tokio::spawn(async move { client.list(&request).await }))
            })
            .buffered(concurrency);
        Box::pin(pages)
    }
}

/// A page being fetched by its own task; dropping it (paging stopped) aborts the task.
struct Task<T>(tokio::task::JoinHandle<Result<Page<T>>>);

impl<T> Future for Task<T> {
    type Output = Result<Page<T>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.0).poll(cx).map(|joined| {
            joined.unwrap_or_else(|_| Err(Error::MalformedResponse { status: 0, excerpt: "a leitura da página foi interrompida".into() }))
        })
    }
}

impl<T> Drop for Task<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Client {
    /// The pages of a list from the request's offset, for callers that handle each page as it
    /// arrives. A `quantidade` set in the request is sent as is; otherwise the largest page is
    /// asked for.
    pub fn pages<A>(&self, request: A) -> Pages<'_, A>
    where
        A: ListAction,
        A::Item: Record,
    {
        Pages { client: self, request, state: State::First, pager: Pager::new(0, 0, None), pages: 0 }
    }

    /// Every page of a list, each handed to `on_page` as soon as it and the pages before it
    /// have arrived: only records not seen before, with the progress so far. `on_page`
    /// returning `Break` stops paging (pages in flight are dropped). Returns the final progress.
    pub async fn list_pages<A, F>(&self, request: A, mut on_page: F) -> Result<Progress>
    where
        A: ListAction,
        A::Item: Record,
        F: FnMut(Vec<A::Item>, Progress) -> ControlFlow<()>,
    {
        let mut pages = self.pages(request);
        while let Some(records) = pages.next().await? {
            if on_page(records, pages.progress()).is_break() {
                break;
            }
        }
        Ok(pages.progress())
    }

    /// Every record of a list, through [`Client::pages`]; `on_progress` after each page.
    pub async fn list_all<A>(&self, request: A, mut on_progress: impl FnMut(Progress)) -> Result<Vec<A::Item>>
    where
        A: ListAction,
        A::Item: Record,
    {
        let mut records = Vec::new();
        let mut pages = self.pages(request);
        while let Some(page) = pages.next().await? {
            records.extend(page);
            on_progress(pages.progress());
        }
        Ok(records)
    }

    /// How many records a list has: the total the first page reports, so one request however
    /// long the list; a server that reports none is read to the end and its records counted.
    pub async fn count<A>(&self, request: A) -> Result<u64>
    where
        A: ListAction,
        A::Item: Record,
    {
        let mut pages = self.pages(request);
        let mut counted = 0u64;
        while let Some(page) = pages.next().await? {
            if let Some(total) = pages.total() {
                return Ok(total);
            }
            counted += page.len() as u64;
        }
        Ok(counted)
    }

    /// The first page at the largest size this server serves, learning from its answer. Also
    /// returns the size the server is known to honour, when it is.
    async fn first_page<A: ListAction>(&self, request: &mut A) -> Result<(Page<A::Item>, Option<usize>)> {
        if request.offset_mut().is_none() || request.page_size().is_some() {
            // Not paged, or the caller's own page size: sent as is, nothing learned.
            return Ok((self.list(request).await?, None));
        }
        let learned = self.page_sizes.get(A::ACAO);
        let ask = learned.map_or(Some(self.max_page_size), |l| l.ask);
        request.set_page_size(ask);
        let page = match self.list(request).await {
            Err(error) if ask.is_some() && names_field(&error, "quantidade") => {
                // A server that refuses the page size: ask for its default from now on.
                self.page_sizes.set(A::ACAO, Learned { ask: None, honoured: false });
                request.set_page_size(None);
                return Ok((self.list(request).await?, None));
            }
            other => other?,
        };
        let Some(asked) = ask else { return Ok((page, None)) };
        let received = i64::try_from(page.records.len()).unwrap_or(i64::MAX);
        let more = page.total.is_some_and(|total| total > page.records.len() as u64);
        let learned_now = if received == asked {
            Some(Learned { ask, honoured: true })
        } else if received > 0 && received < asked && more {
            // Capped (or its own default, whatever was asked): ask for that from now on.
            Some(Learned { ask: Some(received), honoured: true })
        } else {
            None
        };
        if let Some(now) = learned_now {
            self.page_sizes.set(A::ACAO, now);
        }
        let honoured = learned_now.or(learned).filter(|l| l.honoured && l.ask == ask).and(usize::try_from(asked).ok());
        Ok((page, honoured))
    }
}

fn set_offset<A: ListAction>(request: &mut A, offset: i64) {
    if let Some(slot) = request.offset_mut() {
        *slot = offset;
    }
}

fn names_field(error: &Error, field: &str) -> bool {
    error.field_errors().iter().any(|f| f.field == field)
}

/// A record's identity for paging: its id, or its whole JSON when it has none.
#[derive(PartialEq, Eq, Hash)]
enum Key {
    Id(i64),
    Json(String),
}

fn record_key<T: Record>(record: &T) -> Key {
    match record.record_id() {
        0 => Key::Json(serde_json::to_string(record).unwrap_or_default()),
        id => Key::Id(id),
    }
}

/// The state of one paging run and its stop rules.
struct Pager {
    seen: HashSet<Key>,
    loaded: u64,
    total: Option<u64>,
    next_offset: i64,
    /// The first page's length: a shorter page later is the last.
    page_len: usize,
    /// A page size the server is known to honour: a first page shorter than it is the last.
    honoured: Option<usize>,
}

impl Pager {
    fn new(start: i64, page_len: usize, honoured: Option<usize>) -> Self {
        Self { seen: HashSet::new(), loaded: 0, total: None, next_offset: start, page_len, honoured }
    }

    fn progress(&self) -> Progress {
        Progress { loaded: u32::try_from(self.loaded).unwrap_or(u32::MAX), total: self.total.map(|t| u32::try_from(t).unwrap_or(u32::MAX)) }
    }

    /// The page's new records, and whether paging goes on after it.
    fn take<T: Record>(&mut self, page: Page<T>) -> (Vec<T>, bool) {
        let received = page.records.len();
        if page.total.is_some() {
            self.total = page.total;
        }
        // In place: a page with nothing seen before moves no record (a ramal is ~1 KB).
        let mut fresh = page.records;
        fresh.retain(|record| self.seen.insert(record_key(record)));
        let new = fresh.len();
        self.loaded += new as u64;
        self.next_offset = self.next_offset.saturating_add(i64::try_from(received).unwrap_or(i64::MAX));
        let reached_total = self.total.is_some_and(|total| u64::try_from(self.next_offset).unwrap_or(0) >= total);
        let short = received < self.page_len || self.honoured.is_some_and(|size| received < size);
        (fresh, received > 0 && new > 0 && !short && !reached_total)
    }
}
