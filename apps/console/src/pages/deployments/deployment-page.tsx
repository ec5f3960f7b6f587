import { PageHeader } from '../../components/page-header';

export function DeploymentPage() {
  return <PageHeader title="Deployment" />;
}
