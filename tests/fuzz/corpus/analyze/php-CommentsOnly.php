<?php
// only comments
# hash comment
/*
 * block
 */

/** doc */
