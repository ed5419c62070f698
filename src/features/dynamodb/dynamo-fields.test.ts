/**
 * The DynamoDB number fields' edit step (the NumberField source's parse and balance), without a DOM:
 * display units, the mix's balancing share, and the messages an invalid entry shows.
 */
import { describe, expect, it } from 'vitest';
import { defaultDynamoPlan, dynamodbSchema } from '../../plan/dynamodb-schema';
import { editDynamoNumber } from './dynamo-fields';

const dyn = defaultDynamoPlan();

describe('editDynamoNumber', () => {
  it('stores a percentage as a share and moves the remainder into the balancing share', () => {
    const r = editDynamoNumber(dyn, 0, ['strongShare'], '35', { label: 'Strong', unit: '%', scale: 100 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toBe(0.35);
    const t = r.next.tables[0]!;
    expect(t.strongShare).toBe(0.35);
    expect(t.eventualShare).toBeCloseTo(1 - 0.35 - t.transactionalShare, 12);
    expect(dynamodbSchema.safeParse(r.next).success).toBe(true);
  });

  it('accepts the one number syntax (1e3, underscores) and leaves other tables alone', () => {
    const r = editDynamoNumber(dyn, 0, ['itemSizeBytes'], '8_192', { label: 'Item size (reads)', unit: 'B' });
    expect(r.ok && r.value).toBe(8192);
    const e = editDynamoNumber(dyn, 0, ['writesPerSec'], '1e3', { label: 'Item writes', unit: '/s' });
    expect(e.ok && e.next.tables[0]!.writesPerSec).toBe(1000);
    expect(e.ok && e.next.tables.length).toBe(dyn.tables.length);
  });

  it('refuses text that is not a number, naming the field and unit', () => {
    expect(editDynamoNumber(dyn, 0, ['itemSizeBytes'], '12abc', { label: 'Item size (reads)', unit: 'B' })).toEqual({ ok: false, message: 'Item size (reads): enter a number (B)' });
  });

  it('refuses shares of a mix summing past 100%', () => {
    const r = editDynamoNumber(dyn, 0, ['transactionalShare'], '90', { label: 'Transactional', unit: '%', scale: 100 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toMatch(/^Strong \+ transactional cannot exceed 100% \(now \d+%\)$/);
  });
});
