// The MSW server every web test runs against (started in setup.ts).
import { setupServer } from 'msw/node';
import { handlers } from './handlers';

export const server = setupServer(...handlers);
