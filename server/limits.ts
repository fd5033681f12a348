import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from './domain/errors.ts';

/**
 * Every limit of the server (HTTP requests, login attempts, socket.io connections and events) is a
 * rate-limiter-flexible counter behind this one small class, so they share one algorithm, one
 * memory bound (keys expire on their own) and one way to say "no": a refusal with the time to wait.
 */

/** A refused take: how long until the key has points again, and how many were taken in this window. */
export interface Refusal {
  retryAfterMs: number;
  taken: number;
}

export interface LimitOptions {
  /** Names the limiter's keys (rate-limiter-flexible's keyPrefix). */
  name: string;
  points: number;
  /** Window length; 0: the points never expire (a count of things held, given back with giveBack). */
  perSeconds: number;
  /** Once over, refuse for this long, however the window runs (a lock). */
  lockSeconds?: number;
}

export class Limiter {
  private readonly rl: RateLimiterMemory | null;

  /** `on` false: every take succeeds (HALLQ_RATE_LIMIT=0). */
  constructor(on: boolean, readonly opts: LimitOptions) {
    this.rl = on && opts.points > 0
      ? new RateLimiterMemory({ keyPrefix: opts.name, points: opts.points, duration: opts.perSeconds, blockDuration: opts.lockSeconds ?? 0 })
      : null;
  }

  get on(): boolean {
    return this.rl !== null;
  }

  /** Takes points for key; null when allowed, else the refusal (the points are still counted). */
  async take(key: string, points = 1): Promise<Refusal | null> {
    if (!this.rl) return null;
    try {
      await this.rl.consume(key, points);
      return null;
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      return { retryAfterMs: res.msBeforeNext, taken: res.consumedPoints };
    }
  }

  /** Returns points taken for something that turned out not to count (a successful login, a closed connection). */
  async giveBack(key: string, points = 1): Promise<void> {
    if (!this.rl) return;
    const res = await this.rl.reward(key, points);
    // A counter back at zero is forgotten, so counts of things held do not keep a key per address forever.
    if (res.consumedPoints <= 0) await this.rl.delete(key);
  }

  async forget(key: string): Promise<void> {
    await this.rl?.delete(key);
  }
}

/** 429 with the contract's body; the error handler adds Retry-After from it. */
export class RateLimitedError extends DomainError {
  readonly retryAfterS: number;
  constructor(code: string, message: string, refusal: Refusal) {
    super('rate_limited', code, message);
    this.retryAfterS = Math.max(1, Math.ceil(refusal.retryAfterMs / 1000));
  }
}

export const rateLimited = (refusal: Refusal, message = '请求过于频繁，请稍后再试') => new RateLimitedError('RATE_LIMITED', message, refusal);

/** The anonymous request budget per client address: HALLQ_RATE_LIMIT a minute (HTTP and socket.io handshakes alike). */
export const anonymousRequests = (perMinute: number) => new Limiter(perMinute > 0, { name: 'anon', points: perMinute, perSeconds: 60 });

const minutes = (r: Refusal) => Math.max(1, Math.ceil(r.retryAfterMs / 60_000));

/**
 * Failed logins, counted three ways so neither one address guessing many accounts nor many
 * addresses guessing one account get far. Each attempt takes its points before the password is
 * checked (parallel attempts cannot slip past), and a successful login gives them back.
 */
export class LoginLimits {
  /** One address guessing one account. */
  private readonly pair: Limiter;
  /** One address trying a few passwords on many accounts (spraying). */
  private readonly address: Limiter;
  /** One account guessed from many addresses (a botnet): locked for a while, even for the right password. */
  private readonly account: Limiter;

  constructor(on: boolean) {
    this.pair = new Limiter(on, { name: 'login-pair', points: 10, perSeconds: 5 * 60 });
    this.address = new Limiter(on, { name: 'login-address', points: 30, perSeconds: 15 * 60 });
    this.account = new Limiter(on, { name: 'login-account', points: 20, perSeconds: 15 * 60, lockSeconds: 15 * 60 });
  }

  async attempt<T>(address: string, username: string, login: () => Promise<T>): Promise<T> {
    const pairKey = `${address}|${username}`;
    // Most specific first: an address already refused for this account adds nothing to the account's count.
    let r = await this.pair.take(pairKey);
    if (r) throw rateLimited(r, `登录尝试过多，请${minutes(r)}分钟后再试`);
    r = await this.address.take(address);
    if (r) throw rateLimited(r, `登录尝试过多，请${minutes(r)}分钟后再试`);
    r = await this.account.take(username);
    if (r) throw new RateLimitedError('LOGIN_LOCKED', `该账号登录失败次数过多，已暂时锁定，请${minutes(r)}分钟后再试`, r);
    const result = await login();
    await Promise.all([this.pair.forget(pairKey), this.address.giveBack(address), this.account.giveBack(username)]);
    return result;
  }
}
