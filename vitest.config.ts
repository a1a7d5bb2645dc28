import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["app/**/*.test.ts", "reports/**/*.test.ts", "seeds/**/*.test.ts", "db/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "db",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/helpers/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: "forks",
          // PILOTAGE_TEST_SCALE (tests/helpers/scale.ts): reports.test.ts reads the whole consolidated workbook
          // back with exceljs's in-memory model, ~6.5 GB at factor 1
          execArgv: process.env.PILOTAGE_TEST_SCALE ? ["--max-old-space-size=10240"] : [],
        },
      },
    ],
  },
});
