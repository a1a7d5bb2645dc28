// The one way a form is built (issue 14): Conform's `useForm` with the form's zod schema (the same `parseSubmission`
// as the action, so the browser says at once what the server would), `lastResult` from the action (the server is
// the truth: refusals, values typed), and the DSFR fields of ./fields.tsx reading each field's metadata.
// Without JavaScript the form posts as any HTML form and the action's answer renders the same errors and values.
import { FormProvider, getFormProps, useForm, type FormMetadata, type Submission, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ComponentProps, type ReactNode } from "react";
import type { z } from "zod";
import { CONFORM_INTENT, parseSubmission } from "../../lib/conform";

export type FormResult = SubmissionResult<string[]> | null | undefined;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Conform's form values, read by field name
type AnyValues = Record<string, any>;

/** Which values of a form are lists (of objects), and the lists inside their items: `{ line: { person: {} } }`. */
export interface ListShape {
  [name: string]: ListShape;
}

/**
 * Values echoed by the action are whatever was posted: a list field posted under another shape ("lines.0.amount",
 * or "lines" as text) would make Conform's getFieldList throw while rendering. Such a value becomes a list again
 * (its items in key order, each an object: a blank row stays a row), so a hostile post gets the form back, never a 500.
 */
export function withListsIn(value: unknown, lists: ListShape): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [name, inner] of Object.entries(lists)) {
    const v = out[name];
    if (v === undefined) continue;
    const items = Array.isArray(v) ? v : v && typeof v === "object" ? Object.values(v) : [];
    // an item Conform left empty (a row of blank fields) stays a row
    out[name] = items.map((item) => (item && typeof item === "object" && !Array.isArray(item) ? withListsIn(item, inner) : {}));
  }
  return out;
}

export function useConformForm<V extends AnyValues = AnyValues, S extends z.ZodType = z.ZodType>({
  id,
  schema,
  lastResult,
  defaultValue,
  lists,
}: {
  /** the form's lists (see withListsIn) */
  lists?: ListShape;
  /** unique on the page: every field's id starts with it */
  id: string;
  /** checked in the browser before posting (the action checks again) */
  schema?: S;
  lastResult?: FormResult;
  defaultValue?: Partial<V>;
}) {
  // the fields are read by name (./fields.tsx): the form's own type would add nothing but casts
  // one object per answer: Conform reports a lastResult each time it is a new object (a new one per render would loop)
  const listShape = JSON.stringify(lists ?? null);
  const result = useMemo(
    () =>
      lastResult && lists && lastResult.initialValue
        ? { ...lastResult, initialValue: withListsIn(lastResult.initialValue, lists) as typeof lastResult.initialValue }
        : lastResult,
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `lists` by value (callers write it inline)
    [lastResult, listShape],
  );
  return useForm<V, V>({
    id,
    lastResult: result ?? undefined,
    defaultValue: defaultValue as never,
    onValidate: schema ? ({ formData }) => parseSubmission(formData, schema) as Submission<V, string[], V> : undefined,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
}

/**
 * Moves on each refused attempt (the browser's check or the action's answer): the error summary takes the focus then,
 * once per attempt (`claimFocus` remembers the last one): while the user corrects the fields (Conform
 * revalidates on input), the summary may disappear and come back, and must not take the focus from the field typed in.
 */
export interface RefusedAttemptState {
  attempt: number;
  /** true the first time it is asked for this attempt (the summary then takes the focus), false after */
  claimFocus: (attempt: number) => boolean;
}
const RefusedAttempt = createContext<RefusedAttemptState>({ attempt: 0, claimFocus: () => true });
export const useRefusedAttempt = () => useContext(RefusedAttempt);

/** A Remix `<Form>` wired to a Conform form: its id, its submit handler (validation), and its fields' context. */
export function ConformForm({
  form,
  lastResult,
  children,
  ...props
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any form's metadata
}: { form: FormMetadata<any>; lastResult?: FormResult; children: ReactNode } & Omit<ComponentProps<typeof Form>, "id" | "onSubmit" | "noValidate">) {
  const [attempt, setAttempt] = useState(0);
  const focused = useRef(-1); // a summary already there when the page loads (a document answer) takes the focus too
  const refused = useMemo<RefusedAttemptState>(
    () => ({
      attempt,
      claimFocus: (a) => {
        if (focused.current === a) return false;
        focused.current = a;
        return true;
      },
    }),
    [attempt],
  );
  // a new answer of the action (React's "state from props" pattern: set while rendering, no effect)
  const [answered, setAnswered] = useState(lastResult);
  if (answered !== lastResult) {
    setAnswered(lastResult);
    // the server's answer to a field revalidated as it is typed in is no new attempt either
    if (lastResult?.status === "error" && lastResult.intent?.type !== "validate") setAttempt((a) => a + 1);
  }
  const formProps = getFormProps(form);
  return (
    <FormProvider context={form.context}>
      <RefusedAttempt.Provider value={refused}>
        <Form
          method="post"
          {...props}
          {...formProps}
          onSubmit={(e) => {
            formProps.onSubmit(e);
            // Conform stops a submission the schema refuses: the summary appears (or is focused again). Conform's own
            // intents (revalidating a field as it is typed in, a list's insert) submit too: they are no attempt, or
            // typing in a field after a refusal would send the focus back to the summary at each keystroke
            const submitter = (e.nativeEvent as SubmitEvent).submitter;
            if (e.defaultPrevented && submitter?.getAttribute("name") !== CONFORM_INTENT) setAttempt((a) => a + 1);
          }}
        >
          {children}
        </Form>
      </RefusedAttempt.Provider>
    </FormProvider>
  );
}

/**
 * A list's "Ajouter…" button (Conform's insert): `added(message)` in its onClick announces the row (aria-live,
 * `announce`) and, once the list has grown, focuses the field `idOfNew(length)` names in the new row.
 */
export function useInsertedRow(length: number, idOfNew: (length: number) => string) {
  const [announce, setAnnounce] = useState("");
  const inserted = useRef(false);
  const target = idOfNew(length);
  useEffect(() => {
    if (!inserted.current) return;
    inserted.current = false;
    document.getElementById(target)?.focus();
  }, [length, target]);
  return {
    announce,
    /** an insert was asked: focus the new row once it renders */
    added: (message: string) => {
      inserted.current = true;
      setAnnounce(message);
    },
    /** a row removed: say so */
    removed: setAnnounce,
  };
}
