// A download link that works without JavaScript (plain link with `download`) and, with it, shows the
// progress of a streamed export in a live region while the file arrives.
import { useState, type MouseEvent } from "react";
import { formatDecimal } from "../lib/format";

type State = { status: "idle" } | { status: "loading"; bytes: number } | { status: "done"; bytes: number; name: string } | { status: "error"; message: string };

function fileNameOf(res: Response, fallback: string): string {
  const m = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") ?? "");
  return m ? m[1] : fallback;
}

/** `href` with the filters as they stand in the form `formId` (chosen but not applied yet), its own parameters kept. */
function withFormFilters(href: string, formId: string | undefined): string {
  const form = formId ? document.getElementById(formId) : null;
  if (!(form instanceof HTMLFormElement)) return href;
  const url = new URL(href, window.location.href);
  for (const [k, v] of new FormData(form)) {
    if (typeof v !== "string") continue;
    if (v === "") url.searchParams.delete(k);
    else url.searchParams.set(k, v);
  }
  return `${url.pathname}${url.search}`;
}

export function DownloadLink({
  href: appliedHref,
  children,
  format,
  testId,
  filtersForm,
}: {
  href: string;
  children: React.ReactNode;
  format: string;
  testId?: string;
  /** the id of the filters' form: with JavaScript, the file follows the filters chosen even if not applied */
  filtersForm?: string;
}) {
  const [state, setState] = useState<State>({ status: "idle" });
  async function onClick(event: MouseEvent<HTMLAnchorElement>) {
    if (typeof window === "undefined" || !("ReadableStream" in window) || state.status === "loading") return;
    event.preventDefault();
    const href = withFormFilters(appliedHref, filtersForm);
    setState({ status: "loading", bytes: 0 });
    try {
      const res = await fetch(href, { credentials: "same-origin" });
      if (!res.ok || !res.body) {
        setState({ status: "error", message: (await res.text()) || "Le fichier n'a pas pu être produit." });
        return;
      }
      const reader = res.body.getReader();
      const chunks: Uint8Array[] = [];
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        bytes += value.byteLength;
        setState({ status: "loading", bytes });
      }
      const name = fileNameOf(res, "export");
      const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: res.headers.get("Content-Type") ?? "application/octet-stream" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState({ status: "done", bytes, name });
    } catch {
      setState({ status: "error", message: "Le téléchargement a été interrompu. Réessayez." });
    }
  }
  const kb = (n: number) => `${formatDecimal(n / 1024, 0)} Ko`;
  return (
    <>
      <a className="fr-link fr-link--download" href={appliedHref} download onClick={onClick} data-testid={testId}>
        {children} <span className="fr-link__detail">{format}</span>
      </a>
      <span aria-live="polite" className="fr-text--sm fr-ml-1w" data-testid={testId ? `${testId}-status` : undefined}>
        {state.status === "loading" && `Préparation du fichier… ${kb(state.bytes)} reçus`}
        {state.status === "done" && `Fichier ${state.name} téléchargé (${kb(state.bytes)}).`}
        {state.status === "error" && <span className="fr-error-text fr-mt-0">{state.message}</span>}
      </span>
    </>
  );
}
