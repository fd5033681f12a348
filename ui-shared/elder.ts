import { ref, watch } from 'vue';
import './elder.css';

/**
 * 长者模式 (MIIT 适老化): one switch for the whole page. It sets `html.elder`, and elder.css turns
 * that into large type, large targets and darker greys, so components keep their own styles and
 * the mode is tokens and a few class rules, not a second set of pages.
 */
export const elderMode = ref(false);
watch(elderMode, (on) => document.documentElement.classList.toggle('elder', on), { immediate: true });

const STORE = 'hallq.elder';

/**
 * The page's elder mode. A phone is one person's, so it remembers the choice (`remember`); a kiosk
 * is shared and never does (KioskApp turns it off when it returns home for the next citizen).
 */
export function useElderMode(opts: { remember: boolean }) {
  if (opts.remember) {
    elderMode.value = localStorage.getItem(STORE) === '1';
    watch(elderMode, (on) => localStorage.setItem(STORE, on ? '1' : '0'));
  }
  return elderMode;
}
