export * from './types';
export { definePlugin } from './define-plugin';
export { ResponseSegmenter, segmentText } from './segmenter';
