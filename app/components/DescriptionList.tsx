import { Fragment, type ReactNode } from "react";

/** One term of a description list; `testId` goes on its value. */
export interface Term {
  label: string;
  value: ReactNode;
  testId?: string;
}

/**
 * A page's facts as a `<dl>`, one bold term and its value each (an order's, an account's): the terms are data,
 * so a page lists them instead of copying `<dt>`/`<dd>` pairs; a term given as false, null or "" is left out.
 */
export function DescriptionList({ terms, className }: { terms: (Term | false | null | undefined | "")[]; className?: string }) {
  return (
    <dl className={className}>
      {terms.map((term) =>
        term ? (
          <Fragment key={term.label}>
            <dt className="fr-text--bold">{term.label}</dt>
            <dd data-testid={term.testId}>{term.value}</dd>
          </Fragment>
        ) : null,
      )}
    </dl>
  );
}
