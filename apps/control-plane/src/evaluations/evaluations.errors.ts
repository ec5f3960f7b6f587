export enum EvaluationErrorCode {
  /** Moving a gated alias (production) to a version whose promotion gate fails. */
  PROMOTION_GATE_FAILED = 'PROMOTION_GATE_FAILED',
  /** An override of a promotion gate by someone who is not an admin. */
  GATE_OVERRIDE_FORBIDDEN = 'GATE_OVERRIDE_FORBIDDEN',
}
