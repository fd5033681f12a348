import type { Snapshot } from '../../protocol/events.ts';
import type { Audience } from '../services/audience.ts';

interface Batch {
  socketIds: string[];
  done: Promise<void>;
  settle: (err?: unknown) => void;
}

/**
 * The snapshots of a hall's plain screens (displays, kiosks, managers: no window, ticket or
 * `callsSince` of their own) are read one at a time per hall and audience, and every screen that
 * asks in the same turn of the event loop, or while one is being read, gets the next one, sent to all of them as one broadcast, encoded
 * once. A wall of displays reconnecting after a restart, 1,000 sockets at once in the bench, read
 * and serialised the hall once per socket before (bench/README.md).
 *
 * A read starts only after every socket it answers has asked, so after each has joined its room:
 * every event with a later seq reaches each of them, as with a snapshot of its own.
 */
export class SharedSnapshots {
  private readonly next = new Map<string, Batch>();
  private readonly reading = new Set<string>();

  constructor(
    private readonly read: (hallId: string, audience: Audience) => Promise<Snapshot>,
    private readonly emitTo: (socketIds: string[], snap: Snapshot) => void,
  ) {}

  send(socketId: string, hallId: string, audience: Audience): Promise<void> {
    const key = `${hallId}\n${audience}`;
    let batch = this.next.get(key);
    if (!batch) {
      let settle!: Batch['settle'];
      const done = new Promise<void>((resolve, reject) => (settle = (err) => (err === undefined ? resolve() : reject(err))));
      batch = { socketIds: [], done, settle };
      this.next.set(key, batch);
    }
    batch.socketIds.push(socketId);
    if (!this.reading.has(key)) void this.drain(key, hallId, audience);
    return batch.done;
  }

  private async drain(key: string, hallId: string, audience: Audience): Promise<void> {
    this.reading.add(key);
    try {
      // After this turn's I/O: on SQLite a read runs to its end without yielding to the network,
      // so the screens whose messages came in with this one are gathered first.
      await new Promise((resolve) => setImmediate(resolve));
      for (let b = this.next.get(key); b; b = this.next.get(key)) {
        this.next.delete(key);
        try {
          this.emitTo(b.socketIds, await this.read(hallId, audience));
          b.settle();
        } catch (err) {
          b.settle(err ?? new Error('snapshot failed'));
        }
      }
    } finally {
      this.reading.delete(key);
    }
  }
}
