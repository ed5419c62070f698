/**
 * parseTextField (the dashboard's free-text fields, issue 15): it accepts what the plan schema
 * accepts and refuses what could inject a directive, with the schema's own message. It covers
 * every string field of `deploy` and `edge`, the sections whose strings reach exported files, and
 * every pattern answers in linear time, since the store validates the plan on each keypress.
 */
import { describe, expect, it } from 'vitest';
import { childSchema, parseTextField, PLAN_SCHEMA, schemaNode } from './fields';
import { planSchema } from './schema';

/** Every string leaf of a plan section, by key (walked from the schema, so a new field is covered). */
function stringFields(section: 'deploy' | 'edge'): string[] {
  const node = schemaNode(childSchema(PLAN_SCHEMA, section)!);
  return Object.entries(node.shape ?? {})
    .filter(([, s]) => schemaNode(s).type === 'string')
    .map(([k]) => k);
}
const FIELDS: [string, string][] = (['deploy', 'edge'] as const).flatMap((sec) => stringFields(sec).map((k): [string, string] => [sec, k]));
const DEFAULTS = planSchema.parse({}) as unknown as Record<string, Record<string, string>>;

/** What would end a directive, open a block, start a comment, expand a variable or quote, in nginx, INI, Python, YAML or systemd. */
const FRAGMENTS = ['\n', '\r', ';', '{', '}', '"', "'", '#', '$', '\\', ' ', '\t', '%', '`', '\u0000', '\u2028', 'é'];

describe('parseTextField', () => {
  it('covers the string fields that reach the files (edge paths and the LB address included)', () => {
    const keys = FIELDS.map(([s, k]) => `${s}.${k}`);
    for (const k of ['edge.certPath', 'edge.keyPath', 'edge.chainPath', 'edge.frontLbAddress', 'deploy.serverName', 'deploy.appModule', 'deploy.appImage']) expect(keys).toContain(k);
  });

  it.each(FIELDS)('%s.%s: the default is accepted as itself; surrounding spaces are dropped', (sec, key) => {
    const v = DEFAULTS[sec]![key]!;
    expect(parseTextField([sec, key], v)).toEqual({ ok: true, value: v });
    expect(parseTextField([sec, key], `  ${v} `)).toEqual({ ok: true, value: v });
  });

  it.each(FIELDS)('%s.%s: every injection fragment, alone, appended or inside, is refused with the schema message', (sec, key) => {
    const v = DEFAULTS[sec]![key]!;
    for (const frag of FRAGMENTS) {
      // Inside means between two characters of the value (at either end a space would be trimmed off, harmlessly).
      for (const text of [`${v}${frag}x`, `${v.slice(0, 1)}${frag}${v.slice(1)}x`, `${v};\n}\nserver {\nlisten 81;`]) {
        const r = parseTextField([sec, key], text);
        expect(r.ok, `${sec}.${key} = ${JSON.stringify(text)}`).toBe(false);
        // The same text in a plan file is refused by the whole-plan schema too (one rule, two readers).
        expect(planSchema.safeParse({ [sec]: { [key]: text } }).success).toBe(false);
        if (!r.ok) expect(r.message).toMatch(/[a-z]{3,}/);
      }
    }
  });

  it('the message names the limit: length, pattern, and ".." in paths', () => {
    const long = parseTextField(['edge', 'certPath'], `/${'a'.repeat(250)}`);
    expect(long).toEqual({ ok: false, message: 'at most 200 characters' });
    expect(parseTextField(['edge', 'certPath'], 'etc/cert.pem')).toEqual({ ok: false, message: 'an absolute file path of letters, digits and . _ - / only' });
    expect(parseTextField(['edge', 'keyPath'], '/etc/../root/key.pem')).toEqual({ ok: false, message: 'must not contain ..' });
    expect(parseTextField(['edge', 'frontLbAddress'], '10.0.0.300')).toEqual({ ok: false, message: 'an IPv4 address or CIDR block such as 10.0.0.0/8' });
    expect(parseTextField(['edge', 'frontLbAddress'], '10.0.0.0/8')).toEqual({ ok: true, value: '10.0.0.0/8' });
    // Both limits at once: each is said once.
    expect(parseTextField(['deploy', 'appDir'], `/${'a '.repeat(120)}`)).toEqual({ ok: false, message: 'at most 200 characters; an absolute path of letters, digits and . _ - / only' });
  });

  it('refuses non-string and unknown fields', () => {
    expect(parseTextField(['deploy', 'listenPort'], '80')).toEqual({ ok: false, message: 'unknown field' });
    expect(parseTextField(['edge', 'nope'], 'x')).toEqual({ ok: false, message: 'unknown field' });
  });

  it.each(FIELDS)('%s.%s: answers in linear time on long near-miss text (no regex backtracking blow-up)', (sec, key) => {
    // Valid characters for every pattern, then one that no pattern allows at the end: a
    // backtracking pattern tries every split of the run before failing (the old deploy path pattern: 0.6 s at 24 letters, doubling per letter).
    for (const run of ['a'.repeat(26), 'a/'.repeat(20), 'a.'.repeat(20), '1.'.repeat(20), 'a-'.repeat(20)]) {
      const text = `/${run}!`;
      const t0 = performance.now();
      parseTextField([sec, key], text);
      expect(performance.now() - t0, `${sec}.${key} on ${text}`).toBeLessThan(50);
    }
  });
});
