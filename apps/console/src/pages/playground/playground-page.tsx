import type { Deployment } from '@alloy/sdk/types';
import {
  Autocomplete,
  Button,
  Card,
  Grid,
  Group,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
} from '@mantine/core';
import { IconPlayerStop, IconSend, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { type KeyboardEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { authHeaders, request } from '../../api/api-client';
import { useSession } from '../../auth/session-provider';
import { PageHeader } from '../../components/page-header';
import { ErrorState, PageState } from '../../components/page-state';
import { ChatTranscript } from './chat-transcript';
import { SamplingControls } from './sampling-controls';
import { type Sampling, useChatSession } from './use-chat-session';

interface ConsoleConfig {
  inferenceUrl: string;
}

/** The ids the model server lists for this session (`/v1/models`), or none if it cannot be asked. */
function useServedIds(inferenceUrl: string | undefined) {
  return useQuery({
    queryKey: ['inference', inferenceUrl, 'models'],
    enabled: !!inferenceUrl,
    retry: false,
    queryFn: async () => {
      const response = await fetch(`${inferenceUrl!.replace(/\/$/, '')}/v1/models`, {
        headers: authHeaders(),
      });
      if (!response.ok) return [];
      const body = (await response.json()) as { data?: { id: string }[] };
      return (body.data ?? []).map((m) => m.id);
    },
  });
}

function targetOptions(deployments: Deployment[], served: string[]) {
  const models = [...new Set(deployments.map((d) => d.model))].sort();
  const versions = [
    ...new Set(deployments.flatMap((d) => d.traffic.map((t) => `${d.model}@${t.version}`))),
  ].sort();
  const listed = new Set([...models, ...versions]);
  const others = served.filter((id) => !listed.has(id)).sort();
  return [
    { group: 'Deployed models (routed by their split)', items: models },
    { group: 'Pinned versions', items: versions },
    ...(others.length ? [{ group: 'Also served', items: others }] : []),
  ].filter((g) => g.items.length > 0);
}

const DEFAULT_SAMPLING: Sampling = { temperature: 0.7, topP: 0.95, maxTokens: 256, seed: null };

/**
 * Chat with a deployed model, streamed from the model server, with sampling controls; compare
 * mode sends the same prompt to two targets at once and shows the answers side by side.
 */
export function PlaygroundPage() {
  const { can } = useSession();
  const [params] = useSearchParams();
  const config = useQuery({
    queryKey: ['console-config'],
    queryFn: () => request<ConsoleConfig>('GET', '/console/config.json'),
    staleTime: Infinity,
  });
  const inferenceUrl = config.data?.inferenceUrl;
  const deployments = useQuery({
    queryKey: ['deployments'],
    queryFn: () => request<{ items: Deployment[] }>('GET', '/api/v1/deployments'),
  });
  const served = useServedIds(inferenceUrl);
  const options = targetOptions(deployments.data?.items ?? [], served.data ?? []);
  const firstOption = options[0]?.items[0] ?? '';

  const [targetA, setTargetA] = useState<string | null>(params.get('target'));
  const [targetB, setTargetB] = useState<string | null>(null);
  const [compare, setCompare] = useState(false);
  const [sampling, setSampling] = useState<Sampling>(DEFAULT_SAMPLING);
  const [system, setSystem] = useState('');
  const [prompt, setPrompt] = useState('');
  const a = useChatSession();
  const b = useChatSession();

  const chosenA = targetA ?? firstOption;
  const chosenB = targetB ?? options.flatMap((g) => g.items).find((t) => t !== chosenA) ?? '';
  const streaming = a.streaming || (compare && b.streaming);
  const ready = !!inferenceUrl && !!chosenA && (!compare || !!chosenB);

  if (!can('inference', 'invoke')) {
    return (
      <>
        <PageHeader title="Playground" />
        <Text c="dimmed">Your role may not call models.</Text>
      </>
    );
  }

  const send = () => {
    const text = prompt.trim();
    if (!text || streaming || !ready) return;
    setPrompt('');
    const common = { inferenceUrl, prompt: text, system, sampling };
    void a.send({ ...common, target: chosenA, history: a.turns });
    if (compare) void b.send({ ...common, target: chosenB, history: b.turns });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends, Shift+Enter starts a new line, as chat tools do.
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  };
  const targetHelp = 'model: routed by its deployment · model@3: one version · model:alias';

  return (
    <>
      <PageHeader
        title="Playground"
        description="Talk to deployed models through the model server's OpenAI-compatible API, with your session."
        actions={
          <Switch
            label="Compare two targets"
            checked={compare}
            onChange={(e) => setCompare(e.currentTarget.checked)}
            disabled={streaming}
          />
        }
      />
      <PageState loading={config.isPending} error={null}>
        {config.error ? (
          <ErrorState
            error={
              new Error(
                `The model server's address could not be read from /console/config.json: ${config.error instanceof Error ? config.error.message : String(config.error)}`,
              )
            }
          />
        ) : null}
        {deployments.error ? <ErrorState error={deployments.error} /> : null}
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 4, xl: 3 }}>
            <Card withBorder padding="sm">
              <Stack gap="sm">
                <Autocomplete
                  label={compare ? 'Target A' : 'Target'}
                  description={targetHelp}
                  data={options}
                  value={chosenA}
                  onChange={setTargetA}
                  placeholder={
                    deployments.isPending ? 'loading…' : 'model, model@version or model:alias'
                  }
                  disabled={streaming}
                />
                {compare ? (
                  <Autocomplete
                    label="Target B"
                    data={options}
                    value={chosenB}
                    onChange={setTargetB}
                    disabled={streaming}
                  />
                ) : null}
                {!deployments.isPending && options.length === 0 ? (
                  <Text size="xs" c="dimmed">
                    Nothing is deployed yet; deploy a ready version to try it here.
                  </Text>
                ) : null}
                <Textarea
                  label="System prompt"
                  autosize
                  minRows={2}
                  maxRows={6}
                  value={system}
                  onChange={(e) => setSystem(e.currentTarget.value)}
                />
                <SamplingControls value={sampling} onChange={setSampling} />
              </Stack>
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8, xl: 9 }}>
            <Card withBorder padding="sm">
              <SimpleGrid cols={{ base: 1, lg: compare ? 2 : 1 }} spacing="md">
                <Stack gap={4}>
                  {compare ? (
                    <Text size="xs" fw={600} c="dimmed">
                      A · {chosenA}
                    </Text>
                  ) : null}
                  <ChatTranscript turns={a.turns} height="calc(100vh - 330px)" />
                </Stack>
                {compare ? (
                  <Stack gap={4}>
                    <Text size="xs" fw={600} c="dimmed">
                      B · {chosenB}
                    </Text>
                    <ChatTranscript turns={b.turns} height="calc(100vh - 330px)" />
                  </Stack>
                ) : null}
              </SimpleGrid>
              <Group align="flex-end" mt="sm" wrap="nowrap">
                <Textarea
                  aria-label="Message"
                  placeholder={
                    ready
                      ? 'Message (Enter to send, Shift+Enter for a new line)'
                      : 'Choose a target first'
                  }
                  autosize
                  minRows={1}
                  maxRows={8}
                  style={{ flex: 1 }}
                  value={prompt}
                  onChange={(e) => setPrompt(e.currentTarget.value)}
                  onKeyDown={onKeyDown}
                />
                {streaming ? (
                  <Button
                    color="red"
                    variant="light"
                    leftSection={<IconPlayerStop size={16} />}
                    onClick={() => {
                      a.stop();
                      b.stop();
                    }}
                  >
                    Stop
                  </Button>
                ) : (
                  <Button
                    leftSection={<IconSend size={16} />}
                    onClick={send}
                    disabled={!ready || !prompt.trim()}
                  >
                    Send
                  </Button>
                )}
                <Button
                  variant="default"
                  leftSection={<IconTrash size={16} />}
                  onClick={() => {
                    a.clear();
                    b.clear();
                  }}
                  disabled={a.turns.length === 0 && b.turns.length === 0}
                >
                  Clear
                </Button>
              </Group>
            </Card>
          </Grid.Col>
        </Grid>
      </PageState>
    </>
  );
}
