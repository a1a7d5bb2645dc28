// A small streaming XML tokenizer for the parts of an .xlsx the import reads (sheet, shared strings, styles,
// workbook): fed text as it is inflated, it reports tags (namespace prefixes dropped) and text. No DTD: a
// DOCTYPE (entity expansion) is refused; only the five XML entities and character references are decoded.
// A single token (a text run or a tag) is bounded, so a part without markup cannot grow the buffer.

export interface XmlHandlers {
  open(name: string, attributes: Record<string, string>, selfClosing: boolean): void;
  close(name: string): void;
  text(text: string): void;
}

export class XmlError extends Error {}

/** The longest token kept: a cell's text is at most a few thousand characters. */
const MAX_TOKEN = 1024 * 1024;
const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const ATTRIBUTE = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

export function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(ENTITY, (whole, e: string) => {
    if (e[0] !== "#") return NAMED[e];
    const code = e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const local = (name: string) => {
  const i = name.indexOf(":");
  return i < 0 ? name : name.slice(i + 1);
};

export class XmlStream {
  private buffer = "";

  constructor(private readonly handlers: XmlHandlers) {}

  write(chunk: string): void {
    const s = this.buffer ? this.buffer + chunk : chunk;
    let p = 0;
    const n = s.length;
    while (p < n) {
      const lt = s.indexOf("<", p);
      if (lt < 0) {
        break; // text continues in the next chunk
      }
      if (lt > p) this.handlers.text(decodeEntities(s.slice(p, lt)));
      p = lt;
      const end = this.markupEnd(s, lt);
      if (end < 0) break;
      this.markup(s, lt, end);
      p = end;
    }
    this.buffer = s.slice(p);
    if (this.buffer.length > MAX_TOKEN) throw new XmlError("élément XML trop long");
  }

  end(): void {
    if (this.buffer.trim()) throw new XmlError("fin de document inattendue");
    this.buffer = "";
  }

  /** Index just past the markup starting at `lt`, or -1 if it is not complete yet. */
  private markupEnd(s: string, lt: number): number {
    const c = s.charCodeAt(lt + 1);
    if (c === 0x21 /* ! */) {
      if (s.startsWith("<!--", lt)) {
        const e = s.indexOf("-->", lt + 4);
        return e < 0 ? -1 : e + 3;
      }
      if (s.startsWith("<![CDATA[", lt)) {
        const e = s.indexOf("]]>", lt + 9);
        return e < 0 ? -1 : e + 3;
      }
      if (s.length - lt < 9) return -1;
      throw new XmlError("DOCTYPE refusé");
    }
    if (c === 0x3f /* ? */) {
      const e = s.indexOf("?>", lt + 2);
      return e < 0 ? -1 : e + 2;
    }
    // a tag: the first '>' outside quoted attribute values
    let quote = 0;
    for (let i = lt + 1; i < s.length; i++) {
      const ch = s.charCodeAt(i);
      if (quote) {
        if (ch === quote) quote = 0;
      } else if (ch === 0x22 || ch === 0x27) quote = ch;
      else if (ch === 0x3e) return i + 1;
    }
    return -1;
  }

  private markup(s: string, lt: number, end: number): void {
    const c = s.charCodeAt(lt + 1);
    if (c === 0x21) {
      if (s.startsWith("<![CDATA[", lt)) this.handlers.text(s.slice(lt + 9, end - 3));
      return;
    }
    if (c === 0x3f) return;
    if (c === 0x2f /* / */) {
      this.handlers.close(local(s.slice(lt + 2, end - 1).trim()));
      return;
    }
    const selfClosing = s.charCodeAt(end - 2) === 0x2f;
    const last = selfClosing ? end - 2 : end - 1;
    let i = lt + 1;
    while (i < last) {
      const ch = s.charCodeAt(i);
      if (ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d) break;
      i++;
    }
    const name = local(s.slice(lt + 1, i));
    const attributes: Record<string, string> = {};
    if (i < last) {
      const body = s.slice(i, last);
      ATTRIBUTE.lastIndex = 0;
      for (let m = ATTRIBUTE.exec(body); m; m = ATTRIBUTE.exec(body)) attributes[local(m[1])] = decodeEntities(m[2] ?? m[3] ?? "");
    }
    this.handlers.open(name, attributes, selfClosing);
    if (selfClosing) this.handlers.close(name);
  }
}
