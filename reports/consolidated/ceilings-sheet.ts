// R17: the "Plafonds" sheet of the consolidated workbook (and its CSV, `--table plafonds`): per period of
// execution, the contract's maximum and each capped lot's, ordered, left, rate and forecast date. Contract-
// wide figures: only for those who may read the ceilings (DINUM); anyone else gets the sheet without rows.
import type { Executor } from "../../db/client";
import { can } from "../../app/auth/grants";
import type { SessionUser } from "../../app/auth/user";
import { ceilingStatuses, type CeilingStatus } from "../../app/domain/ceilings/queries.server";
import { dec } from "../../app/lib/decimal";
import { defineTable } from "../spec/columns";
import type { ResolvedFilters } from "./filters";

export interface CeilingRow {
  contract: string;
  lot: string;
  period: string;
  periodStart: string;
  periodEnd: string;
  maxHt: string;
  orderedHt: string;
  leftHt: string;
  rate: string;
  forecastDate: string | null;
  flag: string;
}

export const ceilingsTable = defineTable<CeilingRow>({
  id: "plafonds",
  sheet: "Plafonds",
  columns: [
    { key: "contract", label: "Accord-cadre", format: "text", width: 13 },
    { key: "lot", label: "Lot", format: "text", width: 30 },
    { key: "period", label: "Période", format: "text", width: 20 },
    { key: "periodStart", label: "Début de période", format: "date", width: 11 },
    { key: "periodEnd", label: "Fin de période", format: "date", width: 11 },
    { key: "maxHt", label: "Montant maximum HT", format: "euros", width: 18 },
    { key: "orderedHt", label: "Commandé HT", format: "euros", width: 18 },
    { key: "leftHt", label: "Reste HT", format: "euros", width: 18 },
    { key: "rate", label: "Taux (commandé ÷ maximum)", format: "percent", width: 14 },
    { key: "forecastDate", label: "Date prévue d'atteinte", format: "date", width: 14 },
    { key: "flag", label: "Alerte", format: "text", width: 34 },
  ],
});

/** One status as a row of the sheet (pure). */
export function toCeilingRow(s: CeilingStatus): CeilingRow {
  return {
    contract: s.contractReference,
    lot: s.lotNumber === null ? "Accord-cadre (tous lots)" : `Lot ${s.lotNumber} : ${s.lotTitle ?? ""}`,
    period: s.periodLabel,
    periodStart: s.startDate,
    periodEnd: s.endDate,
    maxHt: dec(s.maxHt).toFixed(2),
    orderedHt: dec(s.orderedHt).toFixed(2),
    leftHt: s.leftHt,
    rate: s.rate,
    forecastDate: s.forecastDate,
    flag:
      s.level === "100"
        ? "Maximum atteint"
        : s.level === "80"
          ? "Plus de 80 % du maximum"
          : s.current && s.beforeEnd
            ? "Atteint avant la fin de la période"
            : "",
  };
}

export async function* ceilingRows(db: Executor, user: SessionUser, f: ResolvedFilters, today: string): AsyncIterable<CeilingRow> {
  if (!can(user, "ceiling:read")) return;
  for (const s of await ceilingStatuses(db, today)) if (!f.contract || s.contractReference === f.contract) yield toCeilingRow(s);
}
