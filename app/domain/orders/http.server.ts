// The order forms' side of the one action pipeline (lib/form-action.server.ts): their answer's shape
// (OrderActionData, read by OrderForm and the order pages): the message under `_form`, one message per
// field ("lines.0.amount"…), and the values as formToObject read them.
import { firstMessages, type Reply } from "../../lib/form-action.server";

export interface OrderActionData {
  intent?: string;
  errors: Record<string, string>;
  values?: Record<string, unknown>;
}

export function orderReply(values: Record<string, unknown>, intent?: string): Reply {
  return (r) => ({ intent, errors: { ...firstMessages(r.fieldErrors), _form: r.message }, values }) satisfies OrderActionData;
}
