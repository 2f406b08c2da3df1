// The scale fixtures (off by default): `bigcorp`, a private workspace with 10,000 repositories, for benchmarks.
import type { RepoTemplate } from './catalog';
import type { SeedProject, SeedRepository, SeedWorkspace } from './model';
import type { Prng } from './prng';

export const SCALE_WORKSPACE = 'bigcorp';
export const SCALE_REPOSITORY_COUNT = 10_000;
/** The one repository with scale content: a 5 MB source file and a commit touching 5,000 files. */
export const SCALE_SHOWCASE = 'monorepo';
/** Newer than every other `bigcorp` repository, so it heads the "recently updated" order. */
export const SCALE_SHOWCASE_UPDATED_ON = '2026-11-23T10:15:42.118206+00:00';

/** Its own seed, so the default world is byte-for-byte the same with or without the fixtures. */
export const SCALE_SEED = 0x5ca1_e000;

const TEAMS = [
  'payments',
  'ledger',
  'identity',
  'search',
  'catalog',
  'pricing',
  'shipping',
  'inventory',
  'analytics',
  'growth',
  'messaging',
  'media',
  'maps',
  'support',
  'compliance',
  'risk',
  'billing',
  'devtools',
  'observability',
  'storage',
  'networking',
  'mobile',
  'design-system',
  'data-platform',
  'ml-infra',
] as const;

const KINDS: readonly { suffix: string; languages: readonly string[]; describe: string }[] = [
  { suffix: 'service', languages: ['go', 'java', 'kotlin'], describe: 'service and its REST API' },
  { suffix: 'worker', languages: ['go', 'python'], describe: 'queue consumers and schedules' },
  { suffix: 'api', languages: ['typescript', 'go'], describe: 'public API description' },
  { suffix: 'client', languages: ['typescript', 'python'], describe: 'client library' },
  { suffix: 'web', languages: ['typescript', 'javascript'], describe: 'web front end' },
  { suffix: 'jobs', languages: ['python', 'scala'], describe: 'batch jobs' },
  { suffix: 'infra', languages: ['hcl', 'shell'], describe: 'infrastructure as code' },
  { suffix: 'docs', languages: [''], describe: 'runbooks and decision records' },
];

const title = (slug: string): string =>
  slug
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(' ');

export interface ScaleWorkspace {
  workspace: SeedWorkspace;
  projects: SeedProject[];
  /** Templates in creation order; the caller turns them into repositories with its own generator. */
  templates: { project: SeedProject; template: RepoTemplate }[];
}

/**
 * `bigcorp`: one project per team and 10,000 repositories named `{team}-{kind}-{n}` (search by team or
 * kind narrows them server-side), the showcase first. Private, so only its members ever see it: alice as
 * a member and carol as its administrator.
 */
export function scaleWorkspace(prng: Prng): ScaleWorkspace {
  const workspace: SeedWorkspace = {
    slug: SCALE_WORKSPACE,
    name: 'BigCorp Engineering',
    uuid: `{${prng.uuid()}}`,
    kind: 'team',
    isPrivate: true,
    createdOn: '2015-06-01T08:00:00.000000+00:00',
    updatedOn: '2026-10-01T08:00:00.000000+00:00',
    members: [
      { nickname: 'carol', administrator: true },
      { nickname: 'alice', administrator: false },
    ],
  };
  const projects = TEAMS.map((team): SeedProject => ({
    workspace: SCALE_WORKSPACE,
    key: team.replace(/-/g, '').slice(0, 10).toUpperCase(),
    name: title(team),
    uuid: `{${prng.uuid()}}`,
    description: `Everything the ${title(team)} team builds and runs.`,
    isPrivate: true,
    adminsOnly: false,
    createdOn: '2016-01-04T09:00:00.000000+00:00',
    updatedOn: '2026-09-01T09:00:00.000000+00:00',
  }));
  const templates: ScaleWorkspace['templates'] = [
    {
      project: projects[TEAMS.indexOf('devtools')] as SeedProject,
      template: {
        slug: SCALE_SHOWCASE,
        description:
          'The shared TypeScript monorepo: 5,000 modules and the generated grammar tables.',
        language: 'typescript',
      },
    },
  ];
  for (let n = 1; templates.length < SCALE_REPOSITORY_COUNT; n += 1) {
    const teamIndex = (n - 1) % TEAMS.length;
    const kind = KINDS[Math.floor((n - 1) / TEAMS.length) % KINDS.length] as (typeof KINDS)[number];
    const team = TEAMS[teamIndex] as string;
    const number = String(Math.ceil(n / (TEAMS.length * KINDS.length))).padStart(3, '0');
    templates.push({
      project: projects[teamIndex] as SeedProject,
      template: {
        slug: `${team}-${kind.suffix}-${number}`,
        description: `${title(team)} ${kind.describe}.`,
        language: prng.pick(kind.languages),
      },
    });
  }
  return { workspace, projects, templates };
}

/** Pins the showcase's dates once the generic generator has drawn the rest. */
export function finishScaleRepositories(repositories: SeedRepository[]): void {
  for (const repo of repositories) {
    if (repo.workspace === SCALE_WORKSPACE && repo.slug === SCALE_SHOWCASE) {
      repo.updatedOn = SCALE_SHOWCASE_UPDATED_ON;
      repo.mainbranch = 'main';
      repo.size = 48_200_000;
    }
  }
}
