// Marianne for every PDF (service fait, purchase order...): embedded from the DSFR package, works offline.
// Marianne has no glyph for U+202F (the narrow no-break space French puts between thousands): it is drawn
// with the thin-space glyph but mapped back to U+202F in the PDF's ToUnicode table, so that copied or
// extracted text keeps the real character.
import { createRequire } from "node:module";
import path from "node:path";
import PDFDocument from "pdfkit";

const require = createRequire(import.meta.url);
const fontsDir = path.join(path.dirname(require.resolve("@codegouvfr/react-dsfr/package.json")), "dsfr", "fonts");

export const FONT_REGULAR = "Marianne";
export const FONT_BOLD = "Marianne-Bold";

export function marianneFile(weight: "Regular" | "Bold" | "Medium" | "Light" = "Regular"): string {
  return path.join(fontsDir, `Marianne-${weight}.woff`);
}

const NNBSP = 0x202f;
const THIN_SPACE = 0x2009;

interface FontkitGlyph {
  id: number;
  codePoints: number[];
  advanceWidth: number;
}
interface FontkitFont {
  layout(text: string, features?: unknown): { glyphs: FontkitGlyph[]; positions: { xAdvance: number }[] };
  glyphForCodePoint(cp: number): FontkitGlyph;
  hasGlyphForCodePoint(cp: number): boolean;
  __nnbspPatched?: boolean;
}

/** Lays U+202F out as the thin-space glyph, keeping U+202F as its Unicode value. */
export function patchNarrowNoBreakSpace(font: FontkitFont | undefined): void {
  if (!font || font.__nnbspPatched || typeof font.layout !== "function" || font.hasGlyphForCodePoint(NNBSP)) return;
  const original = font.layout.bind(font);
  const thin = font.glyphForCodePoint(THIN_SPACE);
  const replacement = Object.assign(Object.create(Object.getPrototypeOf(thin)), thin, { codePoints: [NNBSP] }) as FontkitGlyph;
  font.layout = (text, features) => {
    const run = original(text, features);
    if (text.includes("\u202f")) {
      // missing characters come out as .notdef (glyph 0) in text order: match them back to the text
      const missing = [...text].map((c) => c.codePointAt(0)!).filter((cp) => !font.hasGlyphForCodePoint(cp));
      run.glyphs.forEach((g, i) => {
        if (g.id !== 0 && !g.codePoints.includes(NNBSP)) return;
        const cp = g.id === 0 ? missing.shift() : NNBSP;
        if (cp === NNBSP) {
          run.glyphs[i] = replacement;
          run.positions[i].xAdvance = thin.advanceWidth;
        }
      });
    }
    return run;
  };
  font.__nnbspPatched = true;
}

/** Selects a registered font and makes sure it handles U+202F. */
export function useFont(doc: PDFKit.PDFDocument, name: string): PDFKit.PDFDocument {
  doc.font(name);
  patchNarrowNoBreakSpace((doc as unknown as { _font?: { font?: FontkitFont } })._font?.font);
  return doc;
}

/** A new A4 document with Marianne registered (regular and bold) and selected. */
export function createPdfDocument(info: { Title: string; Author?: string; Subject?: string }): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: "A4",
    margin: 50,
    info: { ...info, Creator: "Pilotage UO" },
    lang: "fr-FR",
    displayTitle: true,
    pdfVersion: "1.7",
  } as PDFKit.PDFDocumentOptions);
  doc.registerFont(FONT_REGULAR, marianneFile("Regular"));
  doc.registerFont(FONT_BOLD, marianneFile("Bold"));
  useFont(doc, FONT_BOLD);
  useFont(doc, FONT_REGULAR);
  return doc;
}

/** Ends the document and collects it. */
export function pdfToBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.end();
  });
}
