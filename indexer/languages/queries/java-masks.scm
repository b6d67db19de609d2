; archmem text masks for Java: string contents and comments, blanked before names are read from code.
(string_fragment) @mask
(multiline_string_fragment) @mask
(character_literal) @mask
(line_comment) @mask
(block_comment) @mask
