/** The Mantine theme shared by light and dark schemes. */
import { createTheme } from "@mantine/core";

export const theme = createTheme({
  primaryColor: "indigo",
  defaultRadius: "md",
  fontFamily: "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
});

/** Where the chosen color scheme is kept between runs (Mantine's localStorage manager). */
export const COLOR_SCHEME_KEY = "pabx-color-scheme";
