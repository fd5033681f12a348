/**
 * Measures a page for text that does not fit: overflowing its box, clipped by a box, or off the
 * screen. Eyes miss a clipped row at one size in one language; this walks every visible text in
 * the page and checks the boxes the browser laid out.
 *
 * Allowed by design, and nothing else:
 *  - an element that ellipsizes (`text-overflow: ellipsis`, or `-webkit-line-clamp`) when it carries a
 *    `title` with its text;
 *  - whole rows hidden outside a box marked `data-layout-rows` (a list that shows as many whole rows
 *    as fit), never a row cut in half;
 *  - text inside a box that scrolls (`overflow: auto|scroll`), which the user can scroll to.
 */
import type { Page } from 'playwright-core';

export interface LayoutOptions {
  /** The page may scroll vertically (staff pages, phone pages); screens on a wall may not. */
  scrollY?: boolean;
}

export interface LayoutProblem {
  kind: 'overflow' | 'clipped' | 'offscreen' | 'untitled-ellipsis' | 'page-scrolls';
  path: string;
  text: string;
  detail: string;
}

/** The problems found; an empty list is a page whose every visible text fits. */
export function layoutProblems(page: Page, opts: LayoutOptions = {}): Promise<LayoutProblem[]> {
  return page.evaluate(measure, opts);
}

/** Runs in the page: keep it self-contained (no imports, no closures over test code). */
function measure(opts: LayoutOptions): LayoutProblem[] {
  const SLACK = 1.5;
  const problems: LayoutProblem[] = [];
  const vw = document.documentElement.clientWidth;
  const vh = document.documentElement.clientHeight;

  const describe = (el: Element): string => {
    const parts: string[] = [];
    for (let e: Element | null = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      const test = e.getAttribute('data-test');
      const cls = typeof e.className === 'string' && e.className ? `.${e.className.trim().split(/\s+/).join('.')}` : '';
      parts.unshift(`${e.tagName.toLowerCase()}${test ? `[data-test=${test}]` : cls}`);
    }
    return parts.join(' > ');
  };
  const visible = (el: Element): boolean => {
    if (!(el as HTMLElement).checkVisibility?.({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    return el.getClientRects().length > 0;
  };
  const textRect = (el: Element): DOMRect | null => {
    let l = Infinity, t = Infinity, r = -Infinity, b = -Infinity;
    for (const n of el.childNodes) {
      if (n.nodeType !== Node.TEXT_NODE || !n.textContent?.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const q of range.getClientRects()) {
        if (q.width === 0 && q.height === 0) continue;
        l = Math.min(l, q.left); t = Math.min(t, q.top); r = Math.max(r, q.right); b = Math.max(b, q.bottom);
      }
    }
    return l === Infinity ? null : new DOMRect(l, t, r - l, b - t);
  };
  const ownText = (el: Element): string =>
    [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('').trim();
  const clips = (cs: CSSStyleDeclaration): { x: boolean; y: boolean; scrolls: boolean } => {
    const hidden = (v: string) => v === 'hidden' || v === 'clip';
    const scroll = (v: string) => v === 'auto' || v === 'scroll';
    return { x: hidden(cs.overflowX), y: hidden(cs.overflowY), scrolls: scroll(cs.overflowX) || scroll(cs.overflowY) };
  };

  const drawn = (e: Element): boolean => {
    const c = getComputedStyle(e);
    const bg = c.backgroundColor;
    const filled = c.backgroundImage !== 'none' || (bg !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(bg));
    const bordered = ['Top', 'Right', 'Bottom', 'Left'].some((side) => parseFloat(c.getPropertyValue(`border-${side.toLowerCase()}-width`)) > 0 && c.getPropertyValue(`border-${side.toLowerCase()}-style`) !== 'none');
    return filled || bordered;
  };
  /** Whether a box from `el` up to `top` scrolls: text outside it is reached by scrolling. */
  const scrollsWithin = (el: Element, top: Element): boolean => {
    for (let e: Element | null = el; e; e = e.parentElement) {
      if (clips(getComputedStyle(e)).scrolls) return true;
      if (e === top) break;
    }
    return false;
  };
  const drawnBox = (el: Element): Element | null => {
    for (let e: Element | null = el; e && e !== document.body && e !== document.documentElement; e = e.parentElement) if (drawn(e)) return e;
    return null;
  };

  if (document.documentElement.scrollWidth > vw + SLACK)
    problems.push({ kind: 'page-scrolls', path: 'html', text: '', detail: `page is ${document.documentElement.scrollWidth}px wide in a ${vw}px viewport` });
  if (!opts.scrollY && document.documentElement.scrollHeight > vh + SLACK)
    problems.push({ kind: 'page-scrolls', path: 'html', text: '', detail: `page is ${document.documentElement.scrollHeight}px tall in a ${vh}px viewport` });

  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg, script, style, noscript')) continue;
    const text = ownText(el);
    if (!text || !visible(el)) continue;
    const rect = textRect(el);
    if (!rect) continue;
    const cs = getComputedStyle(el);
    const path = describe(el);
    const snippet = text.slice(0, 40);
    const clamped = cs.getPropertyValue('-webkit-line-clamp') !== 'none' && cs.getPropertyValue('-webkit-line-clamp') !== '';
    const ellipsizes = (cs.textOverflow === 'ellipsis' && clips(cs).x) || (clamped && clips(cs).y);

    // The element's own box: text wider or taller than the box that holds it.
    const h = el as HTMLElement;
    if (cs.display !== 'inline' && h.clientWidth > 0) {
      const wide = h.scrollWidth > h.clientWidth + SLACK;
      const tall = h.scrollHeight > h.clientHeight + SLACK && cs.overflowY !== 'visible';
      if ((wide || tall) && ellipsizes) {
        if ((h.getAttribute('title') ?? '').trim() === '') problems.push({ kind: 'untitled-ellipsis', path, text: snippet, detail: 'ellipsized text without a title' });
        continue;
      }
      if (wide || tall) {
        problems.push({ kind: 'overflow', path, text: snippet, detail: `content ${h.scrollWidth}x${h.scrollHeight} in a ${h.clientWidth}x${h.clientHeight} box` });
        continue;
      }
    }

    // The nearest drawn box (a tile, a card, a badge): text never spills out of it over its neighbours.
    const card = drawnBox(el);
    if (card && !scrollsWithin(el, card)) {
      const r = card.getBoundingClientRect();
      if (rect.left < r.left - SLACK || rect.right > r.right + SLACK || rect.top < r.top - SLACK || rect.bottom > r.bottom + SLACK) {
        problems.push({ kind: 'overflow', path, text: snippet, detail: `text ${Math.round(rect.left)},${Math.round(rect.top)}–${Math.round(rect.right)},${Math.round(rect.bottom)} spills out of ${describe(card)} ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}` });
        continue;
      }
    }

    // Every box up the tree that clips: the text must lie inside it (or, in a rows list, wholly outside).
    let problem: LayoutProblem | null = null;
    let hiddenRow = false;
    let scrolled = false;
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      const acs = getComputedStyle(a);
      const c = clips(acs);
      if (c.scrolls) {
        scrolled = true;
        break;
      }
      if (!c.x && !c.y) continue;
      const box = a.getBoundingClientRect();
      const left = box.left + a.clientLeft, top = box.top + a.clientTop;
      const right = left + a.clientWidth, bottom = top + a.clientHeight;
      const outX = c.x && (rect.left < left - SLACK || rect.right > right + SLACK);
      const outY = c.y && (rect.top < top - SLACK || rect.bottom > bottom + SLACK);
      if (!outX && !outY) continue;
      const wholly = rect.right <= left || rect.left >= right || rect.bottom <= top || rect.top >= bottom;
      if (wholly && a.hasAttribute('data-layout-rows')) {
        hiddenRow = true;
        break;
      }
      problem = { kind: 'clipped', path, text: snippet, detail: `text ${Math.round(rect.left)},${Math.round(rect.top)}–${Math.round(rect.right)},${Math.round(rect.bottom)} cut by ${describe(a)} ${Math.round(left)},${Math.round(top)}–${Math.round(right)},${Math.round(bottom)}` };
      break;
    }
    // Reachable by scrolling its box (whose own place on the screen is checked with its own text).
    if (hiddenRow || scrolled) continue;
    if (problem) {
      problems.push(problem);
      continue;
    }

    // The screen: nothing beside it, and (where the page may not scroll) nothing below it.
    const offX = rect.left < -SLACK || rect.right > vw + SLACK;
    const offY = rect.top + window.scrollY < -SLACK || (!opts.scrollY && rect.bottom > vh + SLACK);
    if (offX || offY) problems.push({ kind: 'offscreen', path, text: snippet, detail: `text ${Math.round(rect.left)},${Math.round(rect.top)}–${Math.round(rect.right)},${Math.round(rect.bottom)} outside the ${vw}x${vh} viewport` });
  }
  return problems;
}

/** Throws with every problem found, named by the page state it was found in. */
export async function expectLayoutOk(page: Page, where: string, opts: LayoutOptions = {}): Promise<void> {
  const problems = await layoutProblems(page, opts);
  if (problems.length) throw new Error(`${where}: ${problems.length} layout problem(s)\n${problems.map((p) => `  ${p.kind} ${p.path} «${p.text}»: ${p.detail}`).join('\n')}`);
}
