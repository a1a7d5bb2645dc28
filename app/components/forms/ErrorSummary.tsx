// A refused form's error summary (issue 14), at the top of the form: it takes the focus when it appears, says
// what went wrong and links to each field concerned (the link moves to the field; it works without JavaScript).
import type { FormMetadata } from "@conform-to/react";
import { Link } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import { FORM_HAS_ERRORS_MESSAGE } from "../../lib/conform";
import { useRefusedAttempt } from "./form";

export interface SummaryItem {
  /** the field's id */
  fieldId: string;
  message: string;
}

export function ErrorSummary({
  message,
  items,
  link,
  children,
  focusKey,
}: {
  /** when given, the summary takes the focus when it changes (a Conform form's refused attempts), not on each new message */
  focusKey?: number;
  message: string;
  items: SummaryItem[];
  /** where to resolve the refusal (e.g. the declaration that already exists) */
  link?: { href: string; label: string } | null;
  children?: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // a new answer (another message or other fields) takes the focus again
  const key = focusKey ?? `${message}|${items.map((i) => `${i.fieldId}:${i.message}`).join("|")}`;
  useEffect(() => {
    ref.current?.focus();
  }, [key]);
  return (
    <div ref={ref} className="fr-alert fr-alert--error fr-mb-3w" role="alert" tabIndex={-1} data-testid="form-error" aria-labelledby="error-summary-title">
      <h2 className="fr-alert__title" id="error-summary-title">
        {message}
      </h2>
      {items.length > 0 && (
        <ul data-testid="error-summary">
          {items.map((i) => (
            <li key={`${i.fieldId}-${i.message}`}>
              <a href={`#${i.fieldId}`}>{i.message}</a>
            </li>
          ))}
        </ul>
      )}
      {link && (
        <p>
          <Link className="fr-link" to={link.href} data-testid="form-error-link">
            {link.label}
          </Link>
        </p>
      )}
      {children}
    </div>
  );
}

/**
 * The error summary of a Conform form (./form.tsx): the action's message (or, when the browser found the errors
 * before posting, the same "Le formulaire contient des erreurs"), and one link per field in error, in the form's
 * order. `idOf` gives a field's id when the form fixes its own ids.
 */
export function FormErrorSummary({
  form,
  idOf,
  link,
  fieldOrder,
}: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any form
  form: FormMetadata<any>;
  idOf?: (name: string) => string | undefined;
  link?: { href: string; label: string } | null;
  /** names in the order of the page (Conform lists the server's errors in the order they were found) */
  fieldOrder?: (a: string, b: string) => number;
}) {
  const attempt = useRefusedAttempt();
  const all = form.allErrors;
  const formMessage = all[""]?.[0];
  const fields = Object.entries(all).filter(([name, m]) => name !== "" && m?.length);
  if (fieldOrder) fields.sort(([a], [b]) => fieldOrder(a, b));
  if (!formMessage && fields.length === 0) return null;
  const items = fields.flatMap(([name, messages]) =>
    // a message the action also gave the whole form is said once, at the top
    messages.filter((m) => m !== formMessage).map((message) => ({ fieldId: idOf?.(name) ?? `${form.id}-${name}`, message })),
  );
  return <ErrorSummary message={formMessage ?? FORM_HAS_ERRORS_MESSAGE} items={items} link={link} focusKey={attempt} />;
}
