good() {
  [ -n "$1" ] && echo yes
}

bad() {
  if [ -n "$1" ]; then
    echo unterminated
}
