import { describe, expect, it } from 'vitest';
import { RecentSessions } from './recent-sessions.js';

describe('RecentSessions', () => {
  it('gives back what was remembered, with its turn number, until replaced', () => {
    const recent = new RecentSessions(3);
    recent.set('a', '{"step":"nik","name":"Siti Rahayu ✓"}', 7);
    recent.set('b', null, 8);
    expect(recent.get('a')).toEqual({ json: '{"step":"nik","name":"Siti Rahayu ✓"}', turnNumber: 7 });
    expect(recent.get('b')).toEqual({ json: null, turnNumber: 8 });
    recent.set('a', '{"step":"phone"}', 9);
    expect(recent.get('a')).toEqual({ json: '{"step":"phone"}', turnNumber: 9 });
    expect(recent.get('c')).toBeUndefined();
  });

  it('forgets the chat remembered first when full, and reuses a forgotten chat’s room', () => {
    const recent = new RecentSessions(2);
    recent.set('a', '"a"', 1);
    recent.set('b', '"b"', 2);
    recent.set('c', '"c"', 3);
    expect(recent.get('a')).toBeUndefined();
    expect([recent.get('b')?.json, recent.get('c')?.json]).toEqual(['"b"', '"c"']);
    recent.delete('b');
    recent.set('d', '"d"', 4);
    expect([recent.get('b'), recent.get('c')?.json, recent.get('d')?.json]).toEqual([undefined, '"c"', '"d"']);
  });

  it('evicts the oldest chats a sixteenth at a time, and keeps serving every chat past many evictions', () => {
    const recent = new RecentSessions(32);
    for (let i = 0; i < 32; i += 1) recent.set(`c${i}`, `"${i}"`, i);
    recent.set('new', '"new"', 100);
    // Room for 32: the two oldest made room together.
    expect([recent.get('c0'), recent.get('c1')]).toEqual([undefined, undefined]);
    expect(recent.get('c2')?.json).toBe('"2"');
    for (let i = 0; i < 5_000; i += 1) {
      recent.set(`x${i}`, `"${i}"`, i);
      expect(recent.get(`x${i}`)).toEqual({ json: `"${i}"`, turnNumber: i });
    }
    expect(recent.get('new')).toBeUndefined();
  });

  it('does not remember a state larger than a slot, and forgets what it had for that chat', () => {
    const recent = new RecentSessions(2, 16);
    recent.set('a', '"short"', 1);
    recent.set('a', JSON.stringify('x'.repeat(20)), 2);
    expect(recent.get('a')).toBeUndefined();
    // Text counts in UTF-8 bytes: 7 characters, but 2 + 5 × 3 = 17 bytes.
    recent.set('b', '"✓✓✓✓✓"', 3);
    expect(recent.get('b')).toBeUndefined();
    recent.set('b', '"✓✓✓✓"', 4);
    expect(recent.get('b')?.json).toBe('"✓✓✓✓"');
  });
});
