import { PageHeader } from '../../components/page-header';

export function WorkersPage() {
  return <PageHeader title="Workers" />;
}
