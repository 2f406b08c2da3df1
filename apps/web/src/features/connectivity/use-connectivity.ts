// Reads the app's view of Bitbucket's health (lib/connectivity) from React, re-rendering when it changes.
import { useSyncExternalStore } from 'react';
import { connectivity } from '@/lib/connectivity';
import type { ConnectivityState } from '@/lib/connectivity';

export function useConnectivity(): ConnectivityState {
  return useSyncExternalStore(connectivity.subscribe, connectivity.getState);
}
