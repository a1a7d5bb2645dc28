// A streaming ZIP writer, just what an XLSX needs: entries written one after the other, deflated by
// Node's zlib (native, on the thread pool, so compression overlaps with building the XML), CRC-32 by
// zlib.crc32, sizes in a data descriptor after each entry (bit 3), UTF-8 names (bit 11), the central
// directory at the end. No ZIP64: an entry or a file beyond 4 GiB is refused with an error (the national
// scale workbook is ~50 MB). Backpressure is honoured both ways, and a destroyed output aborts.
import type { Writable } from "node:stream";
import { constants, crc32, createDeflateRaw, type DeflateRaw } from "node:zlib";

const LIMIT = 0xffffffff;

interface CentralEntry {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getFullYear());
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

export class ZipWriter {
  private offset = 0;
  private readonly entries: CentralEntry[] = [];
  private readonly time: number;
  private readonly date: number;

  /** `aborted` builds the error thrown when the output is destroyed before the end. */
  constructor(
    private readonly out: Writable,
    private readonly options: { level: number; modified: Date; aborted: () => Error },
  ) {
    ({ time: this.time, date: this.date } = dosDateTime(options.modified));
  }

  private check(): void {
    if (this.out.destroyed || this.out.writableEnded) throw this.options.aborted();
  }

  /** Resolves on `event` from `emitter`, rejects with the abort error if the output closes first. */
  until(emitter: NodeJS.EventEmitter, event: string): Promise<void> {
    this.check();
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        cleanup();
        resolve();
      };
      const fail = () => {
        cleanup();
        reject(this.options.aborted());
      };
      const cleanup = () => {
        emitter.off(event, done);
        this.out.off("close", fail);
        this.out.off("error", fail);
      };
      emitter.once(event, done);
      this.out.once("close", fail);
      this.out.once("error", fail);
    });
  }

  private async raw(bytes: Buffer): Promise<void> {
    this.check();
    this.offset += bytes.length;
    if (!this.out.write(bytes)) await this.until(this.out, "drain");
  }

  /** A whole entry from a string or bytes (small parts: content types, styles, workbook…). */
  async file(name: string, content: string | Buffer): Promise<void> {
    const entry = this.entry(name);
    await entry.write(content);
    await entry.end();
  }

  /** A streamed entry: write() text as it comes (buffered into ~256 KB blocks), then end(). */
  entry(name: string): ZipEntry {
    return new ZipEntry(this, name);
  }

  /** @internal */
  async startEntry(name: Buffer): Promise<number> {
    const offset = this.offset;
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    h.writeUInt16LE(0x0808, 6); // sizes in the data descriptor, UTF-8 name
    h.writeUInt16LE(8, 8); // deflate
    h.writeUInt16LE(this.time, 10);
    h.writeUInt16LE(this.date, 12);
    // crc and sizes: 0, in the data descriptor
    h.writeUInt16LE(name.length, 26);
    await this.raw(Buffer.concat([h, name]));
    return offset;
  }

  /** @internal pipes a deflate stream's output into the zip, counting its bytes. */
  pump(deflate: DeflateRaw): { compressed: () => number; finished: Promise<void> } {
    let compressed = 0;
    let waiting = false;
    const onData = (chunk: Buffer) => {
      compressed += chunk.length;
      this.offset += chunk.length;
      if (this.out.destroyed) return;
      if (!this.out.write(chunk) && !waiting) {
        waiting = true;
        deflate.pause();
        this.out.once("drain", () => {
          waiting = false;
          deflate.resume();
        });
      }
    };
    deflate.on("data", onData);
    const finished = this.until(deflate, "end").finally(() => deflate.off("data", onData));
    finished.catch(() => {});
    return { compressed: () => compressed, finished };
  }

  /** @internal */
  async endEntry(entry: CentralEntry): Promise<void> {
    if (entry.compressed > LIMIT || entry.size > LIMIT || entry.offset > LIMIT)
      throw new Error("Classeur trop volumineux pour un fichier ZIP sans ZIP64 (plus de 4 Gio).");
    const d = Buffer.alloc(16);
    d.writeUInt32LE(0x08074b50, 0);
    d.writeUInt32LE(entry.crc, 4);
    d.writeUInt32LE(entry.compressed, 8);
    d.writeUInt32LE(entry.size, 12);
    await this.raw(d);
    this.entries.push(entry);
  }

  /** Writes the central directory and ends the output once everything is flushed. */
  async finish(): Promise<void> {
    const start = this.offset;
    const parts: Buffer[] = [];
    for (const e of this.entries) {
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS attributes
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(0x0808, 8);
      c.writeUInt16LE(8, 10);
      c.writeUInt16LE(this.time, 12);
      c.writeUInt16LE(this.date, 14);
      c.writeUInt32LE(e.crc, 16);
      c.writeUInt32LE(e.compressed, 20);
      c.writeUInt32LE(e.size, 24);
      c.writeUInt16LE(e.name.length, 28);
      c.writeUInt32LE(e.offset, 42);
      parts.push(c, e.name);
    }
    const directory = Buffer.concat(parts);
    if (start + directory.length > LIMIT || this.entries.length > 0xffff)
      throw new Error("Classeur trop volumineux pour un fichier ZIP sans ZIP64 (plus de 4 Gio).");
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(start, 16);
    await this.raw(Buffer.concat([directory, end]));
    this.check();
    const ended = this.until(this.out, "finish");
    this.out.end();
    await ended;
  }

  get level(): number {
    return this.options.level;
  }
}

const BLOCK = 256 * 1024;

export class ZipEntry {
  private readonly name: Buffer;
  private started: Promise<number> | null = null;
  private deflate: DeflateRaw | null = null;
  private pumped: ReturnType<ZipWriter["pump"]> | null = null;
  private crc = 0;
  private size = 0;
  private pending: string[] = [];
  private pendingLength = 0;

  constructor(
    private readonly zip: ZipWriter,
    name: string,
  ) {
    this.name = Buffer.from(name, "utf8");
  }

  private async open(): Promise<DeflateRaw> {
    if (!this.deflate) {
      this.started = this.zip.startEntry(this.name);
      await this.started;
      this.deflate = createDeflateRaw({ level: this.zip.level, strategy: constants.Z_DEFAULT_STRATEGY, chunkSize: 64 * 1024 });
      this.pumped = this.zip.pump(this.deflate);
    }
    return this.deflate;
  }

  /** Adds text (or bytes); returns a promise only when the block was handed to zlib (await it for backpressure). */
  write(content: string | Buffer): Promise<void> | void {
    if (typeof content !== "string") return this.block(content);
    this.pending.push(content);
    this.pendingLength += content.length;
    if (this.pendingLength >= BLOCK) return this.flush();
  }

  private flush(): Promise<void> | void {
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending.length === 1 ? this.pending[0] : this.pending.join(""), "utf8");
    this.pending = [];
    this.pendingLength = 0;
    return this.block(bytes);
  }

  private async block(bytes: Buffer): Promise<void> {
    const deflate = await this.open();
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.length;
    if (!deflate.write(bytes)) await this.zipUntilDrain(deflate);
  }

  private zipUntilDrain(deflate: DeflateRaw): Promise<void> {
    return this.zip.until(deflate, "drain");
  }

  async end(): Promise<void> {
    await this.flush();
    const deflate = await this.open();
    deflate.end();
    await this.pumped!.finished;
    await this.zip.endEntry({ name: this.name, crc: this.crc >>> 0, compressed: this.pumped!.compressed(), size: this.size, offset: await this.started! });
  }
}
