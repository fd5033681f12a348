// file:<path> — append raw ESC/POS to a file: a spool for debugging, or a
// device path where nothing can be read back (e.g. a Windows share mapped to a
// file). Status is therefore unknown.
import { open, type FileHandle } from 'node:fs/promises';
import { PrinterError, type PrinterTransport } from './types.ts';

export class FileTransport implements PrinterTransport {
  readonly canRead = false;
  readonly uri: string;
  private readonly fh: FileHandle;
  private closed = false;

  private constructor(uri: string, fh: FileHandle) {
    this.uri = uri;
    this.fh = fh;
  }

  static async open(uri: string, path: string): Promise<FileTransport> {
    try {
      return new FileTransport(uri, await open(path, 'a'));
    } catch (cause) {
      throw new PrinterError('PRINTER_IO', `cannot open ${path} for appending`, { cause });
    }
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (this.closed) throw new PrinterError('PRINTER_CLOSED', `${this.uri} is closed`);
    let off = 0;
    while (off < bytes.length) {
      const { bytesWritten } = await this.fh.write(bytes, off, bytes.length - off, null);
      off += bytesWritten;
    }
  }

  async read(): Promise<Uint8Array> {
    return new Uint8Array(0);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.fh.close();
  }
}
