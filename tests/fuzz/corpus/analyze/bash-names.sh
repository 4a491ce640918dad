#!/bin/sh
# Function forms and names.
plain() {
  echo plain
}

function keyword {
  echo keyword
}

function both() {
  echo both
}

outer() {
  inner() {
    return 0
  }
  inner
}

in_subshell() (
  cd /tmp || exit 1
  pwd
)

fact() {
  if [ "$1" -le 1 ]; then
    echo 1
    return
  fi
  echo $(( $1 * $(fact $(( $1 - 1 ))) ))
}

my::ns.helper() { :; }
