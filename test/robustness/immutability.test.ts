// Inputs are never mutated: every baseline call of every export leaves a deep copy of its
// arguments equal to the arguments, and deep-frozen arguments give the same result.
import { describe, expect, it } from 'vitest';
import { baselines, callApi, deepFreeze, snapshot, withoutFunctions } from './_baselines.ts';

describe('robustness: inputs are never mutated', () => {
  it.each(baselines.map((b) => [`${b.fn} (${b.label})`, b] as const))('%s', (_, b) => {
    const args = b.args();
    const before = snapshot(args);
    const plain = callApi(b.fn, args);
    expect(plain.kind).toBe('ok');
    expect(args).toStrictEqual(before);
    const frozen = callApi(b.fn, deepFreeze(b.args()));
    expect(frozen.kind).toBe('ok');
    if (frozen.kind === 'ok' && plain.kind === 'ok')
      expect(withoutFunctions(frozen.value)).toEqual(withoutFunctions(plain.value));
  });
});
