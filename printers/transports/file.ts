// file:<path> — append raw ESC/POS to a file: a spool for debugging, or a
// device path where nothing can be read back (e.g. a Windows share mapped to a
// file). Status is therefore unknown; a completed append is all the
// confirmation a file can give.
import { constants } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { PrinterError, PrinterUriError, type PrinterTransport } from './types.ts';
import { isInside } from './policy.ts';

export class FileTransport implements PrinterTransport {
  readonly canRead = false;
  readonly uri: string;
  private readonly fh: FileHandle;
  private closed = false;

  private constructor(uri: string, fh: FileHandle) {
    this.uri = uri;
    this.fh = fh;
  }

  /**
   * With `root` (the server's spool folder) the file must really lie inside it: the folder is
   * resolved through symlinks and the file itself may not be one, so a link planted in the
   * spool cannot send receipt bytes elsewhere.
   */
  static async open(uri: string, file: string, root?: string): Promise<FileTransport> {
    let flags = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT;
    if (root !== undefined) {
      const [realRoot, realDir] = await Promise.all([realpath(root), realpath(path.dirname(file))]).catch((cause) => {
        throw new PrinterError('PRINTER_IO', `cannot open ${file}: ${(cause as Error).message}`, { cause });
      });
      if (!isInside(realRoot, path.join(realDir, path.basename(file)))) throw new PrinterUriError(uri, 'file: printers must lie inside the spool folder');
      flags |= constants.O_NOFOLLOW | constants.O_NONBLOCK;
    }
    try {
      return new FileTransport(uri, await open(file, flags, 0o644));
    } catch (cause) {
      if (root !== undefined && (cause as NodeJS.ErrnoException).code === 'ELOOP') throw new PrinterUriError(uri, 'a file: printer may not be a symbolic link');
      throw new PrinterError('PRINTER_IO', `cannot open ${file} for appending`, { cause });
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
