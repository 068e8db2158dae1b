/**
 * Navigation and scope shared by the shell and the screens: the current area, the customer
 * picked in the header, and the guard that asks before unsaved changes are thrown away
 * (changing area, customer or account, closing the window, a form's Cancelar). Plain React
 * state; the app has no URLs to keep.
 */
import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { getCurrentWindow } from "@tauri-apps/api/window";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { t } from "../i18n";
import type { AreaId } from "./areas";

export interface Nav {
  area: AreaId;
  /** Goes to an area, asking first when a form has unsaved changes; `then` runs once it changed. */
  go: (area: AreaId, then?: () => void) => void;
  clienteId: number | null;
  /** Picks a customer, asking first when a form has unsaved changes; `then` runs once it changed. */
  setClienteId: (id: number | null, then?: () => void) => void;
  /** Drops the picked customer without asking (its account changed, or it was deleted). */
  forgetCliente: () => void;
  /** Resolves true when nothing unsaved would be lost, or the user agreed to discard it. */
  confirmDiscard: () => Promise<boolean>;
  /** Registers a form's "has unsaved changes" check while it is mounted (see `useDiscardGuard`). */
  registerDirty: (isDirty: () => boolean) => () => void;
  /** The dial plan a link chose (e.g. "regras de roteamento" from Planos), for the area it opens. */
  planoDiscagemId: number | null;
  setPlanoDiscagemId: (id: number | null) => void;
}

const NavContext = createContext<Nav | null>(null);

export function NavProvider({ children, initial = "clientes" }: { children: ReactNode; initial?: AreaId }) {
  const [area, setArea] = useState<AreaId>(initial);
  const [clienteId, setCliente] = useState<number | null>(null);
  const [planoDiscagemId, setPlanoDiscagemId] = useState<number | null>(null);
  const dirtyChecks = useRef(new Set<() => boolean>());
  const [asking, setAsking] = useState<((discard: boolean) => void) | null>(null);

  const confirmDiscard = useCallback((): Promise<boolean> => {
    const dirty = [...dirtyChecks.current].some((check) => check());
    if (!dirty) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => setAsking(() => resolve));
  }, []);

  const registerDirty = useCallback((isDirty: () => boolean) => {
    dirtyChecks.current.add(isDirty);
    return () => void dirtyChecks.current.delete(isDirty);
  }, []);

  /** Runs `change` at once when nothing is unsaved, else after the user agrees. */
  const guarded = useCallback(
    (change: () => void) => {
      if (![...dirtyChecks.current].some((check) => check())) change();
      else void confirmDiscard().then((ok) => ok && change());
    },
    [confirmDiscard],
  );
  const go = useCallback(
    (next: AreaId, then?: () => void) =>
      guarded(() => {
        setArea(next);
        then?.();
      }),
    [guarded],
  );
  const setClienteId = useCallback(
    (id: number | null, then?: () => void) =>
      guarded(() => {
        setCliente(id);
        then?.();
      }),
    [guarded],
  );

  const forgetCliente = useCallback(() => setCliente(null), []);
  useCloseGuard(confirmDiscard);
  const value = useMemo(
    () => ({ area, go, clienteId, setClienteId, forgetCliente, confirmDiscard, registerDirty, planoDiscagemId, setPlanoDiscagemId }),
    [area, go, clienteId, setClienteId, forgetCliente, confirmDiscard, registerDirty, planoDiscagemId],
  );
  const answer = (discard: boolean) => {
    asking?.(discard);
    setAsking(null);
  };
  return (
    <NavContext.Provider value={value}>
      {children}
      <Modal opened={asking !== null} onClose={() => answer(false)} title={t("discard.title")} centered data-testid="discard-dialog">
        <Stack>
          <Text>{t("discard.body")}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => answer(false)} data-testid="discard-keep">
              {t("discard.keep")}
            </Button>
            <Button color="red" onClick={() => answer(true)} data-testid="discard-confirm">
              {t("discard.confirm")}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </NavContext.Provider>
  );
}

/**
 * Closing the window asks like leaving an area does. Tauri keeps the window open while a
 * close listener exists and destroys it when the listener did not prevent it.
 */
function useCloseGuard(confirmDiscard: () => Promise<boolean>) {
  useEffect(() => {
    // Outside the app's window (unit tests, the browser preview) there is nothing to close.
    const internals = (window as { __TAURI_INTERNALS__?: { metadata?: { currentWindow?: unknown } } }).__TAURI_INTERNALS__;
    if (!internals?.metadata?.currentWindow) return;
    let unlisten: (() => void) | undefined;
    let gone = false;
    void getCurrentWindow()
      .onCloseRequested(async (event) => {
        if (!(await confirmDiscard())) event.preventDefault();
      })
      .then((stop) => (gone ? stop() : (unlisten = stop)));
    return () => {
      gone = true;
      unlisten?.();
    };
  }, [confirmDiscard]);
}

/** The navigation, or null outside the shell (the welcome screen). */
export function useNavOptional(): Nav | null {
  return useContext(NavContext);
}

export function useNav(): Nav {
  const nav = useContext(NavContext);
  if (!nav) throw new Error("useNav outside NavProvider");
  return nav;
}

/** While mounted, leaving through the shell asks before losing what `isDirty` reports. */
export function useDiscardGuard(isDirty: () => boolean) {
  const nav = useNavOptional();
  const check = useRef(isDirty);
  check.current = isDirty;
  useEffect(() => nav?.registerDirty(() => check.current()), [nav]);
}
