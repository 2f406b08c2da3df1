// Starts Pail in the browser: one browser router, mounted once; the query client loads with the first route.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { createAppRouter } from '@/app/router';
import '@/styles/global.css';

const router = createAppRouter(
  async () => (await import('@/lib/query-client')).createQueryClient(),
  (routes) => createBrowserRouter(routes),
);

const container = document.getElementById('root');
if (!container) throw new Error('Pail needs an element with id "root" in index.html.');

createRoot(container).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);
