import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../../bin/build-server.mjs';

// The server's Node flags (bin/build-server.mjs) are written in three places that cannot import them.
describe('the server process starts with its Node flags', () => {
  it('npm start and the hallq command both give every flag', () => {
    const start = JSON.parse(fs.readFileSync('package.json', 'utf8')).scripts.start as string;
    const shebang = fs.readFileSync('bin/hallq.mjs', 'utf8').split('\n')[0];
    expect(SERVER_NODE_FLAGS.length).toBeGreaterThan(0);
    for (const flag of SERVER_NODE_FLAGS) {
      expect(start).toMatch(new RegExp(`^node (\\S+ )*${flag} (\\S+ )*bin/hallq\\.mjs start$`));
      expect(shebang).toMatch(new RegExp(`^#!/usr/bin/env -S node (\\S+ )*${flag}( |$)`));
    }
  });
});
