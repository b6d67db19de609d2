; archmem text masks for Rust: string contents and comments, blanked before names are read from code.
; Whole literals, so that prefixes (b"", r#""#, br"") do not read as names; lifetimes ('a) are not names.
(string_literal) @mask
(raw_string_literal) @mask
(char_literal) @mask
(lifetime) @mask
(line_comment) @mask
(block_comment) @mask
