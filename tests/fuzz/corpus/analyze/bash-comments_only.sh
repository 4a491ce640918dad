#!/bin/sh
# only comments

  # indented
#
