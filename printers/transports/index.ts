// One entry point: a printer is configured as a URI string (hall settings,
// the CLI's --printer), parsed here and nowhere else.
import { fileURLToPath } from 'node:url';
import { FileTransport } from './file.ts';
import { MemoryTransport } from './memory.ts';
import { TcpTransport } from './tcp.ts';
import { openWithin, type TransportTimeouts } from './timeouts.ts';
import { confine, type PrinterPolicy } from './policy.ts';
import { UsblpTransport } from './usblp.ts';
import { UsbTransport } from './usb.ts';
import { PrinterUriError, type PrinterTransport } from './types.ts';

export { PrinterError, PrinterUriError, type PrinterErrorCode, type PrinterTransport } from './types.ts';
export { MemoryTransport, HEALTHY_STATUS, type StatusAnswers } from './memory.ts';
export { DEFAULT_TIMEOUTS, type TransportTimeouts } from './timeouts.ts';
export type { PrinterPolicy } from './policy.ts';

export type PrinterUri =
  | { kind: 'memory'; name: string }
  | { kind: 'file'; path: string }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'usblp'; path: string }
  | { kind: 'usb'; vendorId: number; productId: number };

export const DEFAULT_TCP_PORT = 9100;

/** Parse without opening anything; throws PrinterUriError (code BAD_PRINTER_URI). */
export function parsePrinterUri(uri: string): PrinterUri {
  const bad = (reason: string): never => { throw new PrinterUriError(uri, reason); };
  if (typeof uri !== 'string' || uri.trim() !== uri || uri === '') bad('empty or padded with spaces');
  const scheme = /^([a-z]+):/.exec(uri)?.[1];
  const rest = uri.slice((scheme?.length ?? 0) + 1);
  switch (scheme) {
    case 'memory':
      return { kind: 'memory', name: rest };
    case 'file': {
      if (rest.startsWith('//')) {
        try { return { kind: 'file', path: fileURLToPath(uri) }; } catch { return bad('not a valid file URL'); }
      }
      return rest ? { kind: 'file', path: rest } : bad('missing path, e.g. file:/tmp/receipts.bin');
    }
    case 'tcp': {
      let url: URL;
      try { url = new URL(uri); } catch { return bad('expected tcp://host:9100'); }
      if (!url.hostname) bad('missing host');
      if ((url.pathname && url.pathname !== '/') || url.search || url.hash || url.username || url.password || uri.includes('@')) {
        bad('only tcp://host[:port] is allowed');
      }
      const port = url.port ? Number(url.port) : DEFAULT_TCP_PORT;
      if (!(port >= 1 && port <= 65535)) bad('port out of range');
      // URL keeps IPv6 brackets in hostname; net.connect wants them off.
      return { kind: 'tcp', host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port };
    }
    case 'usblp':
      return rest.startsWith('/') && !rest.includes('\0') ? { kind: 'usblp', path: rest }
        : bad('expected an absolute device path, e.g. usblp:/dev/usb/lp0');
    case 'usb': {
      const m = /^([0-9a-f]{4}):([0-9a-f]{4})$/i.exec(rest);
      if (!m) return bad('expected usb:<vid>:<pid> in hex, e.g. usb:0483:5743');
      return { kind: 'usb', vendorId: parseInt(m[1] as string, 16), productId: parseInt(m[2] as string, 16) };
    }
    default:
      return bad('unknown scheme; use tcp://, usblp:, usb:, file: or memory:');
  }
}

/** Parse, then narrow to what a server may open (see policy.ts); throws PrinterUriError. */
export function parseServerPrinterUri(uri: string, policy: PrinterPolicy): PrinterUri {
  return confine(uri, parsePrinterUri(uri), policy);
}

export interface OpenOptions extends TransportTimeouts {
  /** Set by the server: the URI must pass the policy, checked again here at every open. */
  policy?: PrinterPolicy;
}

/** Opens a printer with connect, write and read timeouts, whatever its transport. */
export async function openTransport(uri: string, opts: OpenOptions = {}): Promise<PrinterTransport> {
  const p = opts.policy ? parseServerPrinterUri(uri, opts.policy) : parsePrinterUri(uri);
  const connectTimeoutMs = opts.connectTimeoutMs;
  return openWithin(uri, async () => {
    switch (p.kind) {
      case 'memory': return new MemoryTransport(uri);
      case 'file': return FileTransport.open(uri, p.path, opts.policy?.spoolDir);
      case 'tcp': return TcpTransport.open(uri, p.host, p.port, { connectTimeoutMs });
      case 'usblp': return UsblpTransport.open(uri, p.path);
      case 'usb': return UsbTransport.open(uri, p.vendorId, p.productId);
    }
  }, opts);
}
