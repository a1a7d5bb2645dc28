// The two steps of a file import (declarations, Chorus Pro invoices): the preview carries the file's rows, as
// JSON in a hidden field, to the confirm form, which sends them back to be checked again.
import { z } from "zod";

const carriedRowsSchema = z.array(z.object({ row: z.number().int().positive(), cells: z.record(z.string(), z.string().max(5000)) })).max(2000);

export const EXPIRED_IMPORT = "Import expiré ou incomplet : envoyez le fichier à nouveau.";

/** The rows the confirm form sent back (`R`: the import's row type, checked again by its service), or null when they are missing or not rows. */
export function carriedRows<R extends { row: number; cells: Partial<Record<string, string>> }>(form: FormData): R[] | null {
  try {
    return carriedRowsSchema.parse(JSON.parse(String(form.get("rows") ?? ""))) as R[];
  } catch {
    return null;
  }
}

/** The file of the preview step, or null when none was chosen (or an empty one). */
export function sentFile(form: FormData): File | null {
  const file = form.get("file");
  return !file || typeof file === "string" || file.size === 0 ? null : file;
}

/** A refusal of the whole file (no row, no column), in the import pages' answer. */
export function importFailure(message: string, fileName: string | null = null) {
  return { step: "error" as const, fileName, errors: [{ row: null, column: null, message }] };
}
