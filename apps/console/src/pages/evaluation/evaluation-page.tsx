import { PageHeader } from '../../components/page-header';

export function EvaluationPage() {
  return <PageHeader title="Evaluation" />;
}
