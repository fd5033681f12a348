// Bytes that arrive on their own (socket 'data', USB bulk-in) wait here until
// someone reads them; read(n, timeout) never throws on silence.

export class ByteInbox {
  private buf: number[] = [];
  private waiters = new Set<() => void>();
  private ended = false;

  push(bytes: ArrayLike<number>): void {
    for (let i = 0; i < bytes.length; i++) this.buf.push(bytes[i] as number);
    this.wake();
  }

  get size(): number {
    return this.buf.length;
  }

  /** No more data will come (link closed): pending reads return at once. */
  end(): void {
    this.ended = true;
    this.wake();
  }

  take(n: number): Uint8Array {
    return Uint8Array.from(this.buf.splice(0, Math.max(0, n)));
  }

  read(n: number, timeoutMs: number): Promise<Uint8Array> {
    if (this.buf.length >= n || this.ended || timeoutMs <= 0) return Promise.resolve(this.take(n));
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(this.take(n));
      };
      const check = (): void => {
        if (this.buf.length >= n || this.ended) done();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(check);
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}
