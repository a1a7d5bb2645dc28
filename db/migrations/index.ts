// The ordered list of migrations (frozen files, dated names). Add new ones at the end.
import type { Migration } from "kysely/migration";
import * as m0001 from "./2026_11_23_0001_contract_model";
import * as m0600 from "./2026_11_23_0600_price_schedule_immutable";
import * as m0700 from "./2026_11_23_0700_sign_in_attempt";
import * as m0701 from "./2026_11_23_0701_session_id_token";
import * as m0900 from "./2026_11_23_0900_order_line_consumption";
import * as m1000 from "./2026_11_23_1000_data_version";
import * as m1100 from "./2026_12_01_1100_data_version_users";
import * as m1200 from "./2026_12_01_1200_clock";
import * as m1300 from "./2026_12_01_1300_order_line_ordered_days";
import * as m1400 from "./2026_12_01_1400_product_registry";
import * as m021000 from "./2026_12_02_1000_invoices";
import * as m2_2000 from "./2026_12_02_2000_ceilings";
import * as m2_2010 from "./2026_12_02_2010_budget_years";
import * as m20261203_1000 from "./2026_12_03_1000_notifications";
import * as m3_2000 from "./2026_12_03_2000_order_totals_scoped_versions";
import * as m3_2010 from "./2026_12_03_2010_month_series";
import * as m4_2000 from "./2026_12_04_2000_order_line_pending_raise";
import * as m6_00 from "./2026_12_06_00_companies";
import * as m6_10 from "./2026_12_06_10_people_companies";
import * as m9_00 from "./2026_12_09_00_scoped_versions_money";
import * as m8_00 from "./2026_12_08_00_price_schedule_four_eyes";
import * as m11_00 from "./2026_12_11_00_invoice_company";
import * as m19_00 from "./2026_12_19_00_order_list_created_index";
import * as m20_00 from "./2026_12_20_00_month_to_declare";
import * as m20_10 from "./2026_12_20_10_declaration_recent_idx";

export const migrations: Record<string, Migration> = {
  "2026_11_23_0001_contract_model": m0001,
  "2026_11_23_0600_price_schedule_immutable": m0600,
  "2026_11_23_0700_sign_in_attempt": m0700,
  "2026_11_23_0701_session_id_token": m0701,
  "2026_11_23_0900_order_line_consumption": m0900,
  "2026_11_23_1000_data_version": m1000,
  "2026_12_01_1100_data_version_users": m1100,
  "2026_12_01_1200_clock": m1200,
  "2026_12_01_1300_order_line_ordered_days": m1300,
  "2026_12_01_1400_product_registry": m1400,
  "2026_12_02_1000_invoices": m021000,
  "2026_12_02_2000_ceilings": m2_2000,
  "2026_12_02_2010_budget_years": m2_2010,
  "2026_12_03_1000_notifications": m20261203_1000,
  "2026_12_03_2000_order_totals_scoped_versions": m3_2000,
  "2026_12_03_2010_month_series": m3_2010,
  "2026_12_04_2000_order_line_pending_raise": m4_2000,
  "2026_12_06_00_companies": m6_00,
  "2026_12_06_10_people_companies": m6_10,
  "2026_12_08_00_price_schedule_four_eyes": m8_00,
  "2026_12_09_00_scoped_versions_money": m9_00,
  "2026_12_11_00_invoice_company": m11_00,
  "2026_12_19_00_order_list_created_index": m19_00,
  "2026_12_20_00_month_to_declare": m20_00,
  "2026_12_20_10_declaration_recent_idx": m20_10,
};
