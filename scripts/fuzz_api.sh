#!/usr/bin/env bash
# Fuzz the JSON API with schemathesis against its own OpenAPI document (docs/security.md).
# A throwaway SQLite database under var/fuzz/ with the small seeded country, a server on
# FUZZ_PORT, a ministry administrator's session (every operation reachable), then
# schemathesis with FUZZ_EXAMPLES cases per operation. Exit status: schemathesis's.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT=${FUZZ_PORT:-8765}
EXAMPLES=${FUZZ_EXAMPLES:-10}
DIR=var/fuzz
rm -rf "$DIR" && mkdir -p "$DIR"
export DATABASE_URL="sqlite:///$PWD/$DIR/fuzz.sqlite3" QADAM_VAR_DIR="$PWD/$DIR"
export DJANGO_SETTINGS_MODULE=qadam.settings.local DJANGO_DEBUG=false
$BIN/qadam migrate --noinput -v0
$BIN/qadam seed --profile small --seed 42 >/dev/null
# the ministry's session and a CSRF token, as a signed-in browser would send them
read -r SESSION CSRF < <($BIN/qadam shell --no-imports -c "
from django.contrib.sessions.backends.db import SessionStore
from django.middleware.csrf import _get_new_csrf_string
from qadam.accounts.models import User
user = User.objects.get(username='ministry')
session = SessionStore()
session.update({'_auth_user_id': str(user.pk), '_auth_user_backend': 'django.contrib.auth.backends.ModelBackend', '_auth_user_hash': user.get_session_auth_hash()})
session.set_expiry(3600)
session.create()
print(session.session_key, _get_new_csrf_string())" | tail -n 1)
$BIN/qadam runserver "127.0.0.1:$PORT" --noreload >"$DIR/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/api/openapi.json" >/dev/null && break; sleep 0.2; done
$BIN/schemathesis run "http://127.0.0.1:$PORT/api/openapi.json" \
  --max-examples "$EXAMPLES" --seed 42 --workers 1 \
  --checks not_a_server_error,status_code_conformance,response_schema_conformance \
  -H "Cookie: sessionid=$SESSION; csrftoken=$CSRF" -H "X-CSRFToken: $CSRF" \
  -H "Referer: http://127.0.0.1:$PORT/" \
  --report junit --report-dir "$DIR"
