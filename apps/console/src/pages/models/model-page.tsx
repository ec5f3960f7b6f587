import { PageHeader } from '../../components/page-header';

export function ModelPage() {
  return <PageHeader title="Model" />;
}
