// Each user's choice per kind of message (the account page): at once, in a digest, or never; security
// messages are not among them (kinds.ts).
import type { Db, Executor } from "../../../db/client";
import type { SessionUser } from "../../auth/user";
import { Refusal } from "../../lib/refusal";
import { DELIVERY_LABELS, deliveryFor, KINDS, settableKinds, type DeliveryChoice, type NotificationKind } from "./kinds";

export interface PreferenceRow {
  kind: NotificationKind;
  label: string;
  delivery: DeliveryChoice;
  choices: { value: DeliveryChoice; label: string }[];
}

/** The user's settings, one row per kind they may receive, with what applies today (their choice or the default). */
export async function listPreferences(db: Executor, user: Pick<SessionUser, "id" | "role">): Promise<PreferenceRow[]> {
  const chosen = await db.selectFrom("notification_preference").select(["kind", "delivery"]).where("user_id", "=", user.id).execute();
  return settableKinds(user.role).map((kind) => ({
    kind,
    label: KINDS[kind].label,
    delivery: deliveryFor(kind, user.role, chosen.find((c) => c.kind === kind)?.delivery),
    choices: KINDS[kind].choices.map((value) => ({ value, label: DELIVERY_LABELS[value] })),
  }));
}

export async function setPreference(db: Db, user: Pick<SessionUser, "id" | "role">, kind: NotificationKind, delivery: DeliveryChoice): Promise<void> {
  await setPreferences(db, user, { [kind]: delivery });
}

/** Saves several choices at once; a kind the user does not receive, or a choice it does not offer, is refused. */
export async function setPreferences(
  db: Db,
  user: Pick<SessionUser, "id" | "role">,
  choices: Partial<Record<NotificationKind, DeliveryChoice>>,
): Promise<void> {
  const allowed = settableKinds(user.role);
  const rows = Object.entries(choices).map(([kind, delivery]) => {
    const k = kind as NotificationKind;
    if (!allowed.includes(k) || !KINDS[k].choices.includes(delivery!)) {
      throw new Refusal("Ce choix n'est pas possible pour ce type de courriel.", { field: kind });
    }
    return { user_id: user.id, kind: k, delivery: delivery! };
  });
  if (!rows.length) return;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("notification_preference")
      .values(rows)
      .onConflict((oc) => oc.columns(["user_id", "kind"]).doUpdateSet((eb) => ({ delivery: eb.ref("excluded.delivery") })))
      .execute();
  });
}
