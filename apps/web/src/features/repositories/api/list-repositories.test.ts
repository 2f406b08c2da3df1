import { describe, expect, it } from 'vitest';
import { nameContainsFilter } from './list-repositories';

describe('nameContainsFilter', () => {
  it.each([
    ['widgets', 'name ~ "widgets"'],
    ['my repo', 'name ~ "my repo"'],
    ['say "hi"', 'name ~ "say \\"hi\\""'],
    ['back\\slash', 'name ~ "back\\\\slash"'],
    ['\\"', 'name ~ "\\\\\\""'],
  ])('%j → %s', (term, filter) => {
    expect(nameContainsFilter(term)).toBe(filter);
  });
});
