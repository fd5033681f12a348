import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AgentInput, InputAck } from '../protocol/agent.ts';

type Pending = AgentInput;
/** A press before it has its id (each kind of input keeps its own fields). */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type Unsent = WithoutId<AgentInput>;

/**
 * Presses and scans on their way to the server, oldest first, each with the id it keeps on every
 * delivery: after a reconnect, or after the agent was killed and restarted (with a state file),
 * it is sent again and the server acts on it once. An answer, yes or no, takes it off the list;
 * no answer (the socket dropped) leaves it for the next connection.
 */
export class Outbox {
  private pending: Pending[] = [];
  private sending = false;

  constructor(
    private readonly send: (input: AgentInput) => Promise<InputAck | null>,
    private readonly onAnswer: (input: AgentInput, ack: InputAck) => void,
    private readonly stateFile?: string,
  ) {
    if (stateFile && fs.existsSync(stateFile)) {
      try {
        this.pending = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as Pending[];
      } catch {
        this.pending = [];
      }
    }
  }

  add(input: Unsent): void {
    this.pending.push({ ...input, id: crypto.randomUUID() } as Pending);
    this.save();
    void this.flush();
  }

  size(): number {
    return this.pending.length;
  }

  /** Sends what waits, one at a time in order; stops at the first that got no answer. */
  async flush(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.pending.length > 0) {
        const input = this.pending[0];
        const ack = await this.send(input);
        if (!ack) return;
        this.pending.shift();
        this.save();
        this.onAnswer(input, ack);
      }
    } finally {
      this.sending = false;
    }
  }

  private save(): void {
    if (!this.stateFile) return;
    const tmp = `${this.stateFile}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.pending));
    fs.renameSync(tmp, this.stateFile);
  }
}
