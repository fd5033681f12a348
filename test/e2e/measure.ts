/**
 * 适老化 sizes measured in the page as drawn: computed font sizes and line heights of every text,
 * bounding boxes of every control, contrast from the computed colours (the background found up
 * the tree, every stop of a gradient, opacity included), and nothing pushed off the screen.
 */
import type { Page } from 'playwright-core';

export interface ElderLimits {
  /** Smallest text, px (24 on a phone, 32 on the kiosk). */
  minText: number;
  /** The screen's largest text at least this, px (30 pt = 40 px). */
  largest: number;
  /** Smallest control, px each way (60 on a phone, 80 on the kiosk). */
  minTarget: number;
  minLineHeight?: number;
  minContrast?: number;
}

export interface ElderMeasure {
  problems: string[];
  texts: number;
  targets: number;
  largest: number;
}

export function measureElder(page: Page, limits: ElderLimits): Promise<ElderMeasure> {
  return page.evaluate(({ minText, largest: wantLargest, minTarget, minLineHeight, minContrast }) => {
    type Rgba = [number, number, number, number];
    const problems: string[] = [];
    const parse = (c: string): Rgba[] =>
      [...c.matchAll(/rgba?\(([^)]+)\)/g)].map((m) => {
        const p = m[1]!.split(/[ ,/]+/).filter(Boolean).map(Number);
        return [p[0]!, p[1]!, p[2]!, p.length > 3 ? p[3]! : 1];
      });
    const lum = ([r, g, b]: Rgba) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const over = (top: Rgba, under: Rgba): Rgba => [0, 1, 2].map((i) => top[i]! * top[3] + under[i]! * (1 - top[3])).concat(1) as Rgba;
    const ratio = (a: Rgba, b: Rgba) => {
      const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
      return (x! + 0.05) / (y! + 0.05);
    };
    const name = (el: Element) => {
      const dt = el.getAttribute('data-test');
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      return `${el.tagName.toLowerCase()}${dt ? `[data-test=${dt}]` : ''}${cls} "${(el.textContent ?? '').trim().slice(0, 24)}"`;
    };
    const shown = (el: Element) => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return false;
      const cs = getComputedStyle(el);
      return cs.visibility !== 'hidden' && cs.display !== 'none' && !el.closest('[aria-hidden=true]');
    };
    /** The colours behind an element: the first painted background up the tree (every gradient stop), over white. */
    const backgrounds = (el: Element): Rgba[] => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const cs = getComputedStyle(e);
        const stops = cs.backgroundImage !== 'none' ? parse(cs.backgroundImage) : [];
        const colour = parse(cs.backgroundColor)[0];
        if (stops.length) return stops.map((s) => over(s, colour && colour[3] > 0 ? over(colour, [255, 255, 255, 1]) : [255, 255, 255, 1]));
        if (colour && colour[3] > 0) return [over(colour, [255, 255, 255, 1])];
      }
      return [[255, 255, 255, 1]];
    };
    const opacity = (el: Element) => {
      let o = 1;
      for (let e: Element | null = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
      return o;
    };
    const scrollsSideways = (el: Element) => {
      for (let e = el.parentElement; e; e = e.parentElement) if (/(auto|scroll)/.test(getComputedStyle(e).overflowX)) return true;
      return false;
    };

    let texts = 0;
    let largest = 0;
    for (const el of document.querySelectorAll('body *')) {
      if (!shown(el) || ['SCRIPT', 'STYLE', 'svg', 'CANVAS', 'IMG'].includes(el.tagName)) continue;
      if (![...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim())) continue;
      texts++;
      const cs = getComputedStyle(el);
      const fs = parseFloat(cs.fontSize);
      largest = Math.max(largest, fs);
      if (fs < minText - 0.01) problems.push(`text ${fs}px < ${minText}px: ${name(el)}`);
      const lh = cs.lineHeight === 'normal' ? NaN : parseFloat(cs.lineHeight);
      if (!(lh / fs >= minLineHeight - 0.001)) problems.push(`line height ${cs.lineHeight} for ${fs}px (< ${minLineHeight}): ${name(el)}`);
      // A disabled control is exempt from contrast (WCAG 1.4.3); it is still measured for size.
      if (!el.closest(':disabled')) {
        const fg = parse(cs.color)[0]!;
        const a = opacity(el);
        for (const bg of backgrounds(el)) {
          const c = ratio(over([fg[0], fg[1], fg[2], fg[3] * a], bg), bg);
          if (c < minContrast - 0.005) {
            problems.push(`contrast ${c.toFixed(2)} < ${minContrast}: ${name(el)} (${cs.color} on rgb(${bg.slice(0, 3).join(',')}))`);
            break;
          }
        }
      }
      const r = el.getBoundingClientRect();
      if ((r.right > innerWidth + 1 || r.left < -1) && !scrollsSideways(el)) problems.push(`off screen (${Math.round(r.left)}..${Math.round(r.right)} of ${innerWidth}): ${name(el)}`);
    }
    let targets = 0;
    for (const el of document.querySelectorAll("button, a[href], input:not([type=hidden]), select, textarea, [role=button], [role=radio], [role=tab], [role=checkbox]")) {
      if (!shown(el)) continue;
      targets++;
      const r = el.getBoundingClientRect();
      if (r.width < minTarget - 0.5 || r.height < minTarget - 0.5) problems.push(`target ${Math.round(r.width)}x${Math.round(r.height)} < ${minTarget}: ${name(el)}`);
      // Its words inside it: a squeezed button lets its text spill over its neighbours.
      if (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1) problems.push(`text spills out of its control: ${name(el)}`);
      for (const inner of el.querySelectorAll('*')) {
        if (!shown(inner) || ![...inner.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim())) continue;
        const q = inner.getBoundingClientRect();
        if (q.top < r.top - 1 || q.bottom > r.bottom + 1 || q.left < r.left - 1 || q.right > r.right + 1) {
          problems.push(`text spills out of its control: ${name(inner)} in ${name(el)}`);
          break;
        }
      }
    }
    if (document.documentElement.scrollWidth > innerWidth + 1) problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${innerWidth}`);
    if (largest < wantLargest) problems.push(`largest text ${largest}px < ${wantLargest}px`);
    return { problems, texts, targets, largest };
  }, { minLineHeight: 1.3, minContrast: 4.5, ...limits });
}
