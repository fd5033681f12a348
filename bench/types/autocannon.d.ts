// autocannon ships no types; the bench reads these few fields of its result.
declare module 'autocannon' {
  interface Result {
    requests: { total: number; average: number };
    latency: { p99: number; average: number };
    non2xx: number;
    errors: number;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
  }
  export default function autocannon(opts: Options): Promise<Result>;
}
