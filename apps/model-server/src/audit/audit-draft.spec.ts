import type { Principal } from '@alloy/identity';
import { describe, expect, it } from 'vitest';
import { AuditDraft, type InferenceAuditRecord } from './audit-draft';

describe('AuditDraft', () => {
  it('keeps U+0000 of a model name or prompt as U+FFFD, which PostgreSQL can store', () => {
    const rows: InferenceAuditRecord[] = [];
    const draft = new AuditDraft('rest', (r) => rows.push(r));
    draft.caller = { organizationId: 'org', credentialId: 'key' } as Principal;
    draft.asked({ model: 'fin\u0000advisor' });
    draft.asks({ prompt: 'a\u0000b\u0000' });
    draft.close(404);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ model: 'fin\uFFFDadvisor', prompt: 'a\uFFFDb\uFFFD' });
  });
});
