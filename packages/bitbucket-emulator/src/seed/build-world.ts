// Builds the deterministic seed world from the catalog with a fixed-seed PRNG (no clock, no randomness).
import { ACME_PROJECTS, NORTHWIND_PROJECTS, PERSONAL_REPOS } from './catalog';
import type { ProjectPlan, RepoTemplate } from './catalog';
import { buildConsumers } from './consumers';
import type { SeedProject, SeedRepository, SeedWorkspace, World } from './model';
import { createPrng } from './prng';
import type { Prng } from './prng';
import {
  SCALE_SEED,
  SCALE_WORKSPACE,
  finishScaleRepositories,
  scaleWorkspace,
} from './scale-world';
import { formatBitbucketTime } from './timestamps';
import { SEED_USER_RECORDS } from './users';

const SEED = 0x9a11_2026;
const at = (iso: string): number => Date.parse(iso);

/** `acme/widgets` is the most recently updated repository: every other one is older than this. */
export const WIDGETS_UPDATED_ON = '2026-11-24T16:42:11.532871+00:00';
const LATEST_OTHER_UPDATE = at('2026-11-20T00:00:00Z');

function timeBetween(prng: Prng, fromMs: number, toMs: number): string {
  return formatBitbucketTime(fromMs + prng.next() * (toMs - fromMs), prng.int(0, 999));
}

function braced(uuid: string): string {
  return `{${uuid}}`;
}

/** Sizes spread log-uniformly from tens of kilobytes to about a gigabyte, like real repositories. */
function repoSize(prng: Prng): number {
  const min = Math.log(40_000);
  const max = Math.log(1_200_000_000);
  return Math.round(Math.exp(min + prng.next() * (max - min)));
}

function shuffled<T>(prng: Prng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = prng.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The project's hand-written repositories, topped up with `{domain}-{kind}` names to reach its quota. */
function projectTemplates(prng: Prng, plan: ProjectPlan, taken: Set<string>): RepoTemplate[] {
  const templates = plan.core.filter((t) => !taken.has(t.slug));
  const combos = shuffled(
    prng,
    plan.domains.flatMap((domain) => plan.kinds.map((kind) => ({ domain, kind }))),
  );
  for (const { domain, kind } of combos) {
    if (templates.length >= plan.quota) break;
    const slug = `${domain}-${kind.suffix}`;
    if (taken.has(slug) || templates.some((t) => t.slug === slug)) continue;
    templates.push({
      slug,
      // About one in seven real repositories has no description.
      description: prng.chance(0.15) ? '' : kind.describe(domain),
      language: prng.pick(kind.languages),
    });
  }
  for (const t of templates) taken.add(t.slug);
  return templates;
}

interface RepoContext {
  workspace: string;
  project: SeedProject | undefined;
  /** Public repositories are allowed (the project, if any, is public). */
  mayBePublic: boolean;
}

function makeRepository(prng: Prng, template: RepoTemplate, ctx: RepoContext): SeedRepository {
  const createdMs =
    at('2016-01-01T00:00:00Z') +
    prng.next() * (at('2023-06-30T00:00:00Z') - at('2016-01-01T00:00:00Z'));
  const updateFrom = Math.max(createdMs, at('2023-01-01T00:00:00Z'));
  const isPublic = ctx.mayBePublic && (template.isPublic ?? prng.chance(0.2));
  const legacy = createdMs < at('2020-10-01T00:00:00Z');
  return {
    workspace: ctx.workspace,
    slug: template.slug,
    name: template.name ?? template.slug,
    uuid: braced(prng.uuid()),
    description: template.description,
    isPrivate: !isPublic,
    language: template.language,
    size: repoSize(prng),
    createdOn: formatBitbucketTime(createdMs, prng.int(0, 999)),
    updatedOn: timeBetween(prng, updateFrom, LATEST_OTHER_UPDATE),
    project: ctx.project?.key,
    // Repositories created before Git's default branch change mostly still use master.
    mainbranch: legacy && prng.chance(0.7) ? 'master' : prng.chance(0.06) ? 'develop' : 'main',
    forkPolicy: isPublic ? 'allow_forks' : 'no_public_forks',
    hasIssues: prng.chance(0.2),
    hasWiki: prng.chance(0.1),
    website: prng.chance(0.05) ? `https://${template.slug}.example` : null,
    readOnlyForMembers: prng.chance(0.2),
  };
}

function makeWorkspaceProjects(
  prng: Prng,
  workspace: string,
  plans: readonly ProjectPlan[],
  into: { projects: SeedProject[]; repositories: SeedRepository[] },
): void {
  const taken = new Set<string>();
  for (const plan of plans) {
    const createdOn = timeBetween(prng, at('2016-01-01T00:00:00Z'), at('2021-12-31T00:00:00Z'));
    const project: SeedProject = {
      workspace,
      key: plan.key,
      name: plan.name,
      uuid: braced(prng.uuid()),
      description: plan.description,
      isPrivate: plan.isPrivate,
      adminsOnly: plan.adminsOnly ?? false,
      createdOn,
      updatedOn: timeBetween(prng, at('2022-01-01T00:00:00Z'), at('2026-06-30T00:00:00Z')),
    };
    into.projects.push(project);
    for (const template of projectTemplates(prng, plan, taken)) {
      into.repositories.push(
        makeRepository(prng, template, { workspace, project, mayBePublic: !plan.isPrivate }),
      );
    }
  }
}

export interface WorldOptions {
  /** Adds the scale fixtures (`bigcorp`, 10,000 repositories) for benchmarks; off for everything else. */
  scale?: boolean;
}

export function buildWorld(callbackUrl: string, options: WorldOptions = {}): World {
  const prng = createPrng(SEED);
  const workspaces: SeedWorkspace[] = [
    {
      slug: 'acme',
      name: 'Acme Corporation',
      uuid: braced(prng.uuid()),
      kind: 'team',
      isPrivate: false,
      createdOn: '2016-03-02T09:12:44.305121+00:00',
      updatedOn: '2025-08-19T13:40:02.771930+00:00',
      members: [
        { nickname: 'alice', administrator: true },
        { nickname: 'bob', administrator: false },
      ],
    },
    {
      slug: 'northwind',
      name: 'Northwind Labs',
      uuid: braced(prng.uuid()),
      kind: 'team',
      isPrivate: true,
      createdOn: '2019-02-27T10:51:13.448019+00:00',
      updatedOn: '2024-05-07T08:03:55.120447+00:00',
      members: [
        { nickname: 'carol', administrator: true },
        { nickname: 'alice', administrator: false },
      ],
    },
    ...SEED_USER_RECORDS.map((user): SeedWorkspace => ({
      slug: user.nickname,
      name: user.displayName,
      uuid: user.uuid,
      kind: 'personal',
      isPrivate: false,
      createdOn: user.createdOn,
      updatedOn: user.createdOn,
      members: [{ nickname: user.nickname, administrator: true }],
    })),
  ];

  const into = { projects: [] as SeedProject[], repositories: [] as SeedRepository[] };
  makeWorkspaceProjects(prng, 'acme', ACME_PROJECTS, into);
  makeWorkspaceProjects(prng, 'northwind', NORTHWIND_PROJECTS, into);
  for (const [owner, templates] of Object.entries(PERSONAL_REPOS)) {
    for (const template of templates) {
      into.repositories.push(
        makeRepository(prng, template, { workspace: owner, project: undefined, mayBePublic: true }),
      );
    }
  }
  for (const repo of into.repositories) {
    if (repo.workspace === 'acme' && repo.slug === 'widgets') {
      repo.updatedOn = WIDGETS_UPDATED_ON;
      repo.mainbranch = 'main';
    }
  }
  if (options.scale) {
    // Drawn after, and from a PRNG of its own, so the default world is the same with the fixtures on.
    const scalePrng = createPrng(SCALE_SEED);
    const scale = scaleWorkspace(scalePrng);
    workspaces.push(scale.workspace);
    into.projects.push(...scale.projects);
    for (const { project, template } of scale.templates) {
      into.repositories.push(
        makeRepository(scalePrng, template, {
          workspace: SCALE_WORKSPACE,
          project,
          mayBePublic: false,
        }),
      );
    }
    finishScaleRepositories(into.repositories);
  }

  return {
    users: SEED_USER_RECORDS,
    consumers: buildConsumers(callbackUrl),
    workspaces,
    projects: into.projects,
    repositories: into.repositories,
  };
}
