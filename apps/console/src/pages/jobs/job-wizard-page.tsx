import { Alert, Button, Card, Group, Stack, Stepper } from '@mantine/core';
import { useNavigate } from 'react-router';
import { useSession } from '../../auth/session-provider';
import { PageHeader } from '../../components/page-header';
import { ErrorState } from '../../components/page-state';
import { WizardDatasetsStep } from './wizard/wizard-datasets-step';
import { WizardDomainStep } from './wizard/wizard-domain-step';
import { WizardHyperparametersStep } from './wizard/wizard-hyperparameters-step';
import { WizardModelStep } from './wizard/wizard-model-step';
import { WizardReviewStep } from './wizard/wizard-review-step';
import { STEPS, useJobWizard } from './wizard/wizard-state';
import { WizardTrainingStep } from './wizard/wizard-training-step';

/**
 * A training job in steps: domain, model (or a new one) and base version, datasets, kind and
 * method, hyperparameters, then a review that creates it and opens its page.
 */
export function JobWizardPage() {
  const { can } = useSession();
  const navigate = useNavigate();
  const w = useJobWizard((job) => void navigate(`/jobs/${job.id}`));

  if (!can('jobs', 'write')) {
    return (
      <>
        <PageHeader title="New job" />
        <Alert color="gray">Your role may look at jobs but not create them.</Alert>
      </>
    );
  }

  return (
    <>
      <PageHeader title="New job" description="Teach a domain model from ready dataset versions." />
      <Card withBorder padding="md">
        <Stepper active={w.active} onStepClick={(s) => s < w.active && w.setActive(s)} size="sm">
          <Stepper.Step label={STEPS[0]}>
            <WizardDomainStep
              domains={w.domains}
              domain={w.domain}
              onChange={w.chooseDomain}
              error={w.errors.domain}
            />
          </Stepper.Step>

          <Stepper.Step label={STEPS[1]}>
            <WizardModelStep
              models={w.models}
              baseModels={w.baseModels}
              modelVersions={w.modelVersions}
              mayCreateModel={can('models', 'write')}
              model={w.model}
              onModelChange={w.chooseModel}
              creatingModel={w.creatingModel}
              newModel={w.newModel}
              setNewModel={w.setNewModel}
              baseVersionId={w.baseVersionId}
              onBaseVersionChange={w.setBaseVersionId}
              errors={w.errors}
            />
          </Stepper.Step>

          <Stepper.Step label={STEPS[2]}>
            <WizardDatasetsStep
              datasets={w.datasets}
              datasetIds={w.datasetIds}
              onChange={w.chooseDatasets}
              error={w.errors.datasetVersionIds}
            />
          </Stepper.Step>

          <Stepper.Step label={STEPS[3]}>
            <WizardTrainingStep
              kind={w.kind}
              method={w.method}
              onChange={w.setTrainingKind}
              errors={w.errors}
            />
          </Stepper.Step>

          <Stepper.Step label={STEPS[4]}>
            <WizardHyperparametersStep
              method={w.method}
              inputs={w.inputs}
              onInput={w.setInput}
              precision={w.precision}
              onPrecisionChange={w.setPrecision}
              gpus={w.gpus}
              onGpusChange={w.setGpus}
              errors={w.errors}
            />
          </Stepper.Step>

          <Stepper.Completed>
            <WizardReviewStep
              domain={w.domain}
              model={w.model}
              creatingModel={w.creatingModel}
              newModel={w.newModel}
              baseVersionId={w.baseVersionId}
              modelVersions={w.modelVersions.data?.items}
              chosen={w.chosen}
              kind={w.kind}
              method={w.method}
              inputs={w.inputs}
              precision={w.precision}
              gpus={w.gpus}
            />
          </Stepper.Completed>
        </Stepper>

        {w.failure ? (
          <Stack mt="sm">
            <ErrorState error={w.failure} />
          </Stack>
        ) : null}

        <Group justify="space-between" mt="lg">
          <Button
            variant="default"
            onClick={() => w.setActive(w.active - 1)}
            disabled={w.active === 0}
          >
            Back
          </Button>
          {w.active < STEPS.length - 1 ? (
            <Button onClick={w.next}>Next</Button>
          ) : (
            <Button onClick={() => void w.create()} loading={w.creating}>
              Create job
            </Button>
          )}
        </Group>
      </Card>
    </>
  );
}
