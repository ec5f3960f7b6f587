/** BullMQ queue carrying job specs from the control plane to GPU workers. */
export const TRAINING_QUEUE = 'alloy-training';
/** BullMQ queue carrying dataset ingestion work. */
export const INGESTION_QUEUE = 'alloy-ingestion';
