// The one way tests read a PDF: poppler's pdftotext, what a reader copying the text gets. Required, never
// skipped (README: `npm test` needs poppler-utils; .ci/run installs it): a missing tool fails the test.
import { execFileSync } from "node:child_process";
import { inflateSync } from "node:zlib";

/** The text of `pdf` (UTF-8); `layout` keeps the columns of tables on their lines. */
export function pdftotext(pdf: Buffer | Uint8Array, options: { layout?: boolean } = {}): string {
  try {
    return execFileSync("pdftotext", ["-enc", "UTF-8", ...(options.layout ? ["-layout"] : []), "-", "-"], {
      input: pdf,
      maxBuffer: 256 * 1024 * 1024,
    }).toString("utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new Error("pdftotext est introuvable : installez poppler-utils (apt-get install poppler-utils), les tests en ont besoin.");
    }
    throw error;
  }
}

/** pdftotext writes U+202F and U+00A0 as plain spaces: the French figure as pdftotext gives it. */
export function plainSpaces(text: string): string {
  return text.replace(/[\u00a0\u202f]/g, " ");
}

/**
 * The ToUnicode maps of the PDF's fonts (pdfkit's Flate streams, inflated): what a viewer copies for each
 * glyph. The French thin no-break space (U+202F), drawn with another glyph in Marianne, must be mapped there.
 */
export function toUnicodeMaps(pdf: Buffer): string[] {
  const text = pdf.toString("latin1");
  const out: string[] = [];
  for (const m of text.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    const end = text.indexOf("endstream", start);
    try {
      const s = inflateSync(pdf.subarray(start, end)).toString("latin1");
      if (s.includes("beginbfrange") || s.includes("beginbfchar")) out.push(s);
    } catch {
      // not a Flate stream
    }
  }
  return out;
}
