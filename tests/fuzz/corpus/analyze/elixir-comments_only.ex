# a comment

# another
