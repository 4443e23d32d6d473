# LabLink's session wrapper: the command of a Kubernetes machine's "session" container (see the
# agent's PodSession for the hand-over files). It waits for the agent to hand over a session, runs
# it in the work dir and waits again when it ends, so the container never exits (no restart back-off).
d="${LABLINK_SESSION_DIR:-/lablink/session}"
if [ -n "${LABLINK_WORK_DIR:-}" ]; then cd "$LABLINK_WORK_DIR" || exit 1; fi
child=
trap 'if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null; fi; exit 143' TERM INT
rm -f "$d/pid"
while :; do
  echo "$$" > "$d/waiting.tmp" && mv -f "$d/waiting.tmp" "$d/waiting"
  while [ ! -f "$d/argv" ]; do sleep 1; done
  rm -f "$d/waiting"
  mv -f "$d/argv" "$d/argv.run"
  if [ -f "$d/env" ]; then mv -f "$d/env" "$d/env.run"; else : > "$d/env.run"; fi
  ( . "$d/env.run"; . "$d/argv.run"; rm -f "$d/env.run" "$d/argv.run"; exec "$@" ) &
  child=$!
  echo "$child" > "$d/pid.tmp" && mv -f "$d/pid.tmp" "$d/pid"
  wait "$child"
  status=$?
  echo "$child $status" > "$d/exit.tmp" && mv -f "$d/exit.tmp" "$d/exit"
  child=
done
