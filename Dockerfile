# CareLoop container image. NOT BUILT OR TESTED by the project's CI: the machines it is developed on
# have no container engine. Kept minimal on purpose; see docs/deploy.md, "Container image".
#
#   docker build -t careloop .
#   docker run -p 3000:3000 -v careloop-data:/var/lib/careloop careloop

# --- build: all dependencies, to build the web console (vite is a dev dependency) ---
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build:web

# --- runtime: production dependencies only, non-root ---
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    CARELOOP_DATA_DIR=/var/lib/careloop
WORKDIR /opt/careloop
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would rebuild the web console, which needs the dev dependencies.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY bin ./bin
COPY src ./src
COPY --from=build /app/web/dist ./web/dist
RUN mkdir -p /var/lib/careloop && chown node:node /var/lib/careloop
USER node
VOLUME /var/lib/careloop
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "bin/careloop.js", "serve"]
