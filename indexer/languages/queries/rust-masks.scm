; archmem text masks for Rust: string contents and comments, blanked before names are read from code.
(string_content) @mask
(char_literal) @mask
(line_comment) @mask
(block_comment) @mask
