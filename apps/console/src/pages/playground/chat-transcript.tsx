import { Alert, Badge, Box, Group, Loader, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { IconPuzzle } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { ErrorState } from '../../components/page-state';
import type { ChatTurn } from './use-chat-session';

function Timing({ turn }: { turn: ChatTurn }) {
  if (turn.firstTokenMs === undefined) return null;
  const generating = (turn.totalMs ?? 0) - turn.firstTokenMs;
  const rate = turn.chunks && generating > 0 ? (turn.chunks / generating) * 1000 : null;
  return (
    <Text size="xs" c="dimmed">
      first token {Math.round(turn.firstTokenMs)} ms
      {turn.totalMs !== undefined && turn.chunks ? ` · ${turn.chunks} chunks` : ''}
      {turn.totalMs !== undefined && rate ? `, ${rate.toFixed(1)}/s` : ''}
    </Text>
  );
}

/** A conversation as it streams, newest at the bottom, following the text as it grows. */
export function ChatTranscript({ turns, height }: { turns: ChatTurn[]; height: number | string }) {
  const viewport = useRef<HTMLDivElement>(null);
  const last = turns.at(-1);
  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
  }, [turns.length, last?.content]);

  return (
    <ScrollArea h={height} viewportRef={viewport} type="auto" offsetScrollbars>
      {turns.length === 0 ? (
        <Text c="dimmed" size="sm" ta="center" mt="xl">
          Ask something to start the conversation.
        </Text>
      ) : (
        <Stack gap="sm" pr="xs" aria-live="polite">
          {turns.map((turn, i) => (
            <Box
              key={i}
              style={{ alignSelf: turn.role === 'user' ? 'flex-end' : 'stretch' }}
              maw={turn.role === 'user' ? '85%' : undefined}
            >
              <Paper
                p="xs"
                radius="md"
                withBorder={turn.role === 'assistant'}
                bg={turn.role === 'user' ? 'var(--mantine-primary-color-light)' : undefined}
                data-testid={`turn-${turn.role}`}
              >
                <Text
                  component="div"
                  size="sm"
                  style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
                >
                  {turn.content}
                  {turn.streaming ? (
                    <Loader size={10} type="dots" ml={4} aria-label="generating" />
                  ) : null}
                </Text>
                {turn.error ? <ErrorState error={turn.error} /> : null}
              </Paper>
              {turn.role === 'assistant' ? (
                <Group gap="xs" mt={2}>
                  {turn.answeredBy ? (
                    <Badge size="xs" variant="outline" title="the version that answered">
                      {turn.answeredBy}
                    </Badge>
                  ) : null}
                  {turn.stopped ? (
                    <Badge size="xs" color="orange" variant="light">
                      stopped
                    </Badge>
                  ) : null}
                  {turn.finishReason === 'length' ? (
                    <Badge size="xs" color="yellow" variant="light" title="max tokens reached">
                      cut at max tokens
                    </Badge>
                  ) : null}
                  <Timing turn={turn} />
                </Group>
              ) : null}
              {turn.annotations?.length ? (
                <Alert
                  mt={4}
                  p={6}
                  variant="light"
                  color="grape"
                  icon={<IconPuzzle size={14} />}
                  title={
                    <Text size="xs" fw={600}>
                      Plugin notes
                    </Text>
                  }
                >
                  {turn.annotations.map((a, k) => (
                    <Text key={k} size="xs">
                      {a}
                    </Text>
                  ))}
                </Alert>
              ) : null}
            </Box>
          ))}
        </Stack>
      )}
    </ScrollArea>
  );
}
