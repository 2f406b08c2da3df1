// Makes sure Debian's redis-server is there for the Redis store tests; as root on Debian, installs it when missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Never skips anything: without redis-server the Redis tests fail and say how to install it.
 * @returns {boolean} whether redis-server can be run
 */
export function ensureRedis() {
  if (hasRedisServer()) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    console.error(
      'redis-server is missing, so the Redis store tests will fail: install it (Debian/Ubuntu: `sudo apt-get install redis-server`).',
    );
    return false;
  }
  console.log('Installing Debian’s redis-server for the session store tests…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  spawnSync('apt-get', ['install', '-y', '-qq', 'redis-server'], { stdio: 'inherit', env });
  return hasRedisServer();
}

function hasRedisServer() {
  const found = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return found.error === undefined && found.status === 0;
}
