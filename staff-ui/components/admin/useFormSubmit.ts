import { ref, type ComputedRef } from 'vue';
import { errorText } from '../../../ui-shared/i18n/index.ts';

/**
 * What every admin form does on submit: show its field problems (only once it was tried), send
 * one request at a time, and show the server's refusal in words.
 */
export function useFormSubmit(problems: ComputedRef<Record<string, string>>) {
  const tried = ref(false);
  const busy = ref(false);
  const error = ref('');
  const bad = (k: string) => tried.value && !!problems.value[k];
  async function run(work: () => Promise<void>): Promise<void> {
    tried.value = true;
    if (busy.value || Object.keys(problems.value).length) return;
    busy.value = true;
    error.value = '';
    try {
      await work();
    } catch (err) {
      error.value = errorText(err);
    } finally {
      busy.value = false;
    }
  }
  return { busy, error, bad, run };
}
