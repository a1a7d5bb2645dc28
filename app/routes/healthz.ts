// Liveness probe for operators and the benchmarks' "trivial route" baseline: no session, no database.
export function loader() {
  return new Response("ok", { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
