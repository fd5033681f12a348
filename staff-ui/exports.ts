import { session } from './session.ts';

/**
 * Downloads a report route as Excel or CSV (the route's `?format=`): fetched with the manager's
 * token (a plain link would carry none), saved under the name the server gives (hall and period).
 */
export async function downloadReport(url: string, format: 'xlsx' | 'csv'): Promise<void> {
  const res = await fetch(`${url}${url.includes('?') ? '&' : '?'}format=${format}`, { headers: { authorization: `Bearer ${session.value?.token ?? ''}` } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const star = /filename\*=UTF-8''([^;]+)/.exec(res.headers.get('content-disposition') ?? '');
  const name = star ? decodeURIComponent(star[1]) : `report.${format}`;
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
