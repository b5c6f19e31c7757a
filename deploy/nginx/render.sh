#!/bin/sh
# Renders the CryptoFlow nginx cache tier from cryptoflow-cache.conf.template (beside this script).
#
#   deploy/nginx/render.sh > /etc/nginx/conf.d/cryptoflow.conf       http-level snippet (Debian layout)
#   deploy/nginx/render.sh --standalone DIR                          DIR/nginx.conf, a complete config
#       whose pid, logs, temp files and cache live under DIR (tests, bench): nginx -c DIR/nginx.conf
#
# Settings (environment):
#   CRYPTOFLOW_API_UPSTREAM      host:port of the API          (default 127.0.0.1:3000; compose: api:3000)
#   CRYPTOFLOW_CACHE_LISTEN      nginx listen address          (default 8080)
#   CRYPTOFLOW_CACHE_DIR         proxy_cache_path              (default /var/cache/nginx/cryptoflow)
#   CRYPTOFLOW_CACHE_ACCESS_LOG  access log with cache status  (default /var/log/nginx/cryptoflow-access.log)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
standalone=""
if [ "${1:-}" = "--standalone" ]; then
  standalone=${2:?--standalone needs a directory}
  mkdir -p "$standalone/cache" "$standalone/tmp" "$standalone/logs"
  standalone=$(cd "$standalone" && pwd)
  : "${CRYPTOFLOW_CACHE_DIR:=$standalone/cache}"
  : "${CRYPTOFLOW_CACHE_ACCESS_LOG:=$standalone/logs/access.log}"
fi
upstream=${CRYPTOFLOW_API_UPSTREAM:-127.0.0.1:3000}
listen=${CRYPTOFLOW_CACHE_LISTEN:-8080}
cache_dir=${CRYPTOFLOW_CACHE_DIR:-/var/cache/nginx/cryptoflow}
access_log=${CRYPTOFLOW_CACHE_ACCESS_LOG:-/var/log/nginx/cryptoflow-access.log}
for v in "$upstream" "$listen" "$cache_dir" "$access_log"; do
  case "$v" in
    *[!A-Za-z0-9._:/\[\]-]*) echo "render.sh: unsafe value '$v'" >&2; exit 2 ;;
  esac
done

snippet() {
  sed -e "s#\${CRYPTOFLOW_API_UPSTREAM}#$upstream#g" \
      -e "s#\${CRYPTOFLOW_CACHE_LISTEN}#$listen#g" \
      -e "s#\${CRYPTOFLOW_CACHE_DIR}#$cache_dir#g" \
      -e "s#\${CRYPTOFLOW_CACHE_ACCESS_LOG}#$access_log#g" \
      "$here/cryptoflow-cache.conf.template"
}

if [ -z "$standalone" ]; then
  snippet
  exit 0
fi
snippet > "$standalone/cryptoflow-cache.conf"
{
  # root would hand the workers to nobody, who cannot write DIR; as root, keep them root here
  if [ "$(id -u)" = 0 ]; then echo "user root;"; fi
  cat <<CONF
worker_processes 1;
pid $standalone/nginx.pid;
error_log $standalone/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $standalone/tmp/body;
    proxy_temp_path $standalone/tmp/proxy;
    fastcgi_temp_path $standalone/tmp/fastcgi;
    uwsgi_temp_path $standalone/tmp/uwsgi;
    scgi_temp_path $standalone/tmp/scgi;
    default_type application/octet-stream;
    include $standalone/cryptoflow-cache.conf;
}
CONF
} > "$standalone/nginx.conf"
echo "$standalone/nginx.conf"
