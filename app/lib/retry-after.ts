// The rate-limited forms' pages (sign-in, forgotten password): a refused attempt answers 429 with Retry-After,
// and the page rendered with that answer says when to come back in its headers too.
import type { HeadersFunction } from "@remix-run/node";

/** A route's `headers`: the action's Retry-After, if any, on the rendered page. */
export const retryAfterHeaders: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retry = actionHeaders.get("Retry-After");
  if (retry) headers.set("Retry-After", retry);
  return headers;
};
