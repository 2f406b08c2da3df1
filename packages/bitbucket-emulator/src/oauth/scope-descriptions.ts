// How the consent page words each classic scope, as Bitbucket's permission checkboxes do.

const WORDS: Record<string, string> = {
  account: 'Read your account information',
  'account:write': 'Change your account settings',
  email: 'Read your email addresses',
  repository: 'Read your repositories',
  'repository:write': 'Read and write to your repositories',
  'repository:admin': 'Administer your repositories',
  'repository:delete': 'Delete your repositories',
  pullrequest: 'Read your repositories and their pull requests',
  'pullrequest:write': 'Read and modify your repositories and their pull requests',
  project: 'Read your projects',
  'project:admin': 'Administer your projects',
  issue: 'Read and modify your repositories’ issues',
  'issue:write': 'Read, modify and transition your repositories’ issues',
  snippet: 'Read your snippets',
  'snippet:write': 'Read and modify your snippets',
  webhook: 'Read and modify your repositories’ webhooks',
  wiki: 'Read and write to your repositories’ wikis',
  pipeline: 'Read your pipelines',
  'pipeline:write': 'Read and run your pipelines',
  'pipeline:variable': 'Read and modify your pipeline variables',
  runner: 'Read your runners',
  'runner:write': 'Read and modify your runners',
};

export function describeScope(scope: string): string {
  return WORDS[scope] ?? `Use the “${scope}” permission`;
}
