/** The Mantine theme shared by light and dark schemes. */
import { createTheme } from "@mantine/core";

export const theme = createTheme({
  primaryColor: "indigo",
  defaultRadius: "md",
  // The platform's UI font, chosen in fonts.css (per platform: see there why).
  fontFamily: "var(--pabx-font-family)",
  headings: { fontFamily: "var(--pabx-font-family)" },
});

/** Where the chosen color scheme is kept between runs (Mantine's localStorage manager). */
export const COLOR_SCHEME_KEY = "pabx-color-scheme";
