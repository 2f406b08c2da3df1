// The BFF configured against the emulator as a real deployment would be, revocation endpoint included.
import { EMULATOR_ORIGIN, TOKEN_PATH, type HarnessOptions } from './bff-harness';

export const REVOCATION_PATH = '/site/oauth2/revoke';

export const WITH_REVOCATION: HarnessOptions = {
  env: {
    BITBUCKET_CLIENT_ID: 'pail-dev',
    BITBUCKET_CLIENT_SECRET: 'pail-dev-secret',
    BITBUCKET_AUTHORIZE_URL: `${EMULATOR_ORIGIN}/site/oauth2/authorize`,
    BITBUCKET_TOKEN_URL: `${EMULATOR_ORIGIN}${TOKEN_PATH}`,
    BITBUCKET_API_URL: EMULATOR_ORIGIN,
    BITBUCKET_REVOCATION_URL: `${EMULATOR_ORIGIN}${REVOCATION_PATH}`,
  },
  emulator: { revocationEndpoint: true },
};
