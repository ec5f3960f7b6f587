# syntax=docker/dockerfile:1
# GPU worker image. Stage 1 installs the Node dependencies once; the runtime stage is PyTorch with
# CUDA (the trainer's engine) plus Node 20 (the worker). On a host without GPUs it runs as a
# CPU-only worker; nvidia-smi comes from the NVIDIA container runtime when GPUs are given to it.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json .npmrc ./
COPY apps/gpu-worker/package.json apps/gpu-worker/
COPY libs/ libs/
RUN find libs -mindepth 2 -not -name package.json -not -type d -delete \
 && npm ci --ignore-scripts --workspaces --include-workspace-root --no-audit --no-fund

FROM node:20-bookworm-slim AS node

FROM pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    TRAINER_PYTHON=/opt/conda/bin/python \
    WORK_DIR=/var/lib/alloy/work \
    PYTHONUNBUFFERED=1
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=deps /app/node_modules node_modules
COPY package.json tsconfig.base.json ./
COPY tools/register.cjs tools/
# libs/ also holds the job spec schema the trainer validates against.
COPY libs/ libs/
COPY apps/gpu-worker/ apps/gpu-worker/
# uid 1000, as the control plane image's user: both write the shared artifacts volume.
RUN useradd --create-home --uid 1000 alloy \
 && mkdir -p /var/lib/alloy/work /var/lib/alloy/artifacts \
 && chown alloy /var/lib/alloy/work /var/lib/alloy/artifacts
USER alloy
CMD ["node", "-r", "./tools/register.cjs", "apps/gpu-worker/src/main.ts"]
