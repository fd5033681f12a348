import type { Kysely, Transaction } from 'kysely';
import type { CategoryTable, DepartmentTable, HallTable, MatterTable, WindowCategoryTable, WindowTable } from './hall.ts';
import type { AuditLogTable, DeviceCredentialTable, DeviceTable, SessionTable, StaffTable } from './staff.ts';
import type { NumberCounterTable, TicketEventTable, TicketTable, WindowEventTable } from './ticket.ts';
import type { IdempotencyKeyTable, KeyFingerprintTable } from './system.ts';
import type { PrintJobTable, PrinterStateTable } from './printing.ts';
import type { BundleTable, CasePartTable, CaseTable } from './case.ts';
import type { RatingTable } from './rating.ts';
import type { AppointmentTable } from './appointment.ts';
import type { ProxyCaseTable, ProxyStepTable, RegionTable } from './region.ts';
import type { HallAlertTable } from './alert.ts';
import type { CallbackTable, ComplaintTable, InspectionTable, TicketPhoneTable } from './review.ts';
import type { AgentPresenceTable } from './agent.ts';
import type { WebhookAttemptTable, WebhookOutboxTable, WebhookTable } from './webhook.ts';

export interface DB {
  halls: HallTable;
  departments: DepartmentTable;
  categories: CategoryTable;
  matters: MatterTable;
  windows: WindowTable;
  window_categories: WindowCategoryTable;
  staff: StaffTable;
  sessions: SessionTable;
  devices: DeviceTable;
  device_credentials: DeviceCredentialTable;
  audit_log: AuditLogTable;
  tickets: TicketTable;
  ticket_events: TicketEventTable;
  number_counters: NumberCounterTable;
  window_events: WindowEventTable;
  idempotency_keys: IdempotencyKeyTable;
  print_jobs: PrintJobTable;
  printer_states: PrinterStateTable;
  cases: CaseTable;
  ratings: RatingTable;
  appointments: AppointmentTable;
  regions: RegionTable;
  proxy_cases: ProxyCaseTable;
  proxy_steps: ProxyStepTable;
  hall_alerts: HallAlertTable;
  key_fingerprints: KeyFingerprintTable;
  complaints: ComplaintTable;
  inspections: InspectionTable;
  ticket_phones: TicketPhoneTable;
  callbacks: CallbackTable;
  bundles: BundleTable;
  case_parts: CasePartTable;
  agent_presence: AgentPresenceTable;
  webhooks: WebhookTable;
  webhook_outbox: WebhookOutboxTable;
  webhook_attempts: WebhookAttemptTable;
}

export type Database = Kysely<DB>;
/** Reads may run inside or outside a transaction. */
export type Queryable = Kysely<DB>;
/** Services that must be atomic take this type, so they cannot be called outside a transaction. */
export type Trx = Transaction<DB>;
