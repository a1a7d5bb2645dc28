// A refused form's error summary (issue 14), at the top of the form: it takes the focus when it appears, says
// what went wrong and links to each field concerned (the link moves to the field; it works without JavaScript).
import { Link } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";

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
}: {
  message: string;
  items: SummaryItem[];
  /** where to resolve the refusal (e.g. the declaration that already exists) */
  link?: { href: string; label: string } | null;
  children?: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // a new answer (another message or other fields) takes the focus again
  const key = `${message}|${items.map((i) => `${i.fieldId}:${i.message}`).join("|")}`;
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
