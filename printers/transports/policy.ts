// Which printers a server may open. The command line (`hallq print-test`, the
// agent's --printer) is run by the machine's owner and may name any device or
// file; a URI that an admin stored over HTTP is narrower, because the server
// writes to it as its own user: files only inside its spool folder, usblp only
// the kernel's printer devices, TCP only a host and a port.
import path from 'node:path';
import { PrinterUriError } from './types.ts';
import type { PrinterUri } from './index.ts';

export interface PrinterPolicy {
  /** The data folder's spool directory: the only place `file:` printers may write. */
  spoolDir: string;
}

const USBLP_DEVICE = /^\/dev\/usb\/lp[0-9]{1,3}$/;

/** True when `target` is strictly below `root` (both absolute). */
export function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Narrows a parsed URI to what a server may open; throws PrinterUriError (BAD_PRINTER_URI).
 * A relative `file:` path is taken inside the spool folder, so `file:kiosk-2.bin` works.
 */
export function confine(uri: string, p: PrinterUri, policy: PrinterPolicy): PrinterUri {
  const bad = (reason: string): never => { throw new PrinterUriError(uri, reason); };
  switch (p.kind) {
    case 'file': {
      const root = path.resolve(policy.spoolDir);
      const file = path.resolve(root, p.path);
      if (!isInside(root, file)) bad(`file: printers must lie inside the spool folder ${root}`);
      return { kind: 'file', path: file };
    }
    case 'usblp':
      return USBLP_DEVICE.test(p.path) ? p : bad('usblp: printers must be a /dev/usb/lpN device');
    case 'memory':
      return bad('memory: is a test printer, not one a hall can use');
    case 'tcp':
    case 'usb':
      return p;
  }
}
