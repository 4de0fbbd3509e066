# Production image of the service: the CLI runs workers, the API, or both.
# Stage 1 compiles the TypeScript, so the service (and each extraction worker thread) runs plain
# JavaScript instead of loading the tsx compiler: a fresh checkout runs from source, an image
# from dist/ (bin/vanthu.mjs picks dist/ when it is there).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY workers ./workers
COPY scripts ./scripts
# Compiles, then copies the console's templates and static files beside the compiled code.
RUN npm run build

FROM node:20-bookworm-slim
# OCR of scanned documents (docs/extraction.md): poppler rasterises an image-only PDF's pages,
# tesseract reads them with the Vietnamese model; util-linux gives setpriv/prlimit (limits on them).
RUN apt-get update \
 && apt-get install -y --no-install-recommends poppler-utils tesseract-ocr tesseract-ocr-vie util-linux \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY config ./config
COPY --from=build /app/dist ./dist
ENV NODE_ENV=production
USER node
ENTRYPOINT ["node", "bin/vanthu.mjs"]
CMD ["run"]
