// The app's routes, read from the route files themselves (Remix flat-routes file names), for the access
// matrix test. Nothing here is written by hand per route: a new file in app/routes/ shows up at once.
import fs from "node:fs";
import path from "node:path";

export interface RouteFile {
  /** the file name without extension, e.g. "commandes.$id_.modifier": the key in the access table */
  id: string;
  file: string;
  /** URL pattern, e.g. "/commandes/:id/modifier" */
  pattern: string;
  params: string[];
  hasLoader: boolean;
  hasAction: boolean;
  /** no default export: a resource route (PDF, export, redirect) */
  resource: boolean;
}

/** Splits a flat-route file name on the dots that separate segments ("[.]" escapes a dot). */
function segmentsOf(name: string): string[] {
  const out: string[] = [];
  let current = "";
  let escaped = false;
  for (const ch of name) {
    if (ch === "[") escaped = true;
    else if (ch === "]") escaped = false;
    else if (ch === "." && !escaped) {
      out.push(current);
      current = "";
    } else current += ch;
  }
  out.push(current);
  return out;
}

export function patternOf(id: string): { pattern: string; params: string[] } {
  const params: string[] = [];
  const parts: string[] = [];
  for (const raw of segmentsOf(id)) {
    if (raw === "_index" || raw === "") continue;
    if (raw.startsWith("_")) continue; // pathless layout
    const segment = raw.endsWith("_") ? raw.slice(0, -1) : raw; // "x_" opts out of nesting, keeps its path
    if (segment.startsWith("$")) {
      const name = segment.slice(1) || "*";
      params.push(name);
      parts.push(`:${name}`);
    } else parts.push(segment);
  }
  return { pattern: `/${parts.join("/")}`, params };
}

export function listRoutes(dir = path.resolve("app/routes")): RouteFile[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /\.(tsx?|jsx?)$/.test(f) && !/\.test\.|\.spec\./.test(f))
    .map((file) => {
      const id = file.replace(/\.(tsx?|jsx?)$/, "");
      const source = fs.readFileSync(path.join(dir, file), "utf8");
      const { pattern, params } = patternOf(id);
      return {
        id,
        file,
        pattern,
        params,
        hasLoader: /export\s+(async\s+)?function\s+loader\b|export\s+const\s+loader\b|export\s*\{[^}]*\bloader\b/.test(source),
        hasAction: /export\s+(async\s+)?function\s+action\b|export\s+const\s+action\b|export\s*\{[^}]*\baction\b/.test(source),
        resource: !/export\s+default\b/.test(source),
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}
