// The action forms of a page with one form per intent (the order's and the declaration's actions): each intent's
// button, title and schema written once in the page's table, its state read from the page's action data by its
// intent (stateFor), its margin the page's; what differs from one form to the next (its confirmation, its fields,
// a secondary button) stays at the call.
import type { ComponentProps } from "react";
import { useActionData } from "@remix-run/react";
import type { z } from "zod";
import { RefForm, stateFor, type FormState } from "./ReferenceForm";

/** One intent's form: the button's label, the title heading the form, the schema checked in the browser first. */
export interface PageFormSpec {
  submit: string;
  title?: string;
  schema?: z.ZodType;
}

type Rest = Omit<ComponentProps<typeof RefForm>, "intent" | "state" | "className" | keyof PageFormSpec>;

/** The page's form component: `<PageForm intent="…">` is the RefForm of that intent, as `specs` describes it, in `className`. */
export function pageForms<I extends string>(specs: Record<I, PageFormSpec>, className: string) {
  return function PageForm({ intent, ...rest }: { intent: I } & Rest) {
    const state = stateFor(useActionData<FormState>(), intent);
    return <RefForm intent={intent} state={state} className={className} {...specs[intent]} {...rest} />;
  };
}
