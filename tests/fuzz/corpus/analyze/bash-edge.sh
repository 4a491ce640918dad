#!/usr/bin/env bash
set -euo pipefail

quoted() {
  echo "count: $(ls | wc -l), ok: $( [ -d x ] && echo y || echo n )"
  echo 'single $(not code) && not an operator'
  echo "${VAR:-default}" "${#arr[@]}"
}

arith() {
  local n=$(( $1 > 0 ? $1 : -$1 ))
  (( n > 10 && n < 20 )) && echo teen
  echo $n
}

heredoc() {
  cat <<EOF && echo done
text with $(date) inside
if this were code it would count
EOF
}

pipes() {
  ls -1 | grep -v '^#' | sort -u
  ! grep -q x file
  { a; b; } > out 2>&1
}

exits() {
  [ -n "$1" ] || return 1
  [ -f "$1" ] || exit 3
  echo "return is a word here"
  local exit=1
  return
}
