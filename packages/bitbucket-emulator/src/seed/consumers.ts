// The seeded OAuth consumers: a private one for development, a public one, and one without a callback.
import type { SeedConsumer } from './model';

/** The private development consumer (client_credentials allowed); scopes account, email, repository, pullrequest. */
export const DEV_CONSUMER = { key: 'pail-dev', secret: 'pail-dev-secret' } as const;

/** A consumer that is not marked private: `client_credentials` is refused. Scopes account, repository. */
export const PUBLIC_CONSUMER = { key: 'pail-public', secret: 'pail-public-secret' } as const;

/** A consumer with no callback URL: the authorize endpoint refuses it. */
export const NO_CALLBACK_CONSUMER = {
  key: 'pail-nocallback',
  secret: 'pail-nocallback-secret',
} as const;

export function buildConsumers(callbackUrl: string): SeedConsumer[] {
  return [
    {
      ...DEV_CONSUMER,
      name: 'Pail',
      description: 'Pail, a fast web UI for browsing Bitbucket repositories (development).',
      callbackUrl,
      isPrivate: true,
      scopes: ['account', 'email', 'repository', 'pullrequest'],
      workspace: 'acme',
      appUser: {
        uuid: '{a99e0c1d-2b3a-4c5d-8e6f-7a8b9c0d1e05}',
        accountId: '712020:a99e0c1d-2b3a-4c5d-8e6f-7a8b9c0d1e05',
        displayName: 'Pail',
      },
    },
    {
      ...PUBLIC_CONSUMER,
      name: 'Pail Public',
      description: 'A public (installable) consumer: its credentials may ship with an app.',
      callbackUrl,
      isPrivate: false,
      scopes: ['account', 'repository'],
      workspace: 'acme',
      appUser: {
        uuid: '{a99e0c1d-2b3a-4c5d-8e6f-7a8b9c0d1e06}',
        accountId: '712020:a99e0c1d-2b3a-4c5d-8e6f-7a8b9c0d1e06',
        displayName: 'Pail Public',
      },
    },
    {
      ...NO_CALLBACK_CONSUMER,
      name: 'Pail Misconfigured',
      description: 'A consumer whose callback URL was never filled in.',
      callbackUrl: null,
      isPrivate: true,
      scopes: ['account'],
      workspace: 'acme',
      appUser: {
        uuid: '{a99e0c1d-2b3a-4c5d-8e6f-7a8b9c0d1e07}',
        accountId: '712020:a99e0c1d-2b3a-4c5d-8e6f-7a8b9c0d1e07',
        displayName: 'Pail Misconfigured',
      },
    },
  ];
}
