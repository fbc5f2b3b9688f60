# One image for every role (bot, worker, or all): Debian-based Node 20 with the
# system Chromium that whatsapp-web.js drives through puppeteer.
FROM node:20-bookworm-slim

RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-noto-color-emoji ca-certificates tini \
 && rm -rf /var/lib/apt/lists/*

ENV NODE_ENV=production \
    PUPPETEER_SKIP_DOWNLOAD=1 \
    WHATSAPP_CHROMIUM_PATH=/usr/bin/chromium \
    DATA_DIR=/data

WORKDIR /app
COPY package.json package-lock.json .puppeteerrc.cjs ./
# tsx and typescript are dev dependencies but the image runs the TypeScript sources
# through tsx, so install everything.
RUN npm ci --no-audit --no-fund
COPY . .

RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["npm", "start"]
