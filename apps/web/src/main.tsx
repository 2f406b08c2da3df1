// Starts Pail in the browser: one query client, one browser router, mounted once.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { AppProvider } from '@/app/provider';
import { createAppRouter } from '@/app/router';
import { createQueryClient } from '@/lib/query-client';
import '@/styles/global.css';

const queryClient = createQueryClient();
const router = createAppRouter(queryClient, (routes) => createBrowserRouter(routes));

const container = document.getElementById('root');
if (!container) throw new Error('Pail needs an element with id "root" in index.html.');

createRoot(container).render(
  <StrictMode>
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>
  </StrictMode>,
);
