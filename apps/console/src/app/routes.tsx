import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { PageHeader } from '../components/page-header';

// Each page is its own chunk: the first load brings the shell and the page asked for, not all of them.
const DatasetPage = lazy(() =>
  import('../pages/datasets/dataset-page').then((m) => ({ default: m.DatasetPage })),
);
const DatasetsPage = lazy(() =>
  import('../pages/datasets/datasets-page').then((m) => ({ default: m.DatasetsPage })),
);
const DeploymentPage = lazy(() =>
  import('../pages/deployments/deployment-page').then((m) => ({ default: m.DeploymentPage })),
);
const DeploymentsPage = lazy(() =>
  import('../pages/deployments/deployments-page').then((m) => ({ default: m.DeploymentsPage })),
);
const EvaluationPage = lazy(() =>
  import('../pages/evaluation/evaluation-page').then((m) => ({ default: m.EvaluationPage })),
);
const JobPage = lazy(() => import('../pages/jobs/job-page').then((m) => ({ default: m.JobPage })));
const JobWizardPage = lazy(() =>
  import('../pages/jobs/job-wizard-page').then((m) => ({ default: m.JobWizardPage })),
);
const JobsPage = lazy(() =>
  import('../pages/jobs/jobs-page').then((m) => ({ default: m.JobsPage })),
);
const ModelPage = lazy(() =>
  import('../pages/models/model-page').then((m) => ({ default: m.ModelPage })),
);
const ModelsPage = lazy(() =>
  import('../pages/models/models-page').then((m) => ({ default: m.ModelsPage })),
);
const OverviewPage = lazy(() =>
  import('../pages/overview/overview-page').then((m) => ({ default: m.OverviewPage })),
);
const PlaygroundPage = lazy(() =>
  import('../pages/playground/playground-page').then((m) => ({ default: m.PlaygroundPage })),
);
const SettingsPage = lazy(() =>
  import('../pages/settings/settings-page').then((m) => ({ default: m.SettingsPage })),
);
const WorkersPage = lazy(() =>
  import('../pages/workers/workers-page').then((m) => ({ default: m.WorkersPage })),
);

/** Every page of the console, under /console. */
export function ConsoleRoutes() {
  return (
    <Suspense
      fallback={
        <Center py="xl">
          <Loader size="sm" />
        </Center>
      }
    >
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
    </Suspense>
  );
}
