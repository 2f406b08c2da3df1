// Test data shaped like Bitbucket Cloud's real payloads (and the BFF's session), built relative to "now".
import type { SessionInfo } from '@pail/shared';
import type { Repository, Workspace, WorkspaceAccess } from '@pail/shared/bitbucket';

export const BITBUCKET_API = 'https://api.bitbucket.org';
const BITBUCKET_WEB = 'https://bitbucket.org';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.now();
export const daysAgo = (days: number) => new Date(NOW - days * DAY).toISOString();

export const sessionFixture: SessionInfo = {
  user: {
    uuid: '{5e1f2c3a-8b9d-4e6f-a1b2-c3d4e5f6a7b8}',
    accountId: '712020:0c4f2a5e-3b1d-4c8e-9f7a-6e5d4c3b2a19',
    displayName: 'Jane Doe',
    nickname: 'jdoe',
    avatarUrl:
      'https://secure.gravatar.com/avatar/0bc83cb571cd1c50ba6f3e8a78ef1346?d=https%3A%2F%2Favatar-management--avatars.us-west-2.prod.public.atl-paas.net%2Finitials%2FJD-6.png',
  },
  authMethod: 'oauth',
  scopes: ['account', 'repository'],
  expiresAt: new Date(NOW + 7 * DAY).toISOString(),
};

interface WorkspaceSeed {
  slug: string;
  name: string;
  uuid: string;
  administrator: boolean;
  isPrivate: boolean;
  /** `/user/workspaces` sometimes carries only slug and uuid. */
  nameInList: boolean;
}

const WORKSPACE_SEEDS: WorkspaceSeed[] = [
  {
    slug: 'acme',
    name: 'Acme Corporation',
    uuid: '{a1c3e5f7-0b2d-4f6a-8c1e-3a5b7c9d1e2f}',
    administrator: true,
    isPrivate: true,
    nameInList: true,
  },
  {
    slug: 'umbrella',
    name: 'Umbrella Labs',
    uuid: '{b2d4f6a8-1c3e-4a7b-9d2f-4b6c8d0e2f3a}',
    administrator: false,
    isPrivate: true,
    nameInList: false,
  },
  {
    slug: 'jdoe',
    name: 'Jane Doe',
    uuid: '{5e1f2c3a-8b9d-4e6f-a1b2-c3d4e5f6a7b8}',
    administrator: true,
    isPrivate: false,
    nameInList: true,
  },
];

function workspaceLinks(slug: string) {
  return {
    avatar: { href: `${BITBUCKET_WEB}/workspaces/${slug}/avatar/?ts=1712345678` },
    html: { href: `${BITBUCKET_WEB}/${slug}/` },
    self: { href: `${BITBUCKET_API}/2.0/workspaces/${slug}` },
  };
}

export const workspaces: Workspace[] = WORKSPACE_SEEDS.map((seed) => ({
  type: 'workspace',
  uuid: seed.uuid,
  name: seed.name,
  slug: seed.slug,
  is_private: seed.isPrivate,
  is_privacy_enforced: false,
  forking_mode: 'allow_forks',
  created_on: '2019-04-11T09:21:34.718592+00:00',
  links: {
    ...workspaceLinks(seed.slug),
    members: { href: `${BITBUCKET_API}/2.0/workspaces/${seed.slug}/members` },
    owners: {
      href: `${BITBUCKET_API}/2.0/workspaces/${seed.slug}/members?q=permission%3D%22owner%22`,
    },
    projects: { href: `${BITBUCKET_API}/2.0/workspaces/${seed.slug}/projects` },
    repositories: { href: `${BITBUCKET_API}/2.0/repositories/${seed.slug}` },
    snippets: { href: `${BITBUCKET_API}/2.0/snippets/${seed.slug}` },
  },
}));

export const workspaceAccesses: WorkspaceAccess[] = WORKSPACE_SEEDS.map((seed) => ({
  type: 'workspace_access',
  administrator: seed.administrator,
  workspace: {
    type: 'workspace_base',
    uuid: seed.uuid,
    slug: seed.slug,
    ...(seed.nameInList ? { name: seed.name } : {}),
    links: workspaceLinks(seed.slug),
  },
}));

const PROJECTS = {
  PLAT: { key: 'PLAT', name: 'Platform', uuid: '{1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f}' },
  WEB: { key: 'WEB', name: 'Web', uuid: '{2e3f4051-6b7c-4d8e-9fa0-1b2c3d4e5f60}' },
  DATA: { key: 'DATA', name: 'Data', uuid: '{3f405162-7c8d-4e9f-a0b1-2c3d4e5f6071}' },
} as const;

interface RepositorySeed {
  slug: string;
  description: string;
  language: string;
  project: keyof typeof PROJECTS;
  updatedDaysAgo: number;
  isPrivate?: boolean;
  size?: number;
}

const ACME_REPOSITORIES: RepositorySeed[] = [
  {
    slug: 'widgets',
    description: 'The widget catalogue and its pricing rules.',
    language: 'typescript',
    project: 'WEB',
    updatedDaysAgo: 3,
    size: 4_823_117,
  },
  {
    slug: 'gadgets',
    description: 'Gadget firmware for the X-series devices.',
    language: 'c',
    project: 'PLAT',
    updatedDaysAgo: 5,
  },
  {
    slug: 'billing-service',
    description: 'Invoices, subscriptions and payment reconciliation.',
    language: 'kotlin',
    project: 'PLAT',
    updatedDaysAgo: 1,
  },
  {
    slug: 'api-gateway',
    description: 'Edge routing, auth and rate limiting for public APIs.',
    language: 'go',
    project: 'PLAT',
    updatedDaysAgo: 2,
  },
  {
    slug: 'web-frontend',
    description: 'The customer-facing web app.',
    language: 'typescript',
    project: 'WEB',
    updatedDaysAgo: 4,
  },
  {
    slug: 'design-system',
    description: 'Shared React components, tokens and icons.',
    language: 'typescript',
    project: 'WEB',
    updatedDaysAgo: 9,
    isPrivate: false,
  },
  {
    slug: 'mobile-app',
    description: 'iOS and Android app.',
    language: 'swift',
    project: 'WEB',
    updatedDaysAgo: 12,
  },
  {
    slug: 'data-pipeline',
    description: 'Nightly ETL jobs feeding the warehouse.',
    language: 'python',
    project: 'DATA',
    updatedDaysAgo: 6,
  },
  {
    slug: 'ml-models',
    description: 'Demand forecasting models and notebooks.',
    language: 'python',
    project: 'DATA',
    updatedDaysAgo: 20,
  },
  {
    slug: 'infra-terraform',
    description: 'Terraform for every environment.',
    language: 'hcl',
    project: 'PLAT',
    updatedDaysAgo: 8,
  },
  {
    slug: 'auth-service',
    description: 'Single sign-on and session management.',
    language: 'java',
    project: 'PLAT',
    updatedDaysAgo: 15,
  },
  {
    slug: 'notifications',
    description: 'Email, SMS and push delivery.',
    language: 'ruby',
    project: 'PLAT',
    updatedDaysAgo: 30,
  },
  {
    slug: 'search-indexer',
    description: 'Keeps the product search index fresh.',
    language: 'rust',
    project: 'DATA',
    updatedDaysAgo: 40,
  },
  {
    slug: 'docs',
    description: 'Public developer documentation.',
    language: 'html',
    project: 'WEB',
    updatedDaysAgo: 11,
    isPrivate: false,
  },
  {
    slug: 'inventory',
    description: 'Stock levels across warehouses.',
    language: 'c#',
    project: 'PLAT',
    updatedDaysAgo: 60,
  },
  {
    slug: 'payments-sdk',
    description: 'Client libraries for the payments API.',
    language: 'javascript',
    project: 'WEB',
    updatedDaysAgo: 25,
    isPrivate: false,
  },
  {
    slug: 'analytics-dashboard',
    description: 'Internal KPIs and charts.',
    language: 'typescript',
    project: 'DATA',
    updatedDaysAgo: 18,
  },
  {
    slug: 'ci-templates',
    description: 'Shared Bitbucket Pipelines steps.',
    language: 'shell',
    project: 'PLAT',
    updatedDaysAgo: 45,
  },
  {
    slug: 'legacy-portal',
    description: 'The old partner portal, read-only since 2023.',
    language: 'php',
    project: 'WEB',
    updatedDaysAgo: 400,
  },
  {
    slug: 'warehouse-robots',
    description: 'Control software for the picking robots.',
    language: 'c++',
    project: 'PLAT',
    updatedDaysAgo: 90,
  },
  {
    slug: 'pricing-engine',
    description: 'Rules and experiments for dynamic pricing.',
    language: 'scala',
    project: 'DATA',
    updatedDaysAgo: 14,
  },
  {
    slug: 'customer-support',
    description: 'Help desk integrations and macros.',
    language: 'python',
    project: 'WEB',
    updatedDaysAgo: 70,
  },
  {
    slug: 'feature-flags',
    description: 'Flag service and SDKs.',
    language: 'go',
    project: 'PLAT',
    updatedDaysAgo: 7,
  },
  {
    slug: 'observability',
    description: 'Dashboards, alerts and tracing config.',
    language: 'shell',
    project: 'PLAT',
    updatedDaysAgo: 16,
  },
  {
    slug: 'checkout',
    description: 'Cart and checkout flow.',
    language: 'typescript',
    project: 'WEB',
    updatedDaysAgo: 10,
  },
  {
    slug: 'email-templates',
    description: 'MJML templates for transactional email.',
    language: 'html',
    project: 'WEB',
    updatedDaysAgo: 120,
  },
  {
    slug: 'ledger',
    description: 'Double-entry accounting core.',
    language: 'haskell',
    project: 'PLAT',
    updatedDaysAgo: 200,
  },
  {
    slug: 'experiments',
    description: 'A/B test definitions and analysis.',
    language: 'r',
    project: 'DATA',
    updatedDaysAgo: 35,
  },
  {
    slug: 'widget-sdk',
    description: 'Embed the widget catalogue in partner sites.',
    language: 'javascript',
    project: 'WEB',
    updatedDaysAgo: 22,
  },
  { slug: 'playground', description: '', language: '', project: 'WEB', updatedDaysAgo: 300 },
];

function repositoryUuid(index: number): string {
  const hex = (index + 1).toString(16).padStart(12, '0');
  return `{7c9e6679-7425-40de-944b-${hex}}`;
}

function toRepository(workspace: Workspace, seed: RepositorySeed, index: number): Repository {
  const slug = workspace.slug ?? '';
  const fullName = `${slug}/${seed.slug}`;
  const api = `${BITBUCKET_API}/2.0/repositories/${fullName}`;
  const project = PROJECTS[seed.project];
  return {
    type: 'repository',
    uuid: repositoryUuid(index),
    full_name: fullName,
    name: seed.slug,
    slug: seed.slug,
    description: seed.description,
    scm: 'git',
    website: null,
    is_private: seed.isPrivate ?? true,
    fork_policy: 'no_public_forks',
    language: seed.language,
    size: seed.size ?? 180_224 + index * 91_337,
    created_on: daysAgo(seed.updatedDaysAgo + 365),
    updated_on: daysAgo(seed.updatedDaysAgo),
    has_issues: false,
    has_wiki: false,
    mainbranch: { type: 'branch', name: 'main' },
    project: {
      type: 'project',
      key: project.key,
      uuid: project.uuid,
      name: project.name,
      links: {
        self: { href: `${BITBUCKET_API}/2.0/workspaces/${slug}/projects/${project.key}` },
        html: { href: `${BITBUCKET_WEB}/${slug}/workspace/projects/${project.key}` },
        avatar: {
          href: `${BITBUCKET_WEB}/${slug}/workspace/projects/${project.key}/avatar/32?ts=1712345678`,
        },
      },
    },
    workspace: {
      type: 'workspace',
      slug,
      name: workspace.name,
      uuid: workspace.uuid,
      links: workspaceLinks(slug),
    },
    owner: {
      type: 'team',
      display_name: workspace.name,
      uuid: workspace.uuid,
      username: slug,
      links: {},
    },
    links: {
      self: { href: api },
      html: { href: `${BITBUCKET_WEB}/${fullName}` },
      avatar: {
        href: `https://bytebucket.org/ravatar/${encodeURIComponent(repositoryUuid(index))}?ts=default`,
      },
      pullrequests: { href: `${api}/pullrequests` },
      commits: { href: `${api}/commits` },
      forks: { href: `${api}/forks` },
      watchers: { href: `${api}/watchers` },
      branches: { href: `${api}/refs/branches` },
      tags: { href: `${api}/refs/tags` },
      downloads: { href: `${api}/downloads` },
      source: { href: `${api}/src` },
      clone: [
        { name: 'https', href: `https://jdoe@bitbucket.org/${fullName}.git` },
        { name: 'ssh', href: `git@bitbucket.org:${fullName}.git` },
      ],
      hooks: { href: `${api}/hooks` },
    },
  } as Repository;
}

const acme = workspaces.find((workspace) => workspace.slug === 'acme')!;

/** Repositories per workspace slug; `umbrella` has none, `jdoe` one. */
export const repositoriesByWorkspace: Record<string, Repository[]> = {
  acme: ACME_REPOSITORIES.map((seed, index) => toRepository(acme, seed, index)),
  umbrella: [],
  jdoe: [
    toRepository(
      workspaces.find((workspace) => workspace.slug === 'jdoe')!,
      {
        slug: 'dotfiles',
        description: 'My shell and editor setup.',
        language: 'shell',
        project: 'PLAT',
        updatedDaysAgo: 2,
        isPrivate: false,
      },
      100,
    ),
  ],
};

export function findRepository(workspace: string, slug: string): Repository | undefined {
  return repositoriesByWorkspace[workspace]?.find((repository) => repository.slug === slug);
}
