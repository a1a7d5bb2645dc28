// An irreversible action's submit button (issue 14): it asks first, saying what will happen.
// - With JavaScript, the button opens a DSFR modal; its "Confirmer" button submits the same form with the
//   confirmation field (confirmed=oui, or the field the action's schema requires, e.g. confirm=on).
// - Without JavaScript, the button posts the form unconfirmed; the action answers CONFIRM_MESSAGE
//   (`requireConfirmed`, lib/form-action.server.ts) and the page shows the same question in place, values kept,
//   with the button that confirms (`asking`).
// The server always checks the confirmation: the modal is a convenience, never the guard.
import { createModal } from "@codegouvfr/react-dsfr/Modal";
import { useState, type ReactNode } from "react";
import { useHydrated } from "./useHydrated";

export function ConfirmSubmit({
  id,
  label,
  question,
  confirmLabel = `Confirmer : ${label.charAt(0).toLowerCase()}${label.slice(1)}`,
  asking = false,
  confirmName = "confirmed",
  confirmValue = "oui",
  secondary = false,
  icon,
  disabled,
  check,
}: {
  /** unique on the page: the modal's id is `${id}-modal` */
  id: string;
  label: string;
  /** what will happen, in a sentence or two */
  question: ReactNode;
  confirmLabel?: string;
  /** the server asked for the confirmation (the no-JavaScript path): show the question in place */
  asking?: boolean;
  confirmName?: string;
  confirmValue?: string;
  secondary?: boolean;
  icon?: string;
  disabled?: boolean;
  /** the form's own check (its schema, as if confirmed): false sends it to its error summary instead of asking */
  check?: (form: HTMLFormElement) => boolean;
}) {
  const hydrated = useHydrated();
  const [modal] = useState(() => createModal({ id: `${id}-modal`, isOpenedByDefault: false }));
  const iconClass = icon ? ` ${icon} fr-btn--icon-left` : "";
  return (
    <>
      {!asking && (
        <button
          type="submit"
          className={`fr-btn${secondary ? " fr-btn--secondary" : ""}${iconClass}`}
          disabled={disabled}
          data-testid={`${id}-button`}
          onClick={(e) => {
            if (!hydrated) return;
            const form = e.currentTarget.form;
            // fields the browser itself refuses are shown before asking
            if (form && !form.reportValidity()) return;
            e.preventDefault();
            // fields the form's schema refuses too: submitted as if confirmed, the form refuses it and shows its summary
            const confirmButton = form?.querySelector<HTMLButtonElement>(`[data-testid="${id}-confirm"]`);
            if (form && confirmButton && check && !check(form)) return form.requestSubmit(confirmButton);
            modal.open();
          }}
        >
          {label}
        </button>
      )}
      {asking && (
        <div className="fr-callout fr-mb-2w" role="alert" data-testid={`${id}-confirmation`}>
          <h3 className="fr-callout__title fr-h6">{label} : confirmez</h3>
          <div className="fr-callout__text fr-text--md">{question}</div>
          <button type="submit" name={confirmName} value={confirmValue} className="fr-btn fr-mt-2w" disabled={disabled}>
            {confirmLabel}
          </button>
        </div>
      )}
      <modal.Component
        title={`${label} ?`}
        titleAs="h2"
        buttons={[
          { children: "Revenir sans rien faire", priority: "secondary" },
          {
            children: confirmLabel,
            doClosesModal: false,
            type: "submit",
            value: confirmValue,
            nativeButtonProps: { name: confirmName, onClick: () => modal.close(), "data-testid": `${id}-confirm` },
          },
        ]}
      >
        <div data-testid={`${id}-question`}>{question}</div>
      </modal.Component>
    </>
  );
}
