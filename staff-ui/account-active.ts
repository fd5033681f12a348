import type { Ref } from 'vue';
import { errorText } from '../ui-shared/i18n/index.ts';
import { session, staffApi } from './session.ts';

/** What a section shows around an account's 停用/启用: its notice, its error, the account busy, the open confirmation. */
export interface ActivationState {
  notice: Ref<string>;
  error: Ref<string>;
  busy: Ref<string>;
  confirming: Ref<unknown>;
}

/**
 * 停用/启用 an account (POST /api/staff/:id/active), for 人员管理 and 区域管理 alike: deactivating
 * ends its sessions at once. The section's list is read again whatever the answer.
 */
export async function setAccountActive(
  account: { id: string; name: string },
  active: boolean,
  s: ActivationState,
  t: (key: string, values: Record<string, unknown>) => string,
  reload: () => unknown,
): Promise<void> {
  s.confirming.value = null;
  s.busy.value = account.id;
  try {
    await staffApi(`/api/staff/${encodeURIComponent(account.id)}/active`, { active });
    s.notice.value = t(active ? 'admin.staff.activated' : 'admin.staff.deactivated', { name: account.name });
    s.error.value = '';
  } catch (err) {
    s.error.value = errorText(err);
    s.notice.value = '';
  } finally {
    s.busy.value = '';
    void reload();
  }
}

/** The signed-in account itself, which may not stop itself. */
export const isSignedIn = (account: { id: string }) => account.id === session.value?.user.id;
