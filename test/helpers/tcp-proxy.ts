import net from 'node:net';

/**
 * A loopback TCP relay in front of a test server: `cut()` drops every connection through it and
 * refuses new ones (a network cable pulled between an agent and the server), `heal()` lets them in again.
 */
export async function startProxy(targetPort: number): Promise<{ url: string; cut(): void; heal(): void; close(): Promise<void> }> {
  const links = new Set<net.Socket>();
  let open = true;
  const server = net.createServer((client) => {
    if (!open) return client.destroy();
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      links.add(s);
      s.on('close', () => links.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    cut() {
      open = false;
      for (const s of links) s.destroy();
    },
    heal() {
      open = true;
    },
    close: () => {
      open = false;
      for (const s of links) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
