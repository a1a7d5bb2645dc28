// Warnings that do not block (R17: budget year closed for orders, AE envelope exceeded), as DSFR alerts.
export function Warnings({ items, testId = "warnings" }: { items: string[]; testId?: string }) {
  if (items.length === 0) return null;
  return (
    <div className="fr-alert fr-alert--warning fr-mb-3w" data-testid={testId}>
      <h2 className="fr-alert__title">Attention</h2>
      {items.map((w) => (
        <p key={w}>{w}</p>
      ))}
    </div>
  );
}
