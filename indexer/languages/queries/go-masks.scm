; archmem text masks for Go: string contents and comments, blanked before names are read from code.
(interpreted_string_literal_content) @mask
(raw_string_literal_content) @mask
(rune_literal) @mask
(comment) @mask
