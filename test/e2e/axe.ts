/**
 * axe-core in a real page: its source is evaluated through the DevTools protocol (so the page's
 * content-security-policy, which refuses inline scripts, does not stand in the way), then run on
 * the whole document. GB/T 37668 follows WCAG, which is what axe checks.
 */
import axe from 'axe-core';
import type { Page } from 'playwright-core';

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** The serious and critical violations on the page as it stands (WCAG 2.x A and AA rules). */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(axe.source);
  const result = await page.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' :: ' + n.failureSummary?.split('\n').slice(1, 2).join('')) }));
}

/** One line per finding, for an assertion message that says what to fix. */
export function describeFindings(where: string, findings: AxeFinding[]): string {
  return findings.map((f) => `${where}: [${f.impact}] ${f.id} (${f.help})\n    ${f.targets.join('\n    ')}`).join('\n');
}
