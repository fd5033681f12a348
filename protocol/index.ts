export * from './schemas.ts';
export * from './services.ts';
export type * from './events.ts';
export * from './oversight.ts';
