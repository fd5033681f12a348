import { windowsNeeded } from './erlang-c.ts';

/**
 * Staffing advice (窗口配置建议): how many windows a category needs each hour to keep its mean
 * wait under the hall's target, by Erlang C. The hours already past count today's arrivals; the
 * hours to come follow the usual pattern of this weekday, scaled by how today compares with it so
 * far (a busier morning than usual suggests a busier afternoon).
 */
export interface HourAdvice {
  hour: number;
  arrivals: number;
  /** False for hours already past (arrivals counted), true for the forecast ones. */
  forecast: boolean;
  windows: number;
}

export function forecastArrivals(today: readonly number[], usual: readonly number[], currentHour: number): Array<{ arrivals: number; forecast: boolean }> {
  const soFar = today.slice(0, currentHour).reduce((a, b) => a + b, 0);
  const usualSoFar = usual.slice(0, currentHour).reduce((a, b) => a + b, 0);
  // Few arrivals say little: the ratio is trusted only between half and double the usual.
  const ratio = usualSoFar >= 10 ? Math.min(2, Math.max(0.5, soFar / usualSoFar)) : 1;
  return Array.from({ length: 24 }, (_, h) =>
    h < currentHour ? { arrivals: today[h] ?? 0, forecast: false } : { arrivals: Math.max(today[h] ?? 0, (usual[h] ?? 0) * ratio), forecast: true },
  );
}

export function hourlyWindowsNeeded(
  arrivals: ReadonlyArray<{ arrivals: number; forecast: boolean }>,
  serviceMinutes: number,
  targetMinutes: number,
): HourAdvice[] {
  return arrivals.map((a, hour) => ({
    hour,
    arrivals: Math.round(a.arrivals * 10) / 10,
    forecast: a.forecast,
    windows: windowsNeeded(a.arrivals / 60, 1 / Math.max(0.5, serviceMinutes), targetMinutes),
  }));
}
