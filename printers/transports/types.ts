// The one seam between receipts and hardware. Everything above it (templates,
// status, the print spool) works with any printer and with the memory fake.

export interface PrinterTransport {
  /** The URI this transport was opened with, for logs and the admin page. */
  readonly uri: string;
  /** False when the link is write-only (a file): status is then unknown. */
  readonly canRead: boolean;
  /** Resolves once the bytes are handed to the OS / device. */
  write(bytes: Uint8Array): Promise<void>;
  /**
   * Up to `n` bytes. Resolves as soon as `n` bytes are available or when
   * `timeoutMs` has passed, with whatever arrived (possibly nothing): a
   * printer that does not answer is a status, not an exception.
   */
  read(n: number, timeoutMs: number): Promise<Uint8Array>;
  close(): Promise<void>;
  /** Drop the link at once, unsent bytes and all: a hung printer must not hold its caller. */
  destroy?(): void;
}

export type PrinterErrorCode =
  | 'BAD_PRINTER_URI'
  | 'PRINTER_DRIVER_MISSING'
  | 'PRINTER_NOT_FOUND'
  | 'PRINTER_CONNECT_TIMEOUT'
  | 'PRINTER_IO'
  | 'PRINTER_CLOSED'
  | 'PRINTER_TIMEOUT';

/** Hardware failures, with a string code the server maps once. */
export class PrinterError extends Error {
  readonly code: PrinterErrorCode;
  constructor(code: PrinterErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PrinterError';
    this.code = code;
  }
}

export class PrinterUriError extends Error {
  readonly code = 'BAD_PRINTER_URI';
  readonly uri: string;
  constructor(uri: string, reason: string) {
    super(`bad printer URI "${uri}": ${reason}`);
    this.name = 'PrinterUriError';
    this.uri = uri;
  }
}
