// How routes answer a refused order action: 400/403/404/409 with the French message, never a 500.
import { z } from "zod";
import { fieldErrors } from "./schemas";
import { OrderRuleError } from "./services.server";

export interface OrderActionData {
  intent?: string;
  errors: Record<string, string>;
  values?: Record<string, unknown>;
}

export function invalid(error: z.ZodError, values: Record<string, unknown>, intent?: string): Response {
  return Response.json({ intent, errors: fieldErrors(error), values } satisfies OrderActionData, { status: 400 });
}

/** Turns an OrderRuleError into a response; anything else is rethrown (a real bug). */
export function refused(error: unknown, values: Record<string, unknown>, intent?: string): Response {
  if (error instanceof OrderRuleError) {
    const errors: Record<string, string> = { _form: error.message };
    if (error.field) errors[error.field] = error.message;
    return Response.json({ intent, errors, values } satisfies OrderActionData, { status: error.status });
  }
  throw error;
}
