// The per-response CSP nonce, from the server entry (load context) down to <Scripts> and
// <ScrollRestoration> in root.tsx. In the browser it is empty: the attributes are already in the HTML
// and browsers hide nonce values from the DOM anyway.
import { createContext, useContext } from "react";

const NonceContext = createContext<string>("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}

/** In the browser: the nonce the server put on its scripts (read through the property, not the attribute). */
export function readDocumentNonce(): string | undefined {
  if (typeof document === "undefined") return undefined;
  const script = document.querySelector<HTMLScriptElement>("script[nonce]");
  const nonce = script?.nonce || script?.getAttribute("nonce") || "";
  return nonce || undefined;
}
