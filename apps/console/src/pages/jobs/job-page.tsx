import { PageHeader } from '../../components/page-header';

export function JobPage() {
  return <PageHeader title="Job" />;
}
