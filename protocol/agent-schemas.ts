import { Type } from 'typebox';
import { Text } from './text.ts';

/** The printer states an agent reports (printers/status.ts printerState, plus `unreachable`). */
export const PRINTER_STATES = ['ok', 'paper_near_end', 'paper_out', 'cover_open', 'offline', 'error', 'unknown', 'unreachable'] as const;
export const PrinterStateSchema = Type.Union(PRINTER_STATES.map((s) => Type.Literal(s)));

/** One job's result, over HTTP (`POST /api/agent/jobs/:id/result`) and over the agent's socket alike. */
export const JobReportBody = Type.Object(
  {
    ok: Type.Boolean(),
    written: Type.Optional(Type.Boolean({ description: 'false: nothing reached the printer (not ready), so the next copy needs no 补打 mark' })),
    error: Type.Optional(Text({ maxLength: 500 })),
    printerState: Type.Optional(PrinterStateSchema),
  },
  { additionalProperties: false },
);

/** `agent:job-result` on the socket: the report with the job it answers. */
export const SocketJobResult = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64 }),
    attempt: Type.Integer({ minimum: 0 }),
    ...JobReportBody.properties,
  },
  { additionalProperties: false },
);
