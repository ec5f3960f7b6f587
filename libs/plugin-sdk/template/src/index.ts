// eslint-disable-next-line @nx/enforce-module-boundaries -- in Alloy's repository the template sits inside the SDK's project; alloy-plugin init drops this line
import { definePlugin } from '@alloy/plugin-sdk';

interface ExampleConfig {
  disclaimer: string;
}

/** Adds a closing line to every answer, once, after the model has finished. */
export default definePlugin<ExampleConfig>({
  manifest: {
    id: 'example-plugin',
    version: '0.1.0',
    sdk: '^1.0.0',
    displayName: 'Example plugin',
    description: 'Appends a configurable disclaimer to every answer.',
    domains: [],
    config: {
      type: 'object',
      additionalProperties: false,
      properties: {
        disclaimer: { type: 'string', minLength: 1, default: 'Answers may be wrong; check them.' },
      },
    },
    // A missing disclaimer is not worth refusing an answer for.
    failurePolicy: { 'inference.response': 'open' },
  },
  hooks: {
    'inference.response': (response, ctx) => {
      // Streams end with a final call; appending there keeps the line out of the middle of a sentence.
      if (!response.final) return;
      const separator = response.sentSoFar + response.text === '' ? '' : '\n\n';
      return { text: `${response.text}${separator}${ctx.config.disclaimer}` };
    },
  },
});
