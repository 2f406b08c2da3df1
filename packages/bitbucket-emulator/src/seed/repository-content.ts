// Every seeded repository's content, built on first use and kept: a README, sources, history, refs, pull requests.
import type { RepositoryContent } from '../git/repository-content';
import type { FileChange } from '../git/history-builder';
import { HistoryScript } from './history-script';
import type { SeedRepository } from './model';
import { createPrng } from './prng';
import { CommitClock } from './repository-history';
import { languageProfile } from './repository-languages';
import type { LanguageProfile } from './repository-languages';
import { buildWidgetsContent } from './repository-content-widgets';
import { buildMonorepoContent } from './scale-content';
import { SCALE_SHOWCASE, SCALE_WORKSPACE } from './scale-world';

/**
 * Content is a pure function of the seed repository, and nothing in the emulator writes to it, so one copy
 * serves every emulator in the process (tests create many) and survives `controls.reset()` unchanged.
 */
const cache = new Map<string, RepositoryContent>();

/** The repositories with a longer history, branches, tags and pull requests. */
const RICH = new Set(['acme/api-gateway', 'acme/ml-platform']);

export function repositoryContent(repo: SeedRepository): RepositoryContent {
  const key = `${repo.workspace}/${repo.slug}`;
  let content = cache.get(key);
  if (!content) {
    content =
      key === 'acme/widgets'
        ? buildWidgetsContent(repo)
        : key === `${SCALE_WORKSPACE}/${SCALE_SHOWCASE}`
          ? buildMonorepoContent(repo)
          : buildProjectContent(repo, RICH.has(key));
    cache.set(key, content);
  }
  return content;
}

/** A small stable number from a string, to seed each repository's own PRNG. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Who works in a workspace: people with accounts, and authors without. */
export function teamOf(workspace: string): { people: string[]; guests: string[] } {
  if (workspace === 'acme') return { people: ['alice', 'bob', 'carol'], guests: ['grace'] };
  if (workspace === 'northwind') return { people: ['carol', 'alice'], guests: ['grace'] };
  if (workspace === SCALE_WORKSPACE) return { people: ['carol', 'alice'], guests: [] };
  return { people: [workspace], guests: [] };
}

const SETUP: Record<string, string> = {
  TypeScript: 'npm ci\nnpm test',
  JavaScript: 'npm ci\nnpm test',
  Python: 'python -m venv .venv && . .venv/bin/activate\npip install -e .\npytest',
  Go: 'go test ./...',
  Java: './gradlew test',
  Kotlin: './gradlew test',
  Scala: 'sbt test',
  Swift: 'swift test',
  Rust: 'cargo test',
  Ruby: 'bundle install\nbundle exec rspec',
  'C++': 'cmake -S . -B build && cmake --build build',
  Shell: 'shellcheck scripts/*.sh',
  SQL: 'dbt build',
  HCL: 'terraform init\nterraform plan',
  Markdown: 'open docs/',
};

export function readmeFor(repo: SeedRepository, profile: LanguageProfile): string {
  const about = repo.description || `Sources of ${repo.name}.`;
  return [
    `# ${repo.name}`,
    '',
    about,
    '',
    '## Getting started',
    '',
    '```sh',
    SETUP[profile.label] ?? 'make',
    '```',
    '',
    '## Layout',
    '',
    `- \`${profile.sourceDir}/\` — ${profile.label} sources`,
    '- `CHANGELOG.md` — release notes',
    '',
    '## Contributing',
    '',
    `Open a pull request against \`${repo.mainbranch}\`; one approval is required to merge.`,
    '',
  ].join('\n');
}

function buildProjectContent(repo: SeedRepository, rich: boolean): RepositoryContent {
  const prng = createPrng(seedOf(`${repo.workspace}/${repo.slug}`));
  const profile = languageProfile(repo.language);
  const { people, guests } = teamOf(repo.workspace);
  const ordinaryCount = rich ? 48 : prng.int(2, 6);
  const features = rich ? 8 : 0;
  const expected = 1 + ordinaryCount + features * 4 + (rich ? 3 : 0);
  const clock = new CommitClock(
    prng,
    Date.parse(repo.createdOn),
    Date.parse(repo.updatedOn),
    expected,
  );
  const script = new HistoryScript(prng, profile, clock, repo.mainbranch, people, guests);
  const { builder, churn } = script;

  const initial: FileChange[] = [
    { path: 'README.md', content: readmeFor(repo, profile) },
    { path: 'CHANGELOG.md', content: '# Changelog\n' },
    ...Object.entries(profile.projectFiles(repo.slug)).map(([path, content]) => ({
      path,
      content,
    })),
  ];
  for (let i = 0; i < (rich ? 4 : 2); i += 1) {
    const { module, content } = churn.newModule();
    churn.adopt(module);
    initial.push({ path: module.path, content });
  }
  builder.commit(repo.mainbranch, {
    author: script.signature(people[0] as string),
    date: clock.next(),
    message: 'Initial commit',
    changes: initial,
  });

  const states = [
    'MERGED',
    'MERGED',
    'MERGED',
    'MERGED',
    'DECLINED',
    'MERGED',
    'OPEN',
    'OPEN',
  ] as const;
  let version = 0;
  for (let i = 0; i < ordinaryCount; i += 1) {
    script.ordinary();
    if (features > 0 && i % 6 === 5) {
      const n = Math.floor(i / 6);
      const state = states[n % states.length] ?? 'MERGED';
      script.feature({
        branch: `feature/${repo.slug.split('-')[0]}-${['retries', 'metrics', 'auth', 'limits', 'cache', 'tracing', 'pagination', 'config'][n % 8]}`,
        state,
        draft: state === 'OPEN' && n % 2 === 0,
      });
    }
    if (rich && i % 16 === 15) {
      version += 1;
      script.release(`v0.${version}.0`);
    }
  }
  if (rich && repo.mainbranch !== 'develop') {
    builder.createBranch('develop', repo.mainbranch);
    script.commit('develop', churn.randomStep('develop'));
  }
  return builder.build(repo.mainbranch);
}
