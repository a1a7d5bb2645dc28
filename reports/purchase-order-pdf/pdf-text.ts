// Test helper: the text of a PDF made by pdfkit, decoded through each font's ToUnicode map, so that the
// tests read exactly what a reader copying the text would get (U+202F included, which pdftotext turns
// into a plain space). Handles what pdfkit writes: Flate streams, Type0 fonts with Identity-H, Tj/TJ.
import { inflateSync } from "node:zlib";

interface PdfObject { dict: string; stream: Buffer | null }

function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString("latin1");
  const out = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const body = m[2];
    const s = body.indexOf("stream");
    if (s < 0) {
      out.set(Number(m[1]), { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, s);
    let start = m.index + m[0].indexOf(body) + s + "stream".length;
    if (text[start] === "\r") start++;
    if (text[start] === "\n") start++;
    const end = text.lastIndexOf("endstream", m.index + m[0].length);
    let raw = pdf.subarray(start, end);
    if (/FlateDecode/.test(dict)) {
      try { raw = inflateSync(raw); } catch { /* keep raw */ }
    }
    out.set(Number(m[1]), { dict, stream: raw });
  }
  return out;
}

function parseCmap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const hexToString = (h: string) => {
    let s = "";
    for (let i = 0; i < h.length; i += 4) s += String.fromCharCode(parseInt(h.slice(i, i + 4), 16));
    return s;
  };
  for (const block of cmap.match(/beginbfrange([\s\S]*?)endbfrange/g) ?? []) {
    const re = /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[([^\]]*)\]|<([0-9a-fA-F]+)>)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(block))) {
      const lo = parseInt(m[1], 16);
      const hi = parseInt(m[2], 16);
      if (m[4] !== undefined) {
        const items = m[4].match(/<([0-9a-fA-F]+)>/g) ?? [];
        items.forEach((it, i) => map.set(lo + i, hexToString(it.slice(1, -1))));
      } else {
        const base = parseInt(m[5], 16);
        for (let c = lo; c <= hi; c++) map.set(c, String.fromCharCode(base + (c - lo)));
      }
    }
  }
  for (const block of cmap.match(/beginbfchar([\s\S]*?)endbfchar/g) ?? []) {
    const re = /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(block))) map.set(parseInt(m[1], 16), hexToString(m[2]));
  }
  return map;
}

/** The text of every page, one text operation per line. */
export function extractPdfText(pdf: Buffer): string {
  const objs = objects(pdf);
  const ref = (dict: string, key: string) => {
    const m = new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(dict);
    return m ? Number(m[1]) : null;
  };
  const lines: string[] = [];
  const pages = [...objs.entries()].filter(([, o]) => /\/Type\s*\/Page\b/.test(o.dict)).sort((a, b) => a[0] - b[0]);
  for (const [, page] of pages) {
    // fonts of the page: name → ToUnicode map
    const fonts = new Map<string, Map<number, string>>();
    let resources = page.dict;
    const resRef = ref(page.dict, "Resources");
    if (resRef !== null) resources = objs.get(resRef)?.dict ?? "";
    let fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(resources)?.[1] ?? "";
    const fontRef = /\/Font\s+(\d+) 0 R/.exec(resources);
    if (fontRef) fontDict = objs.get(Number(fontRef[1]))?.dict ?? "";
    for (const m of fontDict.matchAll(/\/([\w.+-]+)\s+(\d+) 0 R/g)) {
      const font = objs.get(Number(m[2]));
      const tu = font ? ref(font.dict, "ToUnicode") : null;
      fonts.set(m[1], tu !== null ? parseCmap(objs.get(tu)?.stream?.toString("latin1") ?? "") : new Map());
    }
    const contentRefs = /\/Contents\s*\[([^\]]*)\]/.exec(page.dict)?.[1].match(/(\d+) 0 R/g)?.map((r) => Number(r.split(" ")[0]))
      ?? [ref(page.dict, "Contents")].filter((x): x is number => x !== null);
    for (const c of contentRefs) {
      const content = objs.get(c)?.stream?.toString("latin1") ?? "";
      let current = new Map<number, string>();
      const ops = /\/([\w.+-]+)\s+[\d.]+\s+Tf|\[((?:[^\]\\]|\\.)*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g;
      let m: RegExpExecArray | null;
      while ((m = ops.exec(content))) {
        if (m[1]) { current = fonts.get(m[1]) ?? new Map(); continue; }
        const hexes = m[2] !== undefined ? (m[2].match(/<([0-9a-fA-F]*)>/g) ?? []).map((h) => h.slice(1, -1)) : [m[3]];
        let s = "";
        for (const h of hexes) for (let i = 0; i < h.length; i += 4) s += current.get(parseInt(h.slice(i, i + 4), 16)) ?? "\ufffd";
        lines.push(s);
      }
    }
  }
  return lines.join("\n");
}
