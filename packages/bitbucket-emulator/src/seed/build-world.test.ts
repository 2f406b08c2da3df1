import { describe, expect, it } from 'vitest';
import { WIDGETS_UPDATED_ON, buildWorld } from './build-world';

describe('the seed world', () => {
  const world = buildWorld('http://localhost:5173/bff/callback');

  it('is deterministic', () => {
    expect(buildWorld('http://localhost:5173/bff/callback')).toEqual(world);
  });

  it('gives acme at least 260 repositories over about eight projects, northwind fifteen', () => {
    const acme = world.repositories.filter((r) => r.workspace === 'acme');
    expect(acme.length).toBeGreaterThanOrEqual(260);
    expect(new Set(acme.map((r) => r.project)).size).toBeGreaterThanOrEqual(8);
    expect(world.repositories.filter((r) => r.workspace === 'northwind')).toHaveLength(15);
    expect(world.repositories.filter((r) => r.workspace === 'dave')).toEqual([]);
  });

  it('makes acme/widgets the most recently updated repository', () => {
    const sorted = [...world.repositories].sort((a, b) => b.updatedOn.localeCompare(a.updatedOn));
    expect(sorted[0]).toMatchObject({
      workspace: 'acme',
      slug: 'widgets',
      updatedOn: WIDGETS_UPDATED_ON,
    });
    expect(sorted[1]?.updatedOn.localeCompare(WIDGETS_UPDATED_ON)).toBeLessThan(0);
  });

  it('is realistic: unique slugs, a spread of languages, public and private, dates 2023–2026', () => {
    const names = world.repositories.map((r) => `${r.workspace}/${r.slug}`);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((n) => /^[a-z0-9-]+\/[a-z0-9.-]+$/.test(n))).toBe(true);
    expect(new Set(world.repositories.map((r) => r.language)).size).toBeGreaterThanOrEqual(10);
    const publicCount = world.repositories.filter((r) => !r.isPrivate).length;
    expect(publicCount).toBeGreaterThan(10);
    expect(publicCount).toBeLessThan(world.repositories.length / 2);
    const years = new Set(world.repositories.map((r) => r.updatedOn.slice(0, 4)));
    expect([...years].sort()).toEqual(['2023', '2024', '2025', '2026']);
    expect(world.repositories.every((r) => r.createdOn <= r.updatedOn)).toBe(true);
  });

  it('keeps private projects free of public repositories, as Bitbucket requires', () => {
    for (const repo of world.repositories) {
      const project = world.projects.find(
        (p) => p.workspace === repo.workspace && p.key === repo.project,
      );
      if (project?.isPrivate) expect(repo.isPrivate, `${repo.workspace}/${repo.slug}`).toBe(true);
    }
  });
});
