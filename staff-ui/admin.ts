import { session } from './session.ts';

/** Administration helpers: the admin's hall, printer addresses as a form, the links a new device needs. */

export const DEVICE_KINDS = ['kiosk', 'display', 'agent', 'keypad', 'evaluator'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];
/** Kinds that act for one window: the server refuses keypads and evaluators without one. */
export const WINDOW_KINDS: readonly string[] = ['agent', 'keypad', 'evaluator'];
export const WINDOW_REQUIRED: readonly string[] = ['keypad', 'evaluator'];
export const ROLES = ['clerk', 'manager', 'admin'] as const;
export const USERNAME_RE = /^[A-Za-z0-9_.-]{2,32}$/;
export const AGENT_PRINTER = 'agent:';
export const DEFAULT_AGENT_PRINTER = 'usblp:/dev/usb/lp0';

/**
 * POST /api/devices: the tokens are in this answer only. `token`: the device's own credential
 * (agents); `enrolToken`: one-time, for its page link.
 */
export interface DeviceCreated { id: string; token: string; enrolToken: string; kind: string; name: string; windowId: string | null }

/** A device just registered: its one-time token, and what its installer needs. */
export interface Registered { device: DeviceCreated; printer: string | null; agentPrinter: string }

export const hallUrl = (hallId: string, rest: string) => `/api/halls/${encodeURIComponent(hallId)}/${rest}`;

/** How a printer is reached, as the chooser edits it. `custom` keeps any other URI (file:, usb:vid:pid). */
export type PrinterMode = 'spool' | 'tcp' | 'usblp' | 'agent' | 'custom';
export const PRINTER_MODES: readonly PrinterMode[] = ['spool', 'tcp', 'usblp', 'agent', 'custom'];
export interface PrinterChoice {
  mode: PrinterMode;
  host: string;
  port: string;
  path: string;
  custom: string;
}

export function parsePrinter(uri: string | null | undefined): PrinterChoice {
  const c: PrinterChoice = { mode: 'spool', host: '', port: '9100', path: '/dev/usb/lp0', custom: '' };
  if (!uri) return c;
  if (uri === AGENT_PRINTER) return { ...c, mode: 'agent' };
  const tcp = /^tcp:\/\/([^:/]+)(?::(\d+))?\/?$/.exec(uri);
  if (tcp) return { ...c, mode: 'tcp', host: tcp[1], port: tcp[2] ?? '9100' };
  if (uri.startsWith('usblp:')) return { ...c, mode: 'usblp', path: uri.slice('usblp:'.length) };
  return { ...c, mode: 'custom', custom: uri };
}

/** The URI to send (null: the server's spool file), or the i18n key of what is wrong. */
export function printerUri(c: PrinterChoice): { uri: string | null } | { error: string } {
  switch (c.mode) {
    case 'spool':
      return { uri: null };
    case 'agent':
      return { uri: AGENT_PRINTER };
    case 'tcp': {
      const host = c.host.trim();
      if (!/^[A-Za-z0-9.-]+$/.test(host)) return { error: 'admin.printer.badHost' };
      const port = Number(c.port);
      if (!Number.isInteger(port) || port < 1 || port > 65535) return { error: 'admin.printer.badPort' };
      return { uri: `tcp://${host}:${port}` };
    }
    case 'usblp': {
      const path = c.path.trim();
      return path.startsWith('/') ? { uri: `usblp:${path}` } : { error: 'admin.printer.badPath' };
    }
    case 'custom': {
      const uri = c.custom.trim();
      return /^[a-z]+:\S+$/.test(uri) ? { uri } : { error: 'admin.printer.badCustom' };
    }
  }
}

/** What a new device's installer opens or runs, each with its i18n label. */
export function deviceLinks(origin: string, d: { kind: string; token: string; enrolToken: string; windowId: string | null }, printer: string | null, agentPrinter: string): Array<{ key: string; label: string; value: string }> {
  // A page's link carries the one-time enrolment token (the page trades it on first opening); the
  // agent's command line, the device's own token.
  const q = (extra = '') => `?${extra}deviceToken=${encodeURIComponent(d.enrolToken)}`;
  const win = d.windowId ? `window=${encodeURIComponent(d.windowId)}&` : '';
  const agent = { key: 'agent', label: 'admin.token.agentCommand', value: `npx hallq agent --server ${origin} --token ${d.token} --printer ${agentPrinter}` };
  switch (d.kind) {
    case 'kiosk': {
      const links = [{ key: 'kiosk', label: 'admin.token.kioskLink', value: `${origin}/kiosk-ui/${q()}` }];
      return printer === AGENT_PRINTER ? [...links, agent] : links;
    }
    case 'display':
      return [{ key: 'display', label: 'admin.token.displayLink', value: `${origin}/display-ui/${q()}` }];
    case 'evaluator':
      return [{ key: 'evaluator', label: 'admin.token.evaluatorLink', value: `${origin}/display-ui/evaluator.html${q(win)}` }];
    case 'agent':
      return [agent];
    default:
      return [];
  }
}

/** Copies text; plain http in the hall LAN has no navigator.clipboard, so fall back to a selection. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* fall through */
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

/* ---- 业务设置 / 窗口与规则: categories, windows, matters, rules ---- */

export const WINDOW_KIND_LIST = ['comprehensive', 'dedicated', 'pickup', 'assist'] as const;
export const HHMM_RE = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
export const PREFIX_RE = /^[A-Z]{1,2}$/;
export const hhmmMinutes = (s: string): number => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

/** An issuing period as the editor holds it (the quota as text: empty = no own quota). */
export interface PeriodRow { name: string; start: string; end: string; quota: string }
/** A slot as GET appointment-slots answers it. */
export interface SlotView { slotStart: string; slotEnd: string; capacity: number; booked: number }
/** Evenly generated slots (the server's SlotPlan). */
export interface SlotPlan { from: string; to: string; minutes: number; capacity: number }

/** The i18n key of what is wrong with the periods, or null: HH:MM, start before end, in order, no overlap. */
export function periodsProblem(rows: PeriodRow[]): string | null {
  let last = -1;
  for (const r of rows) {
    if (!r.name.trim()) return 'admin.cat.periodNeedName';
    if (!HHMM_RE.test(r.start) || !HHMM_RE.test(r.end)) return 'admin.cat.badTime';
    if (r.quota.trim() && !/^\d{1,5}$/.test(r.quota.trim())) return 'admin.cat.badQuota';
    const [a, b] = [hhmmMinutes(r.start), hhmmMinutes(r.end)];
    if (a >= b || a < last) return 'admin.cat.badPeriods';
    last = b;
  }
  return null;
}

/** Evenly spaced slots of the same capacity, from one start to one end: the plan that makes them; null otherwise. */
export function slotPlanOf(slots: SlotView[]): SlotPlan | null {
  if (!slots.length) return null;
  const minutes = hhmmMinutes(slots[0].slotEnd) - hhmmMinutes(slots[0].slotStart);
  const even = slots.every((s, i) => s.capacity === slots[0].capacity && hhmmMinutes(s.slotEnd) - hhmmMinutes(s.slotStart) === minutes && (i === 0 || s.slotStart === slots[i - 1].slotEnd));
  return even ? { from: slots[0].slotStart, to: slots[slots.length - 1].slotEnd, minutes, capacity: slots[0].capacity } : null;
}

/** How many slots a plan makes (the server's evenSlots). */
export function planCount(p: SlotPlan): number {
  if (!HHMM_RE.test(p.from) || !HHMM_RE.test(p.to) || !(p.minutes > 0)) return 0;
  return Math.max(0, Math.floor((hhmmMinutes(p.to) - hhmmMinutes(p.from)) / p.minutes));
}

/* ---- 区域管理: the region tree ---- */

/** 市 > 县 > 乡镇 > 村, highest first (as server/domain/regions.ts orders them). */
export const REGION_LEVELS = ['city', 'county', 'town', 'village'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];
/** Roles of a region-scoped account (it serves at no window). */
export const REGION_ROLES = ['manager', 'admin'] as const;

/** A node of GET /api/regions. */
export interface RegionNode { id: string; name: string; level: string; parentId: string | null; halls: Array<{ id: string; name: string; level: string }>; children: RegionNode[] }

/** The levels a region below this one may have (any lower level, the next one first); every level at the top. */
export function levelsBelow(parent: string | null): RegionLevel[] {
  return parent === null ? [...REGION_LEVELS] : REGION_LEVELS.slice(REGION_LEVELS.indexOf(parent as RegionLevel) + 1);
}

/** Halls are county centres, town centres or village stations (server/domain/regions.ts HALL_LEVELS). */
export const HALL_LEVELS = ['county', 'town', 'village'] as const;
export type HallLevel = (typeof HALL_LEVELS)[number];

/**
 * The hall levels a region may hold, its own centre's first (a town: its 便民服务中心, then a
 * village station; a city's centre works like a county's), as the server's hallFitsRegion allows.
 */
export function hallLevelsIn(region: string): HallLevel[] {
  const depth = (l: string) => (REGION_LEVELS as readonly string[]).indexOf(l);
  return HALL_LEVELS.filter((l) => depth(l) >= depth(region) || (l === 'county' && region === 'city'));
}

/** An account of GET /api/regions/:regionId/staff. */
export interface RegionAccount { id: string; username: string; name: string; staffNo: string; role: string; active: boolean; regionId: string }

/** The tree in display order, each node with its depth. */
export const flatRegions = (ns: RegionNode[], depth = 0): Array<RegionNode & { depth: number }> => ns.flatMap((n) => [{ ...n, depth }, ...flatRegions(n.children, depth + 1)]);

/**
 * Who manages regions: an administrator of no hall, the system's (neither hall nor region) or a
 * region's (the server lets it add below its own region).
 */
export const managesRegions = (): boolean => session.value?.user.role === 'admin' && !session.value.user.hallId;
