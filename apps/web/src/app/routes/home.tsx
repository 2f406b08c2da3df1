// / : the signed-in home, the user's workspaces.
import { WorkspacesPage } from '@/features/workspaces/components/workspaces-page';

export function HomeRoute() {
  return <WorkspacesPage />;
}
