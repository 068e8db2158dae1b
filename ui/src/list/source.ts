/**
 * A list streamed from Rust: a `carregar_*` command sends each page through a channel as it
 * arrives (`[records, progress]`), the pages still gathering when the load ended on its answer
 * (`[CargaLista, records]`), and `cancelar_operacao` stops it at once in Rust (no further
 * request reaches the server) when the list is left behind.
 */
import type { Channel } from "@tauri-apps/api/core";
import { commands, type CargaLista, type Progress } from "../bindings";
import { countedChannel, operationId, unwrap, type Result } from "../api";

/**
 * A `commands.carregarX` with its filter bound; `M` is one message (a page, or pages), `A` the
 * answer (the end of the load, and its last rows).
 */
export type PageCommand<R, M = [R[], Progress], A = [CargaLista, R[]]> = (operacao: string, canal: Channel<M>) => Promise<Result<A>>;

/**
 * Runs `command`, handing each page's records to `onPage` in order. Resolves with the load's
 * end once every page sent has been delivered; when `signal` aborts, Rust is told to stop and
 * the promise rejects with the abort reason. A failed load throws its `CommandFailure`.
 */
export function streamList<R>(
  command: PageCommand<R>,
  onPage: (records: R[], progress: Progress) => void,
  signal?: AbortSignal,
): Promise<CargaLista> {
  return streamMessages(command, (page) => page, ([end, records]) => [records, end], onPage, signal);
}

/**
 * `streamList` for a command whose pages come as binary columns, made records by `read`; its
 * answer is one more such message, with the load's end as its `meta` (`readAnswer`).
 */
export function streamColumns<R>(
  command: PageCommand<R, ArrayBuffer, ArrayBuffer>,
  read: (message: ArrayBuffer) => [R[], Progress],
  readAnswer: (answer: ArrayBuffer) => [R[], CargaLista],
  onPage: (records: R[], progress: Progress) => void,
  signal?: AbortSignal,
): Promise<CargaLista> {
  return streamMessages(command, read, readAnswer, onPage, signal);
}

async function streamMessages<R, M, A>(
  command: PageCommand<R, M, A>,
  read: (message: M) => [R[], Progress],
  readAnswer: (answer: A) => [R[], CargaLista],
  onPage: (records: R[], progress: Progress) => void,
  signal?: AbortSignal,
): Promise<CargaLista> {
  const operacao = operationId("lista");
  let aborted = signal?.aborted ?? false;
  // A page that cannot be read ends the load with its error (no list with a hole in it).
  let unreadable: unknown = null;
  const pages = countedChannel<M>((message) => {
    if (aborted || unreadable !== null) return;
    let page: [R[], Progress];
    try {
      page = read(message);
    } catch (error) {
      unreadable = error;
      pages.release();
      commands.cancelarOperacao(operacao).catch(() => undefined);
      return;
    }
    onPage(page[0], page[1]);
  });
  const abort = () => {
    aborted = true;
    pages.release();
    commands.cancelarOperacao(operacao).catch(() => undefined);
  };
  if (aborted) throw signal?.reason ?? new DOMException("aborted", "AbortError");
  signal?.addEventListener("abort", abort, { once: true });
  try {
    const [last, end] = readAnswer(await unwrap(command(operacao, pages.canal)));
    performance.mark("pabx-list-answer", { detail: last.length });
    if (!aborted && unreadable === null) await pages.delivered(end.paginas);
    if (aborted) throw signal?.reason ?? new DOMException("aborted", "AbortError");
    if (unreadable !== null) throw unreadable;
    // The rows that rode on the answer come after every page sent before it.
    if (last.length > 0) onPage(last, end.progresso);
    return end;
  } finally {
    signal?.removeEventListener("abort", abort);
  }
}

/**
 * `streamList` with each page made into the list's rows by `decorate` (which may wait, e.g. for
 * a lookup loaded once for the whole list); pages reach `onPage` in order, and the load ends
 * once the last one has.
 */
export async function streamRows<R, T>(
  command: PageCommand<R>,
  decorate: (records: R[]) => T[] | Promise<T[]>,
  onPage: (rows: T[], progress: Progress) => void,
  signal?: AbortSignal,
): Promise<CargaLista> {
  let chain = Promise.resolve();
  const end = await streamList<R>(
    command,
    (records, progress) => {
      chain = chain.then(async () => {
        const rows = await decorate(records);
        if (!signal?.aborted) onPage(rows, progress);
      });
    },
    signal,
  );
  await chain;
  return end;
}
