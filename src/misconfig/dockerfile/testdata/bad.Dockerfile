FROM ubuntu
LABEL maintainer="ops@example.com"
ENV DB_PASSWORD=hunter2 \
    APP_ENV=production
ARG NPM_TOKEN
RUN apt-get update && \
    apt-get install -y curl build-essential sudo
RUN curl -fsSL https://example.com/install.sh | bash
ADD https://example.com/tool.tar.gz /opt/
ADD app.py /app/
EXPOSE 80 22
RUN sudo chown -R root /app
CMD ["python3", "/app/app.py"]
