# Container image of jti-session-service.
#
#   docker build -t jti-session-service:0.1.0 .
#   docker run --rm -p 8913:8913 jti-session-service:0.1.0
#
# Stages: deps (all dependencies) -> build (dist/) -> prod-deps (runtime
# dependencies only) -> runtime (node + dist/ + production node_modules).

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------- deps
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# swagger-ui-dist pulls in an install-time usage reporter; keep it quiet.
ENV SCARF_ANALYTICS=false \
    npm_config_fund=false \
    npm_config_audit=false \
    npm_config_update_notifier=false
COPY package.json package-lock.json ./
RUN npm ci

# --------------------------------------------------------------- build
FROM deps AS build
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
RUN npm run build

# ----------------------------------------------------------- prod-deps
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
ENV SCARF_ANALYTICS=false \
    npm_config_fund=false \
    npm_config_audit=false \
    npm_config_update_notifier=false
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

# ------------------------------------------------------------- runtime
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8913 \
    LOG_FORMAT=json
WORKDIR /app

# Application files stay owned by root and read-only for the service user;
# only logs/ (JSONL conversation logs when USE_MONGO_LOGS=false) is writable.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
RUN mkdir -p /app/logs && chown 1000:1000 /app/logs

# uid/gid 1000 is the "node" user of the official Node.js images; numeric so
# that Kubernetes can verify runAsNonRoot.
USER 1000:1000

EXPOSE 8913

# Liveness only: /health/live answers without touching MongoDB or Redis.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const r=require('http').get({host:'127.0.0.1',port:Number(process.env.PORT)||8913,path:'/health/live',timeout:2000},(s)=>{s.resume();process.exit(s.statusCode===200?0:1)});r.on('timeout',()=>r.destroy(new Error('timeout')));r.on('error',()=>process.exit(1));"]

CMD ["node", "dist/main.js"]
