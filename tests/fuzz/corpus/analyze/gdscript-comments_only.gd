# Only comments here.
# Another one.

## Doc comment
