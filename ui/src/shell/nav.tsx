/**
 * Navigation and scope shared by the shell and the screens: the current area and the customer
 * picked in the header. Plain React state; the app has no URLs to keep.
 */
import { createContext, useContext, useMemo, useState, type ReactNode } from "react";
import type { AreaId } from "./areas";

export interface Nav {
  area: AreaId;
  go: (area: AreaId) => void;
  clienteId: number | null;
  setClienteId: (id: number | null) => void;
  /** The dial plan a link chose (e.g. "regras de roteamento" from Planos), for the area it opens. */
  planoDiscagemId: number | null;
  setPlanoDiscagemId: (id: number | null) => void;
}

const NavContext = createContext<Nav | null>(null);

export function NavProvider({ children, initial = "clientes" }: { children: ReactNode; initial?: AreaId }) {
  const [area, go] = useState<AreaId>(initial);
  const [clienteId, setClienteId] = useState<number | null>(null);
  const [planoDiscagemId, setPlanoDiscagemId] = useState<number | null>(null);
  const value = useMemo(
    () => ({ area, go, clienteId, setClienteId, planoDiscagemId, setPlanoDiscagemId }),
    [area, clienteId, planoDiscagemId],
  );
  return <NavContext.Provider value={value}>{children}</NavContext.Provider>;
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
