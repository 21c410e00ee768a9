import { describe, expect, it } from 'vitest';
import { firstFreeIdentity } from './firstFreeIdentity';

describe('firstFreeIdentity', () => {
  it('is 0 for an empty workspace', () => {
    expect(firstFreeIdentity([])).toBe(0);
  });
  it('follows the highest numbered identity, whatever the order', () => {
    expect(firstFreeIdentity(['2', '0', '10', '3'])).toBe(11);
  });
  it('ignores names that are not plain numbers', () => {
    expect(firstFreeIdentity(['alice', '007', 'x/1', '4'])).toBe(5);
    expect(firstFreeIdentity(['alice'])).toBe(0);
  });
});
