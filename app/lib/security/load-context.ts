// What the server entry (server.ts) hands to every loader and action besides the request.
declare module "@remix-run/node" {
  interface AppLoadContext {
    /** per-response Content-Security-Policy nonce (absent in development) */
    cspNonce?: string;
    /** the client's IP address, as express sees it (TRUST_PROXY decides whether X-Forwarded-For counts) */
    clientAddress?: string;
  }
}

export {};
