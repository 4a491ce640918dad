#!/bin/bash
# Control flow in functions.

classify() {
  if [ "$1" -lt 0 ]; then
    echo negative
  elif [ "$1" -eq 0 ]; then
    echo zero
  elif [ "$1" -lt 10 ]; then
    echo small
  else
    echo large
  fi
}

loops() {
  local i
  for i in "$@"; do
    echo "$i"
  done
  for ((i = 0; i < 3; i++)); do
    while read -r line; do
      echo "$line"
    done < "$i"
  done
  until [ -z "$1" ]; do
    shift
  done
  select opt in a b; do
    break
  done
}

logic() {
  a && b
  a && b || c
  a || b && c || d
  if [[ -n $x && ( -z $y || -f $z ) ]]; then
    :
  fi
  [ -f x -a -d y ] && echo both
}

deep() {
  for f in *; do
    if [ -d "$f" ]; then
      while true; do
        if [ -e "$f/stop" ]; then
          break 2
        fi
      done
    fi
  done
}
