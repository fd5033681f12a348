export * from './schemas.ts';
export type * from './events.ts';
