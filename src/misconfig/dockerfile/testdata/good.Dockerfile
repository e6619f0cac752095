# syntax=docker/dockerfile:1.7
# A Dockerfile that follows every rule: it must give no finding.
ARG GO_IMAGE=golang:1.22.5-bookworm@sha256:2c7a1a79fe4d1e0bd5f5ba5f1c7b2a53f5d0e2f9f6d8c8e9ab2f3a1b4c5d6e7f

FROM ${GO_IMAGE} AS build
WORKDIR /src
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
COPY go.mod go.sum ./
RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app

FROM debian:12.6-slim@sha256:5f7d5664eae4a192c2d2d6cb67fc3f3c7891a8722cd2903cc35aa649a12b0c8d
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/app /usr/local/bin/app
ADD vendor/rootfs-extra.tar.gz /
ENV APP_PASSWORD_FILE=/run/secrets/app_password
EXPOSE 8080
USER 10001:10001
HEALTHCHECK --interval=30s CMD ["/usr/local/bin/app", "health"]
ENTRYPOINT ["/usr/local/bin/app"]
