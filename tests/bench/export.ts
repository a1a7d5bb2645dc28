// Section 1: the DINUM consolidated export of everything (7 tables), as CSV and as XLSX, against
// PostgreSQL producing the same rows (COPY of the same queries, as CSV) and against exceljs's in-memory
// workbook, at each factor. Each variant runs in its own child process (export-child.ts): wall time
// measured in the child, peak memory = the child's maxRSS. Figures and ratios only, never pass/fail.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { table, type BenchOptions } from "./lib";

const run = promisify(execFile);

interface Measure {
  ms: number;
  maxRssMb: number;
  bytes: number;
  rows: number | null;
}

const VARIANTS = [
  { id: "copy", label: "plancher PostgreSQL : COPY (mêmes requêtes) TO STDOUT, CSV" },
  { id: "csv", label: "export CSV de l'application (7 tableaux)" },
  { id: "xlsx", label: "export XLSX de l'application (classeur en flux)" },
  { id: "naive", label: "exceljs Workbook en mémoire puis xlsx.write" },
] as const;
type Variant = (typeof VARIANTS)[number]["id"];

async function measure(variant: Variant, url: string, outDir: string): Promise<Measure> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", "tests/bench/export-child.ts", variant, url, outDir], {
    maxBuffer: 1 << 20,
    env: { ...process.env, NODE_OPTIONS: "--max-old-space-size=8192" },
  });
  const last = stdout.trim().split("\n").at(-1)!;
  return JSON.parse(last) as Measure;
}

const s = (ms: number) => (ms / 1000).toFixed(2);
const mb = (n: number) => n.toFixed(0);
const x = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

/**
 * exceljs's in-memory workbook needs ~7.5 GB and ~7 minutes at factor 1 (measured): by default it runs at
 * factor 1 only (`--naive-factors 1,2` to measure it at factor 2 too, ~15 GB).
 */
function naiveFactors(): number[] {
  const i = process.argv.indexOf("--naive-factors");
  return (i >= 0 ? process.argv[i + 1] : "1").split(",").map(Number);
}

export async function runExport(options: BenchOptions): Promise<void> {
  const root = process.env.BENCH_DATA ?? ".data";
  const withNaive = naiveFactors();
  const byFactor = new Map<number, Record<Variant, Measure>>();
  for (const factor of options.factors) {
    const { url } = await options.database(factor);
    const outDir = path.resolve(root, `export-out-f${factor}`);
    console.log(`\n## 1. Export consolidé DINUM de tout le périmètre, facteur ${factor}`);
    const m = {} as Record<Variant, Measure>;
    for (const v of VARIANTS) if (v.id !== "naive" || withNaive.includes(factor)) m[v.id] = await measure(v.id, url, outDir);
    fs.rmSync(outDir, { recursive: true, force: true });
    byFactor.set(factor, m);
    const floor = m.copy;
    console.log(`(${floor.rows?.toLocaleString("fr-FR")} lignes au total ; chaque variante dans son propre processus Node, mémoire = pic RSS de ce processus)`);
    const measured = VARIANTS.filter((v) => m[v.id]);
    console.log(
      table(
        measured.map((v) => [v.label, s(m[v.id].ms), mb(m[v.id].maxRssMb), (m[v.id].bytes / 2 ** 20).toFixed(1), x(m[v.id].ms, floor.ms)]),
        ["variante", "temps s", "pic mémoire Mo", "fichiers Mo", "temps / COPY"],
      ),
    );
    const ratios = [
      ["CSV / plancher COPY (cible ≤ 2×)", x(m.csv.ms, floor.ms)],
      ["XLSX / plancher COPY (cible ≤ 20×)", x(m.xlsx.ms, floor.ms)],
    ];
    if (m.naive) {
      ratios.push(["exceljs en mémoire / XLSX, temps (cible ≥ 3×)", x(m.naive.ms, m.xlsx.ms)]);
      ratios.push(["exceljs en mémoire / XLSX, pic mémoire (cible ≥ 5×)", x(m.naive.maxRssMb, m.xlsx.maxRssMb)]);
    } else {
      console.log("(exceljs en mémoire non mesuré à ce facteur : --naive-factors pour l'inclure)");
    }
    console.log(table(ratios, ["rapport", "mesuré"]));
  }
  const factors = [...byFactor.keys()].sort((a, b) => a - b);
  if (factors.length >= 2) {
    const [a, b] = [factors[0], factors[factors.length - 1]];
    const ma = byFactor.get(a)!;
    const mb2 = byFactor.get(b)!;
    console.log(`\nCroissance facteur ${b} / facteur ${a} (données × ${b / a} ; cibles : temps linéaire, mémoire des exports à ±10 %)`);
    console.log(
      table(
        VARIANTS.filter((v) => ma[v.id] && mb2[v.id]).map((v) => [
          v.label,
          x(mb2[v.id].ms, ma[v.id].ms),
          x(mb2[v.id].maxRssMb, ma[v.id].maxRssMb),
          `${mb(ma[v.id].maxRssMb)} → ${mb(mb2[v.id].maxRssMb)} Mo`,
        ]),
        ["variante", "temps", "pic mémoire", "pic mémoire"],
      ),
    );
  }
}
