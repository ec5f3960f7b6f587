import { FakeProblem } from './fake-session.testing';

/** The failing checks a 409 PROMOTION_GATE_FAILED carries, for specs of production moves. */
export const GATE_FAILURES = [
  {
    field: 'forgetting',
    message: "general-text perplexity 41.2 is 37% above v1's 30.1 (at most 10% allowed)",
    value: 41.2,
    threshold: 33.11,
  },
  {
    field: 'safety',
    message: 'safety pass rate 0.6 (at least 0.8 required)',
    value: 0.6,
    threshold: 0.8,
  },
];

export const gateRefused = () =>
  new FakeProblem(
    409,
    'PROMOTION_GATE_FAILED',
    'version 2 of "fin" fails the finance promotion gate for "production"',
    GATE_FAILURES,
  );
