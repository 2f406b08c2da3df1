// /account
import { AccountPage } from '@/features/auth/components/account-page';

export function AccountRoute() {
  return <AccountPage />;
}
