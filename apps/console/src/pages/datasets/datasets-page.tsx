import { PageHeader } from '../../components/page-header';

export function DatasetsPage() {
  return <PageHeader title="Datasets" />;
}
