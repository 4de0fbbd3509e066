# Production image of the service: the CLI runs workers, the API, or both.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY src ./src
COPY config ./config
COPY workers ./workers
ENV NODE_ENV=production
USER node
ENTRYPOINT ["node", "bin/vanthu.mjs"]
CMD ["run"]
