/** Progress of a long list (the `ListProgress` event Rust sends after each page). */
import { useEffect, useState } from "react";
import { events, type ListProgress } from "./index";

/** The latest progress of `acao` while `active`; null before the first page or when idle. */
export function useListProgress(acao: string, active: boolean): ListProgress | null {
  const [progress, setProgress] = useState<ListProgress | null>(null);
  useEffect(() => {
    setProgress(null);
    if (!active) return;
    let cancelled = false;
    let stop: (() => void) | null = null;
    events.listProgress
      .listen((event) => {
        if (!cancelled && event.payload.acao === acao) setProgress(event.payload);
      })
      .then((unlisten) => {
        if (cancelled) unlisten();
        else stop = unlisten;
      })
      // Without an event channel the list still loads; it just shows no count while loading.
      .catch(() => undefined);
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [acao, active]);
  return progress;
}
