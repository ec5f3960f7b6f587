/** BullMQ queue carrying dataset ingestion work inside the control plane. */
export const INGESTION_QUEUE = 'alloy-ingestion';
