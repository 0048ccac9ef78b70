# The Seller Back Office team server (README: "Team mode — the server").
#   docker build -t seller-back-office-server .
#   docker run --init -p 8787:8787 -e SBO_TEAM_DATABASE_URL=postgres://sbo@db/sbo \
#     -v sbo-state:/var/lib/seller-back-office --mount type=bind,src=$PWD/secrets,dst=/run/secrets,ro \
#     seller-back-office-server
# Store credentials: files in /run/secrets named <storeId>.lwa-client-id, <storeId>.lwa-client-secret,
# <storeId>.refresh-token, readable by the container's user (uid 1000) only (chmod 600).
FROM node:22-bookworm-slim

# postgresql-client: pg_dump, for the backup the server takes before it migrates the database.
# tini: PID 1 that passes SIGTERM to the whole process group (npm → tsx → node), so the server
# stops cleanly. python3/make/g++: native modules of the app's dependencies if no prebuilt binary fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates postgresql-client tini python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY package.json package-lock.json ./
# The desktop's Electron binary is not needed by the server.
ENV ELECTRON_SKIP_BINARY_DOWNLOAD=1
RUN npm ci --no-audit --no-fund && npm cache clean --force
COPY . .

RUN mkdir -p /var/lib/seller-back-office/backups && chown -R node:node /var/lib/seller-back-office
USER node
ENV SBO_TEAM_BACKUP_DIR=/var/lib/seller-back-office/backups \
    NPM_CONFIG_UPDATE_NOTIFIER=false
VOLUME /var/lib/seller-back-office
EXPOSE 8787
ENTRYPOINT ["/usr/bin/tini", "-g", "--"]
CMD ["npm", "run", "server", "--", "--host", "0.0.0.0", "--port", "8787"]
