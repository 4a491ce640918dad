	# Only comments in this file.
#
#   an indented comment line

    # a comment after a blank line
