import { PageHeader } from '../../components/page-header';

export function JobWizardPage() {
  return <PageHeader title="New job" />;
}
