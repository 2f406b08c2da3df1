// The BFF as a library: `createApp` and the types an entrypoint needs to build its deps.
export { createApp } from './app';
export type { AppDeps, BffEnv } from './context';
export { parseConfig, loadConfig } from './env';
export type { Config, BitbucketConfig, SessionConfig, ParseConfigResult } from './env';
export type { SessionStore } from './session/session-store';
export { createMemoryStore } from './session/memory-store';
export type { MemorySessionStore, MemoryStoreOptions } from './session/memory-store';
export type { Logger, LogProps } from './logger';
export { createLogtapeLogger } from './logger';
