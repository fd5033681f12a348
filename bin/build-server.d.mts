/** Node's flags for the server process (npm start, the hallq command, the bench). */
export const SERVER_NODE_FLAGS: readonly string[];
export const ROOT: string;
export const OUT: string;
/** Builds dist-server/ if it is missing or not built from the sources as they are; returns the path of an entry's file ('cli' or 'bench-server'). */
export function ensureBuilt(entry?: 'cli' | 'bench-server'): Promise<string>;
