// The Bitbucket Cloud emulator's public API: createEmulator, the seeded consumers, users and Basic
// credentials (API tokens, app passwords), the fault settings, and their types.
export { createEmulator, DEFAULT_CALLBACK_URL, DEFAULT_ORIGIN } from './emulator';
export type { Emulator, EmulatorOptions } from './emulator';
export type {
  ApiTokenRequest,
  CreatedApiToken,
  EmulatorControls,
} from './controls/emulator-controls';
export type { RecordedRequest } from './controls/request-log';
export { FaultSettingsError, parseFaultSettings } from './faults/fault-settings';
export type {
  FaultKind,
  FaultRule,
  FaultSettings,
  FaultStatus,
  FaultTarget,
  FaultsInForce,
  RateLimitSettings,
} from './faults/fault-settings';
export { RATE_LIMITED } from './faults/inject-faults';
export { serveEmulator } from './serve-emulator';
export type { EmulatorServer } from './serve-emulator';
export type { BasicCredentialVerifier, BasicVerification } from './auth/authenticate';
export { DEV_CONSUMER, NO_CALLBACK_CONSUMER, PUBLIC_CONSUMER } from './seed/consumers';
export { SEED_USERS } from './seed/users';
export { READ_SCOPES, SEED_API_TOKENS, SEED_APP_PASSWORDS } from './auth/basic-credentials';
export type { AppPasswordMode, SeedApiToken } from './auth/basic-credentials';
