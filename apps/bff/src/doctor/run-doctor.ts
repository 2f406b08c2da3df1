// Runs every doctor check in order against one environment and returns what each found.
import type { Config } from '../env';
import {
  checkApi,
  checkClientCredentials,
  checkConfiguration,
  checkRedirectUri,
  checkSessionKeys,
  checkSessionStore,
  checkTokenEndpoint,
  checkTransport,
  type CheckDeps,
} from './checks';
import type { CheckResult } from './report';

export interface DoctorRun {
  config: Config | undefined;
  results: CheckResult[];
}

/**
 * The configuration first: when it does not parse, nothing else can be checked honestly. The network
 * checks follow the order of a sign-in (token endpoint, client credentials, API, redirect URI), then the
 * local ones (https, session keys, session store).
 */
export async function runDoctor(
  env: Record<string, string | undefined>,
  deps: CheckDeps,
): Promise<DoctorRun> {
  const configuration = checkConfiguration(env);
  const { config } = configuration;
  if (config === undefined) return { config, results: [configuration.result] };

  const results: CheckResult[] = [configuration.result];
  const token = await checkTokenEndpoint(config, deps);
  results.push(token.result);
  let accessToken: string | undefined;
  if (token.reachable) {
    const credentials = await checkClientCredentials(config, deps);
    results.push(...credentials.results);
    accessToken = credentials.accessToken;
  } else {
    results.push({
      status: 'skip',
      summary: 'client credentials: not checked, as the token endpoint did not answer usefully',
    });
  }
  // One unreachable host is one problem: the checks of other endpoints on it are skipped, not repeated.
  const silent = (url: string, summary: string): CheckResult | undefined =>
    token.silentOrigin === new URL(url).origin
      ? {
          status: 'skip',
          summary: `${summary}: not checked, as ${token.silentOrigin} did not answer`,
        }
      : undefined;
  results.push(
    silent(config.bitbucket.apiOrigin, `API ${config.bitbucket.apiOrigin}/2.0/user`) ??
      (await checkApi(config, deps, accessToken)),
  );
  results.push(
    silent(config.bitbucket.authorizeUrl, `redirect URI ${config.redirectUri}`) ??
      (await checkRedirectUri(config, deps)),
  );
  results.push(checkTransport(config));
  results.push(await checkSessionKeys(config));
  results.push(await checkSessionStore(config, deps));
  return { config, results };
}
