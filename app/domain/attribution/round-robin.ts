// The round-robin rule ("tourniquet"), pure so that it can be read and tested on its own.
//
// When a lot has several active holders on the day an order is started, the holder whose turn it is is:
//   1. the one with the FEWEST orders attributed to it on that lot so far, counting issued and closed
//      orders (drafts are not attributed yet; cancelled orders give the turn back);
//   2. on a tie, the one with the LOWEST total HT of those orders;
//   3. on a further tie, the first by contractor name (French collation).
// A lot with a single active holder proposes that holder; a lot with none proposes nobody.
import { dec } from "../../lib/decimal";

export interface HolderStanding {
  contractorId: number;
  name: string;
  /** issued + closed orders attributed to this holder on the lot */
  orders: number;
  /** their total HT, a decimal string */
  totalHt: string;
}

const collator = new Intl.Collator("fr", { sensitivity: "base" });

export function rankHolders(holders: HolderStanding[]): HolderStanding[] {
  return [...holders].sort((a, b) => a.orders - b.orders || dec(a.totalHt).comparedTo(b.totalHt) || collator.compare(a.name, b.name));
}

export function holderWhoseTurnItIs(holders: HolderStanding[]): HolderStanding | null {
  return rankHolders(holders)[0] ?? null;
}
