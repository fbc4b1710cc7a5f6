# syntax=docker/dockerfile:1

# Build a static binary: pure Go (modernc.org/sqlite needs no cgo).
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# The build context has no .git, so go build cannot stamp the commit:
# docker build --build-arg COMMIT=$(git rev-parse HEAD) .
ARG COMMIT=unknown
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -X main.stampedCommit=${COMMIT}" -o /out/partnerbot ./cmd/partnerbot \
 && mkdir -p /out/data

# A small final image with CA certificates, running as a non-root user.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/partnerbot /partnerbot
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
ENV PARTNERBOT_DATA_DIR=/data \
    PARTNERBOT_HTTP_ADDR=:8080 \
    PARTNERBOT_LOG_FORMAT=json
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["/partnerbot", "health"]
ENTRYPOINT ["/partnerbot"]
CMD ["serve"]
