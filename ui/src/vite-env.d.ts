/** Environment variables the UI reads at build time. */
interface ImportMetaEnv {
  /** "1" in `npm run dev:mock`: answer commands with the in-browser fake backend. */
  readonly VITE_MOCK_IPC?: string;
}
