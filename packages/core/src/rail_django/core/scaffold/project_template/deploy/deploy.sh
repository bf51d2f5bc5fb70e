#!/usr/bin/env sh
# Build and start {{ project_name }}, then run the migrations and collectstatic.
#   deploy/deploy.sh                 from the project folder
#   deploy/deploy.sh --refresh-deps  also rebuild the base dependencies (or DEPLOY_REFRESH_DEPS=1)
set -eu
cd "$(dirname "$0")/.."
COMPOSE="docker-compose --env-file .env -f deploy/docker/docker-compose.yml"

refresh="${DEPLOY_REFRESH_DEPS:-0}"
for arg in "$@"; do
    case "$arg" in
        --refresh-deps) refresh=1 ;;
        *) echo "unknown option: $arg (use --refresh-deps)" >&2; exit 2 ;;
    esac
done
if [ "$refresh" != "0" ]; then
    # A new build argument value invalidates the cached dependency layers.
    DEPLOY_REFRESH_DEPS=$(date +%s)
else
    DEPLOY_REFRESH_DEPS=0
fi
# Always fetch Rail Django again from Git.
RAIL_DJANGO_REFRESH=$(date +%s)
export DEPLOY_REFRESH_DEPS RAIL_DJANGO_REFRESH

$COMPOSE up -d --build
$COMPOSE exec -T web python manage.py migrate --no-input
$COMPOSE exec -T web python manage.py collectstatic --no-input
$COMPOSE ps
