/** Renders a piece of UI inside the app's providers, for component tests. */
import { MantineProvider } from "@mantine/core";
import { QueryClientProvider } from "@tanstack/react-query";
import { render, type RenderResult } from "@testing-library/react";
import type { ReactNode } from "react";
import { createQueryClient } from "../App";
import { NavProvider } from "../shell/nav";
import { theme } from "../theme";

export function renderUi(ui: ReactNode): RenderResult {
  const client = createQueryClient();
  return render(
    <MantineProvider theme={theme} env="test">
      <QueryClientProvider client={client}>
        <NavProvider>{ui}</NavProvider>
      </QueryClientProvider>
    </MantineProvider>,
  );
}
