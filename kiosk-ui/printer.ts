import { computed, ref, type Ref } from 'vue';
import type { PrinterMessage, Snapshot } from '../protocol/events.ts';
import { api, ApiError, deviceToken } from '../ui-shared/api.ts';
import { cannotPrint } from '../ui-shared/printer.ts';
import type { DeviceSelf } from '../protocol/services.ts';


/**
 * This kiosk and the state of its printer: who it is from /api/devices/me (only with a device
 * token), then kept current by the hall's `printer` events and snapshots. A kiosk without a token
 * (a phone, a demo) has no printer and shows no banner.
 */
export function useKioskPrinter() {
  const me: Ref<DeviceSelf | null> = ref(null);
  const state = ref<string | null>(null);

  async function load(): Promise<void> {
    if (!deviceToken()) return;
    try {
      me.value = await api<DeviceSelf>('/api/devices/me');
      state.value = me.value.printer?.state ?? null;
    } catch (err) {
      // A revoked or mistyped token: this screen is then just a number dispenser.
      if (err instanceof ApiError && err.status === 401) return;
      setTimeout(() => void load(), 5000);
    }
  }
  void load();

  const mine = (m: { printerUri: string; deviceId: string | null }) =>
    !!me.value && (m.deviceId === me.value.id || (!!me.value.printer && m.printerUri === me.value.printer.uri));

  return {
    me,
    state,
    /** The ticket can be reprinted here (a registered kiosk). */
    canReprint: computed(() => me.value?.kind === 'kiosk'),
    /** Nothing prints right now: the number is only on the screen. */
    failing: computed(() => cannotPrint(state.value)),
    onPrinter(m: PrinterMessage): void {
      if (mine(m)) state.value = m.state;
    },
    onSnapshot(s: Snapshot): void {
      const p = (s.printers ?? []).find(mine);
      if (p) state.value = p.state;
    },
  };
}
