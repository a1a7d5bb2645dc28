// The database as kysely sees it. numeric columns are strings (exact), dates are 'YYYY-MM-DD' strings.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Numeric = ColumnType<string, string, string>;
type DateString = string;
type Json = ColumnType<unknown, string, string>;

export type Role = "dinum" | "correspondent" | "contractor";
export type OrderStatus = "draft" | "issued" | "closed" | "cancelled";
export type DeclarationStatus = "draft" | "submitted" | "validated" | "rejected";
export type ProductKind = "startup_etat" | "dinum_product";
export type ProductPhase = "investigation" | "construction" | "acceleration" | "transfert" | "consolidation" | "arret";
export type WorkUnitCode =
  "DEVOPS_JUNIOR" | "DEVOPS_CONFIRME" | "DEVOPS_SENIOR" | "DESIGN_JUNIOR" | "DESIGN_CONFIRME" | "BIZDEV" | "PM_JUNIOR" | "PM" | "REVERSIBILITE";

export interface WorkUnitTypeTable {
  code: WorkUnitCode;
  label: string;
  description: ColumnType<string, string | undefined, string>;
  sort_order: number;
}

export interface ContractTable {
  id: Generated<number>;
  reference: string;
  title: string;
  buyer: ColumnType<string, string | undefined, string>;
  notified_on: DateString | null;
  start_date: DateString;
  end_date: DateString;
  created_at: Timestamp;
}

export interface ContractRenewalTable {
  id: Generated<number>;
  contract_id: number;
  renewal_no: number;
  start_date: DateString;
  end_date: DateString;
  decided_on: DateString | null;
}

export interface LotTable {
  id: Generated<number>;
  contract_id: number;
  number: number;
  title: string;
}

export interface ContractorTable {
  id: Generated<number>;
  name: string;
  siret: string | null;
  address: ColumnType<string, string | undefined, string>;
  email: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
}

/** R18 (migration 2026_12_06_00): a company, lead or co-contractor of a holder, or a subcontractor */
export interface CompanyTable {
  id: Generated<number>;
  name: string;
  siret: string | null;
  address: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
}

export type HolderRole = "lead" | "co_contractor";

export interface HolderCompanyTable {
  contractor_id: number;
  company_id: number;
  role: HolderRole;
}

/** R18: a DC4 act, one row per version (the current one: the highest version of the order and company) */
export interface SubcontractorAcceptanceTable {
  id: Generated<number>;
  order_id: number;
  company_id: number;
  version: number;
  max_ht: Numeric;
  services: string;
  accepted_on: DateString;
  reason: ColumnType<string, string | undefined, string>;
  recorded_by: number;
  recorded_at: Timestamp;
}

export interface LotHolderTable {
  lot_id: number;
  contractor_id: number;
  since: DateString;
  until: DateString | null;
}

export interface PriceScheduleTable {
  id: Generated<number>;
  contractor_id: number;
  contract_id: number;
  version: number;
  status: ColumnType<"draft" | "approved", "draft" | "approved" | undefined, "draft" | "approved">;
  valid_from: DateString;
  valid_to: DateString | null;
  note: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
  approved_at: Timestamp | null;
  approved_by: number | null;
  /** who prepared the version (migration 2026_12_08_00; null before): another DINUM user approves it */
  prepared_by: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface PriceScheduleItemTable {
  price_schedule_id: number;
  work_unit_code: WorkUnitCode;
  unit_price: Numeric;
}

export interface BeneficiaryTable {
  id: Generated<number>;
  name: string;
  acronym: ColumnType<string, string | undefined, string>;
  is_dinum: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
}

export interface AppUserTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: Role;
  beneficiary_id: number | null;
  contractor_id: number | null;
  password_hash: string | null;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  deactivated_at: Timestamp | null;
}

export interface UserSessionTable {
  id: string;
  user_id: number;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  auth_method: ColumnType<"password" | "proconnect", "password" | "proconnect" | undefined, "password" | "proconnect">;
  id_token: string | null;
}

export interface SignInAttemptTable {
  id: Generated<string>;
  email: string;
  address: string;
  outcome: "failure" | "success" | "blocked";
  attempted_at: Timestamp;
}

export interface ProductTable {
  id: Generated<number>;
  beneficiary_id: number;
  name: string;
  kind: ProductKind;
  description: ColumnType<string, string | undefined, string>;
  stats_url: string | null;
  created_at: Timestamp;
  /** R19: 'registry' (beta.gouv.fr startups registry, registry_id set) or 'manual' (DINUM's own products) */
  source: ColumnType<ProductSource, ProductSource | undefined, ProductSource>;
  registry_id: ColumnType<string | null, string | null | undefined, string | null>;
  incubator: ColumnType<string | null, string | null | undefined, string | null>;
  mission: ColumnType<string, string | undefined, string>;
  link: ColumnType<string | null, string | null | undefined, string | null>;
  repository: ColumnType<string | null, string | null | undefined, string | null>;
  contact: ColumnType<string | null, string | null | undefined, string | null>;
}

export type ProductSource = "registry" | "manual";

/** DINUM's mapping of the registry's sponsors and incubators to beneficiaries (R19). */
export interface RegistryMappingTable {
  kind: "sponsor" | "incubator";
  code: string;
  beneficiary_id: number;
  updated_at: Timestamp;
}

export interface ProductPhaseTable {
  id: Generated<number>;
  product_id: number;
  phase: ProductPhase;
  started_on: DateString;
  decision: ColumnType<string, string | undefined, string>;
  recorded_by: number | null;
  recorded_at: Timestamp;
  /** a registry phase's end, when the record gives one */
  ended_on: ColumnType<DateString | null, DateString | null | undefined, DateString | null>;
}

export interface ProductRiskTable {
  id: Generated<number>;
  product_id: number;
  title: string;
  level: "faible" | "moyen" | "eleve" | "critique";
  status: "ouvert" | "maitrise" | "clos";
  identified_on: DateString;
  description: ColumnType<string, string | undefined, string>;
}

export interface OrderNumberCounterTable {
  contract_id: number;
  year: number;
  last_seq: number;
}

export interface PurchaseOrderTable {
  id: Generated<number>;
  contract_id: number;
  lot_id: number;
  beneficiary_id: number;
  product_id: number;
  contractor_id: number;
  status: ColumnType<OrderStatus, OrderStatus | undefined, OrderStatus>;
  number: string | null;
  number_year: number | null;
  number_seq: number | null;
  title: ColumnType<string, string | undefined, string>;
  period_start: DateString;
  period_end: DateString;
  vat_rate: ColumnType<string, string | undefined, string>;
  total_ht: ColumnType<string, string | undefined, string>;
  total_vat: ColumnType<string, string | undefined, string>;
  total_ttc: ColumnType<string, string | undefined, string>;
  ej_number: string | null;
  budget_programme: string | null;
  budget_centre: string | null;
  current_revision: ColumnType<number, number | undefined, number>;
  proposed_contractor_id: number | null;
  attribution_reason: string | null;
  created_by: number;
  created_at: Timestamp;
  issued_by: number | null;
  issued_at: Timestamp | null;
  issued_on: DateString | null;
  closed_at: Timestamp | null;
  closed_reason: string | null;
  cancelled_at: Timestamp | null;
  cancel_reason: string | null;
  updated_at: Timestamp;
}

export interface OrderLineTable {
  id: Generated<number>;
  order_id: number;
  line_no: number;
  work_unit_code: WorkUnitCode;
  quantity: Numeric;
  unit_price: Numeric;
  amount_ht: Numeric;
  /** R1: quantity × 20, a stored generated column (migration 1300): never written by the app */
  ordered_days: ColumnType<string, never, never>;
  /** running totals kept by database triggers (migration 0900): never written by the app */
  consumed_days: ColumnType<string, never, never>;
  consumed_ht: ColumnType<string, never, never>;
  pending_days: ColumnType<string, never, never>;
  /** R9: the submitted raises alone, sum of greatest(delta, 0) (migration 2026_12_04_2000): never written by the app */
  pending_raise_days: ColumnType<string, never, never>;
}

export interface OrderRevisionTable {
  id: Generated<number>;
  order_id: number;
  revision_no: number;
  reason: string;
  created_by: number;
  created_at: Timestamp;
  effective_on: DateString;
  total_ht: Numeric;
  total_vat: Numeric;
  total_ttc: Numeric;
  lines: Json;
}

export interface PersonTable {
  id: Generated<number>;
  contractor_id: number;
  full_name: string;
  /** R18 (migration 2026_12_06_10): the company the person works for; the holder's lead when inserted without one (trigger) */
  company_id: ColumnType<number, number | undefined, number>;
  email: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface DeclarationTable {
  id: Generated<number>;
  order_id: number;
  month: DateString;
  kind: ColumnType<"initial" | "correction", "initial" | "correction" | undefined, "initial" | "correction">;
  corrects_id: number | null;
  correction_reason: string | null;
  status: ColumnType<DeclarationStatus, DeclarationStatus | undefined, DeclarationStatus>;
  created_by: number;
  created_at: Timestamp;
  submitted_by: number | null;
  submitted_at: Timestamp | null;
  validated_by: number | null;
  validated_at: Timestamp | null;
  rejected_by: number | null;
  rejected_at: Timestamp | null;
  rejection_reason: string | null;
  updated_at: Timestamp;
}

export interface DeclarationLineTable {
  id: Generated<number>;
  declaration_id: number;
  order_id: number;
  order_line_id: number;
  days: Numeric;
  activities: ColumnType<string, string | undefined, string>;
  remaining_estimate_days: string | null;
  remaining_comment: ColumnType<string, string | undefined, string>;
  delta_days: string | null;
  consumed_amount: string | null;
}

export interface DeclarationPersonTable {
  declaration_line_id: number;
  person_id: number;
  days: Numeric;
  /** R18 (migration 2026_12_06_10): the person's company when the line was written (trigger) */
  company_id: ColumnType<number | null, number | undefined, number>;
}

export interface AuditEventTable {
  id: Generated<string>;
  occurred_at: Timestamp;
  actor_user_id: number | null;
  actor_label: string;
  entity_type: string;
  entity_id: string;
  action: string;
  before: Json | null;
  after: Json | null;
  beneficiary_id: number | null;
  contractor_id: number | null;
}

export type InvoiceStatus = "deposited" | "suspended" | "rejected" | "in_payment" | "paid";
export interface EcbRateTable {
  half_year_start: DateString;
  rate: Numeric;
  source: ColumnType<string, string | undefined, string>;
  updated_by: number | null;
  updated_at: Timestamp;
}
export interface InvoiceTable {
  id: Generated<number>;
  order_id: number;
  contractor_id: number;
  number: string;
  ej_number: string;
  received_on: DateString;
  service_fait_on: DateString;
  amount_ht: Numeric;
  amount_vat: Numeric;
  amount_ttc: Numeric;
  status: ColumnType<InvoiceStatus, InvoiceStatus | undefined, InvoiceStatus>;
  suspended_on: DateString | null;
  suspension_reason: string | null;
  resumed_on: DateString | null;
  rejection_reason: string | null;
  in_payment_on: DateString | null;
  paid_on: DateString | null;
  source: ColumnType<"form" | "chorus_import", "form" | "chorus_import" | undefined, "form" | "chorus_import">;
  created_by: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** R18 (migration 2026_12_11_00): the issuing company (the holder's lead when inserted without one: trigger) */
  company_id: ColumnType<number, number | undefined, number>;
  /** R18: a subcontractor's invoice, the last day of the holder's 15 days to approve it (received_on + 15); null otherwise */
  approval_due_on: ColumnType<DateString | null, DateString | null | undefined, DateString | null>;
  holder_decision: ColumnType<"approved" | "refused" | null, "approved" | "refused" | null | undefined, "approved" | "refused" | null>;
  holder_decided_on: ColumnType<DateString | null, DateString | null | undefined, DateString | null>;
  holder_decided_by: ColumnType<number | null, number | null | undefined, number | null>;
}
export interface InvoiceDeclarationTable {
  invoice_id: number;
  declaration_id: number;
}
/** 16 counters summed into the data version (migration 1000); written only by triggers */
export interface DataVersionTable {
  slot: number;
  n: ColumnType<string, never, never>;
}

/** per order, the sums of its order lines, kept by triggers (migration 2026_12_03_2000); never written by the app */
export interface OrderTotalsTable {
  order_id: ColumnType<number, never, never>;
  ordered_days: ColumnType<string, never, never>;
  amount_ht: ColumnType<string, never, never>;
  consumed_days: ColumnType<string, never, never>;
  consumed_ht: ColumnType<string, never, never>;
  pending_days: ColumnType<string, never, never>;
}

/** issued orders' months with no submitted or validated initial declaration (kept by triggers, migration 2026_12_20_00) */
export interface MonthToDeclareTable {
  order_id: ColumnType<number, never, never>;
  month: ColumnType<string, never, never>;
}

/** data version per scope ('b:<beneficiary id>', 'c:<contractor id>'), bumped at commit by triggers */
export interface ScopeDataVersionTable {
  scope: ColumnType<string, never, never>;
  n: ColumnType<string, never, never>;
}

/** R17: a period of execution of a contract (0 = initial, n = n-th renewal) and its maximum HT (migration 2026_12_02_2000) */
export interface ExecutionPeriodTable {
  id: Generated<number>;
  contract_id: number;
  period_no: number;
  start_date: DateString;
  end_date: DateString;
  max_ht: Numeric;
}

/** R17: a lot's maximum HT for one period of execution */
export interface LotCeilingTable {
  period_id: number;
  lot_id: number;
  max_ht: Numeric;
}

/** R17: a budget year's closing dates (migration 2026_12_02_2010) */
export interface BudgetYearTable {
  year: number;
  last_order_on: DateString;
  last_payment_on: DateString;
}

/** R17: a beneficiary's yearly AE envelope (TTC), which warns but never blocks */
export interface BeneficiaryEnvelopeTable {
  beneficiary_id: number;
  year: number;
  ae_ttc: Numeric;
}

export interface AppMetaTable {
  key: string;
  value: string;
}

export type NotificationDelivery = "immediate" | "daily" | "weekly";
export type NotificationStatus = "queued" | "sending" | "sent" | "failed" | "skipped" | "digested";

/** The e-mail outbox (migration 2026_12_03_1000): one row per event and recipient, written in the event's transaction */
export interface NotificationTable {
  id: Generated<string>;
  kind: string;
  user_id: number | null;
  email: string;
  event_key: string;
  delivery: NotificationDelivery;
  status: ColumnType<NotificationStatus, NotificationStatus | undefined, NotificationStatus>;
  subject: string;
  body_text: string;
  body_html: string;
  link: string;
  /** a one-time secret (a password reset token), encrypted; `{{secret}}` in the bodies stands for it; erased once sent */
  secret: ColumnType<string | null, string | null | undefined, string | null>;
  digest_id: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface NotificationPreferenceTable {
  user_id: number;
  kind: string;
  delivery: NotificationDelivery | "none";
}

export interface PasswordResetTable {
  id: Generated<string>;
  user_id: number;
  token_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface PasswordResetRequestTable {
  id: Generated<string>;
  email: string;
  address: string;
  requested_at: Timestamp;
}

export interface DB {
  work_unit_type: WorkUnitTypeTable;
  contract: ContractTable;
  contract_renewal: ContractRenewalTable;
  lot: LotTable;
  contractor: ContractorTable;
  company: CompanyTable;
  holder_company: HolderCompanyTable;
  subcontractor_acceptance: SubcontractorAcceptanceTable;
  lot_holder: LotHolderTable;
  price_schedule: PriceScheduleTable;
  price_schedule_item: PriceScheduleItemTable;
  beneficiary: BeneficiaryTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  sign_in_attempt: SignInAttemptTable;
  product: ProductTable;
  product_phase: ProductPhaseTable;
  product_risk: ProductRiskTable;
  registry_mapping: RegistryMappingTable;
  order_number_counter: OrderNumberCounterTable;
  purchase_order: PurchaseOrderTable;
  order_line: OrderLineTable;
  order_revision: OrderRevisionTable;
  person: PersonTable;
  declaration: DeclarationTable;
  declaration_line: DeclarationLineTable;
  declaration_person: DeclarationPersonTable;
  audit_event: AuditEventTable;
  app_meta: AppMetaTable;
  execution_period: ExecutionPeriodTable;
  lot_ceiling: LotCeilingTable;
  budget_year: BudgetYearTable;
  beneficiary_envelope: BeneficiaryEnvelopeTable;
  data_version: DataVersionTable;
  order_totals: OrderTotalsTable;
  month_to_declare: MonthToDeclareTable;
  scope_data_version: ScopeDataVersionTable;
  ecb_rate: EcbRateTable;
  invoice: InvoiceTable;
  invoice_declaration: InvoiceDeclarationTable;
  notification: NotificationTable;
  notification_preference: NotificationPreferenceTable;
  password_reset: PasswordResetTable;
  password_reset_request: PasswordResetRequestTable;
}

export type User = Selectable<AppUserTable>;
export type PurchaseOrder = Selectable<PurchaseOrderTable>;
export type NewPurchaseOrder = Insertable<PurchaseOrderTable>;
export type PurchaseOrderUpdate = Updateable<PurchaseOrderTable>;
