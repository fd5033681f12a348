import { buildApp } from './app.ts';
import { readConfig } from './config.ts';

/** Process entry: read config, build the app, listen, close gracefully on SIGTERM/SIGINT. */
export async function main(): Promise<void> {
  const config = readConfig();
  const app = await buildApp(config);
  let closing = false;
  const close = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    app.close().then(
      () => {
        clearTimeout(force);
        process.exit(0);
      },
      (err) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => close('SIGTERM'));
  process.on('SIGINT', () => close('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
}
