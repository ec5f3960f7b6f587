#!/bin/sh
# Stands in for the trainer in the dispatch benchmark: reports `started` with its own clock, then
# ends at once (a non-retryable failure, so the job is not tried again).
now=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
printf '{"type":"started","time":"%s"}\n' "$now"
printf '{"type":"failed","time":"%s","reason":"dispatch benchmark trainer","retryable":false}\n' "$now"
# A process that exits within a millisecond is not what a worker meets; stay up briefly.
sleep 0.2
exit 2
