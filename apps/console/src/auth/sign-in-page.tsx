import { Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { ErrorState } from '../components/page-state';
import { useSubmit } from '../components/use-submit';
import { useSession } from './session-provider';

/** Sign-in with the platform's accounts (users made by an organisation's admin). */
export function SignInPage() {
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useSubmit();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      await signIn(email, password);
    });
  };
  return (
    <Center mih="100vh">
      <Paper withBorder p="xl" w={360} component="form" onSubmit={(e) => void submit(e)}>
        <Stack>
          <Title order={3}>Alloy</Title>
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          {error ? <ErrorState error={error} /> : null}
          <Button type="submit" loading={busy}>
            Sign in
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
