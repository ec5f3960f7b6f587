import { definePlugin } from '@alloy/plugin-sdk';

// A typical request rule: scan the prompt for banned phrases, refuse or let it pass.
const BANNED = ['insider tip', 'guaranteed return', 'front-run'];

export default definePlugin({
  manifest: { id: 'bench.request-rule', version: '1.0.0', sdk: '^1.0.0', domains: [] },
  hooks: {
    'inference.request': (request) => {
      const text = (request.prompt ?? '').toLowerCase();
      const hit = BANNED.find((phrase) => text.includes(phrase));
      return hit === undefined ? undefined : { refuse: `mentions "${hit}"` };
    },
  },
});
