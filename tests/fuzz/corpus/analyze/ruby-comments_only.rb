# frozen_string_literal: true
# A file with comments only.

=begin
Documentation
block.
=end
# the end
