// What the virtual users do: open a repository's pages at random, each page's calls made at once as the SPA
// makes them, with 0–200 ms of think time between pages, until told to stop; every response is recorded.
import type { Person } from './sign-in';

export interface VirtualUser {
  person: Person;
  /** The `Cookie` header of this user's session. */
  cookie: string;
}

export interface Sample {
  /** When the request was sent and its body fully read, ms since the phase began. */
  start: number;
  end: number;
  /** 0: no answer (connection failed or timed out). */
  status: number;
  /** The error's stable `code` from a JSON error answer, or the connection error's code. */
  code?: string;
  page: string;
}

/** What the pages ask for, discovered once per repository through the BFF before the load starts. */
export interface Repository {
  /** `workspace/slug`. */
  fullName: string;
  mainBranch: string;
  commits: string[];
  folders: string[];
  files: string[];
}

interface Page {
  name: string;
  weight: number;
  calls(repository: Repository, pick: <T>(items: readonly T[]) => T): string[];
}

const THINK_TIME_MS = 200;
/** Long enough for the BFF's own upstream timeout (15 s) to answer first. */
const REQUEST_TIMEOUT_MS = 30_000;

const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');
const api = (repository: Repository) => `/api/2.0/repositories/${repository.fullName}`;
const workspaceOf = (repository: Repository) => repository.fullName.split('/')[0] as string;

/** The ref lookups the SPA makes for `/src/main/a/b`: is `main`, `main/a` or `main/a/b` a branch or tag? */
function refLookups(repository: Repository, path: string): string[] {
  const names = [repository.mainBranch];
  for (const segment of path.split('/').filter(Boolean)) names.push(`${names.at(-1)}/${segment}`);
  const q = encodeURIComponent(names.map((name) => `name = "${name}"`).join(' OR '));
  const repo = api(repository);
  return [`${repo}/refs/branches?q=${q}&pagelen=10`, `${repo}/refs/tags?q=${q}&pagelen=10`];
}

/** The SPA's calls per page (as `pnpm bench`'s journey records them), weighted by how often people open them. */
export const PAGES: readonly Page[] = [
  {
    name: 'workspaces',
    weight: 1,
    calls: () => ['/bff/session', '/api/2.0/user/workspaces?pagelen=50'],
  },
  {
    name: 'repository list',
    weight: 2,
    calls: (repository) => [
      `/api/2.0/workspaces/${workspaceOf(repository)}`,
      `/api/2.0/repositories/${workspaceOf(repository)}?pagelen=25&page=1&sort=-updated_on`,
    ],
  },
  {
    name: 'repository',
    weight: 2,
    calls: (repository) => {
      const head = `${api(repository)}/src/${repository.commits[0]}`;
      const readme = repository.files.find((file) => /^readme/i.test(file));
      return [
        api(repository),
        ...refLookups(repository, ''),
        `${head}/?pagelen=100`,
        ...(readme === undefined ? [] : [`${head}/${encodePath(readme)}`]),
      ];
    },
  },
  {
    name: 'source listing',
    weight: 2,
    calls: (repository, pick) => {
      const folder = encodePath(pick(repository.folders));
      const head = `${api(repository)}/src/${repository.commits[0]}`;
      return [
        ...refLookups(repository, folder),
        `${head}/${folder}?format=meta`,
        `${head}/${folder}/?pagelen=100`,
      ];
    },
  },
  {
    name: 'file',
    weight: 2,
    calls: (repository, pick) => {
      const file = encodePath(pick(repository.files));
      const head = `${api(repository)}/src/${repository.commits[0]}`;
      return [...refLookups(repository, file), `${head}/${file}?format=meta`, `${head}/${file}`];
    },
  },
  {
    name: 'commits',
    weight: 1,
    calls: (repository) => [
      `${api(repository)}/commits?include=${encodeURIComponent(repository.mainBranch)}&pagelen=30`,
    ],
  },
  {
    name: 'commit',
    weight: 2,
    calls: (repository, pick) => {
      const hash = pick(repository.commits);
      return [
        `${api(repository)}/commit/${hash}`,
        `${api(repository)}/diffstat/${hash}?pagelen=500`,
      ];
    },
  },
  {
    name: 'pull requests',
    weight: 1,
    calls: (repository) => [
      `${api(repository)}/pullrequests?state=OPEN&page=1&pagelen=25&sort=-updated_on`,
    ],
  },
];

/** mulberry32: each user's walk is the same on every run, so runs differ only in what they measure. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pickPage(random: () => number): Page {
  const total = PAGES.reduce((sum, page) => sum + page.weight, 0);
  let at = random() * total;
  for (const page of PAGES) {
    at -= page.weight;
    if (at < 0) return page;
  }
  return PAGES[PAGES.length - 1] as Page;
}

function headers(user: VirtualUser): Record<string, string> {
  return { Cookie: user.cookie, 'X-CSRF': '1', 'X-Forwarded-For': user.person.address };
}

function connectionErrorCode(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'timeout';
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : 'fetch_failed';
}

async function request(
  bffUrl: string,
  path: string,
  user: VirtualUser,
  origin: number,
  page: string,
) {
  const start = performance.now() - origin;
  let status = 0;
  let code: string | undefined;
  try {
    const response = await fetch(`${bffUrl}${path}`, {
      headers: headers(user),
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    status = response.status;
    if (status >= 200 && status < 300) {
      await response.arrayBuffer();
    } else {
      const text = await response.text();
      try {
        const body = JSON.parse(text) as { error?: { code?: unknown } };
        if (typeof body.error?.code === 'string') code = body.error.code;
      } catch {
        // Not Pail's JSON error: the status alone tells.
      }
    }
  } catch (error) {
    code = connectionErrorCode(error);
  }
  const sample: Sample = { start, end: performance.now() - origin, status, page };
  if (code !== undefined) sample.code = code;
  return sample;
}

/** Finds what the pages need (main branch, commits, folders, files) through the BFF, as the SPA would. */
export async function discoverRepository(bffUrl: string, user: VirtualUser): Promise<Repository> {
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${bffUrl}${path}`, { headers: headers(user) });
    if (!response.ok) {
      throw new Error(
        `${path} answered ${response.status} to ${user.person.account} before the load`,
      );
    }
    return (await response.json()) as T;
  };
  const fullName = user.person.repository;
  const repo = `/api/2.0/repositories/${fullName}`;
  const about = await get<{ mainbranch?: { name?: string } }>(repo);
  const mainBranch = about.mainbranch?.name ?? 'main';
  const history = await get<{ values: { hash: string }[] }>(
    `${repo}/commits?include=${encodeURIComponent(mainBranch)}&pagelen=30`,
  );
  const commits = history.values.map((commit) => commit.hash);
  const folders: string[] = [];
  const files: string[] = [];
  const list = async (folder: string) => {
    const listing = await get<{ values: { type: string; path: string }[] }>(
      `${repo}/src/${commits[0]}/${folder === '' ? '' : `${encodePath(folder)}/`}?pagelen=100`,
    );
    for (const entry of listing.values) {
      (entry.type === 'commit_directory' ? folders : files).push(entry.path);
    }
  };
  await list('');
  // One level down too, so folders and files are not all at the top.
  if (folders[0] !== undefined) await list(folders[0]);
  if (commits.length === 0 || folders.length === 0 || files.length === 0) {
    throw new Error(`${fullName} has no commits, folders or files to browse`);
  }
  return { fullName, mainBranch, commits, folders, files };
}

/**
 * Every user browses until `until` (a `performance.now()` time); samples are pushed as they finish, so a
 * caller can read them while the load runs. `origin` is the phase's time zero.
 */
export async function browse(options: {
  bffUrl: string;
  users: readonly VirtualUser[];
  /** By full name: every user's `person.repository` is among them. */
  repositories: ReadonlyMap<string, Repository>;
  origin: number;
  until: number;
  samples: Sample[];
  seed: number;
}): Promise<void> {
  const { bffUrl, repositories, origin, until, samples } = options;
  await Promise.all(
    options.users.map(async (user, index) => {
      const random = seededRandom(options.seed * 10_007 + index);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
      const repository = repositories.get(user.person.repository);
      if (repository === undefined) throw new Error(`${user.person.repository} was not discovered`);
      // Spread the first pages over one think time, as people do not all click at the same instant.
      await sleep(random() * THINK_TIME_MS);
      while (performance.now() < until) {
        const page = pickPage(random);
        const answers = await Promise.all(
          page
            .calls(repository, pick)
            .map((path) => request(bffUrl, path, user, origin, page.name)),
        );
        samples.push(...answers);
        await sleep(random() * THINK_TIME_MS);
      }
    }),
  );
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
