# syntax=docker/dockerfile:1
# Model server image. Stage 1 installs dependencies once; stage 2 carries only what runs.
# onnxruntime-node ships its CPU binaries inside the package; its install script (which would
# download CUDA files) is skipped. A GPU image adds the CUDA provider libraries on top.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json .npmrc ./
COPY apps/model-server/package.json apps/model-server/
COPY libs/ libs/
RUN find libs -mindepth 2 -not -name package.json -not -type d -delete \
 && npm ci --ignore-scripts --workspaces --include-workspace-root --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
COPY --from=deps /app/node_modules node_modules
COPY package.json tsconfig.base.json ./
COPY tools/register.cjs tools/
COPY libs/ libs/
COPY apps/model-server/ apps/model-server/
USER node
# The apps listen on loopback unless told otherwise; a container is reached through its network
# interface, so the image opens it on purpose (the app logs a warning saying so).
ENV HOST=0.0.0.0
EXPOSE 8080 50061
CMD ["node", "-r", "./tools/register.cjs", "apps/model-server/src/main.ts"]
