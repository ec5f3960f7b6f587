import { Route, Routes } from 'react-router';
import { PageHeader } from '../components/page-header';
import { DatasetPage } from '../pages/datasets/dataset-page';
import { DatasetsPage } from '../pages/datasets/datasets-page';
import { DeploymentPage } from '../pages/deployments/deployment-page';
import { DeploymentsPage } from '../pages/deployments/deployments-page';
import { EvaluationPage } from '../pages/evaluation/evaluation-page';
import { JobPage } from '../pages/jobs/job-page';
import { JobWizardPage } from '../pages/jobs/job-wizard-page';
import { JobsPage } from '../pages/jobs/jobs-page';
import { ModelPage } from '../pages/models/model-page';
import { ModelsPage } from '../pages/models/models-page';
import { OverviewPage } from '../pages/overview/overview-page';
import { PlaygroundPage } from '../pages/playground/playground-page';
import { SettingsPage } from '../pages/settings/settings-page';
import { WorkersPage } from '../pages/workers/workers-page';

/** Every page of the console, under /console. */
export function ConsoleRoutes() {
  return (
    <Routes>
      <Route path="/" element={<OverviewPage />} />
      <Route path="/models" element={<ModelsPage />} />
      <Route path="/models/:name" element={<ModelPage />} />
      <Route path="/datasets" element={<DatasetsPage />} />
      <Route path="/datasets/:name" element={<DatasetPage />} />
      <Route path="/jobs" element={<JobsPage />} />
      <Route path="/jobs/new" element={<JobWizardPage />} />
      <Route path="/jobs/:id" element={<JobPage />} />
      <Route path="/workers" element={<WorkersPage />} />
      <Route path="/deployments" element={<DeploymentsPage />} />
      <Route path="/deployments/:name" element={<DeploymentPage />} />
      <Route path="/playground" element={<PlaygroundPage />} />
      <Route path="/evaluation" element={<EvaluationPage />} />
      <Route path="/settings/*" element={<SettingsPage />} />
      <Route path="*" element={<PageHeader title="Not found" description="No page here." />} />
    </Routes>
  );
}
