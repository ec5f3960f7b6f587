# syntax=docker/dockerfile:1
# Control plane image. Stage 1 installs dependencies once; stage 2 builds the console; stage 3
# carries only what runs.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json .npmrc ./
COPY apps/control-plane/package.json apps/control-plane/
COPY libs/ libs/
RUN find libs -mindepth 2 -not -name package.json -not -type d -delete \
 && npm ci --ignore-scripts --workspaces --include-workspace-root --no-audit --no-fund

# The console: a static build the control plane serves at /console.
FROM deps AS console
COPY tsconfig.base.json ./
COPY libs/ libs/
COPY apps/console/ apps/console/
RUN node node_modules/vite/bin/vite.js build apps/console

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
COPY --from=deps /app/node_modules node_modules
COPY package.json tsconfig.base.json ./
COPY tools/register.cjs tools/
COPY libs/ libs/
COPY apps/control-plane/ apps/control-plane/
COPY --from=console /app/apps/console/dist apps/console/dist
ENV CONSOLE_DIR=/app/apps/console/dist
USER node
# The apps listen on loopback unless told otherwise; a container is reached through its network
# interface, so the image opens it on purpose (the app logs a warning saying so).
ENV HOST=0.0.0.0
EXPOSE 3000 50051
CMD ["node", "-r", "./tools/register.cjs", "apps/control-plane/src/main.ts"]
