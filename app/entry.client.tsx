import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { startReactDsfr } from "@codegouvfr/react-dsfr/spa";
import { Link } from "@remix-run/react";
import { readDocumentNonce } from "./lib/security/nonce";

// the DSFR adds a <style> for the color scheme: it carries the page's CSP nonce
startReactDsfr({ defaultColorScheme: "light", Link, nonce: readDocumentNonce() });

declare module "@codegouvfr/react-dsfr/spa" {
  interface RegisterLink {
    Link: typeof Link;
  }
}

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  );
});
