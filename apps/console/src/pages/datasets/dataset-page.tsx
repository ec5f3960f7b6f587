import { PageHeader } from '../../components/page-header';

export function DatasetPage() {
  return <PageHeader title="Dataset" />;
}
