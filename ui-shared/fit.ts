import type { Directive } from 'vue';

/** The smallest font size (px) a fitted text may shrink to; the largest is the one its CSS gives. */
export interface FitOptions {
  min?: number;
}

interface Fitted extends HTMLElement {
  _fit?: { opts: FitOptions; ro: ResizeObserver };
}

function contentBox(el: HTMLElement): { w: number; h: number } {
  const cs = getComputedStyle(el);
  return {
    w: el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight),
    h: el.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom),
  };
}

/**
 * Shrinks the element's font size from its CSS size to the largest that keeps its text inside its
 * parent's box (`alone`: the text is the parent's only content, so its height counts too). Screens
 * show text of any length (a pause reason, a hall's long name) at sizes from 1920x1080 to 1920x360 bar
 * screens: a fixed size either wraps off the screen or wastes the box. The parent's size must not
 * depend on this text (a grid or flex cell), so shrinking the text never shrinks the box.
 */
function fit(el: HTMLElement, opts: FitOptions = {}): void {
  const parent = el.parentElement;
  if (!parent) return;
  el.style.fontSize = '';
  const box = contentBox(parent);
  const alone = parent.children.length === 1;
  if (box.w <= 0 || box.h <= 0) return;
  const fits = (px: number): boolean => {
    el.style.fontSize = `${px}px`;
    return el.scrollWidth <= Math.ceil(box.w) && el.offsetWidth <= Math.ceil(box.w) && (!alone || el.offsetHeight <= Math.ceil(box.h));
  };
  let lo = opts.min ?? 10;
  let hi = parseFloat(getComputedStyle(el).fontSize);
  if (fits(hi)) {
    el.style.fontSize = '';
    return;
  }
  for (let i = 0; i < 12 && hi - lo > 0.5; i++) {
    const mid = (lo + hi) / 2;
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  el.style.fontSize = `${Math.floor(lo)}px`;
}

export const vFit: Directive<Fitted, FitOptions | undefined> = {
  mounted(el, { value }) {
    const ro = new ResizeObserver(() => fit(el, el._fit!.opts));
    el._fit = { opts: value ?? {}, ro };
    if (el.parentElement) ro.observe(el.parentElement);
    fit(el, value);
    void document.fonts?.ready.then(() => fit(el, value));
  },
  updated(el, { value }) {
    if (el._fit) el._fit.opts = value ?? {};
    fit(el, value);
  },
  beforeUnmount(el) {
    el._fit?.ro.disconnect();
  },
};
