; archmem text masks for C: string contents and comments, blanked before names are read from code.
(string_content) @mask
(char_literal) @mask
(system_lib_string) @mask
(comment) @mask
