import { Link, useLocation } from "@remix-run/react";

/** Server-side pagination links that keep the current filters (`param` names the page in the URL). */
export function Pager({
  page,
  pageSize,
  total,
  param = "page",
  label = "Pagination",
}: {
  page: number;
  pageSize: number;
  total: number;
  param?: string;
  label?: string;
}) {
  const location = useLocation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const href = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.set(param, String(p));
    return `${location.pathname}?${params}`;
  };
  const around = [...new Set([1, page - 1, page, page + 1, pages])].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
  return (
    <nav role="navigation" className="fr-pagination" aria-label={label}>
      <ul className="fr-pagination__list">
        <li>
          {page > 1 ? (
            <Link className="fr-pagination__link fr-pagination__link--prev fr-pagination__link--lg-label" to={href(page - 1)}>
              Page précédente
            </Link>
          ) : (
            // eslint-disable-next-line jsx-a11y/anchor-is-valid -- DSFR markup of a disabled pagination link (no href, aria-disabled)
            <a className="fr-pagination__link fr-pagination__link--prev fr-pagination__link--lg-label" aria-disabled="true" role="link">
              Page précédente
            </a>
          )}
        </li>
        {around.map((p) => (
          <li key={p}>
            <Link className="fr-pagination__link" to={href(p)} aria-current={p === page ? "page" : undefined} title={`Page ${p}`}>
              {p}
            </Link>
          </li>
        ))}
        <li>
          {page < pages ? (
            <Link className="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label" to={href(page + 1)}>
              Page suivante
            </Link>
          ) : (
            // eslint-disable-next-line jsx-a11y/anchor-is-valid -- DSFR markup of a disabled pagination link (no href, aria-disabled)
            <a className="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label" aria-disabled="true" role="link">
              Page suivante
            </a>
          )}
        </li>
      </ul>
    </nav>
  );
}
